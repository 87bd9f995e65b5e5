"""``plugins: [dossier]`` in mkdocs.yml: a thin adapter from MkDocs' events onto the site's build service
(generator/site/publish.py), so ``mkdocs build`` and ``mkdocs serve`` build what ``dossier site`` builds.

Each handler hands MkDocs' configuration, files and pages to the service or to the MkDocs theme engine
(generator/site/mkdocs_theme.py); nothing of the build lives here. Generated pages are virtual files
(``File.generated``): nothing is written into the docs folder.
"""

from __future__ import annotations

import contextlib
import logging
from html import escape
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.errors import ArchiveInvalid
from generator.i18n import t
from generator.model import AUDIENCES
from generator.site import mkdocs_theme
from generator.site.pages import SitePage
from generator.site.publish import DEFAULT_CACHE, Publisher, PublishOptions
from generator.timing import Stages, is_recording, recording

log = logging.getLogger("mkdocs.plugins.dossier")


class DossierConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs is partly typed
    data_dir = c.Type(str, default="archive_data")  # relative to mkdocs.yml (`data` is taken by Config)
    audience = c.Choice(AUDIENCES, default="internal")
    cache_dir = c.Type(str, default=str(DEFAULT_CACHE))  # thumbnails, pages, Markdown, by content hash
    workers = c.Type(int, default=0)  # processes for rendering pages; 0: one per core
    binders_dir = c.Optional(c.Type(str))  # `dossier binders` output to copy in and link to (卷宗页码)


class DossierPlugin(BasePlugin[DossierConfig]):  # type: ignore[no-untyped-call]
    """``plugins: [dossier]`` — the archive in ``data_dir`` becomes the site."""

    def __init__(self) -> None:
        self.publisher = Publisher(warn=log.warning)
        self.pages: dict[str, SitePage] = {}  # the navigation's pages, which MkDocs renders
        self.site_dir = Path()
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None
        self.timings = contextlib.ExitStack()  # stage times for `mkdocs build -v` / `serve -v` (DEBUG)
        self.stages: Stages | None = None

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (root / value).resolve()

    def _options(self, config: MkDocsConfig) -> PublishOptions:
        binders = self.config.binders_dir
        return PublishOptions(
            data=self._path(config, self.config.data_dir),
            audience=self.config.audience,
            cache_dir=self._path(config, self.config.cache_dir),
            workers=self.config.workers,
            binders=self._path(config, binders) if binders else None,
        )

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.publisher = Publisher(serving=command == "serve", warn=log.warning)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not is_recording():
            self.stages = self.timings.enter_context(recording())
        self.site_dir = Path(config.site_dir)
        self.pages, self.nav, self.env = {}, None, None  # the last build's: its model can be freed now
        try:
            site = self.publisher.begin(self._options(config), self.site_dir)
        except ArchiveInvalid as exc:
            lines = [problem.format() for problem in exc.problems]
            raise PluginError("\n".join([*lines, str(exc.message)])) from None
        self.pages = {page.src: page for page in self.publisher.navigation_pages}
        mkdocs_theme.configure(config, site)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.publisher.site is not None
        return mkdocs_theme.add_site_files(files, config, self.publisher.site)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.env = mkdocs_theme.compile_once(env, self._options(config).cache_dir)
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is None:
            return markdown
        page.meta["title"] = escape(ours.title)
        return ""  # the body comes finished from the build service (on_page_content)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is None:
            return html
        rendered = self.publisher.body(ours)
        page.toc = get_toc(rendered.toc)
        return rendered.html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Everything outside the navigation: the other pages, the site's files, the sitemap."""
        assert self.nav is not None and self.env is not None
        theme = mkdocs_theme.MkDocsTheme(config, self.nav, self.env, ours=self)
        self.publisher.finish(theme, self.site_dir)
        self._log_stages()

    def on_build_error(self, *, error: Exception) -> None:
        self.publisher.abort(self.site_dir)
        self._log_stages()

    def _log_stages(self) -> None:
        if self.stages is not None:
            for name, seconds in self.stages.seconds.items():
                log.debug("dossier: %5.2f s  %s", seconds, t(name))
        self.timings.close()
        self.stages = None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._path(config, self.config.data_dir)))
        return server
