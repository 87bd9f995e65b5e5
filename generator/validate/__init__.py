"""Validate a data folder and build the model: every problem in one run, each with file, line and column.

``load_archive`` is the one entry point: it reads archive.yml, units.yml, indicators.yml and every record
file, checks each against the schema, then checks what no single file can show (duplicate ids, dangling
references, attached files, dates), and returns the model only when there are no errors.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.errors import ArchiveInvalid, Problem, sort_problems
from generator.filefacts import FileFacts
from generator.model import Archive
from generator.reproducible import sha256_of
from generator.validate.body_images import check_body_images
from generator.validate.cache import ParseCache
from generator.validate.checks import (
    check_cross_references,
    check_dates,
    check_files,
    check_indicator_scores,
    check_self_scores,
    forget_resolved_folders,
    resolve_inside,
)
from generator.validate.readers import (
    read_archive_info,
    read_indicators,
    read_records,
    read_self_scores,
    read_units,
    record_files,
)
from generator.validate.state import Collected

log = logging.getLogger(__name__)


def load_archive(root: Path, cache_dir: Path | None = None) -> tuple[Archive | None, list[Problem]]:
    """Read and validate the data folder ``root``. The archive is None when any problem is an error.

    With ``cache_dir``, files unchanged since the last run are not parsed (validate/cache.py) or hashed
    (generator/filefacts.py) again; the problems and the archive are the same as without it."""
    forget_resolved_folders()
    with _without_cycle_collector():
        collected = _read_and_check(root, cache_dir)
        problems = sort_problems(collected.problems)
        if collected.info is None or any(p.severity == "error" for p in problems):
            return None, problems
        # still without the collector: the model's indexes and sorting make as many small values again
        archive = Archive.build(
            root,
            collected.info,
            (u for u, _ in collected.units),
            collected.indicators,
            (r for r, _ in collected.records),
            self_scores=(s for s, _ in collected.self_scores),
            origins={record.id: source.packed() for record, source in collected.records},
            indicator_origins={
                spec_id: source.packed() for spec_id, source in collected.indicator_sources.items()
            },
        )
    return archive, problems


def _read_and_check(root: Path, cache_dir: Path | None) -> Collected:
    collected = Collected(cache=ParseCache.open(root, cache_dir), facts=FileFacts(cache_dir))
    read_archive_info(root, collected)
    read_units(root, collected)
    read_indicators(root, collected)
    read_records(root, collected)
    read_self_scores(root, collected)
    check_cross_references(collected)
    check_self_scores(collected)
    check_files(root, collected)
    check_dates(collected)
    check_indicator_scores(collected)
    check_body_images(root, collected)
    collected.cache.save()
    collected.facts.save()
    log.debug("parse cache: %d files unchanged, %d read", collected.cache.hits, collected.cache.misses)
    return collected


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Reading makes a million small values and no reference cycles: the cycle collector would walk them
    again and again and find nothing (docs/scaling.md). It runs as usual afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def require_archive(root: Path, cache_dir: Path | None = None) -> tuple[Archive, list[Problem]]:
    """The archive and its warnings; raises ``ArchiveInvalid`` (with every problem) when it has errors."""
    archive, problems = load_archive(root, cache_dir)
    if archive is None:
        raise ArchiveInvalid(problems)
    return archive, problems


__all__ = ["load_archive", "record_files", "require_archive", "resolve_inside", "sha256_of"]
