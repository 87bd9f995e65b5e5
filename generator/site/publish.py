"""The site's build service: ``dossier site``, ``mkdocs build`` and ``mkdocs serve`` all build through it.

A build is ``begin`` (load the archive unless given, start the search index and the catalogue in the
background, plan every page), then the theme's host writes the theme's own files and the navigation's pages
(their bodies from ``body``), then ``finish`` writes everything else: the attached files, every other page
(from the page cache, else rendered into the theme, side by side), the background's files, the sitemap.
``dossier site`` runs the whole through ``publish`` with MkDocs as the host (mkdocs_theme.MkDocsHost);
under ``mkdocs build``/``serve`` MkDocs runs its own build loop and the plugin (generator/mkdocs_plugin.py)
calls ``begin``, ``body`` and ``finish`` from its events. Nothing here imports MkDocs: the theme is reached
through theme.ThemeEngine alone.

Under ``mkdocs serve`` one ``Publisher`` makes every rebuild: it sets the last build's output aside so the
rebuild links what did not change, and lets the last build's model go before loading the next.
"""

from __future__ import annotations

import gc
import logging
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import parallel
from generator.i18n import t
from generator.model import Archive, Audience
from generator.site import background, writing
from generator.site.binders_link import BinderLinks, BindersUnusable, load_binder_links
from generator.site.cache import BodyCache, PageCache, prune_now_and_then
from generator.site.output import write_files
from generator.site.pages import RenderedPage, Site, SitePage
from generator.site.plan import plan_site
from generator.site.theme import ThemeEngine, ThemeHost
from generator.timing import add_stage, stage
from generator.validate import require_archive
from generator.write import remove_tree_later

DEFAULT_CACHE = Path(".cache") / "dossier"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishOptions:
    data: Path  # the archive's folder
    audience: Audience = "internal"
    cache_dir: Path = DEFAULT_CACHE  # thumbnails, pages, Markdown, by content hash
    workers: int = 0  # processes for rendering pages; 0: one per core
    binders: Path | None = None  # `dossier binders` output to copy in and link to (卷宗页码)
    previous: Path | None = None  # the output this build replaces: its unchanged files are linked


@dataclass(frozen=True)
class BuildStats:
    pages: int
    records: int
    files: int
    rendered: int  # pages outside the navigation rendered in this build
    reused: int  # … and taken unchanged from the page cache
    derived: Mapping[str, str] = field(default_factory=dict)  # clean copies: site path → source's sha256


def publish(
    archive: Archive,
    site_dir: Path,
    audience: Audience,
    cache_dir: Path,
    *,
    workers: int = 0,
    binders: Path | None = None,
    previous: Path | None = None,
    host: ThemeHost | None = None,
) -> BuildStats:
    """Build the site of ``archive`` for ``audience`` into ``site_dir`` — ``dossier site``. ``binders`` is a
    ``dossier binders`` output folder to copy in and link to; ``previous`` the output this build will
    replace, whose unchanged files are linked rather than copied; ``host`` runs the theme (default: MkDocs
    + Material)."""
    if host is None:
        from generator.site.mkdocs_theme import MkDocsHost  # noqa: PLC0415 — MkDocs only to build a site

        host = MkDocsHost(cache_dir)
    if previous is not None and not previous.is_dir():
        previous = None
    options = PublishOptions(archive.root, audience, cache_dir, workers, binders, previous)
    publisher = Publisher()
    try:
        site = publisher.begin(options, site_dir, archive)
        theme = host.build(site, publisher.body, site_dir, publisher.previous)
        return publisher.finish(theme, site_dir)
    except BaseException:
        publisher.abort(site_dir)
        raise


