"""The readiness report from its caches — the file facts (generator/filefacts.py) and the near-identical photo
pairs (generator/readiness/nearpairs.py) — is the report computed afresh, also after a photo is changed or
added between runs, in the same process (`mkdocs serve`) or a new one (`dossier site`): a stale cache would
show the old duplicates. And the pairs are really kept: an unchanged archive searches none again."""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator import filefacts
from generator.readiness import build_report, nearpairs
from generator.readiness.nearpairs import (
    FILE_NAME,
    NEAR_BITS,
    NearPairs,
    near,
    near_pairs,
    pairs_among,
    updated,
)
from generator.validate import require_archive
from tests.conftest_readiness import new_process, save_photo, scene

LONG_AGO = 1_600_000_000  # far outside the racy window: the file facts are kept


@pytest.fixture(autouse=True)
def _fresh(fresh_process: None) -> None:
    """Each test starts as a new `dossier` process would (conftest_readiness.fresh_process)."""


@contextmanager
def another_process() -> Iterator[None]:
    """Run the block with empty in-process memories, then give this "process" its own back."""
    saved = dict(filefacts._memory), dict(filefacts._files), dict(nearpairs._memory)
    new_process()
    try:
        yield
    finally:
        new_process()
        filefacts._memory.update(saved[0])
        filefacts._files.update(saved[1])
        nearpairs._memory.update(saved[2])


def backdate(root: Path) -> None:
    for path in root.rglob("*"):
        os.utime(path, (LONG_AGO, LONG_AGO))


def reports(data: Path, cache: Path) -> tuple[dict[str, object], dict[str, object]]:
    """The JSON report from the caches, and the one computed afresh without any."""
    archive, _ = require_archive(data)
    cached = build_report(archive, cache_dir=cache).as_json()
    with another_process():
        fresh = build_report(archive).as_json()
    return cached, fresh


def near_groups(report: dict[str, object]) -> list[list[str]]:
    groups = report["duplicate_files"]
    assert isinstance(groups, list)
    return [group["records"] for group in groups if group["match"] == "phash"]


