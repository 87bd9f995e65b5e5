"""A large binder laid out in parts, so that a worker's memory stays bounded whatever the binder's size.

WeasyPrint keeps the layout of a whole document in memory (about 0.4 MB a page): an 11,000-page binder took
one worker past 4 GB. Here the items are laid out a slice at a time, each slice written to a PDF on disk and
its layout freed, then the front (cover and catalogue) and the back (备考表) are laid out with the page
numbers the slices found, and everything is merged with pypdf. What a reader sees is the same as in one
layout:

- page numbers run on: a slice starts its page counter where the previous part ended
  (``@page :first { counter-reset: page N }``), and a slice that must start on an even (left-hand) page
  starts with one blank page, dropped when merging, so that odd and even folios stay right and left;
- 页数 in each 归档章 and in the catalogue, 页号 in the catalogue, and the total in the 备考表 are those
  of the merged binder; the catalogue's titles link to their items (named destinations set after merging);
- bookmarks (卷皮, 卷内目录, each item and its files, 备考表) are rebuilt on the merged document;
- the front part carries the metadata, the identifier and, with ``--pdfa``, the PDF/A output intent.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from .attachments import ScanSlot
from .html import PAGES_ATTRIBUTE, BinderDocument, Fragment, fill_page_counts, mark_page_counts

PART_CHARS = 400_000  # item HTML laid out at once: ~600 pages of GB/T 9704 text, ~300 MB of layout
_CHARS_PER_PAGE = 650  # HTML characters of a page of speech text
_OWN_PAGE_MARKS = ('<figure class="photo"', 'class="scan-slot', 'class="video"')  # item.html.j2
_PAGEREF_RE = re.compile(r'<a class="pageref" href="#([^"]+)"></a>')
_WIDE_START = 99999  # as wide as any page number, for the layout that counts the front's pages
_WIDE_COUNT = 999


@dataclass
class Bookmark:
    label: str
    page: int  # 0-based, in the merged binder
    children: list[Bookmark] = field(default_factory=list)


@dataclass
class Slice:
    """One part of the items, laid out and written to ``pdf`` (pages ``skip`` … ``skip + pages - 1``)."""

    pdf: Path
    skip: int  # a leading blank page that only set the parity
    pages: int
    starts: dict[str, int]  # anchor → 0-based page in the merged binder
    bookmarks: list[Bookmark]


def weight(fragment: Fragment) -> int:
    """An item's size in characters of text, a page of its own (a photo, a scanned or converted page, a
    video's contact sheet) counted as a page of text: evidence has little text and many such pages."""
    html = fragment.html
    own_pages = (
        html.count('<figure class="photo"') + html.count('class="scan-slot') + html.count('class="video"')
    )
    return len(html) + own_pages * _CHARS_PER_PAGE


def needs_parts(doc: BinderDocument, part_chars: int = PART_CHARS) -> bool:
    return not doc.catalogue_only and sum(weight(f) for f in doc.fragments) > part_chars


def slices_of(fragments: Sequence[Fragment], part_chars: int) -> Iterator[tuple[Fragment, ...]]:
    chunk: list[Fragment] = []
    size = 0
    for fragment in fragments:
        chunk.append(fragment)
        size += weight(fragment)
        if size >= part_chars:
            yield tuple(chunk)
            chunk, size = [], 0
    if chunk:
        yield tuple(chunk)


@dataclass(frozen=True)
class PartsRenderer:
    """Lays out HTML (``layout(html) -> WeasyPrint document``), fills 归档章 page counts in a layout, and
    merges scans into a written PDF: render.py's functions, passed in so that WeasyPrint stays there."""

    layout: Callable[[str], Any]
    anchors: Callable[[Any], dict[str, int]]
    write_counts: Callable[[Any, Mapping[str, int], Mapping[str, int]], int]
    write_pdf: Callable[[Any], bytes]  # every part with the binder's identifier and PDF variant
    merge_scans: Callable[[bytes, Mapping[int, ScanSlot]], bytes]


def render_in_parts(
    doc: BinderDocument, renderer: PartsRenderer, part_chars: int = PART_CHARS
) -> tuple[bytes, int, dict[str, int], dict[str, int]]:
    """(PDF, pages, fragment key → 页数, record id → 1-based start page) of ``doc``, laid out in parts."""
    front_html, back_html = _front_and_back(doc)
    front_pages = len(renderer.layout(_front(front_html, doc, {}, {})).pages)
    with tempfile.TemporaryDirectory(prefix="dossier-parts-") as tmp:
        slices: list[Slice] = []
        first_page = front_pages
        for number, fragments in enumerate(slices_of(doc.fragments, part_chars)):
            part = _slice(doc, renderer, fragments, first_page, Path(tmp) / f"{number}.pdf")
            slices.append(part)
            first_page += part.pages
        starts = {anchor: page for part in slices for anchor, page in part.starts.items()}
        ends = [*(starts[f.anchor] for f in doc.fragments[1:]), first_page]
        counts = {f.record_id: end - starts[f.anchor] for f, end in zip(doc.fragments, ends, strict=True)}
        front_doc = renderer.layout(_front(front_html, doc, starts, counts))
        if len(front_doc.pages) != front_pages:
            raise PartsMismatch("the catalogue's page count changed once its numbers were filled in")
        front_marks = bookmarks_of(front_doc, 0)
        front = renderer.write_pdf(front_doc)
        del front_doc
        back_doc = renderer.layout(_back(doc, back_html, first_page))
        back_marks = bookmarks_of(back_doc, first_page - _pad(first_page))
        back = renderer.write_pdf(back_doc)
        total = first_page + len(back_doc.pages) - _pad(first_page)
        del back_doc
        outline = [*front_marks, *(m for s in slices for m in s.bookmarks), *back_marks]
        pdf = _merge(front, slices, (back, _pad(first_page)), starts, outline)
    by_key = {f.key: counts[f.record_id] for f in doc.fragments}
    record_starts = {f.record_id: starts[f.anchor] + 1 for f in doc.fragments}
    return pdf, total, by_key, record_starts


