"""A record's Markdown body → Word paragraphs, through the same sanitised HTML the site and binders use.

Headings ``##`` … ``######`` take the heading styles set up in ``layout`` (一、 黑体, （一） 楷体, …);
paragraphs the body style; bold and italic stay runs; lists become numbered paragraphs; tables Word tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from docx.document import Document
from docx.text.paragraph import Paragraph

from generator.docx_export.layout import HEADING_STYLES
from generator.markdown_render import render_markdown

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption"}


@dataclass
class _List:
    ordered: bool
    number: int = 0


@dataclass
class _Writer(HTMLParser):
    document: Document
    paragraph: Paragraph | None = None
    bold: int = 0
    italic: int = 0
    lists: list[_List] = field(default_factory=list)
    table: list[list[str]] | None = None
    cell: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    # -------------------------------------------------------------- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in ("ol", "ul"):
            self.lists.append(_List(ordered=tag == "ol"))
        elif tag in _BLOCK_TAGS:
            self._start_block(tag)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.table:
            self.table[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self._flush_table()
        elif tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif tag in _BLOCK_TAGS:
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
            return
        if not data.strip() and self.paragraph is None:
            return  # white space between blocks
        paragraph = self.paragraph or self._start_block("p")
        run = paragraph.add_run(data)
        if self.bold:
            run.bold = True
        if self.italic:
            run.italic = True

    # -------------------------------------------------------------- helpers
    def _start_block(self, tag: str) -> Paragraph:
        level = int(tag[1]) if tag[0] == "h" and tag[1:].isdigit() else None
        if level is not None:
            style = HEADING_STYLES[max(2, level)][0]
            self.paragraph = self.document.add_paragraph(style=style)
        else:
            self.paragraph = self.document.add_paragraph()
        if tag == "li" and self.lists:
            current = self.lists[-1]
            current.number += 1
            self.paragraph.add_run(f"{current.number}．" if current.ordered else "· ")
        return self.paragraph

    def _flush_table(self) -> None:
        rows = [row for row in self.table or [] if row]
        self.table = None
        if not rows:
            return
        width = max(len(row) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell_paragraph = table.cell(r, c).paragraphs[0]
                cell_paragraph.paragraph_format.first_line_indent = 0
                cell_paragraph.add_run(text).bold = r == 0 or None


def add_markdown(document: Document, text: str) -> None:
    """Append the Markdown ``text`` to the document as styled paragraphs."""
    writer = _Writer(document)
    writer.feed(render_markdown(text))
    writer.close()
