"""Recognition on a running ``dask.distributed`` cluster.

Each worker loads the engine once (a worker plugin) and receives batches of pages. Workers read the files
from shared storage when they see the archive's folder at the same path (checked once per run by reading a
file's hash on every worker); otherwise each batch carries its file's bytes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
from collections.abc import Iterator
from pathlib import Path

from distributed import Client, WorkerPlugin, as_completed

from generator.ocr.engine import PageText
from generator.ocr.run import Batch, load_engine, recognise_batch

# glibc's mallopt parameters, and the values a plain process reaches by itself: blocks up to 32 MB come from
# the heap and are reused, and only 64 MB free at its top is given back.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 * 1024 * 1024
_TRIM_THRESHOLD = 64 * 1024 * 1024


def allocate_like_a_plain_process() -> None:
    """Undo, in this worker, the Dask nanny's ``MALLOC_TRIM_THRESHOLD_=65536``.

    Setting that variable fixes glibc's thresholds, so every buffer of 128 KB or more (a page image, the
    engine's tensors) is a fresh ``mmap`` whose pages are faulted in and zeroed, then unmapped, and the
    engine's first pages in a worker take many times as long as in a plain process (docs/ocr.md). Where the C
    library is not glibc there is no ``mallopt`` and nothing to undo."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt if name else None
    except (OSError, AttributeError):
        mallopt = None
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)


class EnginePlugin(WorkerPlugin):
    """Loads the OCR engine when a worker joins, so no batch pays for it."""

    name = "dossier-ocr-engine"

    def setup(self, worker: object) -> None:
        allocate_like_a_plain_process()
        load_engine()


def _sees(path: str, sha256: str) -> bool:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() == sha256
    except OSError:
        return False


def workers_share_files(client: Client, probe: Batch) -> bool:
    """Whether every worker reads ``probe``'s file at its path with the same content."""
    answers = client.run(_sees, probe.path, probe.sha256)
    return bool(answers) and all(answers.values())


def _with_bytes(batch: Batch) -> Batch:
    data = Path(batch.path).read_bytes()
    return Batch(batch.relative, batch.path, batch.sha256, batch.pages, data)


def run_on_cluster(batches: list[Batch], address: str) -> Iterator[tuple[Batch, list[tuple[int, PageText]]]]:
    with Client(address) as client:  # type: ignore[no-untyped-call]
        client.register_plugin(EnginePlugin())
        shared = workers_share_files(client, batches[0])
        sent = batches if shared else [_with_bytes(batch) for batch in batches]
        futures = {client.submit(recognise_batch, batch, pure=False): batch for batch in sent}
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            yield futures[future], future.result()
