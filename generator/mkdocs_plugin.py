"""The MkDocs side of dossier: a thin adapter from MkDocs' events onto ``generator.site``, and the driver
``dossier site`` uses to run MkDocs programmatically, so the CLI and ``mkdocs build``/``serve`` share a path.

This is the only module that imports MkDocs (MkDocs 2 drops plugins; keeping the coupling here keeps the rest
of the project independent of it). Generated pages are virtual files (``File.generated``): nothing is written
into the docs folder. Page bodies are rendered by ``generator.site`` and handed to the theme as finished HTML
in ``on_page_content``; the table of contents is set from the body's headings.

Only the section pages of the navigation (a dozen or so) go through MkDocs' page pipeline. The thousands of
pages reached from them (records, people, units, indicators, years) are not handed to MkDocs as pages: after
MkDocs has built, the plugin renders the theme once per folder, cuts it open (``generator.site.shell``) and
fills it per page — the same HTML Material would write, at a fraction of the cost — reusing pages whose
inputs did not change from the page cache, and writes them and every other file of the site itself.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import gzip
import hashlib
import logging
import os
import shutil
import time
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build, get_context
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date

from generator import parallel
from generator.errors import ArchiveInvalid
from generator.i18n import t
from generator.model import AUDIENCES, Archive, Audience
from generator.site import shell as sh
from generator.site.binders_link import BinderLinks, BindersUnusable, load_binder_links
from generator.site.build import build_site, catalogue_files, search_files
from generator.site.cache import BodyCache, PageCache, prune_unlinked
from generator.site.output import write_files
from generator.site.pages import RenderedPage, Site, SiteFile, SitePage, TocEntry
from generator.site.urls import output_path
from generator.timing import Stages, add_stage, is_recording, recording, stage
from generator.validate import require_archive
from generator.write import remove_tree_later

PARALLEL_MIN_PAGES = 400  # below this, starting processes costs more than it saves
BASE_CONFIG = Path(__file__).resolve().parent / "templates" / "site" / "mkdocs.yml"
DEFAULT_CACHE = Path(".cache") / "dossier"
log = logging.getLogger("mkdocs.plugins.dossier")


class DossierConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs is partly typed
    data_dir = c.Type(str, default="archive_data")  # relative to mkdocs.yml (`data` is taken by Config)
    audience = c.Choice(AUDIENCES, default="internal")
    cache_dir = c.Type(str, default=str(DEFAULT_CACHE))  # thumbnails, pages, Markdown, by content hash
    workers = c.Type(int, default=0)  # processes for rendering pages; 0: one per core
    binders_dir = c.Optional(c.Type(str))  # `dossier binders` output to copy in and link to (卷宗页码)
    # The output this build replaces (`dossier site` builds into a staging folder beside it): its unchanged
    # files are hard-linked instead of copied again. Not for mkdocs.yml: `mkdocs build` empties site_dir.
    previous_dir = c.Optional(c.Type(str))


class DossierPlugin(BasePlugin[DossierConfig]):  # type: ignore[no-untyped-call]
    """``plugins: [dossier]`` — the archive in ``data`` becomes the site."""

    def __init__(self) -> None:
        self.preloaded: Archive | None = None  # set by ``build_with_mkdocs``, which has validated already
        self.site: Site | None = None
        self.pages: dict[str, SitePage] = {}  # the navigation's pages, which MkDocs renders
        self.direct: list[SitePage] = []  # every other page, which the plugin renders (module docstring)
        self.nav: Navigation | None = None
        self.cache_dir: Path | None = None
        self.cache_stats = (0, 0)  # page cache hits and misses of the last build
        self.env: jinja2.Environment | None = None
        self.serving = False
        self.background: list[parallel.Background] = []
        self.mkdocs_started = 0.0  # when on_config ended: MkDocs' own work runs until on_post_build
        self.serve_previous: Path | None = None  # `mkdocs serve`: the last build's files (on_pre_build)
        # `mkdocs build/serve` (not `dossier site`, which records its own): stage times for `-v` (DEBUG)
        self.timings = contextlib.ExitStack()
        self.stages: Stages | None = None

    def _processes(self) -> int:
        return 1 if self.serving else (self.config.workers or parallel.workers())

    def _relative_to_config(self, config: MkDocsConfig, value: str) -> Path:
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        return (root / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not is_recording():
            self.stages = self.timings.enter_context(recording())
        self.cache_dir = self._relative_to_config(config, self.config.cache_dir)
        data = self._relative_to_config(config, self.config.data_dir)
        audience: Audience = self.config.audience
        # The search index and the catalogue need only the records: start them first, each in a process of
        # its own beside everything else (the catalogue's XLSX alone takes a second at 10,000 records).
        in_forkserver = self.serving and parallel.forkserver_helps()
        if in_forkserver:
            # `mkdocs serve` has a web-server thread and must not fork: both are made by one worker from a
            # forkserver instead, which loads the archive itself (through the parse cache: half a second at
            # 10,000 records) while this process loads, plans and renders on the other core.
            site = Path(config.site_dir)
            last = site.stat() if site.is_dir() and any(site.iterdir()) else None
            self.background = [
                parallel.Background(
                    functools.partial(
                        _serve_background,
                        data,
                        audience,
                        self.cache_dir,
                        # on_pre_build sets the last build aside under this name: its files are linked
                        (site.with_name(f"{site.name}.previous"), last.st_ino) if last else None,
                    ),
                    self.cache_dir / "work" / f"search-catalogue-{os.getpid()}",
                    start="forkserver",
                    preload=[__name__],
                    niceness=0,  # serve renders in one process: the other core is the worker's alone
                )
            ]
        archive = self.preloaded or self._load_frozen(data, self.cache_dir)
        if not in_forkserver:
            fork = self._processes() > 1 and len(archive) >= PARALLEL_MIN_PAGES
            self.background = [
                parallel.Background(
                    functools.partial(
                        _write_made,
                        functools.partial(make, archive, audience, self.cache_dir),
                        self.cache_dir / "blobs",
                        self._previous,  # asked when writing: `mkdocs serve` sets it in on_pre_build
                    ),
                    self.cache_dir / "work" / f"{name}-{os.getpid()}",
                    start="fork" if fork else None,
                )
                for name, make in (("search", search_files), ("catalogue", catalogue_files))
            ]
        with stage("stage-plan"):
            self.site = build_site(archive, audience, self.cache_dir, self._binder_links(config, archive))
        in_nav = {entry.src for entry in self.site.nav}
        self.pages = {page.src: page for page in self.site.pages if page.src in in_nav}
        self.direct = [page for page in self.site.pages if page.src not in in_nav]
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
        self.mkdocs_started = time.perf_counter()
        return config

    def _load_frozen(self, data: Path, cache_dir: Path) -> Archive:
        """Load the archive and exempt it from the garbage collector, which would otherwise walk its
        hundreds of thousands of objects again and again while pages are planned (``dossier site`` does the
        same). Under ``mkdocs serve`` the last build's model is let go and collected first: its pages'
        renderers and the builder refer to each other, and frozen garbage in a cycle would never be freed."""
        if self.site is not None:
            self.site, self.pages, self.direct, self.nav, self.env = None, {}, [], None, None
            gc.unfreeze()
            gc.collect()
        archive = _load(data, cache_dir)
        gc.freeze()
        return archive

    def _previous(self) -> Path | None:
        if self.serve_previous is not None:
            return self.serve_previous
        return Path(self.config.previous_dir) if self.config.previous_dir else None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """``mkdocs serve`` empties its folder before every rebuild; set the last build's files aside first,
        so the rebuild links what did not change instead of copying 20,000 files again."""
        if not self.serving:
            return
        site = Path(config.site_dir)
        aside = site.with_name(f"{site.name}.previous")
        shutil.rmtree(aside, ignore_errors=True)
        if site.is_dir() and any(site.iterdir()):
            site.rename(aside)
            site.mkdir()
            self.serve_previous = aside

    def _forget_previous(self) -> None:
        if self.serve_previous is not None:
            remove_tree_later(self.serve_previous)  # 30,000 files: not while the browser waits
            self.serve_previous = None

    def _binder_links(self, config: MkDocsConfig, archive: Archive) -> BinderLinks | None:
        if not self.config.binders_dir:
            return None
        folder = self._relative_to_config(config, self.config.binders_dir)
        try:
            return load_binder_links(folder, self.config.audience, [b.id for b in archive.info.binders])
        except BindersUnusable as exc:
            log.warning(t(exc.key, **exc.params))  # the site is still built, without the binders
            return None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for unused in [f for f in files if _is_material_search(f.src_uri)]:
            files.remove(unused)  # Material's search is replaced by ours; don't ship 2 MB of its scripts
        for src in self.pages:
            files.append(File.generated(config, src, content="", inclusion=InclusionLevel.UNDEFINED))
        return files

    def on_build_error(self, *, error: Exception) -> None:
        self._forget_previous()
        self._log_stages()
        for background in self.background:
            if background.process is not None:
                background.process.kill()  # a failed build leaves no worker behind
                background.process.join()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve` runs a web server thread; forking a threaded process is not safe, and its rebuilds
        # come mostly from the page cache anyway.
        self.serving = command == "serve"
        if self.serving:
            parallel.limit_workers(1)  # thumbnails and file facts too, not only the pages

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        assert self.cache_dir is not None
        folder = self.cache_dir / "jinja-theme"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))  # the theme compiles once
        self.env = env
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the pages outside the navigation, the site's files and a sitemap of every page."""
        assert self.site is not None and self.nav is not None and self.cache_dir is not None
        assert self.env is not None
        add_stage("stage-mkdocs", time.perf_counter() - self.mkdocs_started)
        site_dir = Path(config.site_dir)
        theme = _ThemePages(config, self.nav, self.env)
        cache = PageCache(self.cache_dir / "pages", theme.fingerprint)
        previous = self._previous()
        with stage("stage-pages"):
            pending = [
                p
                for p in self.direct
                if not cache.link(p.src, p.key, f"{site_dir}/{output_path(p.src)}", _under(previous, p.src))
            ]
            theme.prepare(pending)  # before forking, so workers share the shells
        with stage("stage-files"):
            write_files(self.site.files, site_dir, self.cache_dir / "blobs", previous)
        processes = self._processes() if len(pending) >= PARALLEL_MIN_PAGES else 1
        slices = [pending[i :: processes * 4] for i in range(processes * 4)] if processes > 1 else [pending]
        render = functools.partial(_render_pages, theme, cache, site_dir=site_dir, previous=previous)
        tasks = [functools.partial(render, part) for part in slices if part]
        with stage("stage-pages"):
            parallel.run(tasks, processes)
        with stage("stage-search"):  # built in other processes meanwhile: this is the wait for them
            for background in self.background:
                background.finish(site_dir)
        _sitemap(config, site_dir, [page.src for page in self.site.pages])
        self.cache_stats = (cache.hits, len(pending))
        _prune_now_and_then(self.cache_dir)
        self._forget_previous()
        self._log_stages()

    def _log_stages(self) -> None:
        """``mkdocs build -v`` / ``mkdocs serve -v``: where this build's time went (``dossier site -v`` prints
        the same itself)."""
        if self.stages is not None:
            for name, seconds in self.stages.seconds.items():
                log.debug("dossier: %5.2f s  %s", seconds, t(name))
        self.timings.close()
        self.stages = None

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
        assert self.cache_dir is not None
        bodies = BodyCache(self.cache_dir / "bodies")
        rendered = bodies.get(ours.src, ours.key)
        if rendered is None:
            rendered = ours.render()
            bodies.put(ours.src, ours.key, rendered)
        page.toc = get_toc(rendered.toc)
        return rendered.html

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._relative_to_config(config, self.config.data_dir)))
        return server


