"""Recognise every file that needs it: plan batches of pages, run them here, in a process pool or on a Dask
cluster, and keep each page and each finished file as soon as it is done."""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from generator.model import Archive
from generator.ocr.engine import Engine, PageText
from generator.ocr.sources import Source, page_count, page_images, pages_without_text, sources
from generator.ocr.store import PageCache, Recognised, state_of, write_result

BATCH_PAGES = 2  # pages per task: a page takes seconds, so tasks cost little; a file spreads out

Progress = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass(frozen=True)
class Batch:
    """Pages of one file to recognise. ``data`` carries the file when workers cannot read ``path``."""

    relative: str
    path: str
    sha256: str
    pages: tuple[int, ...]
    data: bytes | None = None


@dataclass
class Pending:
    """A file being read: the pages known so far."""

    source: Source
    sha256: str
    pages: list[PageText | None]
    missing: set[int]


@dataclass
class Summary:
    files: int = 0  # files written
    pages: int = 0  # pages recognised in this run
    cached: int = 0  # pages taken from the cache
    current: int = 0  # files whose text was already up to date
    edited: list[str] = field(default_factory=list)  # files whose text a person edited: kept as it is
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


# ---------------------------------------------------------------------------------------- the engine
_ENGINE: Engine | None = None


def load_engine() -> Engine:
    """This process's engine, loaded on first use (pool initialiser, Dask worker plugin or here)."""
    global _ENGINE  # noqa: PLW0603 — one engine per process is the point
    if _ENGINE is None:
        _ENGINE = Engine()
    return _ENGINE


def recognise_batch(batch: Batch) -> list[tuple[int, PageText]]:
    """Runs where the engine is: reads the file (checking it is the one planned), recognises the pages."""
    data = batch.data if batch.data is not None else Path(batch.path).read_bytes()
    if hashlib.sha256(data).hexdigest() != batch.sha256:
        raise OSError(f"{batch.path}: the file changed while it was being read (sha256 differs)")
    engine = load_engine()
    images = page_images(data, batch.relative, list(batch.pages))
    return [(number, engine.recognise(image)) for number, image in zip(batch.pages, images, strict=True)]


# ------------------------------------------------------------------------------------------ planning
def plan(
    archive: Archive, cache: PageCache, *, force: bool, summary: Summary
) -> tuple[list[Pending], list[Batch]]:
    pending: list[Pending] = []
    batches: list[Batch] = []
    for source in sources(archive):
        data = source.path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        state = state_of(source.path, sha256)
        if state == "edited":
            summary.edited.append(source.relative)
            continue
        if state == "current" and not force:
            summary.current += 1
            continue
        item = _pending(source, sha256, data, cache, force=force, summary=summary)
        pending.append(item)
        batches += _batches(item)
    return pending, batches


def _pending(
    source: Source, sha256: str, data: bytes, cache: PageCache, *, force: bool, summary: Summary
) -> Pending:
    wanted = pages_without_text(data, source.relative)
    pages: list[PageText | None] = [None] * page_count(data, source.relative)
    missing: set[int] = set()
    for number in wanted:
        found = None if force else cache.get(sha256, number)
        if found is None:
            missing.add(number)
        else:
            pages[number] = found
            summary.cached += 1
    return Pending(source, sha256, pages, missing)


def _batches(item: Pending) -> list[Batch]:
    numbers = sorted(item.missing)
    return [
        Batch(item.source.relative, str(item.source.path), item.sha256, tuple(numbers[i : i + BATCH_PAGES]))
        for i in range(0, len(numbers), BATCH_PAGES)
    ]


# ------------------------------------------------------------------------------------------- running
def recognise_archive(
    archive: Archive,
    cache_dir: Path,
    *,
    force: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Summary:
    """Recognise what needs it and write the text beside each file. Finished pages and files are kept even
    when the run is interrupted."""
    started = time.perf_counter()
    summary = Summary()
    cache = PageCache(cache_dir)
    pending, batches = plan(archive, cache, force=force, summary=summary)
    total = sum(len(batch.pages) for batch in batches)
    by_path = {item.source.relative: item for item in pending}
    for item in pending:
        if not item.missing:
            _finish(item, summary)
    if progress:
        progress(0, total)
    for batch, results in _execute(batches, workers, scheduler):
        item = by_path[batch.relative]
        for number, text in results:
            cache.put(item.sha256, number, text)
            item.pages[number] = text
            item.missing.discard(number)
            summary.pages += 1
        if not item.missing:
            _finish(item, summary)
        if progress:
            progress(summary.pages, total)
    summary.seconds = time.perf_counter() - started
    return summary


def _finish(item: Pending, summary: Summary) -> None:
    write_result(item.source.path, Recognised(item.sha256, tuple(item.pages)))
    summary.files += 1


def _execute(
    batches: list[Batch], workers: int, scheduler: str | None
) -> Iterator[tuple[Batch, list[tuple[int, PageText]]]]:
    if not batches:
        return iter(())
    if scheduler:
        from generator.ocr.cluster import run_on_cluster  # noqa: PLC0415 — dask only when asked for

        return run_on_cluster(batches, scheduler)
    if workers > 1:
        return _run_in_pool(batches, workers)
    return ((batch, recognise_batch(batch)) for batch in batches)


def _run_in_pool(
    batches: Iterable[Batch], workers: int
) -> Iterator[tuple[Batch, list[tuple[int, PageText]]]]:
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads inherited mid-run
    with ProcessPoolExecutor(workers, mp_context=context, initializer=load_engine) as pool:
        futures = {pool.submit(recognise_batch, batch): batch for batch in batches}
        for future in as_completed(futures):
            yield futures[future], future.result()
