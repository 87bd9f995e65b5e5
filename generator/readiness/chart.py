"""One SVG chart per unit: monthly self-assessment (% of target) against the plan's steps and the target.

Hand-written SVG from a Jinja2 template: a few lines and labels need no plotting library, the file is small,
scales with the page, prints sharply and works offline (file://) with no script.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import jinja2

from generator.i18n import t
from generator.readiness.progress import UnitProgress, month_end, planned_percent
from generator.readiness.report import Readiness, UnitReadiness
from generator.readiness.templates import environment

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 20, 40
MAX_LABELS = 8


@dataclass(frozen=True)
class _Geometry:
    months: list[str]
    top: float  # the y axis' highest percent

    def x(self, index: int) -> float:
        step = (WIDTH - LEFT - RIGHT) / max(len(self.months), 1)
        return LEFT + step * (index + 0.5)

    @property
    def half_step(self) -> float:
        return (WIDTH - LEFT - RIGHT) / max(len(self.months), 1) / 2

    def y(self, percent: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - min(percent, self.top) / self.top)


def _month(day: dt.date) -> str:
    return day.strftime("%Y-%m")


def _month_range(first: str, last: str) -> list[str]:
    year, month = (int(p) for p in first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _span(progress: UnitProgress, as_of: dt.date) -> list[str]:
    marks = (
        [m.month for m in progress.months] + [_month(step.date) for step in progress.plan] + [_month(as_of)]
    )
    return _month_range(min(marks), max(marks))


def _plan_points(geo: _Geometry, progress: UnitProgress) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i, month in enumerate(geo.months):
        planned = planned_percent(progress.plan, month_end(month))
        if planned is not None:
            points += [(geo.x(i) - geo.half_step, geo.y(planned)), (geo.x(i) + geo.half_step, geo.y(planned))]
    return points


def chart_data(report: Readiness, unit: UnitReadiness) -> dict[str, object]:
    progress = unit.progress
    months = _span(progress, report.as_of)
    top = max([110.0, *(m.percent for m in progress.months)])
    geo = _Geometry(months, top)
    index = {month: i for i, month in enumerate(months)}
    every = max(1, -(-len(months) // MAX_LABELS))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "title": f"{unit.name} · {t('section-progress')}",
        "y_ticks": [(geo.y(p), p) for p in (0, 25, 50, 75, 100)],
        "x_labels": [(geo.x(i), m) for i, m in enumerate(months) if i % every == 0],
        "scores": [(geo.x(index[m.month]), geo.y(m.percent), m) for m in progress.months],
        "plan": _plan_points(geo, progress),
        "target_y": geo.y(100),
        "as_of_x": geo.x(index[_month(report.as_of)]),
        "behind": progress.behind,
        "labels": {k: t("report-" + k) for k in ("target", "plan", "self-score")},
    }


@cache
def _template() -> jinja2.Template:
    return environment().get_template("progress.svg.j2")


def progress_svg(report: Readiness, unit_id: str) -> str:
    """The unit's progress chart as a standalone SVG document (also fine inline in HTML)."""
    unit = next(u for u in report.units if u.id == unit_id)
    return _template().render(**chart_data(report, unit))


def progress_charts(report: Readiness) -> dict[str, str]:
    """unit id → SVG chart, for every unit with self-scores (units without any have nothing to plot)."""
    return {unit.id: progress_svg(report, unit.id) for unit in report.units if unit.progress.months}
