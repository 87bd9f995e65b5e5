"""MkDocs + Material as the site's theme engine (theme.py): the one place that uses MkDocs' internals.

``MkDocsTheme`` puts a page's body into the theme the way MkDocs' own page build does (``_build_page``),
but through a shell (shell.py): the theme is rendered once per folder with sentinels and cut open, and each
page is a few string joins. The cut is checked, not assumed; where it does not hold (another theme, or a
plugin that post-processes every page) each page is rendered through the whole theme instead.

``MkDocsHost`` runs a build for ``dossier site`` without MkDocs' plugin events: it loads the configuration,
lets MkDocs find the theme's files and make the navigation, and renders the navigation's pages exactly as
``mkdocs build`` does with the plugin (generator/mkdocs_plugin.py), which uses the same pieces from here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import types
from collections.abc import Iterable
from html import escape
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.site import shell as sh
from generator.site.output import write_files
from generator.site.pages import RenderedPage, Site, SiteFile, TocEntry
from generator.site.theme import Bodies
from generator.write import write_atomically

BASE_CONFIG = Path(__file__).resolve().parent.parent / "templates" / "site" / "mkdocs.yml"
log = logging.getLogger("mkdocs.plugins.dossier")


def configure(config: MkDocsConfig, site: Site) -> None:
    """Give MkDocs the site's title, language, navigation, stylesheets and scripts."""
    # MkDocs themes print titles without escaping them: record text must reach the theme escaped.
    config.site_name = escape(site.title)
    config.theme["language"] = site.language
    config.use_directory_urls = False  # relative .html links: the site must work from file://
    # Material's 404 page links from the server root ("/assets/…"), which is broken from file:// or a
    # sub-path; without it the web server shows its own.
    config.theme.static_templates.discard("404.html")
    config.nav = [{escape(entry.title): entry.src} for entry in site.nav]
    config.extra_css = [*config.extra_css, *site.stylesheets]
    config.extra_javascript = [*config.extra_javascript, *(c.ExtraScriptValue(s) for s in site.scripts)]


def add_site_files(files: Files, config: MkDocsConfig, site: Site) -> Files:
    """The navigation's pages as generated files (nothing is written into the docs folder); Material's
    search is replaced by ours, so its 2 MB of scripts are not shipped."""
    for unused in [f for f in files if _is_material_search(f.src_uri)]:
        files.remove(unused)
    for entry in site.nav:
        files.append(File.generated(config, entry.src, content="", inclusion=InclusionLevel.UNDEFINED))
    return files


def _is_material_search(src_uri: str) -> bool:
    return src_uri.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/search."))


def compile_once(env: jinja2.Environment, cache_dir: Path) -> jinja2.Environment:
    """The theme's templates compiled once, reused by later builds."""
    folder = cache_dir / "jinja-theme"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


