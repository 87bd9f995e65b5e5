"""The report for a terminal: rich tables that fit 80 columns, colour only when asked for."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TypeVar

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.dates import display_date
from generator.i18n import language, t
from generator.readiness.coverage import points_text
from generator.readiness.progress import UnitProgress
from generator.readiness.report import Readiness
from generator.schema import Record

WIDTH = 80
LIST_LIMIT = 20  # rows per list before "… and N more"
STATUS_STYLE = {"covered": "green", "thin": "yellow", "missing": "bold red"}
_T = TypeVar("_T")


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _limited(rows: Sequence[_T]) -> tuple[Sequence[_T], int]:
    """The first LIST_LIMIT rows and how many are left out: a terminal is not a spreadsheet."""
    return rows[:LIST_LIMIT], max(len(rows) - LIST_LIMIT, 0)


def _heading(console: Console, text: str) -> None:
    console.print()
    console.print(Text(text, style="bold underline"))


def _more(console: Console, hidden: int) -> None:
    if hidden:
        console.print(t("report-more", count=hidden), style="dim")


def _none(console: Console) -> None:
    console.print(t("report-none"), style="green")


def _header(console: Console, report: Readiness) -> None:
    lang = language()
    console.print(Text(f"{t('report-title')} · {report.title}", style="bold"))
    console.print(t("report-as-of", date=display_date(report.as_of, lang)))
    if report.window:
        start, end = display_date(report.window.start, lang), display_date(report.window.end, lang)
        console.print(t("report-window", start=start, end=end))
    else:
        console.print(t("report-no-window"), style="yellow")
    if report.unit:
        name = next((u.name for u in report.units if u.id == report.unit), report.unit)
        console.print(t("report-unit", name=name))
    if report.audience_note:
        console.print(report.audience_note, style="yellow")


def _summary(console: Console, report: Readiness) -> None:
    p = report.points
    style = "bold red" if p.missing else "bold green"
    console.print()
    console.print(
        t("report-headline", missing=points_text(p.missing), total=points_text(p.total)), style=style
    )
    console.print(
        t(
            "report-points",
            total=points_text(p.total),
            covered=points_text(p.covered),
            thin=points_text(p.thin),
            missing=points_text(p.missing),
        )
    )
    console.print(
        t(
            "report-leaves",
            count=len(report.leaves),
            covered=len(report.leaves) - len(report.thin) - len(report.missing),
            thin=len(report.thin),
            missing=len(report.missing),
        )
    )


def _gaps(console: Console, report: Readiness) -> None:
    _heading(console, t("section-gaps"))
    gaps = report.gaps
    if not gaps:
        _none(console)
        return
    shown, hidden = _limited(gaps)
    table = _table(t("col-indicator"), t("col-title"), t("col-score"), t("col-status"), t("col-count"))
    for leaf in shown:
        table.add_row(
            leaf.indicator.id,
            leaf.indicator.title,
            points_text(leaf.weight),
            Text(t("status-" + leaf.status), style=STATUS_STYLE[leaf.status]),
            str(len(leaf.records)),
        )
    console.print(table)
    _more(console, hidden)


def _subtrees(console: Console, report: Readiness) -> None:
    top = [s for s in report.subtrees if s.indicator.depth == 0]
    if not top:
        return
    _heading(console, t("section-subtrees"))
    table = _table(t("col-group"), t("col-total"), t("col-covered"), t("col-thin"), t("col-missing"))
    for rollup in top:
        p = rollup.points
        table.add_row(
            f"{rollup.indicator.id} {rollup.indicator.title}",
            points_text(p.total),
            points_text(p.covered),
            points_text(p.thin),
            Text(points_text(p.missing), style="red" if p.missing else ""),
        )
    console.print(table)


def _units(console: Console, report: Readiness) -> None:
    _heading(console, t("section-units"))
    scored = any(unit.progress.months for unit in report.units)
    columns = [t("col-unit"), t("col-covered"), t("col-thin"), t("col-missing"), t("col-overdue")]
    table = _table(*columns, *([t("col-progress")] if scored else []))
    for unit in report.units:
        cells: list[str | Text] = [
            unit.name,
            points_text(unit.points.covered),
            points_text(unit.points.thin),
            Text(points_text(unit.points.missing), style="red" if unit.points.missing else ""),
            Text(str(unit.overdue), style="bold red" if unit.overdue else ""),
        ]
        if scored:
            cells.append(_progress_cell(unit.progress))
        table.add_row(*cells)
    console.print(table)


def _progress_cell(progress: UnitProgress) -> Text:
    latest = progress.latest
    if latest is None:
        return Text(t("report-no-scores"), style="dim")
    return Text(f"{latest.percent:.0f}%", style="red" if progress.behind else "green")


def _ledger(console: Console, report: Readiness) -> None:
    _heading(console, t("section-ledger"))
    statuses = [entry.status for entry in report.ledger]
    console.print(
        t(
            "report-ledger-counts",
            total=len(statuses),
            open=statuses.count("open"),
            overdue=len(report.overdue),
            rectified=statuses.count("rectified"),
            verified=statuses.count("verified"),
        )
    )
    lang = language()
    if report.overdue:
        console.print(Text(t("section-overdue"), style="bold red"))
        table = _table(t("col-id"), t("col-unit"), t("col-deadline"), t("col-days-overdue"))
        shown, hidden = _limited(report.overdue)
        for entry in shown:
            table.add_row(
                entry.record.id,
                entry.record.unit,
                display_date(entry.record.deadline, lang),
                Text(t("report-days", days=entry.days_overdue), style="red"),
            )
        console.print(table)
        _more(console, hidden)
    if report.without_closing_evidence:
        console.print(Text(t("section-no-closing"), style="bold yellow"))
        shown_closed, hidden_closed = _limited(report.without_closing_evidence)
        for entry in shown_closed:
            console.print(f"  {entry.record.id}  {entry.record.unit}  {t('rect-' + entry.status)}")
        _more(console, hidden_closed)


def _record_table(console: Console, title: str, records: Sequence[Record]) -> None:
    _heading(console, title)
    if not records:
        _none(console)
        return
    shown, hidden = _limited(records)
    table = _table(t("col-record"), t("col-date"), t("col-indicator"))
    for record in shown:
        table.add_row(record.id, Text(record.date.isoformat(), style="yellow"), ", ".join(record.indicators))
    console.print(table)
    _more(console, hidden)


def _files(console: Console, report: Readiness) -> None:
    _heading(console, t("section-duplicates"))
    if not report.duplicates:
        _none(console)
    for group in report.duplicates[:LIST_LIMIT]:
        console.print(f"  {' = '.join(group.records)}  ({t('match-' + group.match)})", style="yellow")
    _more(console, max(len(report.duplicates) - LIST_LIMIT, 0))
    _heading(console, t("section-photo-dates", days=report.photo_tolerance))
    if not report.photo_dates:
        _none(console)
        return
    table = _table(t("col-record"), t("col-exif-date"), t("col-date"), t("col-days"))
    for mismatch in report.photo_dates[:LIST_LIMIT]:
        table.add_row(
            f"{mismatch.record}\n{mismatch.file}",
            mismatch.taken.isoformat(),
            mismatch.record_date.isoformat(),
            Text(str(mismatch.days), style="yellow"),
        )
    console.print(table)
    _more(console, max(len(report.photo_dates) - LIST_LIMIT, 0))


def _progress(console: Console, report: Readiness) -> None:
    scored = [u for u in report.units if u.progress.months]
    if not scored:
        return
    _heading(console, t("section-progress"))
    table = _table(t("col-unit"), t("col-month"), t("col-percent"), t("col-planned"), t("col-status"))
    for unit in scored:
        latest = unit.progress.latest
        assert latest is not None
        required = unit.progress.required
        status = (
            Text(t("report-behind"), style="bold red")
            if unit.progress.behind
            else Text(t("report-on-track"), style="green")
        )
        table.add_row(
            unit.name,
            latest.month,
            f"{latest.percent:.1f}",
            points_text(required) if required is not None else "—",
            status,
        )
    console.print(table)


def render_text(report: Readiness, *, colour: bool = False, width: int = WIDTH) -> str:
    """The whole report as terminal text (ANSI colours when ``colour``), at most ``width`` columns wide."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    _header(console, report)
    _summary(console, report)
    _gaps(console, report)
    _subtrees(console, report)
    _units(console, report)
    _ledger(console, report)
    _record_table(console, t("section-window"), report.window_violations)
    _record_table(console, t("section-future"), report.future)
    _files(console, report)
    _progress(console, report)
    return buffer.getvalue()
