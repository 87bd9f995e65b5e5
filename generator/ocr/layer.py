"""The invisible text layer of a scanned page (the archival "double-layer" PDF): each recognised line is
written in text render mode 3 (neither filled nor stroked) over the place where the engine found it, scaled
to the line's width and turned with it, so a PDF reader's search and selection find the words on the image.

The font is a Type0 font whose codes are the characters' Unicode values, with a ToUnicode map. Nothing is
drawn, so its embedded program is a tiny TrueType font whose one glyph is blank, every code mapped to it
(as Tesseract's double-layer PDFs do): embedded, as PDF/A and `dossier verify` want every font.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from functools import cache

from pypdf import PageObject
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from generator.ocr.engine import Line

FONT = "/DossierOCR"


def _to_unicode() -> bytes:
    ranges = [f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF]
    blocks = [ranges[i : i + 100] for i in range(0, len(ranges), 100)]
    body = "".join(f"{len(block)} beginbfrange\n" + "\n".join(block) + "\nendbfrange\n" for block in blocks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


@cache
def _blank_font_program() -> bytes:
    """A TrueType font of one blank glyph (and .notdef), 1 em wide; fixed dates, so the same bytes."""
    from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]  # noqa: PLC0415
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]  # noqa: PLC0415

    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "blank"])
    builder.setupCharacterMap({})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "blank": TTGlyphPen(None).glyph()})
    builder.setupHorizontalMetrics({".notdef": (1000, 0), "blank": (1000, 0)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "GlyphLessFont", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.setupHead(unitsPerEm=1000, created=0, modified=0)
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def _flate(data: bytes, **entries: NumberObject) -> EncodedStreamObject:
    plain = DecodedStreamObject()
    plain.set_data(data)
    stream = plain.flate_encode(level=9)
    for key, value in entries.items():
        stream[NameObject(f"/{key}")] = value
    return stream


def _descriptor() -> DictionaryObject:
    program = _blank_font_program()
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): NameObject("/GlyphLessFont"),
            NameObject("/Flags"): NumberObject(4),  # symbolic
            NameObject("/FontBBox"): ArrayObject([NumberObject(n) for n in (0, -120, 1000, 880)]),
            NameObject("/ItalicAngle"): NumberObject(0),
            NameObject("/Ascent"): NumberObject(880),
            NameObject("/Descent"): NumberObject(-120),
            NameObject("/CapHeight"): NumberObject(880),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile2"): _flate(program, Length1=NumberObject(len(program))),
        }
    )


def _font() -> DictionaryObject:
    cmap = DecodedStreamObject()
    cmap.set_data(_to_unicode())
    descendant = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/CIDFontType2"),
            NameObject("/BaseFont"): NameObject("/GlyphLessFont"),
            NameObject("/CIDSystemInfo"): DictionaryObject(
                {
                    NameObject("/Registry"): TextStringObject("Adobe"),
                    NameObject("/Ordering"): TextStringObject("Identity"),
                    NameObject("/Supplement"): NumberObject(0),
                }
            ),
            NameObject("/DW"): NumberObject(1000),
            NameObject("/FontDescriptor"): _descriptor(),
            NameObject("/CIDToGIDMap"): _flate(b"\x00\x01" * 0x10000),  # every code → the blank glyph
        }
    )
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type0"),
            NameObject("/BaseFont"): NameObject("/GlyphLessFont"),
            NameObject("/Encoding"): NameObject("/Identity-H"),
            NameObject("/DescendantFonts"): ArrayObject([descendant]),
            NameObject("/ToUnicode"): cmap,
        }
    )


def _hex(text: str) -> str:
    return "".join(f"{ord(c):04X}" for c in text if ord(c) <= 0xFFFF and not 0xD800 <= ord(c) <= 0xDFFF)


def _line_ops(line: Line, left: float, bottom: float, width: float, height: float) -> str:
    """Operators that place ``line`` on a page box (left, bottom, width, height) in PDF points."""
    (x0, y0), (x1, y1), _, (x3, y3) = line.box
    codes = _hex(line.text)
    if not codes:
        return ""
    run = math.hypot((x1 - x0) * width, (y1 - y0) * height)
    size = max(1.0, math.hypot((x3 - x0) * width, (y3 - y0) * height))
    angle = math.atan2(-(y1 - y0) * height, (x1 - x0) * width)
    stretch = 100 * run / (size * (len(codes) // 4))
    x, y = left + x3 * width, bottom + (1 - y3) * height + size * 0.12  # baseline a little above the bottom
    cos, sin = math.cos(angle), math.sin(angle)
    return (
        f"BT 3 Tr {FONT} {size:.2f} Tf {stretch:.2f} Tz "
        f"{cos:.5f} {sin:.5f} {-sin:.5f} {cos:.5f} {x:.2f} {y:.2f} Tm <{codes}> Tj ET\n"
    )


def add_text_layer(page: PageObject, lines: Sequence[Line]) -> None:
    """Write ``lines`` invisibly over ``page`` (positions are fractions of its visible box)."""
    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    ops = "".join(_line_ops(line, left, bottom, width, height) for line in lines)
    if not ops:
        return
    overlay = PageObject.create_blank_page(width=width, height=height)
    stream = DecodedStreamObject()
    stream.set_data(ops.encode("ascii"))
    overlay[NameObject("/Contents")] = stream
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(FONT): _font()})}
    )
    page.merge_page(overlay)
