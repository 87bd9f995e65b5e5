"""Attached files seen as an inspector sees them: recycled files and photos, and photos whose camera date
disagrees with the record.

Near-identical photos are found with a difference hash (dHash): the picture shrunk to 9×8 grey pixels, one bit
per neighbour pair "is the left pixel brighter". A resized, re-compressed or slightly re-toned copy keeps
(almost) the same 64 bits; a different photo differs in about half of them. It is twenty lines on top of
Pillow, which we already ship, instead of ``imagehash`` and the NumPy/SciPy/PyWavelets stack it pulls in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image, UnidentifiedImageError

from generator.model import Archive
from generator.reproducible import sha256_of
from generator.schema import Evidence

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif"})
NEAR_BITS = 6  # dHash bits two photos may differ in and still be "the same photo"
_FLAT_BITS = 3  # a hash with fewer (or more than 64 - this) set bits is a flat picture: no basis to compare
_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    dhash: int | None  # None for non-images, unreadable or flat images
    taken: dt.date | None  # EXIF DateTimeOriginal


@dataclass(frozen=True)
class DuplicateGroup:
    records: tuple[str, ...]  # two or more evidence records sharing the file(s)
    files: tuple[str, ...]
    match: Literal["sha256", "phash"]  # identical bytes, or only a perceptual match

    def as_json(self) -> dict[str, object]:
        return {"records": list(self.records), "files": list(self.files), "match": self.match}


@dataclass(frozen=True)
class PhotoDate:
    record: str
    file: str
    taken: dt.date
    record_date: dt.date

    @property
    def days(self) -> int:
        return abs((self.taken - self.record_date).days)

    def as_json(self) -> dict[str, object]:
        return {
            "record": self.record,
            "file": self.file,
            "exif_date": self.taken.isoformat(),
            "record_date": self.record_date.isoformat(),
            "days": self.days,
        }


_cache: dict[tuple[str, int, int], Fingerprint] = {}


def dhash(image: Image.Image) -> int:
    """64-bit difference hash of ``image``."""
    small = image.convert("L").resize((9, 8), Image.Resampling.BILINEAR)
    pixels = small.tobytes()  # one byte per grey pixel, row by row
    bits = 0
    for row in range(8):
        for col in range(8):
            left, right = pixels[row * 9 + col], pixels[row * 9 + col + 1]
            bits = (bits << 1) | (1 if left > right else 0)
    return bits


def _exif_date(image: Image.Image) -> dt.date | None:
    raw = image.getexif().get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)
    if not isinstance(raw, str):
        return None
    try:
        return dt.datetime.strptime(raw.strip()[:10], "%Y:%m:%d").date()
    except ValueError:
        return None


def _read_image(path: Path) -> tuple[int | None, dt.date | None]:
    try:
        with Image.open(path) as image:
            taken = _exif_date(image)
            image.draft("L", (64, 64))  # JPEG: decode at 1/8 size, plenty for a 9×8 hash
            bits = dhash(image)
    except (UnidentifiedImageError, OSError, ValueError):
        return None, None
    flat = bin(bits).count("1") < _FLAT_BITS or bin(bits).count("1") > 64 - _FLAT_BITS
    return (None if flat else bits), taken


def fingerprint(path: Path, recorded_sha256: str | None = None) -> Fingerprint:
    """sha256 (the recorded one when given: validation checked it), dHash and EXIF date of one file."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    cached = _cache.get(key)
    if cached is None:
        bits, taken = _read_image(path) if path.suffix.lower() in IMAGE_SUFFIXES else (None, None)
        cached = Fingerprint(recorded_sha256 or sha256_of(path), bits, taken)
        _cache[key] = cached
    return cached


def attached_files(archive: Archive, evidence: Iterable[Evidence]) -> list[tuple[Evidence, str, Fingerprint]]:
    found = []
    for record in evidence:
        for attached in record.files:
            path = archive.file_path(attached.path)
            if path.is_file():
                found.append((record, attached.path, fingerprint(path, attached.sha256)))
    return found


class _Clusters:
    """Union-find over file sha256s."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _near(a: int, b: int) -> bool:
    return bin(a ^ b).count("1") <= NEAR_BITS


def _bands(bits: int) -> Iterator[tuple[int, int]]:
    """The hash cut into NEAR_BITS + 1 bands: two hashes within NEAR_BITS bits agree on at least one band
    (pigeonhole), so only photos sharing a band need comparing — not every pair."""
    width = -(-64 // (NEAR_BITS + 1))
    for band in range(NEAR_BITS + 1):
        yield band, (bits >> (band * width)) & ((1 << width) - 1)


def _near_pairs(hashes: dict[str, int]) -> set[tuple[str, str]]:
    buckets: dict[tuple[int, int], list[str]] = defaultdict(list)
    for sha, bits in sorted(hashes.items()):
        for key in _bands(bits):
            buckets[key].append(sha)
    pairs: set[tuple[str, str]] = set()
    for shas in buckets.values():
        for i, sha_a in enumerate(shas):
            for sha_b in shas[i + 1 :]:
                if (sha_a, sha_b) not in pairs and _near(hashes[sha_a], hashes[sha_b]):
                    pairs.add((sha_a, sha_b))
    return pairs


def duplicates(files: list[tuple[Evidence, str, Fingerprint]]) -> list[DuplicateGroup]:
    """Groups of different evidence records that share a file, byte for byte or as a near-identical photo."""
    clusters = _Clusters()
    hashes: dict[str, int] = {}
    for _record, _path, fp in files:
        clusters.find(fp.sha256)
        if fp.dhash is not None:
            hashes.setdefault(fp.sha256, fp.dhash)
    for sha_a, sha_b in _near_pairs(hashes):
        clusters.join(sha_a, sha_b)
    members: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for record, path, fp in files:
        members[clusters.find(fp.sha256)].append((record.id, path, fp.sha256))
    groups: dict[tuple[str, ...], DuplicateGroup] = {}
    for items in members.values():
        records = tuple(sorted({rid for rid, _, _ in items}))
        if len(records) < 2:
            continue
        match: Literal["sha256", "phash"] = "sha256" if len({sha for _, _, sha in items}) == 1 else "phash"
        paths = tuple(sorted({p for _, p, _ in items}))
        known = groups.get(records)
        if known:  # the same records share several files: one group, all the files
            paths = tuple(sorted({*known.files, *paths}))
            match = "sha256" if known.match == "sha256" and match == "sha256" else "phash"
        groups[records] = DuplicateGroup(records, paths, match)
    return [groups[key] for key in sorted(groups)]


def photo_dates(files: list[tuple[Evidence, str, Fingerprint]], tolerance_days: int) -> list[PhotoDate]:
    """Photos whose EXIF DateTimeOriginal is more than ``tolerance_days`` from their record's date."""
    found = [
        PhotoDate(record.id, path, fp.taken, record.date)
        for record, path, fp in files
        if fp.taken is not None and abs((fp.taken - record.date).days) > tolerance_days
    ]
    return sorted(found, key=lambda p: (p.record, p.file))
