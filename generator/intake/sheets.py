"""Spreadsheets as grids of values, the way a person sees them: merged cells filled, hidden sheets left out.

.xlsx/.xlsm through openpyxl; .xls, .et (WPS) and .ods converted to .xlsx by LibreOffice first (as .doc is
for the Word import); .csv in UTF-8 or GBK/GB18030. Then ``find_table`` finds the header row below any
title rows, and the data rows above any notes.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from generator.importers.errors import ImportFailed
from generator.importers.readers import check_zip, convert_with_libreoffice, soffice_path
from generator.importers.text import UndecodableText, decode_text
from generator.intake.headers import HeaderMatch, SheetKind, best_match
from generator.intake.values import text_of

OPENPYXL_SUFFIXES: Final = (".xlsx", ".xlsm")
LIBREOFFICE_SUFFIXES: Final = (".xls", ".et", ".ods", ".ett", ".xlt")
CSV_SUFFIXES: Final = (".csv",)
SHEET_SUFFIXES: Final = OPENPYXL_SUFFIXES + LIBREOFFICE_SUFFIXES + CSV_SUFFIXES
LIBREOFFICE_CALC_PACKAGE: Final = "libreoffice-calc-nogui"
MAX_SHEET_BYTES: Final = 50 * 1024 * 1024
HEADER_SEARCH_ROWS: Final = 30

# The first cell of a row where notes under a table begin (注：…, 填表说明：…, 制表人：…).
_NOTES: Final = re.compile(
    r"^(?:注意事项|注|说明|备注|填表说明|填报说明|制表人?|审核人?|填表人|填报人|联系人|负责人)\s*[:：\d]"
)
_TOTALS: Final = frozenset({"合计", "总计", "小计", "总分"})
# "填报单位：市城市管理局" in a title row names the unit every row belongs to.
_SHEET_UNIT: Final = re.compile(r"(?:填报|报送|责任)单位\s*[:：]\s*([^\s（(：:]+)")


class SheetUnreadable(Exception):
    """The file is not a spreadsheet we can read; the message says why and what to do."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(code)


@dataclass
class Grid:
    """One sheet's values, row by row (0-based here; messages say rows and columns from 1)."""

    path: Path
    sheet: str | None  # None for CSV
    rows: list[list[Any]]


@dataclass
class Table:
    """A sheet's table: its kind, the header row, the columns we take and the data rows."""

    grid: Grid
    header: HeaderMatch
    header_row: int  # 0-based
    rows: list[int] = field(default_factory=list)  # 0-based indexes of the data rows
    sheet_unit: tuple[str, int, int] | None = None  # a unit named in a title row, with its cell

    @property
    def kind(self) -> SheetKind:
        return self.header.kind

    def value(self, row: int, field_name: str) -> Any:
        column = self.header.columns.get(field_name)
        if column is None:
            return None
        cells = self.grid.rows[row]
        return cells[column] if column < len(cells) else None

    def text(self, row: int, field_name: str) -> str:
        return text_of(self.value(row, field_name))

    def column(self, field_name: str) -> int | None:
        return self.header.columns.get(field_name)


# ------------------------------------------------------------------------------------------ reading
def read_grids(path: Path) -> list[Grid]:
    """Every visible sheet of the file; raises ``SheetUnreadable``."""
    suffix = path.suffix.lower()
    _check_size(path)
    if suffix in CSV_SUFFIXES:
        return [_read_csv(path)]
    if suffix in LIBREOFFICE_SUFFIXES:
        return _read_through_libreoffice(path)
    return _read_xlsx(path, path)


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SheetUnreadable("unreadable", detail=exc.strerror or str(exc)) from None
    if size > MAX_SHEET_BYTES:
        raise SheetUnreadable("too-large", size=size, limit=MAX_SHEET_BYTES)


def _read_csv(path: Path) -> Grid:
    try:
        text, _encoding = decode_text(path.read_bytes())
    except UndecodableText as exc:
        raise SheetUnreadable("csv-encoding", detail=str(exc)) from None
    except OSError as exc:
        raise SheetUnreadable("unreadable", detail=exc.strerror or str(exc)) from None
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return Grid(path, None, [[cell if cell.strip() else None for cell in row] for row in rows])