PRUNE_EVERY = 3600  # seconds; walking the cache's folders costs a noticeable part of a one-record rebuild


def _prune_now_and_then(cache_dir: Path) -> None:
    """Remove cache entries no build has used for a day — at most once an hour."""
    stamp = cache_dir / "pruned"
    now = time.time()
    try:
        if now - stamp.stat().st_mtime < PRUNE_EVERY:
            return
    except FileNotFoundError:
        pass
    for folder in ("pages", "blobs"):
        prune_unlinked(cache_dir / folder, now)
    stamp.touch()


def _under(folder: Path | None, src: str) -> str | None:
    """Where the page ``src`` is in ``folder`` (the output or the previous one): a string, not a Path, for
    each of 12,000 pages."""
    return f"{folder}/{output_path(src)}" if folder else None


def _render_pages(
    theme: _ThemePages, cache: PageCache, pages: list[SitePage], *, site_dir: Path, previous: Path | None
) -> int:
    for page in pages:
        html = theme.render(page.src, page.title, page.render()).encode("utf-8", "xmlcharrefreplace")
        cache.put(page.src, page.key, html, f"{site_dir}/{output_path(page.src)}", _under(previous, page.src))
    return len(pages)


def _write_made(
    make: Callable[[], list[SiteFile]], blobs: Path, previous: Callable[[], Path | None], site_dir: Path
) -> None:
    write_files(make(), site_dir, blobs, previous())


