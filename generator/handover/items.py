"""Each 件 as a PDF/A of its own, laid out exactly as in its binder (归档章, GB/T 9704 text, photos, scans).

The HTML is made here (no WeasyPrint); the PDFs are rendered by the binders' renderer on a process pool,
one document per item, and come back with their page counts for the catalogue.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from generator import parallel
from generator.arrangement import Arrangement
from generator.binders.html import BinderDocument, item_document
from generator.binders.render import Rendered, render_binder
from generator.model import Archive
from generator.schema import Record

from .templates import environment


def item_documents(
    archive: Archive,
    records: Sequence[Record],
    arrangement: Arrangement,
    fonts: Mapping[str, str],
    epoch: int | None,
) -> list[BinderDocument]:
    """The PDF/A document of each record, keyed by a hash of its HTML and attached files (the PDF's id)."""
    shell = environment().get_template("item.html.j2")
    docs = []
    for record in records:
        doc = item_document(archive, record, arrangement, fonts, shell, pdfa=True, epoch=epoch)
        digest = hashlib.sha256(doc.final_html.encode())
        for fragment in doc.fragments:
            digest.update(fragment.key.encode())
        docs.append(doc.with_key(digest.hexdigest()))
    return docs


def render_items(docs: Sequence[BinderDocument], jobs: int = 0) -> Iterator[Rendered]:
    """Render ``docs`` on one process per core (``jobs`` to choose), in the order they finish."""
    workers = min(jobs or parallel.workers(), len(docs))
    if workers <= 1:
        yield from (render_binder(doc) for doc in docs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        # no list of the futures: each one holds its PDF until dropped, and a package's PDFs do not fit
        # in memory together
        pending = {pool.submit(render_binder, doc) for doc in docs}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            while done:
                yield done.pop().result()
