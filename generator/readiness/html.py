"""The report as one standalone HTML page: inline CSS and SVG charts, no scripts, no network."""

from __future__ import annotations

from markupsafe import Markup

from generator.dates import display_date
from generator.i18n import language, t
from generator.readiness.chart import progress_charts
from generator.readiness.coverage import points_text
from generator.readiness.report import Readiness
from generator.readiness.templates import environment


def render_html(report: Readiness) -> str:
    lang = language()
    charts = {unit_id: Markup(svg) for unit_id, svg in progress_charts(report).items()}
    return (
        environment()
        .get_template("report.html.j2")
        .render(
            r=report,
            lang="zh-CN" if lang == "zh" else "en",
            t=t,
            num=points_text,
            date=lambda day: display_date(day, lang),
            gaps=report.gaps,
            charts=charts,
            unit_names={u.id: u.name for u in report.units},
            statuses=[entry.status for entry in report.ledger],
            shares=_shares(report),
        )
    )


def _shares(report: Readiness) -> dict[str, float]:
    """Percent of all points per status, for the summary bar."""
    p = report.points
    if not p.total:
        return {}
    return {
        "covered": p.covered / p.total * 100,
        "thin": p.thin / p.total * 100,
        "missing": p.missing / p.total * 100,
    }
