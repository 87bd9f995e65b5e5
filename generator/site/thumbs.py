"""Gallery thumbnails, made once per photo and cached by the photo's sha256.

A rebuild of an unchanged archive reads no image at all: the cache file name is the content hash (taken from
the record when registered — ``dossier check`` has already verified it — else from the file facts cache,
generator/filefacts.py), so an edited photo gets a new thumbnail and an unchanged one is reused.

A first build of an archive with thousands of photos makes the missing thumbnails side by side, a process per
core (``make_missing``), and a JPEG is decoded at a reduced size (Pillow's ``draft``: the decoder scales by
1/2, 1/4 or 1/8 for free) down to twice the thumbnail size, the same reduction ``Image.thumbnail`` makes.
The same photo always gives the same thumbnail bytes, whichever process made it.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageOps

from generator import parallel
from generator.filefacts import FileFacts, file_facts
from generator.write import write_atomically

THUMB_SIZE = 360
THUMB_VERSION = 2  # part of the cache name: 2 decodes JPEGs with draft(), so older thumbnails are not reused
PARALLEL_FROM = 48  # missing thumbnails below which forking workers costs more than it saves


def thumb_path(sha256: str, cache_dir: Path) -> Path:
    return cache_dir / "thumbs" / _thumb_name(sha256)


def _thumb_name(sha256: str) -> str:
    return f"{sha256}-{THUMB_SIZE}-v{THUMB_VERSION}.jpg"


def thumbnail(source: Path, sha256: str, cache_dir: Path) -> Path | None:
    """The cached JPEG thumbnail of ``source`` (made now if missing); None when Pillow cannot read it."""
    target = thumb_path(sha256, cache_dir)
    if target.is_file() or _make(source, target):
        return target
    return None


class Thumbnails:
    """``thumbnail`` for thousands of photos: the cache folder is listed once instead of a stat per photo."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = f"{cache_dir}/thumbs"
        try:
            self.present = set(os.listdir(self.folder))  # noqa: PTH208 — names only, one call
        except FileNotFoundError:
            self.present = set()

    def get(self, source: Path, sha256: str) -> str | None:
        """The thumbnail's path (a string: one per photo on every build)."""
        name = _thumb_name(sha256)
        target = f"{self.folder}/{name}"
        if name in self.present:
            return target
        if _make(source, Path(target)):
            self.present.add(name)
            return target
        return None


def prepare(
    photos: Sequence[tuple[Path, str | None]], cache_dir: Path, processes: int | None = None
) -> list[str | None]:
    """The sha256 of each photo ((source, recorded sha256) pairs): the recorded one, else from the file facts
    cache (generator/filefacts.py), None when the file cannot be read. The thumbnails missing from the cache
    are made on the way, side by side when there are many (``processes`` default: a worker per core)."""
    with file_facts(cache_dir) as facts:
        digests = [recorded or _digest(facts, source) for source, recorded in photos]
    known = [(source, digest) for (source, _), digest in zip(photos, digests, strict=True) if digest]
    make_missing(known, cache_dir, parallel.workers() if processes is None else processes)
    return digests


def _digest(facts: FileFacts, source: Path) -> str | None:
    try:
        return facts.sha256(source)
    except OSError:
        return None  # linked all the same; without a digest there is no thumbnail


def make_missing(photos: Iterable[tuple[Path, str]], cache_dir: Path, processes: int) -> int:
    """Make the thumbnails missing from the cache for ``photos`` ((source, sha256) pairs) on up to
    ``processes`` forked workers; returns how many were made. Few missing ones are left to ``thumbnail``."""
    present = Thumbnails(cache_dir).present
    missing = {sha: source for source, sha in photos if _thumb_name(sha) not in present}
    if processes <= 1 or len(missing) < PARALLEL_FROM:
        return 0
    work = sorted(missing.items())
    chunks = [work[i :: processes * 4] for i in range(processes * 4)]  # small chunks even out slow photos
    tasks = [functools.partial(_make_chunk, chunk, cache_dir) for chunk in chunks if chunk]
    return sum(parallel.run(tasks, processes))


def _make_chunk(chunk: list[tuple[str, Path]], cache_dir: Path) -> int:
    return sum(_make(source, thumb_path(sha, cache_dir)) for sha, source in chunk)


def _make(source: Path, target: Path) -> bool:
    try:
        with Image.open(source) as image:
            image.draft(None, (THUMB_SIZE * 2, THUMB_SIZE * 2))  # before exif_transpose, which decodes
            small = ImageOps.exif_transpose(image)
            small.thumbnail((THUMB_SIZE, THUMB_SIZE))
            rgb = small.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return False
    jpeg = io.BytesIO()
    rgb.save(jpeg, "JPEG", quality=80, optimize=True)
    write_atomically(target, jpeg.getvalue())  # a parallel build never sees half a thumbnail
    return True
