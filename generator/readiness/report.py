"""The readiness report: one pass over the model, one immutable result every renderer (text, JSON, HTML, XLSX,
the website) reads. Nothing here prints or writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from generator.filefacts import FileFacts, file_facts
from generator.i18n import t
from generator.model import Archive, Audience
from generator.ocr.status import OcrCount, ocr_count
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
    audience: Audience = "full"
    hidden_records: int = 0  # records the figures count but the audience may not see named (internal only)
    ocr: OcrCount | None = None  # scanned files and pages recognised (dossier ocr)

    @property
    def audience_note(self) -> str | None:
        """The line saying what this audience's figures count, when they differ from the full report."""
        if self.audience == "public":
            return t("report-audience-public")
        if self.hidden_records:
            return t("report-audience-hidden", count=self.hidden_records)
        return None

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
            "audience": self.audience,
            "hidden_records": self.hidden_records,
            "ocr": self.ocr.as_json() if self.ocr else None,
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
    return [
        r
        for r in archive.records
        if r.kind in SUPPORTING_KINDS and r.indicators and not archive.in_assessment_window(r.date)
    ]


def _belongs(record: Record, unit: str | None) -> bool:
    return unit is None or unit in record.owning_units


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
    audience: Audience = "full",
    cache_dir: Path | None = None,
) -> Readiness:
    """The readiness of ``archive`` on ``as_of`` (default: ``archive.today()``), for all units or one, as
    ``audience`` may read it (docs/report.md, "Who sees what"):

    - ``full``: everything, every record named;
    - ``internal``: figures from the whole archive (restricted material is real material the office must not
      chase again), but restricted records are never named — only counted in ``hidden_records``;
    - ``public``: the report of the public records alone, as if the others did not exist: its figures count
      only public material, so they reveal nothing about hidden records.

    With ``cache_dir``, the attached files' digests, photo hashes and camera dates are kept there between runs
    (generator/filefacts.py), so an unchanged photo is read once, not on every report, and so are the pairs of
    near-identical photos (generator/readiness/nearpairs.py), so only a new photo is compared with the others.

    Raises ``KeyError`` when ``unit`` is not in units.yml.
    """
    with file_facts(cache_dir) as facts:
        if audience == "public":
            public = _build(
                archive.filtered("public"), as_of, unit, photo_tolerance, facts, cache_dir=cache_dir
            )
            return replace(public, audience="public")
        report = _build(archive, as_of, unit, photo_tolerance, facts, cache_dir=cache_dir)
    report = replace(report, ocr=ocr_count(archive))
    return report if audience == "full" else redact(report, archive.filtered(audience))


def redact(report: Readiness, visible: Archive) -> Readiness:
    """``report`` with every record ``visible`` does not hold left out of its lists (figures unchanged)."""
    hidden: set[str] = set()

    def keep(ids: tuple[str, ...]) -> tuple[str, ...]:
        hidden.update(i for i in ids if i not in visible)
        return tuple(i for i in ids if i in visible)

    def keep_records(records: tuple[Record, ...]) -> tuple[Record, ...]:
        return tuple(r for r in records if keep((r.id,)))

    leaves = tuple(replace(leaf, records=keep(leaf.records)) for leaf in report.leaves)
    subtrees = tuple(replace(s, general_records=keep(s.general_records)) for s in report.subtrees)
    entries = tuple(e for e in report.ledger if keep((e.record.id,)))
    groups = tuple(_visible_group(group, visible, keep) for group in report.duplicates)
    photos = tuple(p for p in report.photo_dates if keep((p.record,)))
    return replace(
        report,
        leaves=leaves,
        subtrees=subtrees,
        ledger=entries,
        window_violations=keep_records(report.window_violations),
        future=keep_records(report.future),
        duplicates=tuple(group for group in groups if group.records),
        photo_dates=photos,
        audience="internal",
        hidden_records=len(hidden),
    )


def _visible_group(
    group: DuplicateGroup, visible: Archive, keep: Callable[[tuple[str, ...]], tuple[str, ...]]
) -> DuplicateGroup:
    """The group's visible records and only the files they attach (a hidden record's file name is hidden)."""
    records = keep(group.records)
    paths = {f.path for r in records for f in getattr(visible.get(r), "files", ())}
    return replace(group, records=records, files=tuple(f for f in group.files if f in paths))


def _build(
    archive: Archive,
    as_of: dt.date | None,
    unit: str | None,
    photo_tolerance: int | None,
    facts: FileFacts,
    *,
    cache_dir: Path | None,
) -> Readiness:
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
    files = attached_files(archive, evidence, facts)
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
        duplicates=tuple(duplicates(files, cache_dir)),
        photo_dates=tuple(photo_dates(files, tolerance)),
        units=_unit_rows(archive, all_leaves, entries, day, unit),
        target_score=info.target_score,
        max_score=info.max_score,
    )
