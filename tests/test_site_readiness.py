"""The 迎检准备 (readiness) dashboard on the website: the same figures as `dossier report`, only for the
internal and full audiences, linking only records the audience may see."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest_site import RESTRICTED_MARKER
from test_site import article, broken_links, page

from generator.model import Archive, Audience
from generator.readiness import build_report, progress_charts


def _rows(html: str, status: str) -> list[str]:
    return re.findall(rf'<tr data-indicator="([^"]+)" data-status="{status}">', html)


def test_demo_dashboard_lists_exactly_the_reports_gaps(demo_archive: Archive, demo_site: Path) -> None:
    report = build_report(demo_archive)
    html = article(page(demo_site, "readiness.md"))
    assert _rows(html, "missing") == [leaf.indicator.id for leaf in report.gaps if leaf.status == "missing"]
    assert _rows(html, "thin") == [leaf.indicator.id for leaf in report.gaps if leaf.status == "thin"]
    assert {leaf.status for leaf in report.gaps} == {"missing", "thin"}  # the demo shows both
    for leaf in report.gaps:  # each gap links to its indicator page
        assert f'href="indicators/{leaf.indicator.id}.html"' in html
    missing = f"{round(report.points.missing, 1):g}"
    assert f"有 {missing} 分的指标没有佐证材料" in html
    assert broken_links(demo_site) == []


def test_demo_dashboard_shows_overdue_rectifications_with_days_and_hides_restricted_ones(
    demo_archive: Archive, demo_site: Path
) -> None:
    report = build_report(demo_archive)
    html = article(page(demo_site, "readiness.md"))
    overdue = html[html.index('id="dossier-overdue"') : html.index('id="dossier-window"')]
    visible = demo_archive.filtered("internal")
    for entry in report.overdue:
        linked = f'href="rectifications/{entry.record.id}.html"' in overdue
        assert linked == (visible.get(entry.record.id) is not None), entry.record.id
        if linked:
            assert f"{entry.days_overdue} 天" in overdue
    hidden = sum(1 for entry in report.overdue if visible.get(entry.record.id) is None)
    assert 0 < hidden < len(report.overdue), "the demo has overdue rectifications shown and hidden"
    assert f"另有 {hidden} 条记录不在本网站公开范围内" in overdue


def test_unit_pages_carry_the_self_assessment_chart(demo_archive: Archive, demo_site: Path) -> None:
    charts = progress_charts(build_report(demo_archive))
    assert charts, "the demo archive has self_scores/"
    for unit_id in demo_archive.units:
        html = article(page(demo_site, f"units/{unit_id}.md"))
        assert ('class="dossier-chart"' in html and "<svg" in html) == (unit_id in charts), unit_id
    dashboard = article(page(demo_site, "readiness.md"))
    assert sorted(re.findall(r'<figure class="dossier-chart" data-unit="([^"]+)"', dashboard)) == sorted(
        charts
    )


def test_home_strip_uses_the_report_and_links_the_dashboard(demo_archive: Archive, demo_site: Path) -> None:
    report = build_report(demo_archive)
    home = article(page(demo_site, "index.md"))
    overdue = re.search(r'dossier-card__num">(\d+)</span><span class="dossier-card__label">已超期', home)
    assert overdue and int(overdue.group(1)) == len(report.overdue)
    covered = sum(1 for leaf in report.leaves if leaf.status == "covered")
    assert f'dossier-card__num">{covered}/{len(report.leaves)}</span>' in home
    assert 'href="readiness.html"' in home


def test_public_site_has_no_dashboard_and_no_readiness_figures(
    site_archive: Archive, build_site_once: Callable[[Archive, Audience], Path]
) -> None:
    site = build_site_once(site_archive, "public")
    assert not (site / "readiness.html").exists()
    assert "readiness.html" not in page(site, "index.md")
    assert 'id="dossier-readiness"' not in page(site, "index.md")
    assert not list(site.glob("units/*.html")) or all(
        "dossier-chart" not in path.read_text("utf-8") for path in site.glob("units/*.html")
    )


def test_internal_dashboard_names_no_restricted_record(
    site_archive: Archive, build_site_once: Callable[[Archive, Audience], Path]
) -> None:
    site = build_site_once(site_archive, "internal")
    html = page(site, "readiness.md")
    assert RESTRICTED_MARKER not in html and RESTRICTED_MARKER.lower() not in html
    assert broken_links(site) == []
