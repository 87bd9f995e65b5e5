"""The catalogue-only binder (归档文件目录) of a large archive laid out in parts: its one long table is what
costs memory (about 3.5 MB a page of table in WeasyPrint: 2.2 GB for the 629 pages of 10,000 records).

The rows are laid out a slice at a time. A slice that is not the last gives up the rows of its last page,
which may not be full, to the next slice, and that page is dropped: every kept page is then broken exactly
where one layout would break it (a page of rows depends only on its rows: the header row repeats on each
page). Page numbers run on from slice to slice; the first slice carries the cover, the title and the
metadata, the last one the 备考表; the bookmarks are rebuilt on the merged PDF.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from .parts import Bookmark, PartsRenderer, add_outline, bookmarks_of

CATALOGUE_ROWS = 2_000  # rows laid out at once: ~125 pages, ~450 MB of layout
_ROW_RE = re.compile(r"<tr>.*?</tr>", re.S)
_COVER_RE = re.compile(r'<section class="cover">.*?</section>', re.S)
_TITLE_RE = re.compile(r'(<section class="catalogue" id="catalogue">\s*)<h1 .*?</h1>', re.S)


@dataclass(frozen=True)
class _Table:
    before: str  # up to and including <tbody> of the catalogue
    rows: tuple[str, ...]
    after: str  # from </tbody> to the end of the document (备考表 included)


def needs_catalogue_parts(html: str, rows: int = CATALOGUE_ROWS) -> bool:
    return html.count("<tr>") > rows + 1


def _table(html: str) -> _Table:
    start = html.index("<tbody>", html.index('<section class="catalogue"')) + len("<tbody>")
    end = html.index("</tbody>", start)
    return _Table(html[:start], tuple(_ROW_RE.findall(html[start:end])), html[end:])


def render_catalogue_in_parts(
    html: str, renderer: PartsRenderer, rows: int = CATALOGUE_ROWS
) -> tuple[bytes, int]:
    """(PDF, pages) of the catalogue-only binder whose filled-in HTML is ``html``."""
    table = _table(html)
    parts: list[tuple[bytes, int]] = []  # (PDF, pages kept from its start)
    outline: list[Bookmark] = []
    first_row, first_page, size = 0, 0, rows
    while first_row < len(table.rows):
        chunk = table.rows[first_row : first_row + size]
        last = first_row + len(chunk) >= len(table.rows)
        document = renderer.layout(_part_html(table, chunk, first_row, first_page, last=last))
        kept, next_row = len(document.pages), first_row + len(chunk)
        if not last:
            anchors = renderer.anchors(document)
            on_last = [n for n in range(len(chunk)) if anchors[f"catrow-{first_row + n}"] == kept - 1]
            if not on_last or on_last[0] == 0:  # the slice fits on one page: lay out a longer one
                size *= 2
                continue
            kept, next_row = kept - 1, first_row + on_last[0]
        outline += [b for b in bookmarks_of(document, first_page) if b.page < first_page + kept]
        parts.append((renderer.write_pdf(document), kept))
        del document
        first_row, first_page, size = next_row, first_page + kept, rows
    return _merge(parts, outline), first_page


def _part_html(table: _Table, chunk: Sequence[str], first_row: int, first_page: int, *, last: bool) -> str:
    before = table.before
    if first_page:  # a continuation: no cover, no title, page numbers running on
        before = _TITLE_RE.sub(r"\1", _COVER_RE.sub("", before, count=1), count=1)
        style = f"<style>@page :first {{ counter-reset: page {first_page + 1} }}</style></head>"
        before = before.replace("</head>", style, 1)
    rows = "".join(row.replace("<tr>", f'<tr id="catrow-{first_row + n}">', 1) for n, row in enumerate(chunk))
    after = table.after if last else "</tbody></table></section></body></html>"
    return before + rows + after


def _merge(parts: Sequence[tuple[bytes, int]], outline: Sequence[Bookmark]) -> bytes:
    first_pdf, first_kept = parts[0]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(first_pdf)))
    while len(writer.pages) > first_kept:
        writer.remove_page(len(writer.pages) - 1)
    for pdf, kept in parts[1:]:
        writer.append(PdfReader(io.BytesIO(pdf)), pages=(0, kept), import_outline=False)
    writer.root_object.pop(NameObject("/Outlines"), None)
    add_outline(writer, outline, None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
