"""`dossier report` and `dossier check --strict` as a user runs them, and the report on the demo archive."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

from generator.readiness import build_report
from generator.readiness.text import render_text
from generator.validate import load_archive

CONTRACT_KEYS = [
    "as_of",
    "indicators",
    "points",
    "rectifications",
    "window_violations",
    "duplicates",
    "units",
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

Run = Callable[..., object]


def report_json(dossier: Callable[..., object], data: Path, *args: str) -> dict[str, object]:
    result = dossier("report", "--data", str(data), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    parsed: dict[str, object] = json.loads(result.stdout)  # type: ignore[attr-defined]
    return parsed


def test_json_contract_shape(dossier: Callable[..., object], readiness_data: Path) -> None:
    report = report_json(dossier, readiness_data)
    assert list(report)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert report["as_of"] == "2025-06-15"
    assert report["points"] == {"total": 100, "covered": 35, "thin": 35, "missing": 30}
    leaf = report["indicators"][0]  # type: ignore[index]
    assert {k: leaf[k] for k in ("id", "title", "score", "status", "records")} == {
        "id": "A.1.1",
        "title": "主次干道整洁",
        "score": 20,
        "status": "covered",
        "records": ["e-photo1", "m-1"],
    }
    assert report["rectifications"][0] == {  # type: ignore[index]
        "id": "r-1",
        "unit": "cgj",
        "status": "open",
        "deadline": "2025-03-31",
        "overdue": True,
        "days_overdue": 76,
        "title": "整改 cgj 2025-01-10",
        "found_on": "2025-01-10",
        "closed_on": None,
        "missing_closing_evidence": False,
    }
    assert report["window_violations"] == ["e-old", "m-late"]
    assert report["duplicates"] == [["e-doc1", "e-doc2"], ["e-photo1", "e-photo2"]]
    units = {
        u["id"]: (u["covered_points"], u["missing_points"], u["overdue"])  # type: ignore[index]
        for u in report["units"]
    }  # type: ignore[attr-defined]
    assert units == {"wmb": (15, 30, 0), "cgj": (20, 0, 1), "jyj": (0, 0, 0)}


@pytest.mark.parametrize(
    ("as_of", "points", "overdue", "duplicates"),
    [
        ("2025-03-01", {"total": 100, "covered": 20, "thin": 10, "missing": 70}, [], []),
        # the school's document (05-20) is not filed yet; r-2 is still open and late
        (
            "2025-05-10",
            {"total": 100, "covered": 35, "thin": 10, "missing": 55},
            ["r-1", "r-2"],
            [["e-photo1", "e-photo2"]],
        ),
        (
            "2025-07-31",
            {"total": 100, "covered": 60, "thin": 10, "missing": 30},
            ["r-1", "r-4"],
            [["e-doc1", "e-doc2"], ["e-photo1", "e-photo2"]],
        ),
    ],
)
def test_json_for_several_as_of_dates(
    *,
    dossier: Callable[..., object],
    readiness_data: Path,
    as_of: str,
    points: dict[str, int],
    overdue: list[str],
    duplicates: list[list[str]],
) -> None:
    report = report_json(dossier, readiness_data, "--as-of", as_of)
    assert report["as_of"] == as_of
    assert report["points"] == points
    assert [r["id"] for r in report["rectifications"] if r["overdue"]] == overdue  # type: ignore[attr-defined]
    assert report["duplicates"] == duplicates


def test_json_unit_filter_and_photo_tolerance(dossier: Callable[..., object], readiness_data: Path) -> None:
    report = report_json(dossier, readiness_data, "--unit", "jyj", "--photo-tolerance", "0")
    assert [i["id"] for i in report["indicators"]] == ["B.1"]  # type: ignore[attr-defined]
    assert report["points"] == {"total": 25, "covered": 0, "thin": 25, "missing": 0}
    assert [r["id"] for r in report["rectifications"]] == ["r-3"]  # type: ignore[attr-defined]
    all_units = report_json(dossier, readiness_data, "--photo-tolerance", "0")
    assert [p["record"] for p in all_units["photo_dates"]] == ["e-photo2", "e-photo3"]  # type: ignore[attr-defined]


def test_text_report_in_chinese_fits_80_columns(
    dossier: Callable[..., object], readiness_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DOSSIER_LANG")
    result = dossier("--lang", "zh", "report", "--data", str(readiness_data))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    assert "迎检准备报告" in out
    assert "共 100 分中，有 30 分的指标没有佐证材料" in out
    assert "r-1" in out and "76 天" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_text_report_in_english_and_in_colour(readiness_data: Path, dossier: Callable[..., object]) -> None:
    result = dossier("--lang", "en", "report", "--data", str(readiness_data))
    out = result.stdout  # type: ignore[attr-defined]
    assert "Indicators worth 30 of 100 points have no evidence" in out
    assert "\x1b[" not in out  # not a terminal: no escape codes
    archive, _ = load_archive(readiness_data)
    assert archive is not None
    coloured = render_text(build_report(archive), colour=True)
    assert "\x1b[" in coloured
    assert max(cell_len(ANSI.sub("", line)) for line in coloured.splitlines()) <= 80


def test_html_report_is_standalone(
    dossier: Callable[..., object], readiness_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    result = dossier("report", "--data", str(readiness_data), "--format", "html", "--out", str(out))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert str(out) in result.stderr  # type: ignore[attr-defined]
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing fetched from the network
    assert "<script" not in page
    assert page.count("<svg") == 2  # one progress chart per unit with self-scores (wmb, cgj)
    for expected in ("A.2.2", "e-old", "m-late", "e-photo2", "r-3", "Indicators worth 30 of 100 points"):
        assert expected in page


def test_xlsx_has_one_sheet_per_view(
    dossier: Callable[..., object], readiness_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.xlsx"
    result = dossier("report", "--data", str(readiness_data), "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    book = load_workbook(out)
    assert book.sheetnames == [
        "Summary",
        "Indicators",
        "Indicator groups",
        "Units",
        "Rectifications",
        "Outside window",
        "Photo dates",
        "Duplicates",
        "Self-assessment",
    ]
    indicators = list(book["Indicators"].iter_rows(values_only=True))
    assert [row[0] for row in indicators[1:]] == ["A.1.1", "A.1.2", "A.2.1", "A.2.2", "B.1", "B.2"]
    assert [row[3] for row in indicators[1:]] == ["covered", "thin", "covered", "missing", "thin", "missing"]
    ledger = list(book["Rectifications"].iter_rows(values_only=True))
    assert [(row[0], row[7]) for row in ledger[1:]] == [("r-1", 76), ("r-2", None), ("r-3", None)]


def test_default_output_file_for_html(
    dossier: Callable[..., object], readiness_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = dossier("report", "--data", str(readiness_data), "--format", "html", "--as-of", "2025-05-01")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert (tmp_path / "readiness-20250501.html").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "cgx"], "no unit with id 'cgx' in units.yml (did you mean 'cgj'?)"),
        (["--as-of", "2025-02-30"], "expected YYYY-MM-DD, got '2025-02-30'"),
        (["--format", "pdf"], "'pdf' is not one of"),
    ],
)
def test_usage_errors(
    dossier: Callable[..., object], readiness_data: Path, args: list[str], message: str
) -> None:
    result = dossier("report", "--data", str(readiness_data), *args)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert message in result.stderr  # type: ignore[attr-defined]


def test_check_strict_turns_readiness_problems_into_errors(
    dossier: Callable[..., object], readiness_data: Path
) -> None:
    assert dossier("check", "--data", str(readiness_data)).exit_code == 0  # type: ignore[attr-defined]
    result = dossier("check", "--data", str(readiness_data), "--strict")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    pattern = re.compile(r"^(.+):(\d+):(\d+): (error|warning): .* \[([a-z-]+)\]$")
    found = []
    for line in lines:
        match = pattern.match(line)
        assert match, line
        path, row, _col, severity, code = match.groups()
        found.append((Path(path).name, int(row), severity, code))
    errors = [f for f in found if f[2] == "error"]
    assert errors == [
        ("e-old.yml", 3, "error", "readiness-outside-window"),  # its date: line
        ("indicators.yml", 18, "error", "readiness-no-evidence"),  # A.2.2
        ("indicators.yml", 25, "error", "readiness-no-evidence"),  # B.2
        ("m-late.yml", 2, "error", "readiness-outside-window"),
        ("r-1.yml", 6, "error", "readiness-overdue"),  # its deadline: line
        ("r-3.yml", 8, "error", "readiness-no-closing-evidence"),  # its (empty) evidence: line
    ]
    warnings = {(f[0], f[3]) for f in found if f[2] == "warning"}
    assert warnings == {
        ("e-doc1.yml", "readiness-duplicate"),
        ("e-doc2.yml", "readiness-duplicate"),
        ("e-photo1.yml", "readiness-duplicate"),
        ("e-photo2.yml", "readiness-duplicate"),
        ("e-photo2.yml", "readiness-photo-date"),
        ("m-late.yml", "readiness-future"),
        ("r-4.yml", "readiness-future"),
        ("sp-2.yml", "readiness-future"),
    }
    assert "6 error(s), 8 warning(s)" in result.stdout  # type: ignore[attr-defined]


def test_check_strict_json(dossier: Callable[..., object], readiness_data: Path) -> None:
    result = dossier("check", "--data", str(readiness_data), "--strict", "--format", "json")
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert report["ok"] is False
    assert sum(1 for p in report["errors"] if p["severity"] == "error") == 6


# ------------------------------------------------------------------------------------------- demo archive
@pytest.fixture(scope="module")
def demo_report() -> dict[str, object]:
    from conftest import DEMO

    archive, problems = load_archive(DEMO)
    assert archive is not None, [p.format() for p in problems if p.severity == "error"][:5]
    return build_report(archive).as_json()


def test_demo_archive_has_each_kind_of_readiness_problem(demo_report: dict[str, object]) -> None:
    """The demo is built to show every category; its ids are not hard-coded here."""
    leaves = demo_report["indicators"]
    assert any(leaf["status"] == "missing" for leaf in leaves)  # type: ignore[attr-defined]
    assert demo_report["points"]["missing"] > 0  # type: ignore[index]
    assert any(r["overdue"] for r in demo_report["rectifications"])  # type: ignore[attr-defined]
    assert demo_report["window_violations"]
    assert demo_report["duplicates"]
    points = demo_report["points"]
    assert points["total"] == pytest.approx(  # type: ignore[index]
        points["covered"] + points["thin"] + points["missing"]
    )  # type: ignore[index]


def test_every_json_key_is_documented(readiness_archive: object) -> None:
    from conftest import REPO

    from generator.model import Archive

    assert isinstance(readiness_archive, Archive)
    doc = (REPO / "docs" / "report.md").read_text("utf-8")
    report = build_report(readiness_archive).as_json()
    undocumented = []
    for key, value in report.items():
        if f"`{key}`" not in doc:
            undocumented.append(key)
        items = value if isinstance(value, list) else []
        for sub in items[0] if items and isinstance(items[0], dict) else []:
            if f"`{key}[].{sub}`" not in doc and not re.search(rf"[{{, ]{sub}[,}}]", doc):
                undocumented.append(f"{key}[].{sub}")
    assert undocumented == []


def test_invalid_archive_names_the_problem_and_keeps_old_output(
    dossier: Callable[..., object], readiness_data: Path, tmp_path: Path
) -> None:
    import shutil

    data = Path(shutil.copytree(readiness_data, tmp_path / "data"))
    (data / "self_scores/wmb-2025-05.yml").write_text(
        "unit: wmb\nmonth: May\nindicator: A.2\nscore: 20\n", "utf-8"
    )
    out = tmp_path / "r.html"
    out.write_text("yesterday's report", "utf-8")
    result = dossier("report", "--data", str(data), "--format", "html", "--out", str(out))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "wmb-2025-05.yml:2:8: error: month: expected YYYY-MM, got 'May' [bad-month]" in result.stderr  # type: ignore[attr-defined]
    assert out.read_text("utf-8") == "yesterday's report"


def test_progress_chart_is_well_formed_svg(readiness_archive: object) -> None:
    import xml.etree.ElementTree as ET

    from generator.model import Archive
    from generator.readiness import progress_charts

    assert isinstance(readiness_archive, Archive)
    charts = progress_charts(build_report(readiness_archive))
    assert sorted(charts) == ["cgj", "wmb"]  # jyj has no self-scores: nothing to plot
    svg = ET.fromstring(charts["cgj"])
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert len(svg.findall("s:circle", ns)) == 2  # January and April
    assert svg.find("s:polyline[@class='plan']", ns) is not None
    assert "behind" not in svg.get("class", "")  # 100 % of target in April
    assert "behind" in ET.fromstring(charts["wmb"]).get("class", "")
