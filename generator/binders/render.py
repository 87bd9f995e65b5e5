"""HTML → PDF with WeasyPrint, then scanned pages merged in with pypdf. The only module touching either.

Runs in worker processes: :func:`render_binder` takes a picklable :class:`BinderDocument` and returns the PDF
bytes. A binder is laid out once. Each item's 页数 (in the catalogue and in its 归档章) is only known after
that layout, so the HTML carries a fixed-width placeholder there; once the layout has placed every item, the
placeholder text boxes are given the real counts (re-centred in their cells) before the PDF is drawn. Only
those digits change, in fixed-width cells, so the pagination and every ``target-counter`` page number stay
exactly as laid out. The catalogue-only binder prints no items: it takes their counts from the other
binders (or from :func:`measure_job` for items no other binder holds) and is laid out with them as text.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.request import url2pathname

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from generator.image_metadata import UncleanableImage, clean_image, image_format
from generator.ocr.engine import Line
from generator.ocr.layer import add_text_layer
from generator.ocr.store import layer_lines

from .attachments import MEDIA_SCHEME, ScanSlot
from .catalogue_parts import CATALOGUE_ROWS, needs_catalogue_parts, render_catalogue_in_parts
from .html import (
    PAGES_ATTRIBUTE,
    PAGES_PLACEHOLDER,
    BinderDocument,
    Fragment,
    fill_page_counts,
    mark_page_counts,
)
from .parts import PART_CHARS, PartsMismatch, PartsRenderer, needs_parts, render_in_parts

_SCAN_BAND_PT = 12 * 72 / 25.4  # the stamp band under a scanned page (see @page scan)
_SCAN_MARGIN_PT = 4 * 72 / 25.4


class FetchRefused(ValueError):
    """WeasyPrint asked for something outside the archive and our templates."""


def url_fetcher(allowed_roots: Sequence[str], *, clean_images: bool = False, media_dir: str = "") -> Any:
    """A fetcher that serves only local files under ``allowed_roots``: binders never touch the network.
    ``dossier-media:NAME`` is the file NAME of ``media_dir`` (contact sheets made from videos), named so that
    the HTML, and so the cache key, do not depend on where the media cache is.
    With ``clean_images`` (a `public` or `internal` binder) an image of the data folder (the first root) is
    served without its identifying metadata, or not at all: WeasyPrint embeds a JPEG's own bytes, XMP and
    comments included, when it need not turn it."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: PLC0415 — see render_binder

    roots = [Path(root).resolve() for root in (*allowed_roots, media_dir) if root]

    class Cleaned(URLFetcherResponse):  # type: ignore[misc]
        path = None  # WeasyPrint would read the file itself, metadata and all, if it knew where it is

    class LocalOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith(MEDIA_SCHEME) and media_dir:
                url = (Path(media_dir) / url.removeprefix(MEDIA_SCHEME)).as_uri()
            if not url.startswith("file:"):
                raise FetchRefused(f"refused to fetch {url}: binders use local files only")
            path = Path(url2pathname(url.removeprefix("file:").split("?")[0])).resolve()
            if not any(path.is_relative_to(root) for root in roots):
                raise FetchRefused(f"refused to read {path}: outside the data folder")
            data = path.read_bytes()
            if clean_images and path.is_relative_to(roots[0]) and image_format(data):  # a record's image
                try:
                    return Cleaned(path.as_uri(), clean_image(data), status=200)
                except UncleanableImage as exc:  # left out of the binder rather than shown with its tags
                    raise FetchRefused(f"refused to show {path}: {exc}") from exc
            return URLFetcherResponse(path.as_uri(), data, status=200)

    return LocalOnly()


@dataclass(frozen=True)
class Rendered:
    binder_id: str
    pdf: bytes
    pages: int
    fragment_pages: Mapping[str, int]  # fragment key → 页数, for the next binders and builds
    starts: Mapping[str, int]  # record id → 1-based PDF page where its item starts (the site links there)


def _anchor_pages(document: Any) -> dict[str, int]:
    """Anchor id → 0-based page index where it first appears."""
    where: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            where.setdefault(name, index)
    return where


@dataclass(frozen=True)
class MeasureJob:
    """Items to lay out (not write) only to count their pages — those of the catalogue-only binder that no
    other binder prints — a slice run on any core."""

    shell: tuple[str, str]
    fragments: tuple[Fragment, ...]
    base_url: str
    allowed_roots: tuple[str, ...]
    media_dir: str = ""


