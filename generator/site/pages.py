"""The site as plain data: pages (rendered on demand), files to write or copy, and the navigation.

Nothing here knows about MkDocs: the plugin maps a ``Site`` onto MkDocs files and pages, and another
engine could do the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict


class TocEntry(TypedDict):
    """One heading, in the shape Python-Markdown's ``toc`` extension gives (and MkDocs reads)."""

    level: int
    id: str
    name: str
    children: list[TocEntry]


@dataclass(frozen=True)
class RenderedPage:
    html: str
    toc: list[TocEntry]


@dataclass(frozen=True)
class SitePage:
    """A page at ``src`` (e.g. ``meetings/m-1.md``); ``render`` gives its HTML body when it is written."""

    src: str
    title: str
    render: Callable[[], RenderedPage] = field(compare=False, repr=False)
    # A hash of everything the page is made from (None: always render). Equal keys promise equal pages.
    key: str | None = None
    view: object = field(default=None, compare=False, repr=False)  # what it is made from (site/views.py)


@dataclass(frozen=True)
class SiteFile:
    """A non-page output file: either bytes made here or a file copied from ``source``."""

    dest: str
    data: bytes | None = None
    source: str | Path | None = None
    # Bytes that seldom change from build to build (a record's search text): kept in the cache and
    # copied into the site with its cached modification time, so an unchanged file keeps its time.
    reuse: bool = False


@dataclass(frozen=True)
class NavEntry:
    title: str
    src: str


@dataclass
class Site:
    title: str
    language: str
    pages: list[SitePage]
    files: list[SiteFile]
    nav: list[NavEntry]
    # Stylesheets and scripts every page loads, as site paths (the plugin turns them into links).
    stylesheets: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    # Files that are not the archive's own bytes but copies made from them (a photo without its metadata):
    # site path → sha256 of the archive's file. EVIDENCE.sha256 names them (generator/manifest.py).
    derived: dict[str, str] = field(default_factory=dict)
