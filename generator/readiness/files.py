"""Attached files seen as an inspector sees them: recycled files and photos, and photos whose camera date
disagrees with the record.

Near-identical photos are found with a difference hash (dHash, generator/filefacts.py, which also keeps each
file's digest, hash and camera date between runs).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.filefacts import FileFacts, Photo
from generator.model import Archive
from generator.schema import Evidence

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif"})
NEAR_BITS = 6  # dHash bits two photos may differ in and still be "the same photo"


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


def is_photo(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def fingerprint(path: Path, facts: FileFacts, recorded_sha256: str | None = None) -> Fingerprint:
    """sha256 (the recorded one when given: validation checked it), dHash and EXIF date of one file."""
    sha256 = recorded_sha256 or facts.sha256(path)
    photo = facts.photo(path) if is_photo(path) else Photo(None, None)
    return Fingerprint(sha256, photo.dhash, photo.taken)


def attached_files(
    archive: Archive, evidence: Iterable[Evidence], facts: FileFacts
) -> list[tuple[Evidence, str, Fingerprint]]:
    present = [
        (record, attached.path, attached.sha256, archive.file_path(attached.path))
        for record in evidence
        for attached in record.files
    ]
    present = [item for item in present if item[3].is_file()]
    facts.learn([(path, sha256 is None, is_photo(path)) for _, _, sha256, path in present])
    return [(record, rel, fingerprint(path, facts, sha256)) for record, rel, sha256, path in present]


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
    return (a ^ b).bit_count() <= NEAR_BITS


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
        values = [hashes[sha] for sha in shas]
        for i, a in enumerate(values):
            # inlined _near: a bucket of a few thousand photos means millions of comparisons
            pairs.update(
                (shas[i], shas[j])
                for j in range(i + 1, len(values))
                if (a ^ values[j]).bit_count() <= NEAR_BITS
            )
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