class PartsMismatch(RuntimeError):
    """A part did not lay out as the others assumed; the caller lays the binder out in one piece."""


def _front_and_back(doc: BinderDocument) -> tuple[str, str]:
    html = doc.final_html
    first, last = doc.fragments[0].html, doc.fragments[-1].html
    return html[: html.index(first)], html[html.rindex(last) + len(last) :]


def _front(front_html: str, doc: BinderDocument, starts: Mapping[str, int], counts: Mapping[str, int]) -> str:
    """Cover and catalogue with 页号 and 页数 as text (wide placeholders while they are not known), and an
    empty anchor per item, inside the catalogue, for its links to point at until the merge re-aims them."""

    def page_number(match: re.Match[str]) -> str:
        start = starts.get(match[1])
        return f'<a class="pageref-text" href="#{match[1]}">{_WIDE_START if start is None else start + 1}</a>'

    html = _PAGEREF_RE.sub(page_number, front_html)
    html = fill_page_counts(html, counts or dict.fromkeys((f.record_id for f in doc.fragments), _WIDE_COUNT))
    anchors = "".join(f'<span id="{f.anchor}"></span>' for f in doc.fragments)
    cut = html.rindex("</section>")
    return f'{html[:cut]}<div class="part-anchors">{anchors}</div>{html[cut:]}</body></html>'


def _pad(first_page: int) -> int:
    """1 when a part starting at 0-based page ``first_page`` needs a blank page first: page numbers are
    1-based, so an odd index is an even (left-hand) page, and a document's first page is a right-hand one."""
    return first_page % 2


def _counter_style(first_page: int) -> str:
    number = first_page + 1 - _pad(first_page)
    return f"<style>@page :first {{ counter-reset: page {number} }}</style></head>"


_END_MARK = '<section class="beikao" id="beikao"></section></body></html>'  # where the last item ends
_PAD_PAGE = '<div style="break-after: page; height: 1px">&#160;</div>'


def _slice(
    doc: BinderDocument, renderer: PartsRenderer, fragments: tuple[Fragment, ...], first_page: int, out: Path
) -> Slice:
    head, _tail = doc.layout_shell
    pad = _pad(first_page)
    html = head.replace("</head>", _counter_style(first_page), 1) + (_PAD_PAGE if pad else "")
    html += (
        "".join(f.html for f in fragments) + '<section class="beikao" id="beikao"></section></body></html>'
    )
    marked = mark_page_counts(html)
    layout = renderer.layout(marked)
    anchors = renderer.anchors(layout)
    local = [anchors[f.anchor] for f in fragments]
    end = anchors.get("beikao", len(layout.pages))
    counts = {f.record_id: e - s for f, s, e in zip(fragments, local, [*local[1:], end], strict=True)}
    if renderer.write_counts(layout, anchors, counts) != marked.count(f'{PAGES_ATTRIBUTE}="'):
        raise PartsMismatch("a 页数 placeholder was not kept as one text box")
    slots = {anchors[s.anchor]: s for s in doc.scan_slots if s.anchor in anchors}
    offset = first_page - pad
    bookmarks = [b for b in bookmarks_of(layout, offset) if b.page < offset + end]
    pdf = renderer.write_pdf(layout)
    del layout
    if slots:
        pdf = renderer.merge_scans(pdf, slots)
    out.write_bytes(pdf)
    starts = {f.anchor: offset + page for f, page in zip(fragments, local, strict=True)}
    return Slice(out, pad, end - pad, starts, bookmarks)


def _back(doc: BinderDocument, back_html: str, first_page: int) -> str:
    head, _tail = doc.layout_shell
    pad = _PAD_PAGE if _pad(first_page) else ""
    return head.replace("</head>", _counter_style(first_page), 1) + pad + back_html


def bookmarks_of(layout: Any, offset: int) -> list[Bookmark]:
    def convert(tree: Sequence[Any]) -> list[Bookmark]:
        return [Bookmark(label, target[0] + offset, convert(children)) for label, target, children, _ in tree]

    return convert(layout.make_bookmark_tree())


def _merge(
    front: bytes,
    slices: Sequence[Slice],
    back: tuple[bytes, int],
    starts: Mapping[str, int],
    outline: Sequence[Bookmark],
) -> bytes:
    """One PDF: the front (its metadata, identifier and output intent kept), the slices' pages without their
    parity pages, the back; named destinations re-aimed at the items and the outline rebuilt."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(front)))
    for part in slices:
        writer.append(PdfReader(part.pdf), pages=(part.skip, part.skip + part.pages), import_outline=False)
    back_pdf, back_pad = back
    back_reader = PdfReader(io.BytesIO(back_pdf))
    writer.append(back_reader, pages=(back_pad, len(back_reader.pages)), import_outline=False)
    names = writer.root_object.get("/Names")
    if names is not None:
        names.get_object().pop(NameObject("/Dests"), None)
    for anchor, page in sorted(starts.items()):
        writer.add_named_destination(anchor, page)
    writer.root_object.pop(NameObject("/Outlines"), None)
    add_outline(writer, outline, None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def add_outline(writer: PdfWriter, marks: Sequence[Bookmark], parent: Any) -> None:
    for mark in marks:
        item = writer.add_outline_item(title=mark.label, page_number=mark.page, parent=parent)
        add_outline(writer, mark.children, item)
