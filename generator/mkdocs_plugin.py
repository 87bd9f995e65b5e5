"""The MkDocs side of dossier: a thin adapter from MkDocs' events onto ``generator.site``, and the driver
``dossier site`` uses to run MkDocs programmatically, so the CLI and ``mkdocs build``/``serve`` share a path.

This is the only module that imports MkDocs (MkDocs 2 drops plugins; keeping the coupling here keeps the rest
of the project independent of it). Generated pages are virtual files (``File.generated``): nothing is written
into the docs folder. Page bodies are rendered by ``generator.site`` and handed to the theme as finished HTML
in ``on_page_content``; the table of contents is set from the body's headings.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.errors import ArchiveInvalid
from generator.model import AUDIENCES, Archive, Audience
from generator.site.build import build_site
from generator.site.pages import Site, SitePage
from generator.validate import require_archive

BASE_CONFIG = Path(__file__).resolve().parent / "templates" / "site" / "mkdocs.yml"
DEFAULT_CACHE = Path(".cache") / "dossier"
log = logging.getLogger("mkdocs.plugins.dossier")


class DossierConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs is partly typed
    data_dir = c.Type(str, default="archive_data")  # relative to mkdocs.yml (`data` is taken by Config)
    audience = c.Choice(AUDIENCES, default="internal")
    cache_dir = c.Type(str, default=str(DEFAULT_CACHE))  # thumbnails, by content hash


class DossierPlugin(BasePlugin[DossierConfig]):  # type: ignore[no-untyped-call]
    """``plugins: [dossier]`` — the archive in ``data`` becomes the site."""

    def __init__(self) -> None:
        self.preloaded: Archive | None = None  # set by ``build_with_mkdocs``, which has validated already
        self.site: Site | None = None
        self.pages: dict[str, SitePage] = {}

    def _relative_to_config(self, config: MkDocsConfig, value: str) -> Path:
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (root / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        archive = self.preloaded or _load(self._relative_to_config(config, self.config.data_dir))
        audience: Audience = self.config.audience
        self.site = build_site(archive, audience, self._relative_to_config(config, self.config.cache_dir))
        self.pages = {page.src: page for page in self.site.pages}
        # MkDocs themes print titles without escaping them: record text must reach the theme escaped.
        config.site_name = escape(self.site.title)
        config.theme["language"] = self.site.language
        config.use_directory_urls = False  # relative .html links: the site must work from file://
        # Material's 404 page links from the server root ("/assets/…"), which is broken from file:// or a
        # sub-path; without it the web server shows its own.
        config.theme.static_templates.discard("404.html")
        config.nav = [{escape(entry.title): entry.src} for entry in self.site.nav]
        config.extra_css = [*config.extra_css, *self.site.stylesheets]
        config.extra_javascript = [
            *config.extra_javascript,
            *(c.ExtraScriptValue(s) for s in self.site.scripts),
        ]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for unused in [f for f in files if _is_material_search(f.src_uri)]:
            files.remove(unused)  # Material's search is replaced by ours; don't ship 2 MB of its scripts
        in_nav = {entry.src for entry in self.site.nav}
        for page in self.site.pages:
            # Record pages are reached from list pages, never from the nav: say so, or MkDocs lists them all.
            inclusion = InclusionLevel.UNDEFINED if page.src in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src, content="", inclusion=inclusion))
        for item in self.site.files:
            if item.data is not None:
                files.append(File.generated(config, item.dest, content=item.data))
            else:
                files.append(File.generated(config, item.dest, abs_src_path=str(item.source)))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is None:
            return markdown
        page.meta["title"] = escape(ours.title)
        return ""  # the body comes finished from generator.site (on_page_content)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is None:
            return html
        rendered = ours.render()
        page.toc = get_toc(rendered.toc)
        return rendered.html

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._relative_to_config(config, self.config.data_dir)))
        return server


def _is_material_search(src_uri: str) -> bool:
    return src_uri.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/search."))


def _load(data: Path) -> Archive:
    try:
        archive, _warnings = require_archive(data)
    except ArchiveInvalid as exc:
        lines = [problem.format() for problem in exc.problems]
        raise PluginError("\n".join([*lines, str(exc.message)])) from None
    return archive


@dataclass(frozen=True)
class BuildStats:
    pages: int
    records: int
    files: int


def build_with_mkdocs(archive: Archive, site_dir: Path, audience: Audience, cache_dir: Path) -> BuildStats:
    """Build the site of ``archive`` into ``site_dir`` with MkDocs and our plugin — ``dossier site``."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner is not our users' news
    config = load_config(
        str(BASE_CONFIG),
        site_dir=str(site_dir),
        plugins={
            "dossier": {"data_dir": str(archive.root), "audience": audience, "cache_dir": str(cache_dir)}
        },
    )
    plugin = config.plugins["dossier"]
    assert isinstance(plugin, DossierPlugin)
    plugin.preloaded = archive
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert plugin.site is not None
    return BuildStats(len(plugin.site.pages), len(archive.filtered(audience)), len(plugin.site.files))