def measure_job(job: MeasureJob) -> dict[str, int]:
    """Fragment key → pages, from one layout of the job's items one after another."""
    from weasyprint import HTML  # noqa: PLC0415 — see render_binder

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    head, tail = job.shell
    fetcher = url_fetcher(job.allowed_roots, media_dir=job.media_dir)
    html = fill_page_counts(head + "".join(f.html for f in job.fragments) + tail, {})
    layout = HTML(string=html, base_url=job.base_url, url_fetcher=fetcher).render()
    anchors = _anchor_pages(layout)
    starts = [anchors[f.anchor] for f in job.fragments]
    ends = [*starts[1:], anchors.get("beikao", len(layout.pages))]
    return {f.key: end - start for f, start, end in zip(job.fragments, starts, ends, strict=True)}


def measure(doc: BinderDocument) -> dict[str, int]:
    """Page counts of the items of ``doc`` not known yet (fragment key → pages)."""
    todo = tuple(f for f in doc.fragments if f.key not in doc.known_pages)
    if not todo:
        return {}
    return measure_job(MeasureJob(doc.layout_shell, todo, doc.base_url, doc.allowed_roots, doc.media_dir))


def render_binder(
    doc: BinderDocument, part_chars: int = PART_CHARS, catalogue_rows: int = CATALOGUE_ROWS
) -> Rendered:
    """The finished PDF of ``doc``; a binder of more than ``part_chars`` of items, or a catalogue of more
    than ``catalogue_rows`` rows, is laid out in parts (generator/binders/parts.py, catalogue_parts.py), so
    that memory does not grow with its size."""
    # Importing WeasyPrint is slow: only the worker processes that render pay for it.
    from weasyprint import HTML  # noqa: PLC0415

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = url_fetcher(doc.allowed_roots, clean_images=doc.clean_images, media_dir=doc.media_dir)
    if needs_parts(doc, part_chars):
        try:
            pdf, pages, by_key, starts = render_in_parts(doc, _parts_renderer(doc, fetcher), part_chars)
        except PartsMismatch:
            pass  # laid out in one piece below
        else:
            return Rendered(doc.binder_id, pdf, pages, by_key, starts)
    if doc.catalogue_only:
        by_key = {**doc.known_pages, **measure(doc)}
        html = fill_page_counts(doc.final_html, {f.record_id: by_key[f.key] for f in doc.fragments})
        if needs_catalogue_parts(html, catalogue_rows):
            pdf, pages = render_catalogue_in_parts(html, _parts_renderer(doc, fetcher), catalogue_rows)
            return Rendered(doc.binder_id, pdf, pages, by_key, {})
        final = HTML(string=html, base_url=doc.base_url, url_fetcher=fetcher).render()
        anchors = _anchor_pages(final)
    else:
        marked = mark_page_counts(doc.final_html)
        final = HTML(string=marked, base_url=doc.base_url, url_fetcher=fetcher).render()
        anchors = _anchor_pages(final)
        by_key = _item_pages(anchors, doc.fragments, len(final.pages))
        counts = {f.record_id: by_key[f.key] for f in doc.fragments}
        if _write_page_counts(final, anchors, counts) != marked.count(f'{PAGES_ATTRIBUTE}="'):
            # a placeholder the layout did not keep as one text box: lay out again with the counts as text
            html = fill_page_counts(doc.final_html, counts)
            final = HTML(string=html, base_url=doc.base_url, url_fetcher=fetcher).render()
            anchors = _anchor_pages(final)
    slot_pages = _slot_pages(anchors, doc.scan_slots)
    # the catalogue-only binder prints no items: nothing starts in it
    starts = {} if doc.catalogue_only else {f.record_id: anchors[f.anchor] + 1 for f in doc.fragments}
    options: dict[str, Any] = {"pdf_identifier": bytes.fromhex(doc.key[:32]) if doc.key else True}
    if doc.pdfa:
        options["pdf_variant"] = "pdf/a-3b"
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for PDF/A and leaves closing it to the garbage collector.
        warnings.simplefilter("ignore", ResourceWarning)
        pdf = final.write_pdf(**options)
    pages = len(final.pages)
    del final  # free the layout before merging: memory stays at about one document
    if slot_pages:
        pdf = merge_scans(pdf, slot_pages)
    return Rendered(doc.binder_id, pdf, pages, by_key, starts)


def _parts_renderer(doc: BinderDocument, fetcher: Any) -> PartsRenderer:
    from weasyprint import HTML  # noqa: PLC0415 — see render_binder

    def layout(html: str) -> Any:
        return HTML(string=html, base_url=doc.base_url, url_fetcher=fetcher).render()

    def write_pdf(document: Any) -> bytes:
        options: dict[str, Any] = {"pdf_identifier": bytes.fromhex(doc.key[:32]) if doc.key else True}
        if doc.pdfa:
            options["pdf_variant"] = "pdf/a-3b"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)  # see render_binder
            return bytes(document.write_pdf(**options))

    return PartsRenderer(layout, _anchor_pages, _write_page_counts, write_pdf, merge_scans)


