"""Recognition on a running ``dask.distributed`` cluster.

Each worker loads the engine once (a worker plugin) and receives batches of pages. Workers read the files
from shared storage when they see the archive's folder at the same path (checked once per run by reading a
file's hash on every worker); otherwise each batch carries its file's bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from distributed import Client, WorkerPlugin, as_completed

from generator.ocr.engine import PageText
from generator.ocr.run import Batch, load_engine, recognise_batch


class EnginePlugin(WorkerPlugin):
    """Loads the OCR engine when a worker joins, so no batch pays for it."""

    name = "dossier-ocr-engine"

    def setup(self, worker: object) -> None:
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
