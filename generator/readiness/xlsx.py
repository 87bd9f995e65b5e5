"""The report as an Excel workbook, one sheet per view, for offices that live in Excel."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from generator.i18n import t
from generator.readiness.report import Readiness
from generator.reproducible import fixed_zip
from generator.spreadsheet import text_cells

Cell = str | float | int | dt.date | None
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_RED = Font(color="C62828", bold=True)


def _sheet(book: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Worksheet:
    sheet = book.create_sheet(title[:31])  # Excel's limit on sheet names
    # text_cells: a record's title is text, never a formula (generator/spreadsheet.py)
    sheet.append(text_cells(sheet, header))
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    widths = [max(len(h) * 2, 8) for h in header]
    for row in rows:
        sheet.append(text_cells(sheet, row))
        for i, value in enumerate(row):
            widths[i] = min(max(widths[i], len(str(value or "")) * 2), 60)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _summary(book: Workbook, r: Readiness) -> None:
    p = r.points
    rows: list[tuple[str, Cell]] = [
        (t("report-title"), r.title),
        (t("col-date"), r.as_of),
        (t("col-window"), f"{r.window.start} – {r.window.end}" if r.window else ""),
        (t("col-total"), p.total),
        (t("col-covered"), p.covered),
        (t("col-thin"), p.thin),
        (t("col-missing"), p.missing),
        (t("section-overdue"), len(r.overdue)),
        (t("section-window"), len(r.window_violations)),
        (t("section-duplicates"), len(r.duplicates)),
        (t("section-photo-dates", days=r.photo_tolerance), len(r.photo_dates)),
    ]
    if r.audience_note:
        rows.append((t("col-audience"), r.audience_note))
    _sheet(book, t("sheet-summary"), [t("col-title"), t("col-value")], rows)


def _indicators(book: Workbook, r: Readiness) -> None:
    rows = [
        (
            leaf.indicator.id,
            leaf.indicator.title,
            leaf.weight,
            t("status-" + leaf.status),
            len(leaf.records),
            ", ".join(leaf.records),
            ", ".join(leaf.units),
        )
        for leaf in r.leaves
    ]
    sheet = _sheet(
        book,
        t("sheet-indicators"),
        [
            t("col-indicator"),
            t("col-title"),
            t("col-score"),
            t("col-status"),
            t("col-count"),
            t("col-records"),
            t("col-unit"),
        ],
        rows,
    )
    for row, leaf in enumerate(r.leaves, start=2):
        if leaf.status == "missing":
            sheet.cell(row, 4).font = _RED


def _subtrees(book: Workbook, r: Readiness) -> None:
    rows = [
        (
            "  " * s.indicator.depth + s.indicator.id,
            s.indicator.title,
            s.points.total,
            s.points.covered,
            s.points.thin,
            s.points.missing,
            s.leaves,
            ", ".join(s.general_records),
        )
        for s in r.subtrees
    ]
    _sheet(
        book,
        t("sheet-subtrees"),
        [
            t("col-indicator"),
            t("col-title"),
            t("col-total"),
            t("col-covered"),
            t("col-thin"),
            t("col-missing"),
            t("col-leaves"),
            t("col-records"),
        ],
        rows,
    )


def _units(book: Workbook, r: Readiness) -> None:
    rows = [
        (
            u.id,
            u.name,
            u.points.total,
            u.points.covered,
            u.points.thin,
            u.points.missing,
            u.open,
            u.overdue,
            u.progress.latest.percent if u.progress.latest else None,
            u.progress.required,
            t("report-behind") if u.progress.behind else "",
        )
        for u in r.units
    ]
    _sheet(
        book,
        t("sheet-units"),
        [
            t("col-id"),
            t("col-unit"),
            t("col-total"),
            t("col-covered"),
            t("col-thin"),
            t("col-missing"),
            t("col-open"),
            t("col-overdue"),
            t("col-percent"),
            t("col-planned"),
            t("col-status"),
        ],
        rows,
    )


def _ledger(book: Workbook, r: Readiness) -> None:
    rows = [
        (
            e.record.id,
            e.record.title,
            e.record.unit,
            e.record.found_on,
            e.record.deadline,
            t("rect-" + e.status),
            e.record.closed_on,
            e.days_overdue if e.overdue else None,
            ", ".join(e.record.evidence),
            t("col-no") if e.missing_closing_evidence else "",
        )
        for e in r.ledger
    ]
    _sheet(
        book,
        t("sheet-ledger"),
        [
            t("col-id"),
            t("col-problem"),
            t("col-unit"),
            t("col-found-on"),
            t("col-deadline"),
            t("col-status"),
            t("col-closed-on"),
            t("col-days-overdue"),
            t("col-closing-evidence"),
            t("section-no-closing"),
        ],
        rows,
    )


def _dates(book: Workbook, r: Readiness) -> None:
    rows = [(rec.id, rec.title, rec.date, ", ".join(rec.indicators)) for rec in r.window_violations]
    _sheet(
        book, t("sheet-window"), [t("col-record"), t("col-title"), t("col-date"), t("col-indicator")], rows
    )
    photos = [(p.record, p.file, p.taken, p.record_date, p.days) for p in r.photo_dates]
    _sheet(
        book,
        t("sheet-photo-dates"),
        [t("col-record"), t("col-file"), t("col-exif-date"), t("col-date"), t("col-days")],
        photos,
    )


def _duplicates(book: Workbook, r: Readiness) -> None:
    rows = [(", ".join(g.records), ", ".join(g.files), t("match-" + g.match)) for g in r.duplicates]
    _sheet(book, t("sheet-duplicates"), [t("col-records"), t("col-files"), t("col-match")], rows)


def _progress(book: Workbook, r: Readiness) -> None:
    rows = [
        (u.id, u.name, m.month, m.score, m.full, round(m.percent, 2), m.planned)
        for u in r.units
        for m in u.progress.months
    ]
    _sheet(
        book,
        t("sheet-progress"),
        [
            t("col-id"),
            t("col-unit"),
            t("col-month"),
            t("col-self-score"),
            t("col-full"),
            t("col-percent"),
            t("col-planned"),
        ],
        rows,
    )


def render_xlsx(report: Readiness) -> bytes:
    """The workbook's bytes. Sheets: summary, indicators, groups, units, ledger, window, photo dates,
    duplicates, self-assessment."""
    book = Workbook()
    book.remove(book.active)
    for add in (_summary, _indicators, _subtrees, _units, _ledger, _dates, _duplicates, _progress):
        add(book, report)
    stamp = dt.datetime.combine(report.as_of, dt.time())
    book.properties.created = book.properties.modified = stamp  # the data's date, not the build's
    book.properties.title = f"{t('report-title')} · {report.title}"
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), stamp)  # zip entry times too: two runs give the same bytes
