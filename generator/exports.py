"""The catalogue of records (目录) as CSV, JSON and XLSX, for the archives bureau and for spreadsheets.

One row per record, the same columns in every format. The caller passes an archive already filtered for its
audience, so an excluded record is not in any file. Output is deterministic: the same archive gives the same
bytes (the XLSX's timestamps come from the archive's ``today``, not the clock).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable

from generator.i18n import MESSAGES
from generator.model import Archive
from generator.reproducible import fixed_zip
from generator.schema import Record

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
    fields = record.__dict__  # not getattr: pydantic's getattr of a missing name is slow
    owner = fields.get("unit")
    units = list(dict.fromkeys([owner, *record.units] if isinstance(owner, str) else record.units))
    files = [f.path for f in fields.get("files", [])]
    return {
        "id": record.id,
        "kind": record.kind,
        "title": record.title,
        "date": record.date.isoformat(),
        "units": "; ".join(units),
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
    """UTF-8 with a byte-order mark, so Excel opens the Chinese correctly by double-click."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_header(c, lang) for c in COLUMNS])
    writer.writerows([row[c] for c in COLUMNS] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(rows: list[dict[str, str]], archive: Archive) -> bytes:
    document = {
        "archive": archive.info.title,
        "fonds": archive.info.fonds.code,
        "columns": list(COLUMNS),
        "records": rows,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def to_xlsx(rows: list[dict[str, str]], lang: str, stamp: dt.date, title: str) -> bytes:
    # openpyxl is imported here, not at the top: a site rebuild reuses the cached XLSX and should not pay
    # for loading it.
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    # Write-only mode streams the rows (twice as fast at 10,000 records); widths and the frozen header row
    # must be set before the first row is written.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("catalogue" if lang == "en" else "目录")
    for index, column in enumerate(COLUMNS, start=1):
        width = 40 if column in {"title", "files"} else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=_header(column, lang))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    moment = dt.datetime.combine(stamp, dt.time())
    book.properties.created = moment
    book.properties.modified = moment
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), moment)


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
