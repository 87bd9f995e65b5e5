"""Word (.docx) → blocks: what a reader sees, with the hints structure recognition needs.

Heading levels come from the style (Title, Heading N, 标题 N) or its outline level; bold runs are kept as
``**…**`` and the leading bold text is noted (a bold "一、…" line is a heading even in Normal style);
pictures become image blocks where they stand; tables become table blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from generator.docx_export import oxml
from generator.importers.blocks import Block, Image

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "标题", "record title", "公文标题"}
_MAX_IMAGE_BYTES = 50 * 1024 * 1024


class _Styles:
    """Style lookups by id, done once per document (python-docx searches the whole style table per call)."""

    def __init__(self, document: Document) -> None:
        self.by_id: dict[str, CharacterStyle] = {
            s.style_id: s for s in document.styles if isinstance(s, CharacterStyle) and s.style_id
        }
        default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_paragraph = default if isinstance(default, CharacterStyle) else None

    def of_paragraph(self, paragraph: Paragraph) -> CharacterStyle | None:
        style_id = oxml.paragraph_style_id(paragraph)
        return self.by_id.get(style_id, self.default_paragraph) if style_id else self.default_paragraph

    def of_run(self, run: Run) -> CharacterStyle | None:
        style_id = oxml.run_style_id(run)
        return self.by_id.get(style_id) if style_id else None


def docx_blocks(path: Path) -> list[Block]:
    document = docx.Document(str(path))
    styles = _Styles(document)
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.append(_table_block(item))
        else:
            blocks.extend(_paragraph_blocks(item, styles))
    return blocks


def _paragraph_blocks(paragraph: Paragraph, styles: _Styles) -> Iterator[Block]:
    text = paragraph.text
    if text.strip():
        style = styles.of_paragraph(paragraph)
        runs = [run for run in paragraph.runs if run.text]
        bold = [_is_bold(run, styles.of_run(run), style) for run in runs]
        yield Block(
            text,
            markdown=_inline_markdown(runs, bold),
            style_level=_style_level(paragraph, style),
            bold_lead=_bold_lead(runs, bold),
            centered=_alignment(paragraph, style) == WD_ALIGN_PARAGRAPH.CENTER,
            size=_largest_size(runs, style),
        )
    for image in _images(paragraph):
        yield Block("", image=image)


def _style_level(paragraph: Paragraph, style: CharacterStyle | None) -> int | None:
    name = ((style.name if style is not None else "") or "").strip()
    if name.lower() in _TITLE_STYLES:
        return 0
    match = _HEADING_STYLE.match(name)
    if match:
        return int(match.group(1))
    level = oxml.outline_level_of(paragraph, style)
    return None if level is None else level + 1


def _alignment(paragraph: Paragraph, style: CharacterStyle | None) -> object:
    try:
        if paragraph.alignment is not None:
            return paragraph.alignment
        while isinstance(style, ParagraphStyle):
            if style.paragraph_format.alignment is not None:
                return style.paragraph_format.alignment
            style = style.base_style
    except ValueError:  # values python-docx has no name for (LibreOffice writes "start"/"end")
        return None
    return None


def _is_bold(run: Run, run_style: CharacterStyle | None, style: CharacterStyle | None) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    for start in (run_style, style):
        chain = start
        while chain is not None:
            if chain.font.bold is not None:
                return bool(chain.font.bold)
            chain = chain.base_style
    return False


def _bold_lead(runs: list[Run], bold: list[bool]) -> str:
    lead = []
    for run, is_bold in zip(runs, bold, strict=True):
        if not is_bold and run.text.strip():
            break
        lead.append(run.text)
    return "".join(lead).strip()


def _inline_markdown(runs: list[Run], bold: list[bool]) -> str | None:
    """The text with bold stretches as ``**…**``; None when nothing is bold (the plain text says it all)."""
    groups: list[tuple[bool, str]] = []
    for run, is_bold in zip(runs, bold, strict=True):
        if groups and groups[-1][0] == is_bold:
            groups[-1] = (is_bold, groups[-1][1] + run.text)
        else:
            groups.append((is_bold, run.text))
    if not any(is_bold and text.strip() for is_bold, text in groups):
        return None
    return "".join(_emphasise(text) if is_bold else text for is_bold, text in groups)


def _emphasise(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return text
    start = text.index(stripped)
    return f"{text[:start]}**{stripped}**{text[start + len(stripped) :]}"


def _largest_size(runs: list[Run], style: CharacterStyle | None) -> float | None:
    sizes = [run.font.size.pt for run in runs if run.font.size is not None]
    while not sizes and style is not None:
        size = style.font.size
        if size is not None:
            sizes.append(size.pt)
        style = style.base_style
    return max(sizes) if sizes else None


def _images(paragraph: Paragraph) -> Iterator[Image]:
    for rid in oxml.image_relationship_ids(paragraph):
        part = paragraph.part.related_parts.get(rid)
        blob = getattr(part, "blob", None)
        if not isinstance(blob, bytes) or not blob or len(blob) > _MAX_IMAGE_BYTES:
            continue
        ext = str(part.partname.ext).lower() if part is not None else "bin"
        yield Image(blob, "jpg" if ext == "jpeg" else ext)


def _table_block(table: Table) -> Block:
    rows = tuple(tuple(cell.text.strip() for cell in row.cells) for row in table.rows)
    text = "\n".join(" ".join(row) for row in rows)
    return Block(text, table=rows)
