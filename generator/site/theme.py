"""The one interface between the site's build and the engine that hosts its theme (today MkDocs + Material).

The build (publish.py) plans every page and renders every body itself; all it needs of the theme is to put a
body into the theme's page — header, navigation, table of contents, footer. That is ``ThemeEngine``. Before
that, ``ThemeHost`` writes what belongs to the theme alone: its own files (stylesheets, scripts) and the few
pages of the navigation, which the theme renders itself (their navigation entry is marked active).

Whatever engine hosts the theme next (MkDocs 2 drops plugins; Zensical runs no third-party plugin), only an
implementation of these two protocols changes: generator/site/mkdocs_theme.py is the MkDocs one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from generator.site.pages import RenderedPage, Site, SitePage


class ThemeEngine(Protocol):
    """Puts a page's body into the theme."""

    @property
    def fingerprint(self) -> str:
        """Changes whenever what the theme adds around a page changes (theme, configuration, navigation):
        part of every cached page's key."""
        ...

    @property
    def site_url(self) -> str:
        """The site's address, "" when it has none (the sitemap needs absolute addresses)."""
        ...

    def prepare(self, folders: Iterable[str]) -> None:
        """Get ready to render pages in ``folders`` (before the build forks its workers, which share what
        was prepared)."""
        ...

    def page(self, src: str, title: str, body: RenderedPage) -> str:
        """The whole HTML page at ``src`` (e.g. ``meetings/m-1.md``) with the plain-text ``title``."""
        ...


Bodies = Callable[[SitePage], RenderedPage]


class ThemeHost(Protocol):
    """Runs the engine for one build."""

    def build(self, site: Site, bodies: Bodies, site_dir: Path, previous: Path | None) -> ThemeEngine:
        """Write the theme's own files and the pages of ``site.nav`` (their bodies from ``bodies``) into
        ``site_dir`` (linking ``previous``'s unchanged files), and return the engine for every other page."""
        ...
