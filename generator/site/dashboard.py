"""The 迎检准备 (readiness) dashboard: the readiness report shaped for the website's templates.

Figures come from ``build_report`` on the *whole* archive (an office preparing for inspection needs the true
gaps), but a record is named and linked only when the site's audience may see it; the others are counted
("and 2 records not shown on this site"). The public site gets no dashboard and no readiness figures at all
(``build_site`` does not call this for ``--audience public``), because counts computed from internal records
would reveal that they exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Archive
from generator.readiness import DuplicateGroup, LedgerEntry, PhotoDate, Readiness
from generator.schema import Record


@dataclass(frozen=True)
class Named:
    """Records the audience may see, and how many others the same row refers to."""

    records: tuple[Record, ...]
    hidden: int


@dataclass(frozen=True)
class DuplicateRow:
    records: Named
    files: tuple[str, ...]  # only files attached to visible records
    match: str


@dataclass(frozen=True)
class PhotoRow:
    record: Record
    file: str
    mismatch: PhotoDate


@dataclass(frozen=True)
class Dashboard:
    report: Readiness
    overdue: tuple[LedgerEntry, ...]  # visible ones, most overdue first
    overdue_hidden: int
    no_closing: Named
    window: Named
    future: Named
    duplicates: tuple[DuplicateRow, ...]
    duplicates_hidden: int  # groups that involve no visible record
    photos: tuple[PhotoRow, ...]
    photos_hidden: int
    charts: dict[str, str]  # unit id → SVG


def dashboard(report: Readiness, visible: Archive, charts: dict[str, str]) -> Dashboard:
    """``visible`` is the audience-filtered archive: what may be named."""
    overdue, overdue_hidden = _entries(report.overdue, visible)
    duplicates = [_duplicate(group, visible) for group in report.duplicates]
    photos = [
        PhotoRow(record, mismatch.file, mismatch)
        for mismatch in report.photo_dates
        if (record := visible.get(mismatch.record)) is not None
    ]
    return Dashboard(
        report=report,
        overdue=overdue,
        overdue_hidden=overdue_hidden,
        no_closing=named((entry.record.id for entry in report.without_closing_evidence), visible),
        window=named((record.id for record in report.window_violations), visible),
        future=named((record.id for record in report.future), visible),
        duplicates=tuple(row for row in duplicates if row is not None),
        duplicates_hidden=sum(1 for row in duplicates if row is None),
        photos=tuple(photos),
        photos_hidden=len(report.photo_dates) - len(photos),
        charts=charts,
    )


def named(ids: Iterable[str], visible: Archive) -> Named:
    found, hidden = [], 0
    for record_id in ids:
        record = visible.get(record_id)
        if record is None:
            hidden += 1
        else:
            found.append(record)
    return Named(tuple(found), hidden)


def _entries(entries: tuple[LedgerEntry, ...], visible: Archive) -> tuple[tuple[LedgerEntry, ...], int]:
    shown = tuple(entry for entry in entries if visible.get(entry.record.id) is not None)
    return shown, len(entries) - len(shown)


def _duplicate(group: DuplicateGroup, visible: Archive) -> DuplicateRow | None:
    records = named(group.records, visible)
    if not records.records:
        return None
    paths = {f.path for record in records.records for f in getattr(record, "files", ())}
    return DuplicateRow(records, tuple(p for p in group.files if p in paths), group.match)
