"""Gallery thumbnails, made once per photo and cached by the photo's sha256.

A rebuild of an unchanged archive reads no image at all: the cache file name is the content hash (taken from
the record when registered — ``dossier check`` has already verified it — else computed), so an edited photo
gets a new thumbnail and an unchanged one is reused.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"})
PDF_SUFFIXES = frozenset({".pdf"})
THUMB_SIZE = 360


def is_image(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in IMAGE_SUFFIXES


def is_pdf(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in PDF_SUFFIXES


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def thumbnail(source: Path, sha256: str, cache_dir: Path) -> Path | None:
    """The cached JPEG thumbnail of ``source`` (made now if missing); None when Pillow cannot read it."""
    target = cache_dir / "thumbs" / f"{sha256}-{THUMB_SIZE}.jpg"
    if target.is_file():
        return target
    try:
        with Image.open(source) as image:
            small = ImageOps.exif_transpose(image)
            small.thumbnail((THUMB_SIZE, THUMB_SIZE))
            rgb = small.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    rgb.save(tmp, "JPEG", quality=80, optimize=True)
    tmp.replace(target)  # atomic: a parallel build never sees half a thumbnail
    return target