def _serve_background(
    data: Path, audience: Audience, cache_dir: Path, last: tuple[Path, int] | None, folder: Path
) -> None:
    """`mkdocs serve`'s search index and catalogue, made in a forkserver worker (which inherits nothing) from
    the archive in ``data``, loaded here too, through the parse cache, while serve loads it. An edit saved
    between the two loads is in these files and not in the pages, or the other way round: harmless, as that
    edit triggers the next rebuild, which makes both of it.

    ``last`` is where on_pre_build moves the last build's output and that folder's inode: its unchanged
    search texts are linked, not copied, once it is there (on_pre_build runs while the index is made)."""
    archive, _warnings = require_archive(data, cache_dir=cache_dir)
    made = [*search_files(archive, audience, cache_dir), *catalogue_files(archive, audience, cache_dir)]
    write_files(made, folder, cache_dir / "blobs", _when_set_aside(last))


def _when_set_aside(last: tuple[Path, int] | None) -> Path | None:
    """The folder ``last`` names once it holds the folder with that inode (a leftover of a failed build
    there does not count)."""
    if last is None:
        return None
    folder, inode = last
    for _ in range(1500):  # 30 s; past that, copy: a slow rebuild is better than none
        with contextlib.suppress(FileNotFoundError):
            if folder.stat().st_ino == inode:
                return folder
        time.sleep(0.02)
    return None


