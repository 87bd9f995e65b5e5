"""Coverage of the assessment framework: which indicator leaves have supporting material, weighted by score.

Rules (docs/report.md explains them to users):

- supporting records are meetings, speeches, summaries and evidence (a rectification is a problem, not proof);
- a record supports a leaf when it links to that leaf; a record linked to an inner node is general material
  for that subtree: it is listed in the subtree's roll-up but makes no leaf covered;
- only records that *count* are used: dated inside ``assessment_window`` (when the archive sets one) and not
  after the as-of date;
- a leaf is **missing** with no counting record, **thin** with exactly one, or with several that are all text
  (no evidence record with an attached file), else **covered**.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from generator.model import Archive, Indicator
from generator.schema import Evidence, Record

Status = Literal["covered", "thin", "missing"]
STATUSES: tuple[Status, ...] = ("covered", "thin", "missing")
SUPPORTING_KINDS = frozenset({"meeting", "speech", "summary", "evidence"})


def points_text(value: float) -> str:
    """Points as people write them: 35, 2.5, 0.3 (shares of a parent's score are rarely whole). Every
    report, dashboard and summary shows points this way."""
    return f"{round(value, 1):g}"


@dataclass(frozen=True)
class Points:
    """Score points split by coverage status (``total`` = covered + thin + missing)."""

    total: float = 0.0
    covered: float = 0.0
    thin: float = 0.0
    missing: float = 0.0

    def add(self, status: Status, weight: float) -> Points:
        values = {"covered": self.covered, "thin": self.thin, "missing": self.missing}
        values[status] += weight
        return Points(self.total + weight, **values)

    def as_json(self) -> dict[str, float]:
        return {name: _round(getattr(self, name)) for name in ("total", "covered", "thin", "missing")}


@dataclass(frozen=True)
class LeafCoverage:
    indicator: Indicator
    weight: float  # the leaf's score, or its share of its parent's (see leaf_weights)
    status: Status
    records: tuple[str, ...]  # ids of the counting supporting records, by date
    units: tuple[str, ...]  # responsible units (the leaf's own, else its nearest ancestor's)


@dataclass(frozen=True)
class SubtreeRollup:
    indicator: Indicator
    points: Points
    leaves: int
    missing_leaves: int
    general_records: tuple[str, ...]  # counting records linked to this inner node itself


def _round(value: float) -> float:
    return round(value, 4) + 0.0  # + 0.0 turns -0.0 into 0.0


def counts(archive: Archive, record: Record, as_of: dt.date) -> bool:
    """Whether a record counts as material at ``as_of``: inside the window and not in the future."""
    return archive.in_assessment_window(record.date) and record.date <= as_of


def leaf_weights(archive: Archive) -> dict[str, float]:
    """Each leaf's points: its own ``score``; a leaf without one shares what its parent's score leaves after
    the scored siblings, equally; under an unscored top level it weighs 0."""
    weights: dict[str, float] = {}

    def spread(nodes: Iterable[Indicator], budget: float | None) -> None:
        nodes = list(nodes)
        unscored = [n for n in nodes if n.score is None]
        rest = (budget - sum(n.score or 0 for n in nodes)) if budget is not None else 0.0
        share = max(rest, 0.0) / len(unscored) if unscored else 0.0
        for node in nodes:
            weight = node.score if node.score is not None else share
            if node.is_leaf:
                weights[node.id] = weight
            else:
                spread((archive.indicators[c] for c in node.children), weight)

    spread(archive.indicators.top(), None)
    return weights


def responsible_units(archive: Archive, indicator: Indicator) -> tuple[str, ...]:
    node: Indicator | None = indicator
    while node is not None:
        if node.units:
            return node.units
        node = archive.indicators[node.parent] if node.parent else None
    return ()


def leaf_status(records: Iterable[Record]) -> Status:
    records = list(records)
    if not records:
        return "missing"
    with_files = any(isinstance(r, Evidence) and r.files for r in records)
    return "covered" if len(records) > 1 and with_files else "thin"


def supporting(archive: Archive, indicator_id: str, as_of: dt.date) -> list[Record]:
    """Counting supporting records linked directly to ``indicator_id``."""
    return [
        r
        for r in archive.by_indicator.get(indicator_id, ())
        if r.kind in SUPPORTING_KINDS and counts(archive, r, as_of)
    ]


def leaf_coverage(archive: Archive, as_of: dt.date) -> list[LeafCoverage]:
    """Every leaf in tree order with its weight, status and counting records."""
    weights = leaf_weights(archive)
    result = []
    for leaf in archive.indicators.leaves():
        records = supporting(archive, leaf.id, as_of)
        result.append(
            LeafCoverage(
                indicator=leaf,
                weight=weights.get(leaf.id, 0.0),
                status=leaf_status(records),
                records=tuple(r.id for r in records),
                units=responsible_units(archive, leaf),
            )
        )
    return result


def total_points(leaves: Iterable[LeafCoverage]) -> Points:
    points = Points()
    for leaf in leaves:
        points = points.add(leaf.status, leaf.weight)
    return points


def subtree_rollups(archive: Archive, leaves: list[LeafCoverage], as_of: dt.date) -> list[SubtreeRollup]:
    """One roll-up per inner node (版块, 测评项目, …), in tree order."""
    by_id: Mapping[str, LeafCoverage] = {leaf.indicator.id: leaf for leaf in leaves}
    rollups = []
    for node in archive.indicators.values():
        if node.is_leaf:
            continue
        under = [by_id[n.id] for n in archive.indicators.subtree(node.id) if n.id in by_id]
        general = supporting(archive, node.id, as_of)
        rollups.append(
            SubtreeRollup(
                indicator=node,
                points=total_points(under),
                leaves=len(under),
                missing_leaves=sum(1 for leaf in under if leaf.status == "missing"),
                general_records=tuple(r.id for r in general),
            )
        )
    return rollups
