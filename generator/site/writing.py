"""Writing the pages outside the navigation: from the page cache when their key is unchanged, else rendered
into the theme — side by side in forked workers when there are many — and the sitemap of every page."""

from __future__ import annotations

import datetime as dt
import functools
import gzip
from html import escape
from pathlib import Path

from generator import parallel
from generator.reproducible import fixed_moment, source_date_epoch
from generator.site.cache import PageCache
from generator.site.pages import SitePage
from generator.site.theme import ThemeEngine
from generator.site.urls import output_path

PARALLEL_MIN_PAGES = 400  # below this, starting processes costs more than it saves


def write_pages(
    pages: list[SitePage],
    theme: ThemeEngine,
    cache: PageCache,
    site_dir: Path,
    *,
    previous: Path | None,
    processes: int,
) -> list[SitePage]:
    """Link or render every page of ``pages`` into ``site_dir``; returns the pages that were rendered."""
    pending = [
        page
        for page in pages
        if not cache.link(
            page.src, page.key, f"{site_dir}/{output_path(page.src)}", _under(previous, page.src)
        )
    ]
    theme.prepare(page.src.rpartition("/")[0] for page in pending)  # before forking: workers share it
    if len(pending) < PARALLEL_MIN_PAGES:
        processes = 1
    slices = [pending[i :: processes * 4] for i in range(processes * 4)] if processes > 1 else [pending]
    render = functools.partial(_render_pages, theme, cache, site_dir=site_dir, previous=previous)
    parallel.run([functools.partial(render, part) for part in slices if part], processes)
    return pending


def _render_pages(
    theme: ThemeEngine, cache: PageCache, pages: list[SitePage], *, site_dir: Path, previous: Path | None
) -> int:
    for page in pages:
        html = theme.page(page.src, page.title, page.render()).encode("utf-8", "xmlcharrefreplace")
        cache.put(page.src, page.key, html, f"{site_dir}/{output_path(page.src)}", _under(previous, page.src))
    return len(pages)


def _under(folder: Path | None, src: str) -> str | None:
    """Where the page ``src`` is in ``folder`` (the output or the previous one): a string, not a Path, for
    each of 12,000 pages."""
    return f"{folder}/{output_path(src)}" if folder else None


def write_sitemap(site_dir: Path, site_url: str, sources: list[str]) -> None:
    """Every page. Like MkDocs' own sitemap, it needs absolute addresses: without ``site_url`` it is empty;
    and it is dated by SOURCE_DATE_EPOCH when set, else today (UTC)."""
    date = _build_date()
    base = site_url.rstrip("/") + "/" if site_url else ""
    rows = "".join(
        f"    <url>\n         <loc>{escape(base + output_path(src))}</loc>\n"
        f"         <lastmod>{date}</lastmod>\n    </url>\n"
        for src in (sorted(sources) if base else [])
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'
    ).encode()
    (site_dir / "sitemap.xml").write_bytes(xml)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml, mtime=0))


def _build_date() -> str:
    today = dt.datetime.now(dt.UTC).date()
    return fixed_moment(today, source_date_epoch()).strftime("%Y-%m-%d")
