"""Attached files seen as an inspector sees them: recycled files and photos, and photos whose camera date
disagrees with the record.

Near-identical photos are found with a difference hash (dHash, generator/filefacts.py, which also keeps each
file's digest, hash and camera date between runs); the pairs of them are kept too
(generator/readiness/nearpairs.py).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.filefacts import Facts, FileFacts, Photo
from generator.model import Archive, file_kind
from generator.readiness.nearpairs import near_pairs
from generator.schema import Evidence

_NO_PHOTO = Photo(None, None)


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


def attached_files(
    archive: Archive, evidence: Iterable[Evidence], facts: FileFacts
) -> list[tuple[Evidence, str, Fingerprint]]:
    """The attached files that are present, with their fingerprints: sha256 (the recorded one when given:
    validation checked it), dHash and EXIF date. Path strings and one stat per file, not pathlib: this runs
    for every attached file on every build."""
    root = os.fspath(archive.root)
    attached = [(record, file.path, file.sha256) for record in evidence for file in record.files]
    asked = [
        (os.path.join(root, rel), sha256 is None, file_kind(rel) == "image")  # noqa: PTH118 (see above)
        for _, rel, sha256 in attached
    ]
    found = facts.look(asked)
    return [
        (record, rel, _fingerprint(sha256, known))
        for (record, rel, sha256), known in zip(attached, found, strict=True)
        if known is not None
    ]


def _fingerprint(recorded_sha256: str | None, known: Facts) -> Fingerprint:
    digest, photo = known
    sha256 = recorded_sha256 or digest
    assert sha256 is not None  # asked for whenever none was recorded
    photo = photo or _NO_PHOTO
    return Fingerprint(sha256, photo.dhash, photo.taken)


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


def duplicates(
    files: list[tuple[Evidence, str, Fingerprint]], cache_dir: Path | None = None
) -> list[DuplicateGroup]:
    """Groups of different evidence records that share a file, byte for byte or as a near-identical photo;
    the near pairs found by the last run are kept in ``cache_dir`` (generator/readiness/nearpairs.py)."""
    clusters = _Clusters()
    hashes: dict[str, int] = {}
    for _record, _path, fp in files:
        clusters.find(fp.sha256)
        if fp.dhash is not None:
            hashes.setdefault(fp.sha256, fp.dhash)
    for sha_a, sha_b in near_pairs(hashes, cache_dir):
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