def _item_pages(anchors: Mapping[str, int], fragments: Sequence[Fragment], total: int) -> dict[str, int]:
    """Fragment key → 页数: from where the item starts to where the next one (or the 备考表) starts."""
    starts = [anchors[f.anchor] for f in fragments]
    ends = [*starts[1:], anchors.get("beikao", total)][: len(starts)]
    return {f.key: end - start for f, start, end in zip(fragments, starts, ends, strict=True)}


def _write_page_counts(document: Any, anchors: Mapping[str, int], counts: Mapping[str, int]) -> int:
    """Overwrite the 页数 placeholders of the laid-out ``document`` with ``counts`` (record id → pages);
    return how many were overwritten.

    They sit in the catalogue (the pages before the first item) and in each item's 归档章 (its first page),
    so only those pages are searched. WeasyPrint re-shapes a text box from its ``text`` when it draws it;
    the box keeps its place, moved by half the width it loses so that the number stays centred."""
    from weasyprint.formatting_structure.boxes import TextBox  # noqa: PLC0415 — see render_binder

    item_pages = sorted({anchors[f"item-{record_id}"] for record_id in counts})
    pages = [*range(item_pages[0] if item_pages else 0), *item_pages]
    written = 0
    for index in pages:
        for box in document.pages[index]._page_box.descendants(placeholders=True):
            if isinstance(box, TextBox) and box.element is not None:
                record_id = box.element.get(PAGES_ATTRIBUTE)
                if record_id in counts and box.text == PAGES_PLACEHOLDER:
                    _set_text(box, str(counts[record_id]))
                    written += 1
    return written


def _set_text(box: Any, text: str) -> None:
    from weasyprint.text.line_break import Layout, line_size  # noqa: PLC0415 — see render_binder

    layout = Layout(box.style)
    layout.set_text(text)
    width, _height = line_size(layout.get_first_line()[0], box.style)
    box.position_x += (box.width - width) / 2
    box.width = width
    box.text = box.pango_layout.text = text


def _slot_pages(anchors: Mapping[str, int], slots: Sequence[ScanSlot]) -> dict[int, ScanSlot]:
    """0-based page index → the scan page that replaces the placeholder there."""
    return {anchors[slot.anchor]: slot for slot in slots if slot.anchor in anchors}


def merge_scans(pdf: bytes, slot_pages: Mapping[int, ScanSlot]) -> bytes:
    """Draw each scanned page under its placeholder page (which carries only the stamp), scaled to fit."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    scans: dict[str, PdfWriter] = {}  # a writer per scan, so its pages can be un-rotated in place
    layers: dict[str, dict[int, tuple[Line, ...]]] = {}  # recognised lines per scan page (dossier ocr)
    for index, slot in sorted(slot_pages.items()):
        scan = scans.get(slot.path) or scans.setdefault(slot.path, PdfWriter(clone_from=PdfReader(slot.path)))
        lines = layers.setdefault(slot.path, layer_lines(Path(slot.path))).get(slot.page, ())
        _underlay(writer.pages[index], scan.pages[slot.page], lines)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _underlay(target: PageObject, scan: PageObject, lines: Sequence[Line] = ()) -> None:
    if scan.rotation:
        scan.transfer_rotation_to_content()
    if lines:
        add_text_layer(scan, lines)  # the recognised text over the image, invisible (double-layer PDF)
    box = scan.mediabox
    width, height = float(box.width), float(box.height)
    area_w = float(target.mediabox.width) - 2 * _SCAN_MARGIN_PT
    area_h = float(target.mediabox.height) - _SCAN_BAND_PT - 2 * _SCAN_MARGIN_PT
    if width > height and area_h > area_w:  # a landscape sheet turns to fill the page, its top at the binding
        _underlay_turned(target, scan, area_w, area_h)
        return
    scale = min(area_w / width, area_h / height)
    x = _SCAN_MARGIN_PT + (area_w - width * scale) / 2 - float(box.left) * scale
    y = _SCAN_BAND_PT + _SCAN_MARGIN_PT + (area_h - height * scale) / 2 - float(box.bottom) * scale
    target.merge_transformed_page(scan, Transformation().scale(scale, scale).translate(x, y), over=False)


def _underlay_turned(target: PageObject, scan: PageObject, area_w: float, area_h: float) -> None:
    """Draw a landscape page turned a quarter turn anticlockwise into the portrait area, as wide sheets
    are bound: (x, y) → (−y, x), then scaled and centred."""
    box = scan.mediabox
    width, height = float(box.width), float(box.height)
    scale = min(area_w / height, area_h / width)
    x = _SCAN_MARGIN_PT + (area_w - height * scale) / 2 + height * scale
    y = _SCAN_BAND_PT + _SCAN_MARGIN_PT + (area_h - width * scale) / 2
    turn = (
        Transformation()
        .translate(-float(box.left), -float(box.bottom))
        .rotate(90)
        .scale(scale, scale)
        .translate(x, y)
    )
    target.merge_transformed_page(scan, turn, over=False)