class MkDocsTheme:
    """Renders pages through the theme the way MkDocs would, via one shell per folder."""

    def __init__(
        self, config: MkDocsConfig, nav: Navigation, env: jinja2.Environment, ours: object = None
    ) -> None:
        self.config = config
        self.nav = nav
        self.env = env
        self.main = env.get_template("main.html")
        self.toc_template = env.get_template("partials/toc.html")
        self.shells: dict[tuple[str, bool], sh.Shell | None] = {}
        self.lang: Any = None
        # Plugins that post-process every page (other than ``ours``, the dossier plugin) need MkDocs' own
        # per-page rendering.
        others = [
            handler
            for event in ("page_context", "post_page")
            for handler in config.plugins.events[event]
            if getattr(handler, "__self__", None) is not ours
        ]
        self.fast = not others
        self.fingerprint = hashlib.sha256(self._shell_html("x", has_toc=True).encode("utf-8")).hexdigest()

    @property
    def site_url(self) -> str:
        return self.config.site_url or ""

    def _page(self, src: str, title: str, html: str, toc: list[TocEntry]) -> Page:
        file = File.generated(self.config, src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        return self._filled(Page(None, file, self.config), title, RenderedPage(html, toc))

    @staticmethod
    def _filled(page: Page, title: str, body: RenderedPage) -> Page:
        """``page`` as MkDocs leaves it once the dossier plugin has given it its title and body."""
        page.markdown = ""
        page.meta = {"title": title}
        page.content = body.html
        page.toc = get_toc(body.toc)
        return page

    def _render(self, page: Page, pages: Iterable[File] = ()) -> tuple[str, dict[str, Any]]:
        """Exactly MkDocs' _build_page, without writing."""
        context = get_context(self.nav, list(pages), self.config, page)
        context = self.config.plugins.on_page_context(context, page=page, config=self.config, nav=self.nav)
        page.active = True
        try:
            html = self.main.render(context)
        finally:
            page.active = False
        html = self.config.plugins.on_post_page(html, page=page, config=self.config)
        return html, dict(context)

    def nav_page(self, page: Page, title: str, body: RenderedPage, pages: Iterable[File]) -> str:
        """A page of the navigation (``page`` is the navigation's own), rendered in full."""
        return self._render(self._filled(page, escape(title), body), pages)[0]

    def _prototype(self, folder: str, has_toc: bool) -> Page:
        """A page of ``folder`` made of sentinels (shell.py), with one heading or none."""
        toc: list[TocEntry] = [{"level": 2, "id": sh.SKIP, "name": "x", "children": []}] if has_toc else []
        src = f"{folder}/{sh.NAME}.md" if folder else f"{sh.NAME}.md"
        return self._page(src, sh.TITLE, sh.BODY, toc)

    def _shell_html(self, folder: str, *, has_toc: bool) -> str:
        return self._render(self._prototype(folder, has_toc))[0]

    def prepare(self, folders: Iterable[str]) -> None:
        """Make the shells of these folders now (both variants: whether a page has headings is known only
        once it is rendered)."""
        for folder in sorted(set(folders)):
            for has_toc in (False, True):
                self._shell(folder, has_toc)

    def _shell(self, folder: str, has_toc: bool) -> sh.Shell | None:
        key = (folder, has_toc)
        if key not in self.shells:
            self.shells[key] = self._cut(folder, has_toc) if self.fast else None
        return self.shells[key]

    def _cut(self, folder: str, has_toc: bool) -> sh.Shell | None:
        page = self._prototype(folder, has_toc)
        html, context = self._render(page)
        if self.lang is None:
            self.lang = self.env.get_template("partials/language.html").make_module(context)
        try:
            return sh.Shell.cut(html, self._toc(page.toc))
        except (sh.ShellMismatch, jinja2.TemplateError):
            log.info("dossier: the theme cannot be rendered once per folder; rendering every page in full")
            return None

    def _toc(self, toc: Any) -> str:
        return self.toc_template.render(
            config=self.config, lang=self.lang, page=types.SimpleNamespace(toc=toc)
        )

    def page(self, src: str, title: str, body: RenderedPage) -> str:
        folder, _, stem = src.rpartition("/")
        name = stem.removesuffix(".md")
        escaped = escape(title)
        shell = self._shell(folder, bool(body.toc))
        if shell is None:
            return self._render(self._page(src, escaped, body.html, body.toc))[0]
        html = body.html if "<h1" in body.html else f"<h1>{escaped}</h1>{body.html}"
        toc = get_toc(body.toc)
        skip = next(iter(toc)).id if body.toc else None
        return shell.fill(name=name, title=escaped, toc=self._toc(toc), body=html, skip=skip)


class MkDocsHost:
    """MkDocs as the theme's host for ``dossier site``: its configuration, theme files and navigation,
    without its build loop or plugin events."""

    def __init__(self, cache_dir: Path, config_file: Path = BASE_CONFIG) -> None:
        self.cache_dir = cache_dir
        self.config_file = config_file

    def build(self, site: Site, bodies: Bodies, site_dir: Path, previous: Path | None) -> MkDocsTheme:
        os.environ.setdefault(
            "NO_MKDOCS_2_WARNING", "1"
        )  # Material's end-of-life notice is not our users' news
        config = load_config(str(self.config_file), site_dir=str(site_dir), plugins=[])
        config = config.plugins.on_config(config)  # no plugin runs; MkDocs' files need the event run
        configure(config, site)
        files = get_files(config)
        env = compile_once(config.theme.get_env(), self.cache_dir)
        for path, folder in self._theme_files(env, config):
            if files.get_file_from_path(path) is None:  # the docs folder's files win, as in MkDocs
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))
        files = add_site_files(files, config, site)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        theme = MkDocsTheme(config, nav, env)
        write_files(self._static_files(files), site_dir, previous=previous)
        pages = files.documentation_pages()
        ours = {page.src: page for page in site.pages}
        made = []
        for file in pages:
            assert file.page is not None  # every documentation page is in the navigation
            page = ours[file.src_uri]
            html = theme.nav_page(file.page, page.title, bodies(page), pages)
            made.append(SiteFile(file.dest_uri, data=html.encode("utf-8", "xmlcharrefreplace")))
        write_files(made, site_dir, previous=previous)
        return theme

    def _theme_files(self, env: jinja2.Environment, config: MkDocsConfig) -> list[tuple[str, str]]:
        """The theme's own files to copy, (path, theme folder) — as MkDocs finds them, by walking the
        theme's folders (Material's holds thousands of icons), once per installed version of the theme."""
        key = hashlib.sha256(
            repr(
                (
                    [(name, metadata.version(name)) for name in ("mkdocs", "mkdocs-material")],
                    config.theme.dirs,
                    sorted(config.theme.static_templates),
                )
            ).encode()
        ).hexdigest()[:24]
        stored = self.cache_dir / "theme-files" / f"{key}.json"
        try:
            listing = [(str(path), str(folder)) for path, folder in json.loads(stored.read_bytes())]
        except (OSError, ValueError, TypeError):
            found = Files([])
            found.add_files_from_theme(env, config)
            listing = [(file.src_uri, file.src_dir) for file in found if file.src_dir is not None]
            write_atomically(stored, json.dumps(listing).encode("utf-8"))
        return listing

    @staticmethod
    def _static_files(files: Files) -> list[SiteFile]:
        """The theme's and the docs folder's own files, as MkDocs would copy them."""
        return [
            SiteFile(file.dest_uri, source=Path(file.abs_src_path))
            for file in files
            if not file.is_documentation_page()
            and file.inclusion.value > InclusionLevel.DRAFT.value
            and file.abs_src_path
        ]
