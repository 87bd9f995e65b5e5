"""The readiness report: one pass over the model, one immutable result every renderer (text, JSON, HTML, XLSX,
the website) reads. Nothing here prints or writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Archive
from generator.readiness.coverage import (
    SUPPORTING_KINDS,
    LeafCoverage,
    Points,
    SubtreeRollup,
    leaf_coverage,
    leaf_weights,
    subtree_rollups,
    total_points,
)
from generator.readiness.files import DuplicateGroup, PhotoDate, attached_files, duplicates, photo_dates
from generator.readiness.ledger import LedgerEntry, ledger
from generator.readiness.progress import UnitProgress, unit_progress
from generator.schema import DateRange, Evidence, Record

DEFAULT_PHOTO_TOLERANCE = 7  # days


@dataclass(frozen=True)
class UnitReadiness:
    id: str
    name: str
    points: Points  # the leaves the unit is responsible for
    overdue: int  # overdue rectifications
    open: int  # open rectifications (overdue included)
    progress: UnitProgress

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "covered_points": self.points.as_json()["covered"],
            "missing_points": self.points.as_json()["missing"],
            "overdue": self.overdue,
            "name": self.name,
            "thin_points": self.points.as_json()["thin"],
            "total_points": self.points.as_json()["total"],
            "open": self.open,
            "behind_plan": self.progress.behind,
        }


@dataclass(frozen=True)
class Readiness:
    """Everything the report shows, computed for one as-of date (and optionally one unit)."""

    title: str
    as_of: dt.date
    unit: str | None  # the --unit filter, if any
    window: DateRange | None
    photo_tolerance: int
    leaves: tuple[LeafCoverage, ...]
    subtrees: tuple[SubtreeRollup, ...]
    points: Points
    ledger: tuple[LedgerEntry, ...]
    window_violations: tuple[Record, ...]
    future: tuple[Record, ...]
    duplicates: tuple[DuplicateGroup, ...]
    photo_dates: tuple[PhotoDate, ...]
    units: tuple[UnitReadiness, ...]
    target_score: float | None
    max_score: float | None

    @property
    def missing(self) -> tuple[LeafCoverage, ...]:
        return tuple(leaf for leaf in self.leaves if leaf.status == "missing")

    @property
    def thin(self) -> tuple[LeafCoverage, ...]:
        return tuple(leaf for leaf in self.leaves if leaf.status == "thin")

    @property
    def gaps(self) -> tuple[LeafCoverage, ...]:
        """Missing then thin leaves, the heaviest first: where points are most at risk."""
        weak = [leaf for leaf in self.leaves if leaf.status != "covered"]
        return tuple(sorted(weak, key=lambda leaf: (leaf.status != "missing", -leaf.weight)))

    @property
    def overdue(self) -> tuple[LedgerEntry, ...]:
        """Overdue rectifications, most overdue first."""
        late = [entry for entry in self.ledger if entry.overdue]
        return tuple(sorted(late, key=lambda e: (-e.days_overdue, e.record.unit, e.record.id)))

    @property
    def without_closing_evidence(self) -> tuple[LedgerEntry, ...]:
        return tuple(entry for entry in self.ledger if entry.missing_closing_evidence)

    @property
    def units_behind_plan(self) -> tuple[UnitReadiness, ...]:
        return tuple(unit for unit in self.units if unit.progress.behind)

    def as_json(self) -> dict[str, object]:
        """The documented JSON report (docs/report.md); the first eight keys are the stable contract."""
        return {
            "as_of": self.as_of.isoformat(),
            "indicators": [_leaf_json(leaf) for leaf in self.leaves],
            "points": self.points.as_json(),
            "rectifications": [entry.as_json() for entry in self.ledger],
            "window_violations": [record.id for record in self.window_violations],
            "duplicates": [list(group.records) for group in self.duplicates],
            "units": [unit.as_json() for unit in self.units],
            "title": self.title,
            "unit": self.unit,
            "assessment_window": _window_json(self.window),
            "subtrees": [_subtree_json(rollup) for rollup in self.subtrees],
            "future_records": [record.id for record in self.future],
            "duplicate_files": [group.as_json() for group in self.duplicates],
            "photo_dates": [mismatch.as_json() for mismatch in self.photo_dates],
            "photo_tolerance_days": self.photo_tolerance,
            "self_assessment": [unit.progress.as_json() for unit in self.units],
        }


def _leaf_json(leaf: LeafCoverage) -> dict[str, object]:
    return {
        "id": leaf.indicator.id,
        "title": leaf.indicator.title,
        "score": round(leaf.weight, 4),
        "status": leaf.status,
        "records": list(leaf.records),
        "parent": leaf.indicator.parent,
        "units": list(leaf.units),
    }


def _subtree_json(rollup: SubtreeRollup) -> dict[str, object]:
    return {
        "id": rollup.indicator.id,
        "title": rollup.indicator.title,
        "depth": rollup.indicator.depth,
        "points": rollup.points.as_json(),
        "leaves": rollup.leaves,
        "missing_leaves": rollup.missing_leaves,
        "records": list(rollup.general_records),
    }


def _window_json(window: DateRange | None) -> dict[str, str] | None:
    return {"start": window.start.isoformat(), "end": window.end.isoformat()} if window else None


# ------------------------------------------------------------------------------------------ building
def window_violations(archive: Archive) -> list[Record]:
    """Material claimed for an indicator but dated outside the assessment window (时间不符)."""
    window = archive.info.assessment_window
    if window is None:
        return []
    return [
        r
        for r in archive.records
        if r.kind in SUPPORTING_KINDS and r.indicators and not window.start <= r.date <= window.end
    ]


def _belongs(record: Record, unit: str | None) -> bool:
    return unit is None or unit in record.units or getattr(record, "unit", None) == unit


def _unit_rows(
    archive: Archive, leaves: list[LeafCoverage], entries: list[LedgerEntry], as_of: dt.date, unit: str | None
) -> tuple[UnitReadiness, ...]:
    weights = leaf_weights(archive)
    rows = []
    for unit_id, info in archive.units.items():
        if unit is not None and unit_id != unit:
            continue
        mine = [e for e in entries if e.record.unit == unit_id]
        rows.append(
            UnitReadiness(
                id=unit_id,
                name=info.name,
                points=total_points(leaf for leaf in leaves if unit_id in leaf.units),
                overdue=sum(1 for e in mine if e.overdue),
                open=sum(1 for e in mine if e.status == "open"),
                progress=unit_progress(archive, unit_id, as_of, weights),
            )
        )
    return tuple(rows)


def resolve_tolerance(archive: Archive, photo_tolerance: int | None) -> int:
    if photo_tolerance is not None:
        return photo_tolerance
    configured = archive.info.photo_date_tolerance
    return configured if configured is not None else DEFAULT_PHOTO_TOLERANCE


def build_report(
    archive: Archive,
    as_of: dt.date | None = None,
    *,
    unit: str | None = None,
    photo_tolerance: int | None = None,
) -> Readiness:
    """The readiness of ``archive`` on ``as_of`` (default: ``archive.today()``), for all units or one.

    Raises ``KeyError`` when ``unit`` is not in units.yml.
    """
    if unit is not None and unit not in archive.units:
        raise KeyError(unit)
    day = as_of or archive.today()
    tolerance = resolve_tolerance(archive, photo_tolerance)
    all_leaves = leaf_coverage(archive, day)
    leaves = [leaf for leaf in all_leaves if unit is None or unit in leaf.units]
    subtrees = [s for s in subtree_rollups(archive, leaves, day) if s.leaves or unit is None]
    entries = [e for e in ledger(archive, day) if unit is None or e.record.unit == unit]
    evidence = [
        e for e in archive.evidence if isinstance(e, Evidence) and e.date <= day and _belongs(e, unit)
    ]
    files = attached_files(archive, evidence)
    info = archive.info
    return Readiness(
        title=info.title,
        as_of=day,
        unit=unit,
        window=info.assessment_window,
        photo_tolerance=tolerance,
        leaves=tuple(leaves),
        subtrees=tuple(subtrees),
        points=total_points(leaves),
        ledger=tuple(entries),
        window_violations=tuple(r for r in window_violations(archive) if _belongs(r, unit)),
        future=tuple(r for r in archive.records if r.date > day and _belongs(r, unit)),
        duplicates=tuple(duplicates(files)),
        photo_dates=tuple(photo_dates(files, tolerance)),
        units=_unit_rows(archive, all_leaves, entries, day, unit),
        target_score=info.target_score,
        max_score=info.max_score,
    )
