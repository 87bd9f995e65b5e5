"""Deterministic stand-ins for the files a campaign office attaches to its records.

Every function here draws the same bytes from the same arguments, so the demo archive's checksums stay stable
and benchmarks can make as many files as they need:

- :func:`make_photo` — a JPEG scene (sky, street, buildings, people, a red banner) with EXIF DateTimeOriginal;
- :func:`make_scan_pdf` — a multi-page PDF that looks like a scanned official document;
- :func:`make_docx` — a Word document;
- :func:`make_xlsx` — a statistics table.

``python -m generator.synth.media [DATA_DIR]`` regenerates every attached file of the demo archive
(``archive_data/files/`` by default).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from generator.reproducible import fixed_zip

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
RGB = tuple[int, int, int]

#: Fixed timestamp written into document metadata and zip entries, so output never depends on the clock.
FIXED_TIME = dt.datetime(2025, 9, 15, 9, 0, 0)
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_DATETIME = 0x0132
_MAKE = 0x010F
_MODEL = 0x0110
_A4_PX = (827, 1169)  # A4 at 100 dpi: small files, still legible


# ------------------------------------------------------------------------------------------------ fonts
@functools.cache
def _font_file(family: str = "Noto Sans CJK SC") -> str | None:
    """The font file fontconfig picks for ``family``, or None when fontconfig or the family is missing."""
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    # fc-match always answers something; only accept a CJK face (else Chinese text would draw as boxes).
    return found if found and "CJK" in found and Path(found).is_file() else None


@functools.cache
def _font(size: int, family: str = "Noto Sans CJK SC") -> Font:
    file = _font_file(family)
    if file is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(file, size)


def _text_width(draw: ImageDraw.ImageDraw, text: str, font: Font) -> float:
    return draw.textlength(text, font=font)


def _wrap(text: str, draw: ImageDraw.ImageDraw, font: Font, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (character by character: Chinese has no spaces)."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and _text_width(draw, current + char, font) > width:
            lines.append(current)
            current = ""
        current += char
    if current:
        lines.append(current)
    return lines


# ----------------------------------------------------------------------------------------------- photos
def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def _jitter(rng: random.Random, colour: RGB, amount: int = 18) -> RGB:
    return (
        max(0, min(255, colour[0] + rng.randint(-amount, amount))),
        max(0, min(255, colour[1] + rng.randint(-amount, amount))),
        max(0, min(255, colour[2] + rng.randint(-amount, amount))),
    )


def _gradient(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top: RGB, bottom: RGB) -> None:
    x0, y0, x1, y1 = box
    height = max(1, y1 - y0)
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=_mix(top, bottom, (y - y0) / height))


def _buildings(draw: ImageDraw.ImageDraw, rng: random.Random, width: int, horizon: int, scale: float) -> None:
    x = -rng.randint(0, 60)
    palette: list[RGB] = [(196, 186, 170), (170, 178, 190), (214, 204, 188), (150, 160, 172), (226, 218, 200)]
    while x < width:
        w = int(rng.randint(120, 260) * scale)
        h = int(rng.randint(180, 520) * scale)
        colour = _jitter(rng, rng.choice(palette), 12)
        draw.rectangle([x, horizon - h, x + w, horizon], fill=colour, outline=_mix(colour, (60, 60, 60), 0.3))
        win = max(8, int(22 * scale))
        gap = max(6, int(16 * scale))
        lit: RGB = (238, 232, 200)
        dark = _mix(colour, (70, 90, 110), 0.55)
        for wy in range(horizon - h + gap, horizon - win - gap, win + gap):
            for wx in range(x + gap, x + w - win, win + gap):
                draw.rectangle(
                    [wx, wy, wx + win, wy + int(win * 1.3)], fill=lit if rng.random() < 0.18 else dark
                )
        x += w + rng.randint(4, 30)


def _tree(draw: ImageDraw.ImageDraw, rng: random.Random, x: int, base: int, scale: float) -> None:
    trunk_h = int(rng.randint(60, 110) * scale)
    draw.rectangle([x - int(6 * scale), base - trunk_h, x + int(6 * scale), base], fill=(104, 78, 52))
    radius = int(rng.randint(45, 75) * scale)
    for _ in range(4):
        cx = x + rng.randint(-radius // 2, radius // 2)
        cy = base - trunk_h - rng.randint(0, radius)
        green = _jitter(rng, (62, 128, 66), 20)
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=green)


def _person(
    draw: ImageDraw.ImageDraw, rng: random.Random, x: int, base: int, scale: float, *, vest: bool = False
) -> None:
    h = int(rng.randint(150, 185) * scale)
    head = int(h * 0.13)
    body_top = base - h + head * 2
    shirt: RGB = (
        (236, 120, 30)
        if vest
        else _jitter(
            rng, rng.choice([(40, 70, 130), (200, 200, 205), (150, 40, 40), (60, 110, 80), (90, 90, 96)]), 15
        )
    )
    legs = _jitter(rng, (50, 54, 66), 12)
    half = int(h * 0.14)
    draw.rectangle([x - half // 2, base - int(h * 0.45), x - 2, base], fill=legs)
    draw.rectangle([x + 2, base - int(h * 0.45), x + half // 2, base], fill=legs)
    draw.rounded_rectangle(
        [x - half, body_top, x + half, base - int(h * 0.43)], radius=max(2, half // 3), fill=shirt
    )
    if vest:
        draw.rectangle(
            [x - half, body_top + int(h * 0.12), x + half, body_top + int(h * 0.16)], fill=(235, 235, 200)
        )
    skin = _jitter(rng, (232, 196, 160), 10)
    draw.ellipse([x - head, base - h, x + head, base - h + head * 2], fill=skin)
    draw.chord([x - head, base - h - 2, x + head, base - h + head * 2 - 4], 180, 360, fill=(30, 28, 28))


def _banner(draw: ImageDraw.ImageDraw, text: str, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=(196, 22, 28), outline=(150, 10, 16), width=3)
    size = int((y1 - y0) * 0.58)
    font = _font(size)
    while size > 12 and _text_width(draw, text, font) > (x1 - x0) * 0.92:
        size -= 2
        font = _font(size)
    tw = _text_width(draw, text, font)
    draw.text(((x0 + x1 - tw) / 2, (y0 + y1) / 2), text, font=font, fill=(255, 236, 120), anchor="lm")


def _stamp(draw: ImageDraw.ImageDraw, size: tuple[int, int], taken: dt.datetime) -> None:
    """The orange date stamp of a compact camera, bottom right."""
    font = _font(max(14, size[1] // 36))
    text = taken.strftime("%Y-%m-%d %H:%M")
    tw = _text_width(draw, text, font)
    draw.text(
        (size[0] - tw - size[0] // 40, size[1] - size[1] // 20),
        text,
        font=font,
        fill=(255, 150, 40),
        anchor="ls",
    )


def _scene_outdoor(
    img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, scene: str, banner: str
) -> None:
    width, height = img.size
    scale = width / 1600
    horizon = int(height * rng.uniform(0.52, 0.6))
    _gradient(draw, (0, 0, width, horizon), _jitter(rng, (120, 170, 225), 15), (214, 228, 240))
    for _ in range(rng.randint(2, 5)):  # clouds
        cx, cy = rng.randint(0, width), rng.randint(20, horizon // 3)
        for _ in range(5):
            r = int(rng.randint(30, 60) * scale)
            ox, oy = rng.randint(-70, 70), rng.randint(-15, 15)
            draw.ellipse([cx + ox - r * 2, cy + oy - r, cx + ox + r * 2, cy + oy + r], fill=(244, 246, 250))
    _buildings(draw, rng, width, horizon, scale)
    ground_top: RGB = (150, 150, 146) if scene in {"street", "crossing"} else (176, 166, 150)
    _gradient(draw, (0, horizon, width, height), ground_top, (92, 92, 90))
    _ground_details(draw, rng, img.size, horizon, scene)
    _banner_and_crowd(draw, rng, img.size, horizon, banner)


def _ground_details(
    draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], horizon: int, scene: str
) -> None:
    width, height = size
    scale = width / 1600
    if scene in {"street", "crossing"}:
        road_y = horizon + (height - horizon) // 3
        draw.rectangle([0, horizon, width, road_y], fill=(196, 190, 180))  # pavement
        if scene == "crossing":
            stripe = int(46 * scale)
            for i in range(0, width, stripe * 2):
                draw.polygon(
                    [
                        (i, height),
                        (i + stripe, height),
                        (i + stripe * 0.7 + 80 * scale, road_y + 10),
                        (i + 80 * scale, road_y + 10),
                    ],
                    fill=(236, 236, 230),
                )
        else:
            for i in range(0, width, int(160 * scale)):
                draw.rectangle(
                    [i, (road_y + height) // 2, i + int(90 * scale), (road_y + height) // 2 + int(8 * scale)],
                    fill=(230, 210, 90),
                )
    if scene == "market":
        for i in range(rng.randint(3, 5)):  # stalls with awnings
            sx = int(width * (0.08 + i * 0.2)) + rng.randint(-20, 20)
            sy = horizon + int(60 * scale)
            sw = int(220 * scale)
            awning = rng.choice([(40, 120, 190), (210, 60, 50), (60, 150, 90)])
            draw.rectangle([sx, sy, sx + sw, sy + int(110 * scale)], fill=(214, 200, 170))
            for k in range(0, sw, int(30 * scale)):
                draw.rectangle([sx + k, sy - int(40 * scale), sx + k + int(15 * scale), sy], fill=awning)
                draw.rectangle(
                    [sx + k + int(15 * scale), sy - int(40 * scale), sx + k + int(30 * scale), sy],
                    fill=(245, 245, 240),
                )
            for _ in range(8):
                gx = sx + rng.randint(10, sw - 20)
                colour = rng.choice([(220, 60, 40), (240, 170, 40), (90, 170, 60), (230, 220, 80)])
                draw.ellipse([gx, sy + 10, gx + int(22 * scale), sy + 10 + int(22 * scale)], fill=colour)
    if scene in {"park", "school"}:
        for i in range(rng.randint(3, 6)):
            _tree(
                draw,
                rng,
                int(width * (0.1 + 0.17 * i)) + rng.randint(-30, 30),
                horizon + int(20 * scale),
                scale,
            )
    if scene == "school":
        pole_x = int(width * 0.78)
        draw.rectangle(
            [pole_x, horizon - int(380 * scale), pole_x + int(8 * scale), horizon + int(30 * scale)],
            fill=(200, 200, 205),
        )
        draw.rectangle(
            [
                pole_x + int(8 * scale),
                horizon - int(380 * scale),
                pole_x + int(150 * scale),
                horizon - int(280 * scale),
            ],
            fill=(222, 41, 16),
        )
        draw.regular_polygon(
            (pole_x + int(35 * scale), horizon - int(350 * scale), int(14 * scale)), 5, fill=(255, 222, 0)
        )


def _banner_and_crowd(
    draw: ImageDraw.ImageDraw, rng: random.Random, size: tuple[int, int], horizon: int, banner: str
) -> None:
    width, height = size
    scale = width / 1600
    banner_h = int(height * 0.075)
    bx0 = int(width * rng.uniform(0.08, 0.2))
    by0 = horizon - int(height * rng.uniform(0.2, 0.3))
    _banner(draw, banner, (bx0, by0, width - bx0, by0 + banner_h))
    crowd = rng.randint(5, 11)
    base = height - int(height * 0.06)
    for i in range(crowd):
        px = int(width * (i + 0.5) / crowd) + rng.randint(-40, 40)
        pb = base - rng.randint(0, int(height * 0.12))
        _person(draw, rng, px, pb, scale * rng.uniform(0.9, 1.25), vest=rng.random() < 0.45)


def _scene_hall(img: Image.Image, draw: ImageDraw.ImageDraw, rng: random.Random, banner: str) -> None:
    width, height = img.size
    scale = width / 1600
    _gradient(draw, (0, 0, width, height), (186, 172, 150), (120, 100, 84))
    stage_y = int(height * 0.52)
    draw.rectangle([0, 0, width, int(height * 0.06)], fill=(240, 236, 226))
    for i in range(0, width, int(120 * scale)):  # ceiling lights
        draw.ellipse(
            [i + 30, int(height * 0.02), i + 30 + int(40 * scale), int(height * 0.045)], fill=(255, 250, 220)
        )
    draw.rectangle([int(width * 0.06), int(height * 0.1), int(width * 0.94), stage_y], fill=(150, 24, 30))
    draw.rectangle([0, stage_y, width, stage_y + int(60 * scale)], fill=(132, 86, 52))
    table_y = stage_y - int(70 * scale)
    draw.rectangle([int(width * 0.14), table_y, int(width * 0.86), stage_y], fill=(206, 206, 200))
    seats = rng.randint(6, 9)
    for i in range(seats):  # presidium behind the table
        px = int(width * (0.18 + 0.64 * i / max(1, seats - 1)))
        _person(draw, rng, px, table_y + int(30 * scale), scale * 0.75)
        draw.rectangle(
            [px - int(22 * scale), table_y + int(8 * scale), px + int(22 * scale), table_y + int(30 * scale)],
            fill=(250, 250, 250),
        )
    _gradient(draw, (0, stage_y + int(60 * scale), width, height), (110, 40, 44), (70, 26, 30))
    _banner(draw, banner, (int(width * 0.1), int(height * 0.14), int(width * 0.9), int(height * 0.24)))
    for row in range(3):  # the audience, seen from behind
        y = height - int(height * 0.04) - row * int(90 * scale)
        for i in range(12):
            x = int(width * (i + 0.5 + (row % 2) * 0.5) / 12)
            r = int((34 - row * 5) * scale)
            draw.ellipse([x - r, y - r * 2, x + r, y], fill=(28, 24, 24))
            draw.rectangle(
                [x - r * 2, y - int(r * 0.4), x + r * 2, y + r * 2], fill=_jitter(rng, (48, 52, 66), 10)
            )


def make_photo(
    path: Path | str,
    *,
    title: str,
    seed: int,
    size: tuple[int, int] = (1600, 1200),
    taken: dt.datetime | None = None,
    scene: str = "street",
    quality: int = 80,
) -> None:
    """Draw a plausible campaign photo: a ``scene`` (street, crossing, market, park, school, hall) under a red
    banner reading ``title``; EXIF DateTimeOriginal is ``taken``. Same arguments, same bytes."""
    rng = random.Random(f"{seed}:{title}:{scene}")
    img = Image.new("RGB", size, (200, 210, 220))
    draw = ImageDraw.Draw(img)
    banner = title or "创建全国文明城市  建设美好幸福家园"
    if scene == "hall":
        _scene_hall(img, draw, rng, banner)
    else:
        _scene_outdoor(img, draw, rng, scene, banner)
    if taken is not None:
        _stamp(draw, size, taken)
    exif = Image.Exif()
    exif[_MAKE] = "Dossier"
    exif[_MODEL] = "Synthetic Camera"
    if taken is not None:
        stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
        exif[_DATETIME] = stamp
        exif.get_ifd(_EXIF_IFD)[_DATETIME_ORIGINAL] = stamp
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality, exif=exif.tobytes(), optimize=True)
    out.write_bytes(buffer.getvalue())


# ------------------------------------------------------------------------------------------- scanned PDF
def _document_page(
    title: str, lines: Sequence[str], *, page: int, first: bool, issuer: str
) -> tuple[Image.Image, int]:
    """One A4 page of an official document; returns the page and how many of ``lines`` it consumed."""
    img = Image.new("L", _A4_PX, 255)
    draw = ImageDraw.Draw(img)
    left, right, top = 96, _A4_PX[0] - 86, 120
    body_font = _font(21, "Noto Serif CJK SC")
    y = top
    if first:
        head_font = _font(34, "Noto Serif CJK SC")
        tw = _text_width(draw, issuer, head_font)
        draw.text(((_A4_PX[0] - tw) / 2, y), issuer, font=head_font, fill=70)
        y += 80
        draw.line([(left, y), (right, y)], fill=90, width=3)
        y += 40
        title_font = _font(30, "Noto Sans CJK SC")
        for line in _wrap(title, draw, title_font, right - left - 40):
            tw = _text_width(draw, line, title_font)
            draw.text(((_A4_PX[0] - tw) / 2, y), line, font=title_font, fill=20)
            y += 48
        y += 20
    used = 0
    bottom = _A4_PX[1] - 130
    for paragraph in lines:
        wrapped = _wrap("\u3000\u3000" + paragraph, draw, body_font, right - left)
        if y + len(wrapped) * 38 > bottom and used:
            break
        for line in wrapped:
            draw.text((left, y), line, font=body_font, fill=25)
            y += 38
        used += 1
    number = f"— {page} —"
    nf = _font(20, "Noto Serif CJK SC")
    tw = _text_width(draw, number, nf)
    draw.text(((_A4_PX[0] - tw) / 2, _A4_PX[1] - 80), number, font=nf, fill=40)
    return img, used


def _scanned(img: Image.Image, rng: random.Random) -> Image.Image:
    """Grey paper, a slight skew and some specks: what a flatbed scanner makes of a clean page."""
    paper = Image.new("L", img.size, 236)
    paper.paste(img.point(lambda v: 236 * v // 255), mask=img.point(lambda v: 255 - v))
    skewed = paper.rotate(rng.uniform(-0.7, 0.7), resample=Image.Resampling.BICUBIC, fillcolor=214)
    draw = ImageDraw.Draw(skewed)
    for _ in range(rng.randint(20, 45)):
        x, y = rng.randrange(img.size[0]), rng.randrange(img.size[1])
        r = rng.choice([1, 1, 2])
        draw.ellipse([x, y, x + r, y + r], fill=rng.randint(120, 190))
    draw.rectangle([0, 0, 6, img.size[1]], fill=180)  # the shadow of the binding edge
    return skewed


def _fixed_pdf_date() -> time.struct_time:
    return FIXED_TIME.timetuple()


def make_scan_pdf(
    path: Path | str,
    *,
    title: str,
    pages: int,
    seed: int,
    lines: Sequence[str] = (),
    scanned: bool = True,
    issuer: str = "示例市创建全国文明城市工作指挥部办公室",
) -> None:
    """A ``pages``-page PDF of A4 page images: an official document with a red-header-style masthead, body
    ``lines`` (repeated as needed to fill the pages) and page numbers. ``scanned`` adds grey paper, skew and
    specks. Metadata dates are fixed, so the same arguments give the same bytes."""
    if pages < 1:
        raise ValueError("pages must be at least 1")
    rng = random.Random(f"{seed}:{title}")
    text = list(lines) or [f"{title}。"]
    images: list[Image.Image] = []
    cursor = 0
    for page in range(1, pages + 1):
        remaining = [text[(cursor + k) % len(text)] for k in range(len(text) * 2)]
        img, used = _document_page(title, remaining, page=page, first=page == 1, issuer=issuer)
        cursor += used
        images.append(_scanned(img, rng) if scanned else img)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        "PDF",
        save_all=True,
        append_images=images[1:],
        resolution=100.0,
        title=title,
        producer="dossier synth",
        creationDate=_fixed_pdf_date(),
        modDate=_fixed_pdf_date(),
    )
    out.write_bytes(buffer.getvalue())


# ------------------------------------------------------------------------------------------ Office files
def _normalise_zip(path: Path) -> None:
    """Fixed entry times and created/modified dates, so the demo files regenerate byte for byte."""
    path.write_bytes(fixed_zip(path.read_bytes(), FIXED_TIME))


def make_docx(path: Path | str, *, title: str, paragraphs: list[str], author: str = "示例市创文办") -> None:
    """A Word document: a centred title and body paragraphs; fixed core properties and zip timestamps."""
    from docx import Document  # noqa: PLC0415  (python-docx is slow to import; only this function needs it)
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    document = Document()
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(22)
    for text in paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(32)
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    _normalise_zip(out)


def make_xlsx(
    path: Path | str, *, title: str, rows: list[list[object]], author: str = "示例市创文办"
) -> None:
    """A statistics table: ``title`` merged across the top, ``rows[0]`` as a bold header, then the data."""
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Alignment  # noqa: PLC0415
    from openpyxl.styles import Font as XlFont  # noqa: PLC0415

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "统计表"
    columns = max((len(row) for row in rows), default=1)
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(1, columns))
    sheet["A1"].font = XlFont(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for i, row in enumerate(rows):
        sheet.append(row)
        if i == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = XlFont(bold=True)
    for index in range(columns):
        letter = sheet.cell(row=2, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = 18
    props = workbook.properties
    props.title = title
    props.creator = author
    props.lastModifiedBy = author
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(str(out))
    _normalise_zip(out)


# ------------------------------------------------------------------------------------------ demo archive
@dataclass(frozen=True)
class PhotoSpec:
    """One demo photo: file name under ``files/photos/``, banner words, scene and the moment it was taken."""

    name: str
    banner: str
    scene: str
    taken: dt.datetime


DEMO_PHOTOS: tuple[PhotoSpec, ...] = (
    PhotoSpec(
        "2023-03-15-dongyuan-dahui.jpg",
        "示例市创建全国文明城市动员大会",
        "hall",
        dt.datetime(2023, 3, 15, 9, 12),
    ),
    PhotoSpec(
        "2024-08-20-zerenshu-qianding.jpg",
        "落实市容环境责任  共建文明街区",
        "street",
        dt.datetime(2024, 8, 20, 9, 40),
    ),
    PhotoSpec(
        "2024-09-05-yeshi-zhengzhi.jpg", "规范夜市经营  还路于民", "street", dt.datetime(2024, 9, 5, 20, 15)
    ),
    PhotoSpec(
        "2024-09-18-guanggao-qingli.jpg",
        "清理乱张贴  还城市洁净面容",
        "street",
        dt.datetime(2024, 9, 18, 8, 30),
    ),
    PhotoSpec(
        "2024-10-12-lirang-banmaxian.jpg",
        "礼让斑马线  文明你我他",
        "crossing",
        dt.datetime(2024, 10, 12, 7, 50),
    ),
    PhotoSpec(
        "2024-10-25-feijidongche-tingfang.jpg",
        "车辆有序停放  文明出行",
        "street",
        dt.datetime(2024, 10, 25, 16, 5),
    ),
    PhotoSpec(
        "2024-11-08-gongjiao-zhandian.jpg", "文明乘车  礼让老幼", "street", dt.datetime(2024, 11, 8, 10, 20)
    ),
    PhotoSpec(
        "2024-11-20-zhiyuan-fuwuzhan.jpg",
        "志愿服务站  有困难找我们",
        "park",
        dt.datetime(2024, 11, 20, 15, 0),
    ),
    PhotoSpec(
        "2024-12-05-zhiyuanzhe-ri.jpg", "国际志愿者日主题活动", "park", dt.datetime(2024, 12, 5, 9, 30)
    ),
    PhotoSpec(
        "2025-03-05-xue-leifeng.jpg", "学雷锋  做好事  暖人心", "park", dt.datetime(2025, 3, 5, 14, 10)
    ),
    PhotoSpec(
        "2024-09-30-xiaoyuan-shengqi.jpg", "立德树人  文明校园", "school", dt.datetime(2024, 9, 30, 7, 40)
    ),
    PhotoSpec(
        "2024-11-15-xiaoyuan-zhoubian.jpg", "净化校园周边环境", "street", dt.datetime(2024, 11, 15, 16, 45)
    ),
    PhotoSpec(
        "2025-04-18-shaoniangong.jpg", "青少年活动中心  快乐成长", "school", dt.datetime(2025, 4, 18, 15, 30)
    ),
    PhotoSpec(
        "2024-12-18-nongmao-shichang.jpg", "城东农贸市场提质改造", "market", dt.datetime(2024, 12, 18, 8, 15)
    ),
    PhotoSpec("2025-01-10-shipin-jiancha.jpg", "守护舌尖上的安全", "market", dt.datetime(2025, 1, 10, 9, 50)),
    PhotoSpec(
        "2025-03-20-beijie-xiaoxiang.jpg", "背街小巷  干净整洁", "street", dt.datetime(2025, 3, 20, 8, 0)
    ),
    PhotoSpec("2025-05-12-hongheibang.jpg", "诚信红黑榜", "street", dt.datetime(2025, 5, 12, 11, 20)),
    PhotoSpec("2025-02-20-gongyi-guanggao.jpg", "讲文明树新风", "street", dt.datetime(2025, 2, 20, 13, 35)),
    PhotoSpec(
        "2025-05-28-jiazhiguan-gongyuan.jpg",
        "社会主义核心价值观主题公园",
        "park",
        dt.datetime(2025, 5, 28, 10, 0),
    ),
    PhotoSpec("2025-06-10-zhengwu-dating.jpg", "文明服务  群众满意", "hall", dt.datetime(2025, 6, 10, 9, 5)),
    PhotoSpec(
        "2025-06-26-wenming-paidui.jpg", "文明排队  从我做起", "park", dt.datetime(2025, 6, 26, 10, 40)
    ),
    PhotoSpec(
        "2025-08-20-yingjian-xuncha.jpg", "迎检冲刺  全域整治", "street", dt.datetime(2025, 8, 20, 21, 10)
    ),
    PhotoSpec("2025-04-22-banmaxian-fucha.jpg", "车让人  人守规", "crossing", dt.datetime(2025, 4, 22, 8, 5)),
)

_FUNDING_LINES = (
    "为保障创建全国文明城市各项工作顺利推进，经市政府同意，现就2024年度创建工作专项经费拨付有关事项通知如下。",
    "一、经费总额。2024年度市级财政安排创建专项经费三千二百万元，按照“任务跟着责任走、经费跟着任务走”的原则分解到各责任单位。",
    "二、使用范围。专项经费主要用于市容环境整治、公益广告制作、志愿服务站点运行、农贸市场提质改造和创建档案资料整理等。",
    "三、拨付方式。经费分两批拨付：第一批百分之六十于八月底前拨付，第二批根据季度督查考核结果于十一月底前拨付。",
    "四、管理要求。各单位要建立专项经费台账，专款专用，不得挤占挪用；市财政局、市审计局将适时开展专项检查。",
    "五、绩效评价。年度结束后，市创文办会同市财政局对经费使用绩效进行评价，评价结果与下一年度经费安排挂钩。",
    "附件：2024年度创建工作专项经费分配表（略）。",
)

_BRIEFING_LINES = (
    "十月以来，全市各责任单位对照年度测评体系，持续推进市容秩序、交通秩序和志愿服务等重点工作。",
    "市城管局组织执法队员在城关街道、新华街道开展夜间巡查，规范夜市经营点位十二处，劝导流动摊点一百余个。",
    "市公安局交警支队在主城区二十个重点路口设置文明交通劝导岗，机动车礼让行人率稳步提升。",
    "团市委依托城市志愿服务站组织“周末文明行”活动，累计参与志愿者四千二百余人次。",
    "市创文办第二督查组对照问题清单开展回头看，已整改问题三十六个，剩余问题已明确整改时限和责任人。",
    "下一步，各单位要坚持问题导向，把日常整改与资料归档同步推进，做到工作有部署、过程有记录、成效有佐证。",
)

_NOTICE_LINES = (
    "根据市创建全国文明城市工作指挥部安排，市创文办于二〇二五年二月组织四个督查组，对各责任单位第一季度创建工作进行了督查。",
    "从督查情况看，多数单位责任落实到位，问题整改及时，台账资料归档规范。",
    "但也有个别单位存在工作标准不高、整改进度滞后的问题：部分路段非机动车停放秩序反复，部分小区楼道堆放杂物问题未彻底解决。",
    "个别单位报送的佐证材料日期与工作时间不符，照片缺少时间、地点、人物、事由说明，影响材料审核得分。",
    "请相关单位于三月十五日前将整改情况书面报送市创文办，逾期未整改的，将提请市指挥部进行约谈。",
    "本通报仅限内部掌握，不得外传。",
)

_PLAN_PARAGRAPHS = [
    "为确保在2025年全国文明城市年度测评中取得好成绩，根据全国文明城市测评体系，结合我市实际，制定本方案。",
    "一、总体目标。对照测评体系各项指标逐项分解任务，明确牵头单位、配合单位和完成时限，力争年度测评总成绩达到九十分以上。",
    "二、任务分解。组织领导与基础工作由市创文办牵头；公共文明秩序由市城管局、城关区政府牵头；交通秩序由市公安局交警支队、"
    "市交通运输局牵头；志愿服务由团市委、市民政局牵头；未成年人思想道德建设由市教育局牵头；公共卫生由市卫健委、市市场监管局牵头。",
    "三、工作要求。各牵头单位要建立工作台账，每月二十五日前向市创文办报送工作进展和佐证材料；佐证材料须注明对应测评标准编号。",
    "四、督查考核。市创文办每季度组织一次综合督查，督查结果在全市通报，并纳入年度目标管理考核。",
    "五、保障措施。市财政统筹安排创建专项经费；各单位主要负责同志为第一责任人，分管负责同志为直接责任人。",
]

_VOLUNTEER_ROWS: list[list[object]] = [
    [
        "单位（区域）",
        "常住人口（人）",
        "注册志愿者（人）",
        "注册率（%）",
        "志愿服务站点（个）",
        "年度服务时长（小时）",
    ],
    ["城关区", 312000, 43680, 14.0, 46, 268400],
    ["新华区", 268000, 35110, 13.1, 38, 201350],
    ["高新区", 96000, 11420, 11.9, 15, 62800],
    ["市直机关", 18500, 14200, 76.8, 22, 98600],
    ["大中专院校", 42000, 21300, 50.7, 12, 154200],
    ["合计", 736500, 125710, 17.1, 133, 785350],
]

_LEDGER_ROWS: list[list[object]] = [
    ["序号", "问题描述", "发现来源", "责任单位", "整改时限", "整改状态", "销号日期"],
    [1, "幸福路沿线小广告反弹", "市创文办第三督查组", "市城管局", "2024-09-30", "已验收", "2024-09-18"],
    [2, "新华路志愿服务站无人值守", "市创文办第二督查组", "团市委", "2024-11-30", "已整改", "2024-11-20"],
    [
        3,
        "城东农贸市场生熟区域未分隔",
        "市市场监管局专项检查组",
        "市市场监管局",
        "2024-12-31",
        "已验收",
        "2024-12-18",
    ],
    [4, "部分单位创建台账资料不全", "市创文办资料组", "市文明办", "2025-03-31", "已验收", "2025-03-31"],
    [5, "解放路工地围挡公益广告破损褪色", "12345市民热线", "市文旅局", "2025-03-31", "已整改", "2025-03-18"],
]


def generate_demo_files(data_dir: Path) -> list[Path]:
    """(Re)write every attached file of the demo archive under ``data_dir / "files"``; returns the paths."""
    files = data_dir / "files"
    written: list[Path] = []
    for index, spec in enumerate(DEMO_PHOTOS):
        target = files / "photos" / spec.name
        make_photo(
            target, title=spec.banner, seed=1000 + index, size=(1200, 900), taken=spec.taken, scene=spec.scene
        )
        written.append(target)
    target = files / "scans" / "2024-08-15-jingfei-tongzhi.pdf"
    make_scan_pdf(
        target, title="关于拨付2024年度创建全国文明城市专项经费的通知", pages=5, seed=7, lines=_FUNDING_LINES
    )
    written.append(target)
    target = files / "documents" / "2024-10-30-chuangwen-jianbao.pdf"
    make_scan_pdf(
        target, title="创文简报（2024年第12期）", pages=2, seed=8, lines=_BRIEFING_LINES, scanned=False
    )
    written.append(target)
    target = files / "scans" / "2025-02-28-ducha-tongbao.pdf"
    make_scan_pdf(
        target, title="关于2025年第一季度创建工作督查情况的通报", pages=2, seed=9, lines=_NOTICE_LINES
    )
    written.append(target)
    target = files / "documents" / "2024-08-05-renwu-fenjie.docx"
    make_docx(
        target, title="示例市2024—2025年度创建全国文明城市工作任务分解方案", paragraphs=_PLAN_PARAGRAPHS
    )
    written.append(target)
    target = files / "tables" / "2025-01-15-zhiyuanzhe-tongji.xlsx"
    make_xlsx(target, title="示例市注册志愿者情况统计表（截至2024年12月31日）", rows=_VOLUNTEER_ROWS)
    written.append(target)
    target = files / "tables" / "2025-03-31-zhenggai-taizhang.xlsx"
    make_xlsx(target, title="示例市创建问题整改台账（2025年3月）", rows=_LEDGER_ROWS)
    written.append(target)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    data_dir = Path(args[0]) if args else Path("archive_data")
    for path in generate_demo_files(data_dir):
        print(path.as_posix())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