class Publisher:
    """Builds the site, once (``dossier site``, ``mkdocs build``) or again and again (``mkdocs serve``)."""

    def __init__(self, *, serving: bool = False, warn: Callable[[str], None] = log.warning) -> None:
        self.serving = serving
        self.warn = warn
        if serving:
            # serve runs a web-server thread, and forking a process that has threads is unsafe: one process
            # renders (thumbnails and file facts too); its rebuilds come mostly from the page cache anyway.
            parallel.limit_workers(1)
        self.site: Site | None = None
        self.previous: Path | None = None
        self._options = PublishOptions(Path())
        self._records = 0
        self._background: list[parallel.Background] = []
        self._set_aside: Path | None = None  # serve: the last build's output
        self._planned = 0.0

    @property
    def navigation_pages(self) -> list[SitePage]:
        """The pages of the navigation, which the theme's host renders itself (a dozen or so)."""
        assert self.site is not None
        in_nav = {entry.src for entry in self.site.nav}
        return [page for page in self.site.pages if page.src in in_nav]

    def begin(self, options: PublishOptions, site_dir: Path, archive: Archive | None = None) -> Site:
        """Plan the site of ``archive`` (loaded from ``options.data`` when None) and start the background
        work. ArchiveInvalid when the archive has errors."""
        self._options = options
        self._let_go_of_last_build()
        self.previous = options.previous
        if self.serving:
            self.previous = self._set_aside = _set_aside(site_dir)
        in_forkserver = self.serving and parallel.forkserver_helps()
        if in_forkserver:  # before loading: the worker loads the archive itself meanwhile
            self._background = [
                background.start_serve_worker(
                    options.data, options.audience, options.cache_dir, self.previous
                )
            ]
        if archive is None:
            archive = self._load(options)
        if not in_forkserver:
            fork = self._processes() > 1 and len(archive) >= writing.PARALLEL_MIN_PAGES
            self._background = background.start_workers(
                archive, options.audience, options.cache_dir, self.previous, fork=fork
            )
        with stage("stage-plan"):
            self.site = plan_site(archive, options.audience, options.cache_dir, self._binder_links(archive))
        self._records = len(archive.filtered(options.audience))
        self._planned = time.perf_counter()
        return self.site

    def _processes(self) -> int:
        return 1 if self.serving else (self._options.workers or parallel.workers())

    def _load(self, options: PublishOptions) -> Archive:
        """Load the archive and exempt it from the garbage collector, which would otherwise walk its
        hundreds of thousands of objects again and again while pages are planned (``dossier site`` does the
        same with the archive it loads)."""
        with stage("stage-validate"):
            archive, _warnings = require_archive(options.data, cache_dir=options.cache_dir)
        gc.freeze()
        return archive

    def _let_go_of_last_build(self) -> None:
        """``mkdocs serve``: the last build's model is let go and collected before the next is loaded (its
        pages' renderers and the planner refer to each other, and frozen garbage in a cycle is never
        freed)."""
        if self.site is not None:
            self.site, self._background = None, []
            gc.unfreeze()
            gc.collect()

    def _binder_links(self, archive: Archive) -> BinderLinks | None:
        folder = self._options.binders
        if folder is None:
            return None
        try:
            return load_binder_links(folder, self._options.audience, [b.id for b in archive.info.binders])
        except BindersUnusable as exc:
            self.warn(t(exc.key, **exc.params))  # the site is still built, without the binders
            return None

    def body(self, page: SitePage) -> RenderedPage:
        """The body of a page of the navigation, reused while its key is unchanged (its lists of thousands
        of rows are the costly part)."""
        bodies = BodyCache(self._options.cache_dir / "bodies")
        rendered = bodies.get(page.src, page.key)
        if rendered is None:
            rendered = page.render()
            bodies.put(page.src, page.key, rendered)
        return rendered

    def finish(self, theme: ThemeEngine, site_dir: Path) -> BuildStats:
        """Write every file and page the theme's host did not, wait for the background, write the
        sitemap."""
        assert self.site is not None
        add_stage("stage-mkdocs", time.perf_counter() - self._planned)
        cache_dir = self._options.cache_dir
        in_nav = {entry.src for entry in self.site.nav}
        with stage("stage-files"):
            write_files(self.site.files, site_dir, cache_dir / "blobs", self.previous)
        cache = PageCache(cache_dir / "pages", theme.fingerprint)
        with stage("stage-pages"):
            others = [page for page in self.site.pages if page.src not in in_nav]
            rendered = writing.write_pages(
                others, theme, cache, site_dir, previous=self.previous, processes=self._processes()
            )
        with stage("stage-search"):  # made in other processes meanwhile: this is the wait for them
            for worker in self._background:
                worker.finish(site_dir)
        writing.write_sitemap(site_dir, theme.site_url, [page.src for page in self.site.pages])
        prune_now_and_then(cache_dir)
        self._forget_set_aside()
        site = self.site
        return BuildStats(
            len(site.pages), self._records, len(site.files), len(rendered), cache.hits, site.derived
        )

    def abort(self, site_dir: Path) -> None:
        """A failed build leaves no worker behind; under serve the last build is served again."""
        for worker in self._background:
            if worker.process is not None:
                worker.process.kill()
                worker.process.join()
        if self._set_aside is not None:
            remove_tree_later(site_dir)
            self._set_aside.rename(site_dir)
            self._set_aside = None

    def _forget_set_aside(self) -> None:
        if self._set_aside is not None:
            remove_tree_later(self._set_aside)  # 30,000 files: not while the browser waits
            self._set_aside = None


def _set_aside(site_dir: Path) -> Path | None:
    """``mkdocs serve`` empties its folder before every rebuild: move the last build's files aside first,
    so the rebuild links what did not change instead of copying 20,000 files again."""
    aside = site_dir.with_name(f"{site_dir.name}.previous")
    shutil.rmtree(aside, ignore_errors=True)
    if not site_dir.is_dir() or not any(site_dir.iterdir()):
        return None
    site_dir.rename(aside)
    site_dir.mkdir()
    return aside
