"""A blank document typeset per GB/T 9704-2012 (党政机关公文格式): page, grid, styles, page numbers.

A4 with margins 37 mm (top), 35 mm (bottom), 28 mm (left, binding side), 26 mm (right), so the text block is
156 × 225 mm holding 22 lines of 28 characters; body 3号 (16 pt) 仿宋; title 2号 (22 pt) 小标宋, centred;
headings 一、 黑体, （一） 楷体, 1. and （1） 仿宋; page numbers 4号 (14 pt) 宋体 "— N —" 7 mm below the text
block, right on odd pages and left on even pages, one character in from the edge.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from generator.docx_export import oxml

MARGINS_MM: Final = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_MM: Final = (210, 297)
LINES: Final = 22
CHARS: Final = 28
BODY_PT: Final = 16  # 三号
TITLE_PT: Final = 22  # 二号
PAGE_NUMBER_PT: Final = 14  # 四号
PAGE_NUMBER_GAP_MM: Final = 7
TWIPS_PER_MM: Final = 1440 / 25.4

# Font roles as in archive.yml ``fonts:`` (shared with the PDF binders). The defaults are the names an
# office's Windows machine has; archive.yml may name 仿宋_GB2312, 方正小标宋简体 … instead.
DEFAULT_FONTS: Final[Mapping[str, str]] = {
    "fangsong": "仿宋",
    "songti": "宋体",
    "xiaobiaosong": "方正小标宋简体",
    "heiti": "黑体",
    "kaiti": "楷体",
}
# Markdown heading level (## = 2) → (Word style, font role, bold).
HEADING_STYLES: Final = {
    2: ("Heading 1", "heiti", False),
    3: ("Heading 2", "kaiti", False),
    4: ("Heading 3", "fangsong", False),
    5: ("Heading 4", "fangsong", False),
    6: ("Heading 5", "fangsong", False),
}
# A custom style (custom names are the same in every Word language, so the binder's TOC field finds it).
RECORD_TITLE_STYLE: Final = "Record Title"
CENTRED_STYLE: Final = "Subtitle"  # speaker, date and occasion lines under the title


def grid_pitch() -> tuple[int, int]:
    """(linePitch in twips, charSpace) for 22 lines × 28 characters of 16 pt in the 156 × 225 mm block.

    Word measures ``charSpace`` in 1/4096 pt added to the default font size: 28 characters of 16 pt would be
    158 mm, so the pitch is narrowed a little. Computed from the page and margins in whole twips, as Word
    does, this gives Word's own GB/T 9704 template values (linePitch 579, charSpace −842).
    """
    width = _twips(PAGE_MM[0]) - _twips(MARGINS_MM["left"]) - _twips(MARGINS_MM["right"])
    height = _twips(PAGE_MM[1]) - _twips(MARGINS_MM["top"]) - _twips(MARGINS_MM["bottom"])
    char_pitch_pt = width / 20 / CHARS
    return math.floor(height / LINES), math.floor((char_pitch_pt - BODY_PT) * 4096)


def _twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def new_document(fonts: Mapping[str, str]) -> Document:
    document = docx.Document()
    _setup_section(document.sections[0])
    _setup_styles(document, fonts)
    document.settings.odd_and_even_pages_header_footer = True
    _setup_page_numbers(document.sections[0], fonts["songti"])
    return document


def _setup_section(section: Section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.gutter = Mm(0)
    # The page number's top edge sits 7 mm below the text block; footer_distance is to its bottom edge.
    section.footer_distance = Mm(MARGINS_MM["bottom"] - PAGE_NUMBER_GAP_MM) - Pt(PAGE_NUMBER_PT)
    section.header_distance = Mm(15)
    line_pitch, char_space = grid_pitch()
    oxml.set_doc_grid(section, line_pitch, char_space)


def _setup_styles(document: Document, fonts: Mapping[str, str]) -> None:
    oxml.set_default_font(document.styles.element, fonts["fangsong"], BODY_PT * 2)
    normal = document.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    _style_text(normal, fonts["fangsong"], BODY_PT, bold=False)
    normal.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    normal.paragraph_format.widow_control = False
    for style_name, role, bold in HEADING_STYLES.values():
        style = _paragraph_style(document, style_name)
        _style_text(style, fonts[role], BODY_PT, bold=bold)
        style.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        style.paragraph_format.keep_with_next = True
    title = _record_title_style(document)
    _style_text(title, fonts["xiaobiaosong"], TITLE_PT, bold=False)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.keep_with_next = True
    centred = _paragraph_style(document, CENTRED_STYLE)
    _style_text(centred, fonts["kaiti"], BODY_PT, bold=False)
    centred.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    centred.paragraph_format.first_line_indent = Pt(0)


def _record_title_style(document: Document) -> ParagraphStyle:
    style = document.styles.add_style(RECORD_TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = document.styles["Normal"]  # not "Title": python-docx's has a blue rule under it
    style.next_paragraph_style = document.styles["Normal"]
    style.quick_style = True
    oxml.set_style_outline_level(style, 0)
    return style


def _paragraph_style(document: Document, name: str) -> ParagraphStyle:
    style = document.styles[name]
    assert isinstance(style, ParagraphStyle)
    return style


def _style_text(style: ParagraphStyle, font: str, size: int, *, bold: bool) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    oxml.set_style_font(style, font)
    style.font.underline = False
    if style.element.pPr is not None:
        style.paragraph_format.page_break_before = False


def _setup_page_numbers(section: Section, font: str) -> None:
    section.footer.is_linked_to_previous = False
    _page_number(section.footer.paragraphs[0], font, WD_ALIGN_PARAGRAPH.RIGHT)
    section.even_page_footer.is_linked_to_previous = False
    _page_number(section.even_page_footer.paragraphs[0], font, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph: Paragraph, font: str, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """ "— N —" with N a PAGE field, one character in from the outer edge."""
    paragraph.alignment = alignment
    indent = Pt(PAGE_NUMBER_PT)
    paragraph.paragraph_format.first_line_indent = Pt(0)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.line_spacing = Pt(PAGE_NUMBER_PT)
    oxml.set_snap_to_grid(paragraph, False)
    paragraph.add_run("— ")
    oxml.add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(PAGE_NUMBER_PT)
        oxml.set_run_font(run, font)


def apply_run_fonts(document: Document, fonts: Mapping[str, str]) -> None:
    """Name the East-Asian font on every run, as its paragraph's style does.

    Word would inherit it from the style, but WPS and older converters honour only run-level fonts for
    Chinese text, so each run says 仿宋/黑体/楷体/小标宋 itself (runs that already name a font keep it).
    """
    roles = {style: role for style, role, _bold in HEADING_STYLES.values()}
    roles |= {"Normal": "fangsong", RECORD_TITLE_STYLE: "xiaobiaosong", CENTRED_STYLE: "kaiti"}
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    names = {
        style.style_id: style.name for style in document.styles
    }  # one lookup table, not one per paragraph
    for paragraph in paragraphs:
        style_id = oxml.paragraph_style_id(paragraph)
        name = names.get(style_id, "Normal") if style_id else "Normal"
        font = fonts[roles.get(name or "Normal", "fangsong")]
        for run in paragraph.runs:
            if oxml.run_east_asian_font(run) is None:
                oxml.set_run_font(run, font)
