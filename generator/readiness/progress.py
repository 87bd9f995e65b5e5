"""Self-assessment (自测打分) against the plan in archive.yml.

A unit's month is the sum of its self-scores that month over the sum of what those indicators are worth.
That ratio is shown as a percentage *of the target*: with ``target_score: 90`` of ``max_score: 100``, scoring
72 % of the available points is 80 % of the way to the target. The plan's steps ("80 % by 2024-03-31") say
how far along a unit must be; the step in force on a day is the latest one dated on or before it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from generator.model import Archive
from generator.schema import PlanStep, SelfScore


@dataclass(frozen=True)
class MonthScore:
    month: str  # YYYY-MM
    score: float  # sum of the unit's self-scores that month
    full: float  # what the scored indicators are worth
    percent: float  # percent of the target reached
    planned: float | None  # the plan's percent in force at the end of the month

    def as_json(self) -> dict[str, object]:
        return {
            "month": self.month,
            "score": round(self.score, 4),
            "full": round(self.full, 4),
            "percent": round(self.percent, 2),
            "planned": self.planned,
        }


@dataclass(frozen=True)
class UnitProgress:
    unit: str
    months: tuple[MonthScore, ...]
    required: float | None  # the plan's percent in force on the as-of date
    plan: tuple[PlanStep, ...]

    @property
    def latest(self) -> MonthScore | None:
        return self.months[-1] if self.months else None

    @property
    def behind(self) -> bool:
        latest = self.latest
        return latest is not None and self.required is not None and latest.percent < self.required

    def as_json(self) -> dict[str, object]:
        latest = self.latest
        return {
            "unit": self.unit,
            "months": [m.as_json() for m in self.months],
            "latest_percent": round(latest.percent, 2) if latest else None,
            "required_percent": self.required,
            "behind": self.behind,
        }


def month_end(month: str) -> dt.date:
    year, mon = (int(part) for part in month.split("-"))
    first_of_next = dt.date(year + mon // 12, mon % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def planned_percent(plan: tuple[PlanStep, ...], day: dt.date) -> float | None:
    in_force = [step for step in plan if step.date <= day]
    return max(in_force, key=lambda s: s.date).percent if in_force else None


def target_ratio(archive: Archive) -> float:
    """The target as a share of the full score (1.0 when the archive sets no target)."""
    info = archive.info
    full = info.max_score or sum(node.score or 0 for node in archive.indicators.top())
    if info.target_score is None or not full:
        return 1.0
    return info.target_score / full


def _month_score(
    archive: Archive, month: str, scores: list[SelfScore], weights: dict[str, float]
) -> MonthScore:
    plan = tuple(archive.info.plan)
    got = sum(s.score for s in scores)
    full = sum(_worth(archive, s.indicator, weights) for s in scores)
    # rounded so 27 of 30 against a 90 % target is exactly 100, not 99.999…, when compared with the plan
    percent = round(got / full / target_ratio(archive) * 100, 4) if full else 0.0
    return MonthScore(month, got, full, percent, planned_percent(plan, month_end(month)))


def _worth(archive: Archive, indicator_id: str, weights: dict[str, float]) -> float:
    node = archive.indicators.get(indicator_id)
    if node is None:
        return 0.0
    return node.score if node.score is not None else weights.get(indicator_id, 0.0)


def unit_progress(archive: Archive, unit_id: str, as_of: dt.date, weights: dict[str, float]) -> UnitProgress:
    """The unit's months up to ``as_of`` (a month counts once it has begun)."""
    by_month: dict[str, list[SelfScore]] = defaultdict(list)
    for score in archive.self_scores_of(unit_id):
        if score.month <= as_of.strftime("%Y-%m"):
            by_month[score.month].append(score)
    months = tuple(_month_score(archive, m, by_month[m], weights) for m in sorted(by_month))
    plan = tuple(sorted(archive.info.plan, key=lambda s: s.date))
    return UnitProgress(unit_id, months, planned_percent(plan, as_of), plan)