class _ThemePages:
    """Renders pages through the theme the way MkDocs would, via one shell per folder (shell.py)."""

    def __init__(self, config: MkDocsConfig, nav: Navigation, env: jinja2.Environment) -> None:
        self.config = config
        self.nav = nav
        self.env = env
        self.main = self.env.get_template("main.html")
        self.toc_template = self.env.get_template("partials/toc.html")
        self.shells: dict[tuple[str, bool], sh.Shell | None] = {}
        self.lang: Any = None
        # Plugins that post-process every page need MkDocs' own per-page rendering.
        others = [
            handler
            for event in ("page_context", "post_page")
            for handler in config.plugins.events[event]
            if not isinstance(getattr(handler, "__self__", None), DossierPlugin)
        ]
        self.fast = not others
        # What the theme adds around a page: a change of theme, configuration or navigation renews every page.
        self.fingerprint = hashlib.sha256(self._shell_html("x", has_toc=True).encode("utf-8")).hexdigest()

    def _page(self, src: str, title: str, html: str, toc: list[TocEntry]) -> Page:
        file = File.generated(self.config, src, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        page = Page(None, file, self.config)
        page.markdown = ""
        page.meta = {"title": title}
        page.content = html
        page.toc = get_toc(toc)
        return page

    def _render(self, page: Page) -> tuple[str, dict[str, Any]]:
        """Exactly MkDocs' _build_page, without writing."""
        context = get_context(self.nav, [], self.config, page)
        context = self.config.plugins.on_page_context(context, page=page, config=self.config, nav=self.nav)
        page.active = True
        try:
            html = self.main.render(context)
        finally:
            page.active = False
        html = self.config.plugins.on_post_page(html, page=page, config=self.config)
        return html, dict(context)

    def _prototype(self, folder: str, has_toc: bool) -> Page:
        """A page of ``folder`` made of sentinels (shell.py), with one heading or none."""
        toc: list[TocEntry] = [{"level": 2, "id": sh.SKIP, "name": "x", "children": []}] if has_toc else []
        src = f"{folder}/{sh.NAME}.md" if folder else f"{sh.NAME}.md"
        return self._page(src, sh.TITLE, sh.BODY, toc)

    def _shell_html(self, folder: str, *, has_toc: bool) -> str:
        return self._render(self._prototype(folder, has_toc))[0]

    def prepare(self, pages: list[SitePage]) -> None:
        """Make the shells these pages need now (both variants: whether a page has headings is known only
        once it is rendered)."""
        for folder in sorted({page.src.rpartition("/")[0] for page in pages}):
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

    def render(self, src: str, title: str, rendered: RenderedPage) -> str:
        folder, _, stem = src.rpartition("/")
        name = stem.removesuffix(".md")
        escaped = escape(title)
        shell = self._shell(folder, bool(rendered.toc))
        if shell is None:
            return self._render(self._page(src, escaped, rendered.html, rendered.toc))[0]
        body = rendered.html if "<h1" in rendered.html else f"<h1>{escaped}</h1>{rendered.html}"
        toc = get_toc(rendered.toc)
        skip = next(iter(toc)).id if rendered.toc else None
        return shell.fill(name=name, title=escaped, toc=self._toc(toc), body=body, skip=skip)


def _sitemap(config: MkDocsConfig, site_dir: Path, sources: list[str]) -> None:
    """Every page (MkDocs' own sitemap lists only the pages it rendered). Like MkDocs, a sitemap needs
    absolute addresses: without ``site_url`` it is empty."""
    date = get_build_date()
    base = config.site_url.rstrip("/") + "/" if config.site_url else ""
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


def _is_material_search(src_uri: str) -> bool:
    return src_uri.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/search."))


def _load(data: Path, cache_dir: Path) -> Archive:
    try:
        with stage("stage-validate"):
            archive, _warnings = require_archive(data, cache_dir=cache_dir)
    except ArchiveInvalid as exc:
        lines = [problem.format() for problem in exc.problems]
        raise PluginError("\n".join([*lines, str(exc.message)])) from None
    return archive


@dataclass(frozen=True)
class BuildStats:
    pages: int
    records: int
    files: int
    rendered: int  # pages outside the navigation rendered in this build
    reused: int  # … and taken unchanged from the page cache
    derived: Mapping[str, str] = field(default_factory=dict)  # clean copies: site path → source's sha256


def build_with_mkdocs(
    archive: Archive,
    site_dir: Path,
    audience: Audience,
    cache_dir: Path,
    workers: int = 0,
    *,
    binders: Path | None = None,
    previous: Path | None = None,
) -> BuildStats:
    """Build the site of ``archive`` into ``site_dir`` with MkDocs and our plugin — ``dossier site``;
    ``binders`` is a ``dossier binders`` output folder to copy in and link to; ``previous`` the output this
    build will replace, whose unchanged files are linked rather than copied."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner is not our users' news
    options = {
        "data_dir": str(archive.root),
        "audience": audience,
        "cache_dir": str(cache_dir),
        "workers": workers,
        "binders_dir": str(binders.absolute()) if binders else None,
        "previous_dir": str(previous.absolute()) if previous and previous.is_dir() else None,
    }
    config = load_config(str(BASE_CONFIG), site_dir=str(site_dir), plugins={"dossier": options})
    plugin = config.plugins["dossier"]
    assert isinstance(plugin, DossierPlugin)
    plugin.preloaded = archive
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert plugin.site is not None
    reused, rendered = plugin.cache_stats
    return BuildStats(
        len(plugin.site.pages),
        len(archive.filtered(audience)),
        len(plugin.site.files),
        rendered,
        reused,
        plugin.site.derived,
    )
