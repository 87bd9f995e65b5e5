"""Which attached files are read, and their pages as images.

Read: every page without a text layer of an evidence record's PDF, and the images of evidence whose kind is
paper (scan, document, ledger, statistics) or whose record says ``ocr: true``; ``ocr: false`` leaves a
record's files alone.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from generator.model import Archive, file_kind
from generator.ocr.engine import DPI
from generator.ocr.store import recognised_text
from generator.schema import Evidence, Record
from generator.validate.checks import resolve_inside

PAPER_KINDS = frozenset({"scan", "document", "ledger", "statistics"})


@dataclass(frozen=True)
class Source:
    """One attached file to read: its path in the archive (``files/…``) and on this machine."""

    relative: str
    path: Path


def wants_ocr(record: Evidence, relative: str) -> bool:
    """Whether the file ``relative`` of ``record`` is read at all (a PDF's pages may still have text)."""
    if record.ocr is False:
        return False
    kind = file_kind(relative)
    return kind == "pdf" or (kind == "image" and (record.type in PAPER_KINDS or record.ocr is True))


def recognised_texts(archive: Archive, record: Record) -> list[str]:
    """The text recognised on the record's files (as kept beside them, corrected or not): what search finds
    the record by besides its own words."""
    if not isinstance(record, Evidence):
        return []
    read = (archive.file_path(f.path) for f in record.files if wants_ocr(record, f.path))
    return [text for path in read if (text := recognised_text(path))]


def sources(archive: Archive) -> list[Source]:
    """Every file to read, once each, in path order."""
    found: dict[str, Source] = {}
    for record in archive.evidence:
        for file in record.files:
            if file.path in found or not wants_ocr(record, file.path):  # the cheap test first: no stat
                continue
            path = resolve_inside(archive.root, file.path)
            if path is not None and path.is_file():
                found[file.path] = Source(file.path, path)
    return [found[key] for key in sorted(found)]


def is_pdf(name: str) -> bool:
    return file_kind(name) == "pdf"


def page_count(data: bytes, name: str) -> int:
    if not is_pdf(name):
        return 1
    import pypdfium2 as pdfium  # noqa: PLC0415 — only OCR needs it

    return len(pdfium.PdfDocument(data))


def pages_without_text(data: bytes, name: str) -> list[int]:
    """The pages to recognise: an image's one page, or the PDF pages that carry no text of their own."""
    if not is_pdf(name):
        return [0]
    import pypdfium2 as pdfium  # noqa: PLC0415

    document = pdfium.PdfDocument(data)
    return [n for n in range(len(document)) if not document[n].get_textpage().get_text_range().strip()]


def page_images(data: bytes, name: str, pages: list[int]) -> Iterator[Image.Image]:
    """The pages as images: PDF pages rendered at ``DPI`` (rotation applied), an image turned upright."""
    if not is_pdf(name):
        with Image.open(io.BytesIO(data)) as image:
            yield ImageOps.exif_transpose(image).convert("RGB")
        return
    import pypdfium2 as pdfium  # noqa: PLC0415

    document = pdfium.PdfDocument(data)
    for number in pages:
        yield document[number].render(scale=DPI / 72, grayscale=True).to_pil()