def _read_through_libreoffice(path: Path) -> list[Grid]:
    office = soffice_path()
    if office is None:
        raise SheetUnreadable("needs-libreoffice", suffix=path.suffix, package=LIBREOFFICE_CALC_PACKAGE)
    with tempfile.TemporaryDirectory(prefix="dossier-sheet-") as tmp:
        try:
            converted = convert_with_libreoffice(office, path, Path(tmp), "xlsx")
        except ImportFailed as exc:
            raise SheetUnreadable("unreadable", detail=str(exc.params.get("detail", ""))) from None
        return _read_xlsx(converted, path)


def _read_xlsx(path: Path, shown_as: Path) -> list[Grid]:
    try:
        check_zip(path)
    except ImportFailed as exc:
        raise SheetUnreadable("not-xlsx", detail=str(exc.params.get("detail", ""))) from None
    import openpyxl  # noqa: PLC0415 — only sheet imports pay for it

    try:
        with warnings.catch_warnings():
            # Excel's and WPS's extensions (slicers, x14 validations) are dropped with a UserWarning
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise SheetUnreadable("not-xlsx", detail=f"{type(exc).__name__}: {exc}") from None
    grids = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        _fill_merged(rows, (r.bounds for r in sheet.merged_cells.ranges))
        grids.append(Grid(shown_as, sheet.title, rows))
    book.close()
    return grids


def _fill_merged(rows: list[list[Any]], ranges: Iterable[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the value of its top-left cell, as the person reading sees it."""
    for min_col, min_row, max_col, max_row in ranges:
        if min_row - 1 >= len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row - 1, min(max_row, len(rows))):
            row = rows[r]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col - 1, max_col):
                row[c] = value


# ------------------------------------------------------------------------------------------ tables
def find_table(grid: Grid, kinds: Iterable[SheetKind]) -> Table | None:
    """The table in ``grid``: the header row among the first rows, then the data rows down to the notes."""
    wanted = tuple(kinds)
    best: tuple[int, HeaderMatch] | None = None
    for index, cells in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        match = best_match(cells, wanted)
        if match is not None and (best is None or match.score > best[1].score):
            best = (index, match)
    if best is None:
        return None
    header_row, header = best
    table = Table(grid, header, header_row, sheet_unit=_sheet_unit(grid, header_row))
    table.rows = list(_data_rows(grid, header_row, header))
    return table


def _data_rows(grid: Grid, header_row: int, header: HeaderMatch) -> Iterable[int]:
    used = sorted({*header.columns.values()})
    for index in range(header_row + 1, len(grid.rows)):
        cells = grid.rows[index]
        values = [text_of(cells[c]) if c < len(cells) else "" for c in used]
        filled = [v for v in values if v]
        if not filled:
            continue
        first = filled[0]
        if _NOTES.match(unicodedata.normalize("NFKC", first)):
            break  # notes run to the end of the sheet
        if first in _TOTALS or _is_banner(cells):
            continue
        if _repeats_header(values, grid.rows[header_row], used):
            continue  # the header repeated (a printed sheet's every page)
        yield index


def _is_banner(cells: list[Any]) -> bool:
    """A row merged across the table (a section title or a note): one text in three or more cells."""
    texts = [text_of(c) for c in cells if text_of(c)]
    return len(texts) >= 3 and len(set(texts)) == 1


def _repeats_header(values: list[str], header: list[Any], used: list[int]) -> bool:
    return all(v == text_of(header[c]) for v, c in zip(values, used, strict=True) if c < len(header))


def _sheet_unit(grid: Grid, header_row: int) -> tuple[str, int, int] | None:
    for r in range(header_row):
        for c, value in enumerate(grid.rows[r]):
            match = _SHEET_UNIT.search(text_of(value))
            if match:
                return match.group(1), r, c
    return None
