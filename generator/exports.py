"""The catalogue of records (目录) as CSV, JSON and XLSX, for the archives bureau and for spreadsheets.

One row per record, the same columns in every format. The caller passes an archive already filtered for its
audience, so an excluded record is not in any file. Output is deterministic: the same archive gives the same
bytes (the XLSX is dated by ``SOURCE_DATE_EPOCH`` when set, else by the archive's ``today``, never the clock).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import string
import zipfile
from collections.abc import Callable

from generator.i18n import MESSAGES
from generator.model import Archive
from generator.reproducible import fixed_moment, fixed_zip, source_date_epoch
from generator.schema import Record
from generator.spreadsheet import csv_bytes, text_cell, text_cells

COLUMNS = (
    "id",
    "kind",
    "title",
    "date",
    "units",
    "indicators",
    "tags",
    "people",
    "doc_number",
    "access",
    "retention",
    "files",
    "source",
    "page",
)
CSV_NAME = "catalogue.csv"
JSON_NAME = "catalogue.json"
XLSX_NAME = "catalogue.xlsx"


def _header(column: str, lang: str) -> str:
    entry = MESSAGES[f"export-col-{column}"]
    return entry.get(lang, entry["en"])


def catalogue_rows(archive: Archive, page_of: Callable[[Record], str] | None = None) -> list[dict[str, str]]:
    """One dict per record, in date order; list fields joined with '; '."""
    return [_row(archive, record, page_of) for record in archive.records]


def _row(archive: Archive, record: Record, page_of: Callable[[Record], str] | None) -> dict[str, str]:
    files = [f.path for f in record.__dict__.get("files", [])]  # not getattr: pydantic's is slow when missing
    return {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "date": record.date.isoformat(),
        "units": "; ".join(record.owning_units),
        "indicators": "; ".join(record.indicators),
        "tags": "; ".join(record.tags),
        "people": "; ".join(dict.fromkeys(name for _, name in record.people())),
        "doc_number": record.doc_number or "",
        "access": record.access,
        "retention": archive.retention_of(record),
        "files": "; ".join(files),
        "source": record.source_path,
        "page": page_of(record) if page_of else "",
    }


def to_csv(rows: list[dict[str, str]], lang: str) -> bytes:
    """UTF-8 with a byte-order mark, every field text that no spreadsheet runs (generator/spreadsheet.py)."""
    return csv_bytes([_header(c, lang) for c in COLUMNS], ([row[c] for c in COLUMNS] for row in rows))


def to_json(rows: list[dict[str, str]], archive: Archive) -> bytes:
    """The bytes of ``json.dumps(document, ensure_ascii=False, indent=1)``, each record encoded by the C
    encoder (with an indent, Python's json encodes in Python: docs/scaling.md), its line breaks and indents
    given as separators (a line break inside a text is escaped, so it cannot be mistaken for one)."""
    document = {
        "archive": archive.info.title,
        "fonds": archive.info.fonds.code,
        "columns": list(COLUMNS),
        "records": [],
    }
    head = json.dumps(document, ensure_ascii=False, indent=1).removesuffix("[]\n}")
    records = ",\n".join(f"  {{\n   {_ROW_ENCODER.encode(row)[1:-1]}\n  }}" for row in rows)
    body = f"[\n{records}\n ]" if rows else "[]"
    return f"{head}{body}\n}}\n".encode()


# A record's fields one per line, indented as ``indent=1`` indents them two levels down (see to_json).
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",\n   ", ": "))


def to_xlsx(rows: list[dict[str, str]], lang: str, stamp: dt.date, title: str) -> bytes:
    """Every value a text cell holding it exactly (generator/spreadsheet.py), never a formula."""
    moment = fixed_moment(stamp, source_date_epoch()).replace(tzinfo=None)
    cells = _sheet_rows(rows)
    if cells is None:  # a character openpyxl escapes or refuses, or a text too long: it writes every row
        return fixed_zip(_workbook(rows, lang, moment, title), moment)
    return fixed_zip(_with_rows(_workbook([], lang, moment, title), cells), moment)


def _workbook(rows: list[dict[str, str]], lang: str, moment: dt.datetime, title: str) -> bytes:
    # openpyxl is imported here, not at the top: a site rebuild reuses the cached XLSX and should not pay
    # for loading it.
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    # Write-only mode streams the rows instead of keeping a cell object each; widths and the frozen header
    # row must be set before the first row is written.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("catalogue" if lang == "en" else "目录")
    for index, column in enumerate(COLUMNS, start=1):
        width = 40 if column in {"title", "files"} else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = text_cells(sheet, [_header(column, lang) for column in COLUMNS])
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    for row in rows:
        # A generator, so that a character openpyxl refuses raises inside its row writer, which then closes
        # the sheet cleanly (a list made beforehand would leave it open for the garbage collector).
        sheet.append(text_cell(sheet, row[c]) for c in COLUMNS)
    book.properties.created = moment
    book.properties.modified = moment
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
_LETTERS = string.ascii_uppercase[: len(COLUMNS)]
# What openpyxl refuses in a cell (its ILLEGAL_CHARACTERS_RE), a line break lxml writes as "&#13;", and
# halves of surrogate pairs, which no XML holds.
_NOT_PLAIN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff]")


def _sheet_rows(rows: list[dict[str, str]]) -> bytes | None:
    """The rows after the header exactly as openpyxl's write-only sheet has them from ``text_cells`` — text
    cells inline, a text that starts with "=" or reads "#N/A" too, every character past ASCII as a character
    reference — without the object per cell openpyxl makes. None when openpyxl would write a value otherwise:
    a character it escapes or refuses, more than a cell holds."""
    parts = []
    for number, row in enumerate(rows, start=2):
        parts.append(f'<row r="{number}">')
        for letter, column in zip(_LETTERS, COLUMNS, strict=True):
            value = row[column]
            if not value:
                parts.append(f'<c r="{letter}{number}" t="inlineStr"></c>')
                continue
            if len(value) > 32767:
                return None
            space = "" if value == value.strip() else ' xml:space="preserve"'
            text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            parts.append(f'<c r="{letter}{number}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        parts.append("</row>")
    sheet = "".join(parts)
    return None if _NOT_PLAIN.search(sheet) else sheet.encode("ascii", "xmlcharrefreplace")


def _with_rows(book: bytes, cells: bytes) -> bytes:
    """The workbook with ``cells`` after its header row; stored uncompressed, as fixed_zip compresses."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == SHEET:
                head, end, tail = content.partition(b"</sheetData>")
                assert end, "openpyxl's sheet has its rows in <sheetData>"
                content = head + cells + end + tail
            target.writestr(info, content, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def catalogue_files(
    archive: Archive, lang: str, page_of: Callable[[Record], str] | None = None
) -> dict[str, bytes]:
    """The three catalogue files by name."""
    return catalogue_files_of(catalogue_rows(archive, page_of), archive, lang)


def catalogue_files_of(rows: list[dict[str, str]], archive: Archive, lang: str) -> dict[str, bytes]:
    """The three catalogue files of rows already made (``catalogue_rows``)."""
    return {
        CSV_NAME: to_csv(rows, lang),
        JSON_NAME: to_json(rows, archive),
        XLSX_NAME: to_xlsx(rows, lang, archive.today(), archive.info.title),
    }