def forbid_search(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(hashes: object) -> set[tuple[str, str]]:
        raise AssertionError("searched every pair again")

    monkeypatch.setattr(nearpairs, "search", fail)


@pytest.mark.parametrize("same_process", [True, False], ids=["serve", "new-process"])
def test_the_cached_report_follows_changed_and_added_photos(
    readiness_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, same_process: bool
) -> None:
    data = Path(shutil.copytree(readiness_data, tmp_path / "data"))
    backdate(data / "files")
    cache = tmp_path / "cache"
    cached, fresh = reports(data, cache)
    assert cached == fresh
    assert near_groups(cached) == [["e-photo1", "e-photo2"]]
    assert (cache / FILE_NAME).is_file() and (cache / filefacts.FILE_NAME).is_file()

    # p2.jpg is replaced by another picture: e-photo2 no longer recycles e-photo1's photo
    save_photo(scene(5), data / "files" / "p2.jpg", "2024:09:10 09:30:00")
    backdate(data / "files")
    if not same_process:
        new_process()
    cached, fresh = reports(data, cache)
    assert cached == fresh
    assert near_groups(cached) == []

    # a new record files a shrunk copy of p3.jpg: one new photo, compared with the others only
    save_photo(scene(2).resize((200, 150)), data / "files" / "p4.jpg", None, quality=60)
    evidence = (
        "title: 宣传栏复印\nkind: photo\ndate: 2025-04-20\nunits: [wmb]\nfiles:\n  - path: files/p4.jpg\n"
    )
    (data / "evidence" / "e-photo4.yml").write_text(evidence, encoding="utf-8")
    backdate(data / "files")
    if not same_process:
        new_process()
    archive, _ = require_archive(data)
    with monkeypatch.context() as patch:
        forbid_search(patch)
        cached = build_report(archive, cache_dir=cache).as_json()
    with another_process():
        assert cached == build_report(archive).as_json()
    assert near_groups(cached) == [["e-photo3", "e-photo4"]]


def test_an_unchanged_archive_searches_no_pairs_again(
    readiness_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = Path(shutil.copytree(readiness_data, tmp_path / "data"))
    backdate(data / "files")
    archive, _ = require_archive(data)
    first = build_report(archive, cache_dir=tmp_path / "cache").as_json()
    new_process()
    forbid_search(monkeypatch)
    assert build_report(archive, cache_dir=tmp_path / "cache").as_json() == first  # from the file
    assert build_report(archive, cache_dir=tmp_path / "cache").as_json() == first  # from memory


# ------------------------------------------------------------------------------------------- near pairs
def brute_force(hashes: dict[str, int]) -> frozenset[tuple[str, str]]:
    names = sorted(hashes)
    return frozenset(
        (a, b) for i, a in enumerate(names) for b in names[i + 1 :] if near(hashes[a], hashes[b])
    )


def clustered(rng: random.Random, count: int) -> dict[str, int]:
    """Hashes of a few scenes, each photo a few bits off its scene: many near pairs, many near misses."""
    scenes = [rng.getrandbits(64) for _ in range(5)]
    return {
        f"{rng.getrandbits(64):016x}": rng.choice(scenes) ^ sum(1 << b for b in rng.sample(range(64), 4))
        for _ in range(count)
    }


def test_updated_pairs_are_the_pairs_found_afresh() -> None:
    rng = random.Random(11)
    hashes = clustered(rng, 300)
    known = updated(None, hashes)
    assert known.pairs == brute_force(hashes) and known.pairs
    for step in range(12):
        hashes = dict(hashes)
        for sha in rng.sample(sorted(hashes), 3):  # removed photos
            del hashes[sha]
        for sha in rng.sample(sorted(hashes), 2):  # a photo replaced under the same name
            hashes[sha] ^= 1 << rng.randrange(64)
        many = nearpairs.SCAN_UP_TO + 1 if step == 5 else 2  # once more than a scan's worth
        hashes.update(clustered(rng, many))
        known = updated(known, hashes)
        assert pairs_among(known, hashes) == brute_force(hashes), step
        assert known.pairs == brute_force(dict(known.hashes)), step  # the store's own pairs hold too
        assert hashes.items() <= known.hashes.items()


def test_a_report_of_fewer_photos_keeps_the_pairs_of_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dossier report --unit` between two site builds: neither searches every pair again."""
    everything = clustered(random.Random(12), 200)
    some = dict(sorted(everything.items())[:50])
    near_pairs(everything, tmp_path)
    forbid_search(monkeypatch)
    for hashes in (some, everything, some):
        new_process()
        assert near_pairs(hashes, tmp_path) == brute_force(hashes)


def test_pairs_just_within_the_limit_count_and_just_beyond_do_not() -> None:
    base = random.Random(3).getrandbits(64)
    hashes = {"a": base}
    known = updated(None, hashes)
    six, seven = (1 << NEAR_BITS) - 1, ((1 << (NEAR_BITS + 1)) - 1) << 32  # low bits, high bits
    hashes = {**hashes, "b": base ^ six, "c": base ^ seven}
    assert updated(known, hashes).pairs == {("a", "b")}


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"format": 1, "near_bits": 6, "hashes": {"x": "1"}, "pairs": []}',
        b'{"format": 1, "near_bits": 6, "hashes": {}, "pairs": [["x", "y"]]}',  # pairs of unknown photos
        b'{"format": 1, "near_bits": 9, "hashes": {}, "pairs": []}',  # another limit
    ],
    ids=["corrupt", "list", "bad-hash", "unknown-pair", "other-limit"],
)
def test_a_corrupt_or_foreign_pairs_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    hashes = clustered(random.Random(5), 60)
    (tmp_path / FILE_NAME).write_bytes(content)
    assert near_pairs(hashes, tmp_path) == brute_force(hashes)
    assert json.loads((tmp_path / FILE_NAME).read_text("utf-8"))["format"] == nearpairs.FORMAT


def test_a_pairs_file_claiming_other_hashes_is_only_a_start(tmp_path: Path) -> None:
    """The file is trusted only for the photos whose hash it holds unchanged."""
    hashes = clustered(random.Random(6), 80)
    wrong = {sha: bits ^ 0xFF for sha, bits in hashes.items()}
    (tmp_path / FILE_NAME).write_text(nearpairs._dump(NearPairs(wrong, brute_force(wrong))), "utf-8")
    assert near_pairs(hashes, tmp_path) == brute_force(hashes)


def test_the_pairs_file_is_only_written_when_the_hashes_changed(tmp_path: Path) -> None:
    hashes = clustered(random.Random(8), 40)
    near_pairs(hashes, tmp_path)
    written = tmp_path / FILE_NAME
    os.utime(written, ns=(LONG_AGO * 10**9, LONG_AGO * 10**9))
    new_process()
    near_pairs(hashes, tmp_path)
    assert written.stat().st_mtime_ns == LONG_AGO * 10**9
    near_pairs({**hashes, "new": 12345}, tmp_path)
    assert written.stat().st_mtime_ns != LONG_AGO * 10**9
