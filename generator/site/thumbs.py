"""The site's images made from the archive's photos — gallery thumbnails, and for `public` and `internal`
builds copies without identifying metadata (generator/image_metadata.py) — each made once per photo and cached
by the photo's sha256.

A rebuild of an unchanged archive reads no image at all: the cache file name is the content hash (taken from
the record when registered — ``dossier check`` has already verified it — else from the file facts cache,
generator/filefacts.py), so an edited photo gets a new thumbnail and copy, and an unchanged one is reused. A
cached file keeps its modification time, so the site's copy of it is linked from the previous build like any
unchanged file (generator/write.py, ``place_file``).

A first build of an archive with thousands of photos makes the missing images side by side, a process per
core (``make_missing``), and a JPEG is decoded at a reduced size (Pillow's ``draft``: the decoder scales by
1/2, 1/4 or 1/8 for free) down to twice the thumbnail size, the same reduction ``Image.thumbnail`` makes.
The same photo always gives the same bytes, whichever process made them. Thumbnails carry no metadata at all.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageOps

from generator import image_metadata, parallel
from generator.filefacts import FileFacts, file_facts
from generator.write import write_atomically

THUMB_SIZE = 360
THUMB_VERSION = 3  # part of the cache name: 3 drops the photo's comment, so older thumbnails are not reused
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


class _CacheFolder:
    """Images made from photos, one per sha256, in one cache folder listed once instead of a stat per photo.
    A photo ``make`` cannot use is not tried again by this object; a marker file ``<name>.none`` (which
    ``_make_clean`` leaves) keeps every later build from trying it too."""

    def __init__(self, folder: str, name: Callable[[str], str], make: Callable[[Path, Path], bool]) -> None:
        self.folder, self.name, self.make = folder, name, make
        try:
            self.present = set(os.listdir(self.folder))  # noqa: PTH208 — names only, one call
        except FileNotFoundError:
            self.present = set()

    def missing(self, sha256: str) -> bool:
        name = self.name(sha256)
        return name not in self.present and f"{name}{_NONE}" not in self.present

    def get(self, source: Path, sha256: str) -> str | None:
        """The image's path (a string: one per photo on every build)."""
        name = self.name(sha256)
        target = f"{self.folder}/{name}"
        if name in self.present:
            return target
        if f"{name}{_NONE}" in self.present:
            return None
        if self.make(source, Path(target)):
            self.present.add(name)
            return target
        self.present.add(f"{name}{_NONE}")
        return None


_NONE = ".none"


class Thumbnails(_CacheFolder):
    """``thumbnail`` for thousands of photos."""

    def __init__(self, cache_dir: Path) -> None:
        super().__init__(f"{cache_dir}/thumbs", _thumb_name, _make)


class CleanCopies(_CacheFolder):
    """The copies of photos a `public` or `internal` site publishes: without GPS, device or owner tags."""

    def __init__(self, cache_dir: Path) -> None:
        super().__init__(f"{cache_dir}/published", _clean_name, _make_clean)


def _clean_name(sha256: str) -> str:
    return f"{sha256}-v{image_metadata.VERSION}"


def prepare(
    photos: Sequence[tuple[Path, str | None]],
    cache_dir: Path,
    processes: int | None = None,
    *,
    clean: bool = False,
) -> list[str | None]:
    """The sha256 of each photo ((source, recorded sha256) pairs): the recorded one, else from the file facts
    cache (generator/filefacts.py), None when the file cannot be read. The thumbnails (and with ``clean``
    the clean copies) missing from the cache are made on the way, side by side when there are many
    (``processes`` default: a worker per core)."""
    with file_facts(cache_dir) as facts:
        digests = [recorded or _digest(facts, source) for source, recorded in photos]
    known = [(source, digest) for (source, _), digest in zip(photos, digests, strict=True) if digest]
    make_missing(known, cache_dir, parallel.workers() if processes is None else processes, clean=clean)
    return digests


def _digest(facts: FileFacts, source: Path) -> str | None:
    try:
        return facts.sha256(source)
    except OSError:
        return None  # linked all the same; without a digest there is no thumbnail


def make_missing(
    photos: Iterable[tuple[Path, str]], cache_dir: Path, processes: int, *, clean: bool = False
) -> int:
    """Make the thumbnails (and with ``clean`` the clean copies) missing from the cache for ``photos``
    ((source, sha256) pairs) on up to ``processes`` forked workers; returns for how many photos something was
    made. Few missing ones are left to ``Thumbnails.get`` and ``CleanCopies.get``."""
    folders = _folders(cache_dir, clean)
    missing = {sha: source for source, sha in photos if any(f.missing(sha) for f in folders)}
    if processes <= 1 or len(missing) < PARALLEL_FROM:
        return 0
    work = sorted(missing.items())
    chunks = [work[i :: processes * 4] for i in range(processes * 4)]  # small chunks even out slow photos
    tasks = [functools.partial(_make_chunk, chunk, cache_dir, clean) for chunk in chunks if chunk]
    return sum(parallel.run(tasks, processes))


def _folders(cache_dir: Path, clean: bool) -> list[_CacheFolder]:
    return [Thumbnails(cache_dir), CleanCopies(cache_dir)] if clean else [Thumbnails(cache_dir)]


def _make_chunk(chunk: list[tuple[str, Path]], cache_dir: Path, clean: bool) -> int:
    folders = _folders(cache_dir, clean)
    made = 0
    for sha, source in chunk:
        results = [folder.get(source, sha) for folder in folders]  # every folder tries, even after a miss
        made += any(result is not None for result in results)
    return made


def _make(source: Path, target: Path) -> bool:
    try:
        with Image.open(source) as image:
            image.draft(None, (THUMB_SIZE * 2, THUMB_SIZE * 2))  # before exif_transpose, which decodes
            small = ImageOps.exif_transpose(image)
            small.thumbnail((THUMB_SIZE, THUMB_SIZE))
            rgb = small.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        return False
    rgb.info.clear()  # Pillow would write the photo's comment into the thumbnail: it carries no metadata
    buffer = io.BytesIO()
    rgb.save(buffer, "JPEG", quality=80, optimize=True)
    write_atomically(target, buffer.getvalue())  # a parallel build never sees half a file
    return True


def _make_clean(source: Path, target: Path) -> bool:
    """Store the copy of ``source`` without identifying metadata; False (and a marker) when it is not an
    image whose metadata can be removed."""
    try:
        clean = image_metadata.clean_image(source.read_bytes())
    except OSError:
        return False
    except image_metadata.UncleanableImage:  # the same bytes never will be: remembered
        write_atomically(target.with_name(f"{target.name}{_NONE}"), b"")
        return False
    write_atomically(target, clean)
    return True
