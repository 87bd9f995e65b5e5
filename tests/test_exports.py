"""The catalogue files: the fast writers give exactly the bytes of the plain library calls they replace."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile

import pytest
from conftest import write_archive
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from generator import exports
from generator.model import Archive
from generator.reproducible import fixed_zip
from generator.validate import require_archive

STAMP = dt.date(2025, 9, 15)
TEXTS = [
    "在推进会上的讲话",
    "a & b < c > d \"quoted\" 'single' ]]> \\ back",
    "emoji 😀 and \u3000full-width space inside",
    " leading space",
    "trailing full-width space\u3000",
    "line one\nline two\ttabbed",
    "\u2028 line separator, NEL \x85, DEL \x7f",
    "",
    "=",  # a lone "=" is text, not a formula
    "#hashtag",
    "=SUM(A1:A2)",  # text too: a string cell, never a formula (tests/test_formula_injection.py)
    "#N/A",  # … nor an error code
]


def _rows(texts: list[str]) -> list[dict[str, str]]:
    """One row per text, the text in every column (the id column keeps the row apart)."""
    return [{c: (f"r{i}" if c == "id" else text) for c in exports.COLUMNS} for i, text in enumerate(texts)]


def _by_openpyxl(rows: list[dict[str, str]], lang: str) -> bytes:
    """The workbook as openpyxl writes it cell by cell — what to_xlsx made before it wrote rows itself."""
    moment = dt.datetime.combine(STAMP, dt.time())
    return fixed_zip(exports._workbook(rows, lang, moment, "标题"), moment)


def _cells(data: bytes) -> list[list[object]]:
    book = load_workbook(io.BytesIO(data))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_has_the_bytes_openpyxl_writes(lang: str) -> None:
    rows = _rows(TEXTS)
    assert exports._sheet_rows(rows) is not None  # written by to_xlsx itself, not by openpyxl
    made = exports.to_xlsx(rows, lang, STAMP, "标题")
    assert made == _by_openpyxl(rows, lang)
    cells = _cells(made)
    assert cells[1:] == [
        [f"r{i}", *[text or None] * (len(exports.COLUMNS) - 1)] for i, text in enumerate(TEXTS)
    ]


def test_xlsx_of_no_rows_has_the_header_only() -> None:
    made = exports.to_xlsx([], "zh", STAMP, "标题")
    assert made == _by_openpyxl([], "zh")
    assert _cells(made)[0][:3] == ["编号", "类别", "题名"] and len(_cells(made)) == 1


@pytest.mark.parametrize("text", ["carriage\rreturn", "x" * 40000])
def test_xlsx_leaves_what_is_not_plain_text_to_openpyxl(text: str) -> None:
    """A carriage return or an over-long text: openpyxl writes every row itself, as it always has."""
    rows = _rows(["plain", text])
    assert exports._sheet_rows(rows) is None
    assert exports.to_xlsx(rows, "zh", STAMP, "标题") == _by_openpyxl(rows, "zh")


def test_xlsx_refuses_what_openpyxl_refuses() -> None:
    with pytest.raises(IllegalCharacterError):
        exports.to_xlsx(_rows(["bell \x07"]), "zh", STAMP, "标题")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = write_archive(tmp_path_factory.mktemp("exports") / "data")
    return require_archive(root)[0]


@pytest.mark.parametrize("texts", [[*TEXTS, "control \x01\x1f", 'json "\\u0000" \\ /'], []])
def test_json_has_the_bytes_of_json_dumps(archive: Archive, texts: list[str]) -> None:
    rows = _rows(texts)
    document = {
        "archive": archive.info.title,
        "fonds": archive.info.fonds.code,
        "columns": list(exports.COLUMNS),
        "records": rows,
    }
    expected = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    assert exports.to_json(rows, archive) == expected


# The catalogue of the small archive of tests/conftest.py, written out by hand from its YAML, in date order:
# what a reader of each file must find there.
HEADER = ["编号", "类别", "题名", "日期", "责任单位", "测评指标", "标签", "责任者", "文号", "公开范围", "保管期限",
          "附件", "来源文件", "网页"]  # fmt: skip
CATALOGUE = [
    ["m1", "meeting", "创文推进会", "2024-05-08", "wmb", "", "", "李某; 钱某", "", "internal", "Y", "",
     "meetings/m1.yml", ""],
    ["s1", "speech", "在推进会上的讲话", "2024-05-08", "", "A.1", "", "王某", "", "internal", "Y", "",
     "speeches/s1.yml", ""],
    ["e1", "evidence", "门前三包签约照片", "2024-05-09", "", "A.1", "", "", "", "internal", "Y", "files/photo.jpg",
     "evidence/e1.yml", ""],
    ["r1", "rectification", "幸福路占道经营", "2024-06-01", "cgj", "", "", "", "", "internal", "Y", "",
     "rectifications/r1.yml", ""],
]  # fmt: skip
KEYS = ["id", "kind", "title", "date", "units", "indicators", "tags", "people", "doc_number", "access",
        "retention", "files", "source", "page"]  # fmt: skip


def test_catalogue_files_of_a_real_archive_read_back(archive: Archive) -> None:
    """Each file, read back with its own reader (csv, json, openpyxl), holds the archive's records."""
    files = exports.catalogue_files(archive, "zh")
    text = files[exports.CSV_NAME].decode("utf-8")
    assert text.startswith("\ufeff")  # Excel opens UTF-8 by double-click only with the byte-order mark
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [HEADER, *CATALOGUE]
    document = json.loads(files[exports.JSON_NAME])
    assert (document["archive"], document["fonds"], document["columns"]) == (
        "测试市创建全国文明城市档案",
        "Z900",
        KEYS,
    )
    assert document["records"] == [dict(zip(KEYS, row, strict=True)) for row in CATALOGUE]
    assert _cells(files[exports.XLSX_NAME]) == [
        HEADER,
        *([value or None for value in row] for row in CATALOGUE),
    ]


def _dates_inside(data: bytes) -> tuple[set[tuple[int, ...]], set[bytes]]:
    """The zip entries' times and the created/modified dates of docProps/core.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        times = {info.date_time for info in book.infolist()}
        core = book.read("docProps/core.xml")
    return times, set(re.findall(rb"<dcterms:(?:created|modified)\b[^>]*>([^<]*)<", core))


def test_xlsx_is_dated_by_source_date_epoch_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows(TEXTS[:2])
    assert _dates_inside(exports.to_xlsx(rows, "zh", STAMP, "标题")) == (
        {(2025, 9, 15, 0, 0, 0)},
        {b"2025-09-15T00:00:00Z"},
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    assert _dates_inside(exports.to_xlsx(rows, "zh", STAMP, "标题")) == (
        {(2023, 11, 14, 22, 13, 20)},
        {b"2023-11-14T22:13:20Z"},
    )
