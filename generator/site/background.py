"""The search index and the catalogue downloads, made in another process while the pages are rendered.

Both need only the records, so they start first, each beside everything else (the catalogue's XLSX is the
slowest of the downloads to make). A build that may fork (``dossier site``, ``mkdocs build``) forks a worker
for each, which inherits the model. ``mkdocs serve`` has a web-server thread and must not fork: one worker
started by a forkserver makes both, loading the archive itself through the parse cache while serve loads,
plans and renders on the other core. An edit saved between the two loads is in these files and not in the
pages, or the other way round: harmless, as that edit triggers the next rebuild, which makes both of it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

from generator import parallel
from generator.model import Archive, Audience
from generator.site.catalogue import catalogue_files
from generator.site.output import write_files
from generator.site.pages import SiteFile
from generator.site.search_files import search_files
from generator.validate import require_archive


def start_workers(
    archive: Archive, audience: Audience, cache_dir: Path, previous: Path | None, *, fork: bool
) -> list[parallel.Background]:
    """The search index and the catalogue of ``archive``, each in a forked worker (without ``fork``: made
    when the build asks for them). ``previous`` is the output being replaced, whose unchanged files are
    linked."""
    return [
        parallel.Background(
            functools.partial(
                _write_made, functools.partial(make, archive, audience, cache_dir), cache_dir, previous
            ),
            cache_dir / "work" / f"{name}-{os.getpid()}",
            start="fork" if fork else None,
        )
        for name, make in (("search", search_files), ("catalogue", catalogue_files))
    ]


def start_serve_worker(
    data: Path, audience: Audience, cache_dir: Path, previous: Path | None
) -> parallel.Background:
    """Both, made by one worker from a forkserver, which loads the archive in ``data`` itself."""
    return parallel.Background(
        functools.partial(_serve_background, data, audience, cache_dir, previous),
        cache_dir / "work" / f"search-catalogue-{os.getpid()}",
        start="forkserver",
        preload=[__name__],
        niceness=0,  # serve renders in one process: the other core is the worker's alone
    )


def _write_made(
    make: Callable[[], list[SiteFile]], cache_dir: Path, previous: Path | None, folder: Path
) -> None:
    write_files(make(), folder, cache_dir / "blobs", previous)


def _serve_background(
    data: Path, audience: Audience, cache_dir: Path, previous: Path | None, folder: Path
) -> None:
    archive, _warnings = require_archive(data, cache_dir=cache_dir)
    made = [*search_files(archive, audience, cache_dir), *catalogue_files(archive, audience, cache_dir)]
    write_files(made, folder, cache_dir / "blobs", previous)
