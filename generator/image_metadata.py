"""Published images without the metadata that tells where, with what and by whom a photo was taken.

A phone photo carries its GPS position, the camera's make, model and serial number, the owner's name, maker
notes, an XMP packet that may repeat the place, and sometimes more pictures or a video after its end. National
guidance on publishing government information warns that such metadata discloses locations, so the copies a
`public` or `internal` build publishes keep only what a reader needs: the pixels, their colour profile, the
orientation and the capture date. The archive's own files (and the `full` build) keep every byte.

``clean_image`` works on the file's bytes and never re-encodes a picture: a JPEG's segments are copied with
its metadata segments left out and a minimal EXIF segment put in their place; a PNG's, WebP's or GIF's chunks
and blocks likewise. A TIFF is rebuilt from its decoded pixels (its metadata and pixels share one structure;
TIFF compression is lossless, so the pixels are the same); a BMP has no metadata and is left as it is. A file
whose format is none of these, or whose structure cannot be followed, raises ``UncleanableImage``: it is not
published rather than published with its metadata.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib
from collections.abc import Callable

from PIL import Image, ImageSequence

VERSION = 1  # part of every cached copy's name: bump when what is kept changes

_EXIF_IFD = 0x8769
# What a published copy keeps of the EXIF: orientation (the picture shows upright), the capture date (the
# readiness report compares it with the record's date) and the colour space (how the pixels are read).
_KEPT_TAGS = (0x0112, 0x0132)  # Orientation, DateTime
_KEPT_EXIF_TAGS = (
    0x9003,  # DateTimeOriginal
    0x9004,  # DateTimeDigitized
    0x9010,  # OffsetTime
    0x9011,  # OffsetTimeOriginal
    0x9012,  # OffsetTimeDigitized
    0x9290,  # SubSecTime
    0x9291,  # SubSecTimeOriginal
    0x9292,  # SubSecTimeDigitized
    0xA001,  # ColorSpace
)
_EXIF_HEADER = b"Exif\0\0"


def cleans_for(audience: str) -> bool:
    """Whether a build for ``audience`` publishes clean copies of images: every build but `full`, which,
    like the archive, keeps the original bytes."""
    return audience != "full"


class UncleanableImage(ValueError):
    """The file is not an image whose metadata can be removed: unknown format or a broken structure."""


def clean_image(data: bytes) -> bytes:
    """``data`` (an image file's bytes) without identifying metadata; the same pixels."""
    kind = image_format(data)
    if kind is None:
        raise UncleanableImage("not a JPEG, PNG, WebP, GIF, TIFF or BMP image")
    return _CLEANERS[kind](data)


def image_format(data: bytes) -> str | None:
    """The format of an image file by its first bytes (whatever its name): one of ``_CLEANERS``; None for
    anything else."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def kept_exif(raw: bytes) -> bytes:
    """A minimal EXIF block (TIFF bytes, no "Exif" header) with only the kept tags of ``raw``; b"" when
    none is there or ``raw`` cannot be read."""
    source = Image.Exif()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "possibly corrupt EXIF data": whatever Pillow reads is all we keep
        try:
            source.load(raw.removeprefix(_EXIF_HEADER))
            return _kept(source)
        except Exception:  # Pillow raises many kinds on a broken block: then nothing is kept
            return b""


def _kept(source: Image.Exif) -> bytes:
    kept = Image.Exif()
    for tag in _KEPT_TAGS:
        if _plain(source.get(tag)):
            kept[tag] = source[tag]
    sub = _kept_sub(source)
    if sub:
        kept.get_ifd(_EXIF_IFD).update(sub)
    if not kept and not sub:
        return b""
    return kept.tobytes().removeprefix(_EXIF_HEADER)


def _kept_sub(source: Image.Exif) -> dict[int, object]:
    """The kept tags of the EXIF sub-directory."""
    try:
        exif_ifd = source.get_ifd(_EXIF_IFD)
    except Exception:  # as above: a broken sub-directory keeps nothing of it
        return {}
    return {tag: exif_ifd[tag] for tag in _KEPT_EXIF_TAGS if _plain(exif_ifd.get(tag))}


def _plain(value: object) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool)


# ------------------------------------------------------------------------------------------------ JPEG
_APP0, _APP1, _APP2, _APP14, _SOS, _EOI, _COM = 0xE0, 0xE1, 0xE2, 0xEE, 0xDA, 0xD9, 0xFE
# The application segments a picture needs to be shown as intended; every other APPn and comment goes.
_KEPT_APPS = {_APP0: b"JFIF\0", _APP2: b"ICC_PROFILE\0", _APP14: b"Adobe"}
# The end of entropy-coded data: a marker, i.e. 0xFF not followed by a stuffed 0x00, a restart marker
# (0xD0–0xD7, inside the scan) or another 0xFF (a fill byte before the marker).
_SCAN_END = re.compile(rb"\xff+[^\x00\xd0-\xd7\xff]")


def _clean_jpeg(data: bytes) -> bytes:
    """The JPEG's segments up to its end-of-image marker, without APP1 (EXIF, XMP), APP13 (IPTC), vendor
    APPn (maker data, MPF pictures, FlashPix) and comments; a minimal EXIF segment after the JFIF one.
    What follows the end of image (more pictures, a phone's "motion photo" video) is left out."""
    out: list[bytes] = [b"\xff\xd8"]
    pos, exif = 2, None
    while True:
        marker, start, pos = _jpeg_marker(data, pos)
        if marker is None or marker == _EOI:
            out.append(b"\xff\xd9")
            break
        end = _segment_end(data, pos)
        payload = data[pos + 2 : end]
        if marker == _APP1 and payload.startswith(_EXIF_HEADER) and exif is None:
            exif = kept_exif(payload)  # the first EXIF segment is the one readers take
        if _kept_segment(marker, payload):
            out.append(data[start:end])
        pos = end
        if marker == _SOS:
            scan = _SCAN_END.search(data, pos)
            stop = scan.start() if scan else len(data)
            out.append(data[pos:stop])
            pos = stop
    if exif:
        segment = _EXIF_HEADER + exif
        if len(segment) + 2 > 0xFFFF:
            raise UncleanableImage("EXIF too long")
        at = 2 if len(out) > 1 and out[1][4:9] == b"JFIF\0" else 1
        out.insert(at, b"\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment)
    return b"".join(out)


def _jpeg_marker(data: bytes, pos: int) -> tuple[int | None, int, int]:
    """The marker at ``pos`` (fill bytes skipped), where its segment starts, and where its length is; None
    at the end of the data (a truncated file: it ends where the data does)."""
    if pos >= len(data):
        return None, pos, pos
    if data[pos] != 0xFF:
        raise UncleanableImage(f"no JPEG marker at byte {pos}")
    start = pos
    while pos < len(data) and data[pos] == 0xFF:
        pos += 1
    if pos >= len(data):
        return None, pos, pos
    return data[pos], start, pos + 1


def _segment_end(data: bytes, pos: int) -> int:
    """Where the segment whose length field is at ``pos`` ends."""
    if pos + 2 > len(data):
        raise UncleanableImage("JPEG segment cut short")
    length = int.from_bytes(data[pos : pos + 2], "big")
    if length < 2 or pos + length > len(data):
        raise UncleanableImage(f"JPEG segment length {length} at byte {pos} does not fit")
    return pos + length


def _kept_segment(marker: int, payload: bytes) -> bool:
    if marker == _COM:
        return False
    if 0xE0 <= marker <= 0xEF:
        prefix = _KEPT_APPS.get(marker)
        return prefix is not None and payload.startswith(prefix)
    if marker in (0x00, 0x01) or 0xD0 <= marker <= 0xD8:
        raise UncleanableImage(f"JPEG marker 0x{marker:02X} where a segment should be")
    return True


# ------------------------------------------------------------------------------------------------- PNG
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Chunks that shape the picture (critical, transparency, colour, physical size, animation); every text
# chunk (tEXt, zTXt, iTXt: XMP, author, comment…), time, eXIf and private chunk goes.
_PNG_KEPT = frozenset(
    (
        *(b"IHDR", b"PLTE", b"IDAT", b"IEND"),  # the picture
        *(b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI", b"bKGD"),  # colour
        *(b"hIST", b"pHYs", b"sPLT"),  # palette use, pixel size
        *(b"acTL", b"fcTL", b"fdAT"),  # APNG animation
    )
)


def _clean_png(data: bytes) -> bytes:
    out: list[bytes] = [_PNG_SIGNATURE]
    pos, exif = len(_PNG_SIGNATURE), None
    while pos < len(data):
        if pos + 12 > len(data):
            raise UncleanableImage("PNG chunk cut short")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise UncleanableImage(f"PNG chunk {kind!r} does not fit")
        if kind == b"eXIf" and exif is None:
            exif = kept_exif(data[pos + 8 : end - 4])
        if kind in _PNG_KEPT:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            break
    if len(out) < 2 or out[1][4:8] != b"IHDR":
        raise UncleanableImage("PNG without IHDR")
    if exif:
        out.insert(2, _png_chunk(b"eXIf", exif))
    return b"".join(out)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# ------------------------------------------------------------------------------------------------ WebP
_WEBP_KEPT = frozenset((b"VP8X", b"ICCP", b"ANIM", b"ANMF", b"ALPH", b"VP8 ", b"VP8L"))
_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _clean_webp(data: bytes) -> bytes:
    """The RIFF chunks that make the picture; EXIF rebuilt, XMP and unknown chunks left out."""
    size = int.from_bytes(data[4:8], "little")
    end_of_riff = min(len(data), 8 + size)
    chunks: list[bytearray] = []
    pos, exif = 12, None
    while pos + 8 <= end_of_riff:
        kind, length = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        end = pos + 8 + length
        if end > end_of_riff:
            raise UncleanableImage(f"WebP chunk {kind!r} does not fit")
        if kind == b"EXIF" and exif is None:
            exif = kept_exif(data[pos + 8 : end])
        padded = end + (length & 1)
        if kind in _WEBP_KEPT:
            chunks.append(bytearray(data[pos:padded]))
        pos = padded
    if not chunks:
        raise UncleanableImage("WebP without picture")
    if chunks[0][:4] == b"VP8X":
        flags = chunks[0][8] & ~(_VP8X_EXIF | _VP8X_XMP)
        if exif:
            flags |= _VP8X_EXIF
            chunks.append(bytearray(b"EXIF" + struct.pack("<I", len(exif)) + exif + b"\0" * (len(exif) & 1)))
        chunks[0][8] = flags
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# ------------------------------------------------------------------------------------------------- GIF
_GIF_KEPT_APPS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")  # looping of an animation


def _clean_gif(data: bytes) -> bytes:
    """The GIF's pictures and their timing; comments and application blocks (XMP…) left out."""
    if len(data) < 13:
        raise UncleanableImage("GIF cut short")
    pos = 13 + _colour_table(data[10])
    out = [data[:pos]]
    while pos < len(data):
        introducer = data[pos]
        if introducer == 0x3B:  # trailer
            break
        if introducer == 0x2C:  # an image: descriptor, local colour table, LZW code size, data blocks
            if pos + 10 > len(data):
                raise UncleanableImage("GIF image cut short")
            end = _sub_blocks_end(data, pos + 11 + _colour_table(data[pos + 9]))
            out.append(data[pos:end])
        elif introducer == 0x21 and pos + 1 < len(data):
            label = data[pos + 1]
            end = _sub_blocks_end(data, pos + 2)
            if label in (0xF9, 0x01) or (label == 0xFF and data[pos + 3 : pos + 14] in _GIF_KEPT_APPS):
                out.append(data[pos:end])  # graphic control (timing, transparency), plain text
        else:
            raise UncleanableImage(f"GIF block 0x{introducer:02X} at byte {pos}")
        pos = end
    out.append(b"\x3b")
    return b"".join(out)


def _colour_table(packed: int) -> int:
    return 3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0


def _sub_blocks_end(data: bytes, pos: int) -> int:
    while True:
        if pos >= len(data):
            raise UncleanableImage("GIF data blocks cut short")
        size = data[pos]
        pos += 1 + size
        if size == 0:
            return pos


# ------------------------------------------------------------------------------------------ TIFF, BMP
def _clean_tiff(data: bytes) -> bytes:
    """Each page rebuilt from its pixels, compressed losslessly, with its colour profile and date only.
    Pillow turns the pages upright as it reads them, so the copy needs (and has) no orientation."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a damaged tag: the pixels are what is kept
            with Image.open(io.BytesIO(data)) as image:
                taken = _tiff_date(image.getexif())
                icc = image.info.get("icc_profile")
                pages = [_bare(page) for page in ImageSequence.Iterator(image)]
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise UncleanableImage(f"TIFF unreadable: {exc}") from exc
    out = io.BytesIO()
    options: dict[str, object] = {"compression": "tiff_adobe_deflate"}
    if taken:
        options["tiffinfo"] = {0x0132: taken}
    if icc:
        options["icc_profile"] = icc
    pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], **options)
    return out.getvalue()


def _tiff_date(source: Image.Exif) -> str | None:
    """The TIFF's DateTime, or its EXIF DateTimeOriginal: Pillow writes no EXIF directory into a TIFF."""
    for value in (source.get(0x0132), _kept_sub(source).get(0x9003)):
        if isinstance(value, str):
            return value
    return None


def _bare(page: Image.Image) -> Image.Image:
    """The page's pixels (and palette) in a new image that knows nothing else of the file."""
    bare = Image.frombytes(page.mode, page.size, page.tobytes())
    palette = page.getpalette()
    if page.mode == "P" and palette:
        bare.putpalette(palette)
    return bare


def _unchanged(data: bytes) -> bytes:
    return data


_SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (_PNG_SIGNATURE, "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\0", "tiff"),
    (b"MM\0*", "tiff"),
    (b"BM", "bmp"),
)
_CLEANERS: dict[str, Callable[[bytes], bytes]] = {
    "jpeg": _clean_jpeg,
    "png": _clean_png,
    "webp": _clean_webp,
    "gif": _clean_gif,
    "tiff": _clean_tiff,
    "bmp": _unchanged,  # BMP holds pixels and at most a colour profile
}
