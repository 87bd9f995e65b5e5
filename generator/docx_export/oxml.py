"""Every raw WordprocessingML access of the project, kept here (python-docx keeps its own in ``oxml/``).

python-docx has no API for East-Asian fonts, the document grid, fields (PAGE, TOC), outline levels or images
inside runs; these helpers reach into the XML for exactly those, and nothing else in the code base does.
"""

from __future__ import annotations

from typing import Any, Final

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.settings import Settings
from docx.styles.style import BaseStyle, CharacterStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

_VML_IMAGEDATA: Final = "{urn:schemas-microsoft-com:vml}imagedata"  # pictures in old-style (VML) drawings
_THEME_FONT_ATTRS: Final = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
# Elements that follow w:updateFields in CT_Settings: it must be inserted before the first one present.
_AFTER_UPDATE_FIELDS: Final = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
    "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


# ------------------------------------------------------------------------------------------ fonts
def _set_rfonts(rpr: Any, name: str) -> None:
    rfonts = rpr.get_or_add_rFonts()
    for attr in _THEME_FONT_ATTRS:  # a theme font would win over the names set here
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def set_run_font(run: Run, name: str) -> None:
    """Set the font for Latin *and* East-Asian text of a run (python-docx's ``font.name`` sets Latin only)."""
    _set_rfonts(run._element.get_or_add_rPr(), name)


def set_style_font(style: BaseStyle, name: str) -> None:
    _set_rfonts(style.element.get_or_add_rPr(), name)


def run_east_asian_font(run: Run) -> str | None:
    """The w:eastAsia font named on the run itself (None when the run inherits it)."""
    rpr = run._element.rPr
    rfonts = rpr.rFonts if rpr is not None else None
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def style_east_asian_font(style: BaseStyle) -> str | None:
    rpr = style.element.rPr
    rfonts = rpr.rFonts if rpr is not None else None
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def set_default_font(styles_element: Any, name: str, half_points: int) -> None:
    """docDefaults: the font and size every paragraph inherits (the grid's character pitch is based on it)."""
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = _child(defaults, "w:rPrDefault")
    rpr = _child(rpr_default, "w:rPr")
    rfonts = _child(rpr, "w:rFonts")
    for attr in _THEME_FONT_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(qn("w:val"), str(half_points))


def _child(parent: Any, tag: str) -> Any:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


# ------------------------------------------------------------------------------------------ layout
def set_doc_grid(section: Section, line_pitch_twips: int, char_space: int) -> None:
    """The "lines and characters" grid: 22 lines × 28 characters per page in GB/T 9704."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(line_pitch_twips))
    grid.set(qn("w:charSpace"), str(char_space))


def doc_grid(section: Section) -> dict[str, str]:
    """The docGrid attributes of a section (without namespace prefixes), for checks."""
    grid = section._sectPr.find(qn("w:docGrid"))
    return {} if grid is None else {key.split("}")[-1]: value for key, value in grid.attrib.items()}


def set_update_fields_on_open(settings: Settings) -> None:
    """Ask Word to refresh fields (the table of contents, page numbers) when the file is opened."""
    element = settings.element
    if element.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    for tag in _AFTER_UPDATE_FIELDS:
        successor = element.find(qn(tag))
        if successor is not None:
            successor.addprevious(update)
            return
    element.append(update)


# ------------------------------------------------------------------------------------------ fields
def add_field(paragraph: Paragraph, instruction: str, shown: str = "") -> Run:
    """A complex field (begin / instruction / separate / result / end) at the end of the paragraph.

    Returns the run holding the cached result so the caller can format it like the surrounding text.
    """
    _field_char(paragraph.add_run(), "begin")
    instr_run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    instr_run._element.append(instr)
    _field_char(paragraph.add_run(), "separate")
    result = paragraph.add_run(shown)
    _field_char(paragraph.add_run(), "end")
    return result


def _field_char(run: Run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._element.append(char)


def field_instructions(paragraph: Paragraph) -> list[str]:
    """The instructions of the fields in a paragraph (complex and simple), e.g. ['PAGE']."""
    element = paragraph._element
    complex_fields = ["".join(node.text or "" for node in element.iter(qn("w:instrText")))]
    simple = [node.get(qn("w:instr")) or "" for node in element.iter(qn("w:fldSimple"))]
    return [text.strip() for text in complex_fields + simple if text.strip()]


def set_snap_to_grid(paragraph: Paragraph, snap: bool) -> None:
    """Page numbers and pictures must not be stretched to the document grid's line pitch."""
    ppr = paragraph._element.get_or_add_pPr()
    node = ppr.find(qn("w:snapToGrid"))
    if node is None:
        node = OxmlElement("w:snapToGrid")
        ppr.append(node)
    node.set(qn("w:val"), "1" if snap else "0")


def set_style_outline_level(style: BaseStyle, level: int) -> None:
    """Give a paragraph style an outline level (0 = top), so Word's navigation pane lists it."""
    ppr = style.element.get_or_add_pPr()
    node = ppr.find(qn("w:outlineLvl"))
    if node is None:
        node = OxmlElement("w:outlineLvl")
        ppr.append(node)
    node.set(qn("w:val"), str(level))


# ------------------------------------------------------------------------------------------ reading
def image_relationship_ids(paragraph: Paragraph) -> list[str]:
    """The relationship ids of pictures drawn in the paragraph (inline or floating, DrawingML or VML)."""
    element = paragraph._element
    ids = [blip.get(qn("r:embed")) for blip in element.iter(qn("a:blip"))]
    ids += [image.get(qn("r:id")) for image in element.iter(_VML_IMAGEDATA)]
    return [rid for rid in ids if rid]


def paragraph_style_id(paragraph: Paragraph) -> str | None:
    """The paragraph's own style id (w:pStyle), None for the default style; no style-table search."""
    value = paragraph._p.style
    return None if value is None else str(value)


def run_style_id(run: Run) -> str | None:
    value = run._r.style
    return None if value is None else str(value)


def outline_level_of(paragraph: Paragraph, style: CharacterStyle | None) -> int | None:
    """The outline level set on the paragraph or on ``style`` and its bases (0-based), if any."""
    level = _outline_of(paragraph._element.pPr)
    while level is None and style is not None:
        level = _outline_of(style.element.pPr)
        style = style.base_style
    return level


def _outline_of(ppr: Any) -> int | None:
    if ppr is None:
        return None
    node = ppr.find(qn("w:outlineLvl"))
    if node is None:
        return None
    value = int(node.get(qn("w:val"), "9"))
    return value if value < 9 else None
