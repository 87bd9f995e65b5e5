"""The file facts cache (generator/filefacts.py): a second run reads no photo, an edited photo is read again,
a corrupt cache is ignored, and the report is the same with or without it. Real files in tmp_path; reads are
counted with an audit hook on every ``open`` (so the tests hold as root, where chmod 000 proves nothing)."""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from generator import filefacts
from generator.commands.report import render
from generator.filefacts import FILE_NAME, FileFacts
from generator.readiness import build_report
from generator.readiness.nearpairs import NEAR_BITS
from generator.site.thumbs import PARALLEL_FROM, make_missing, thumb_path, thumbnail
from generator.validate import require_archive
from tests.conftest import REPO, CliResult
from tests.conftest_readiness import new_process

LONG_AGO = 1_600_000_000  # 2020-09-13: far outside the racy window
_watched: set[str] = set()
_opened: list[str] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and _watched and isinstance(args[0], (str, os.PathLike)):
        path = os.fspath(args[0])
        if path in _watched:
            _opened.append(path)


sys.addaudithook(_audit)  # hooks cannot be removed: it only counts while a test watches some paths


@pytest.fixture
def reads() -> Iterator[Callable[[list[Path]], list[str]]]:
    """``reads(paths)`` starts counting opens of ``paths`` and returns the (live) list of those opened."""

    def watch(paths: list[Path]) -> list[str]:
        _watched.update(str(p) for p in paths)
        _watched.update(str(p.resolve()) for p in paths)
        _opened.clear()
        return _opened

    yield watch
    _watched.clear()
    _opened.clear()


@pytest.fixture(autouse=True)
def _fresh(fresh_process: None) -> None:
    """Each test starts as a new `dossier` process would (conftest_readiness.fresh_process)."""


def backdate(root: Path) -> list[Path]:
    """Give every file under ``root`` an old modification time (fresh files are "racy" and never cached)."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    for path in files:
        os.utime(path, (LONG_AGO, LONG_AGO))
    return files


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(REPO / "archive_data", data)
    backdate(data / "files")
    return data


def photos_of(data: Path) -> list[Path]:
    return sorted((data / "files" / "photos").glob("*.jpg"))


def picture(path: Path, *, mirrored: bool = False) -> None:
    """A 64×48 BMP of fixed random blocks (BMP: the same dimensions give the same file size)."""
    rng = random.Random(7)
    blocks = [[rng.randrange(256) for _x in range(9)] for _y in range(8)]
    image = Image.new("L", (64, 48))
    for y in range(48):
        for x in range(64):
            column = x * 9 // 64
            image.putpixel((x, y), blocks[y * 8 // 48][8 - column if mirrored else column])
    image.save(path, "BMP")


# ------------------------------------------------------------------------------------------------- report
def test_a_second_report_reads_no_photo(
    demo: Path, tmp_path: Path, reads: Callable[[list[Path]], list[str]]
) -> None:
    archive, _ = require_archive(demo)
    photos = photos_of(demo)
    opened = reads(photos)
    build_report(archive, cache_dir=tmp_path / "cache")
    assert set(map(os.path.basename, opened)) == {p.name for p in photos}  # the first run reads them all
    new_process()
    opened.clear()
    build_report(archive, cache_dir=tmp_path / "cache")
    assert opened == []


def test_report_is_the_same_with_and_without_the_cache(
    demo: Path, tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    args = (
        "report",
        "--data",
        str(demo),
        "--format",
        "json",
        "--audience",
        "full",
        "--cache",
        str(tmp_path / "cache"),
    )
    cold = dossier(*args)
    new_process()
    warm = dossier(*args)
    assert cold.exit_code == warm.exit_code == 0, cold.stderr
    assert (tmp_path / "cache" / FILE_NAME).is_file()
    archive, _ = require_archive(demo)
    new_process()
    uncached = render(build_report(archive), "json").decode()
    assert cold.stdout == warm.stdout == uncached
    assert json.loads(warm.stdout)["photo_dates"] == json.loads(uncached)["photo_dates"]


# ------------------------------------------------------------------------------------------- file facts
def test_an_edited_photo_of_the_same_size_and_time_is_read_again(tmp_path: Path) -> None:
    photo = tmp_path / "photo.bmp"
    picture(photo)
    backdate(tmp_path)
    before = FileFacts(tmp_path / "cache")
    first = (before.sha256(photo), before.photo(photo))
    before.save()
    size, mtime = photo.stat().st_size, photo.stat().st_mtime_ns
    time.sleep(0.05)  # the change time ticks with the kernel's coarse clock
    picture(photo, mirrored=True)  # new bytes, same size
    os.utime(photo, ns=(mtime, mtime))  # and the old modification time: only ctime tells
    assert (photo.stat().st_size, photo.stat().st_mtime_ns) == (size, mtime)
    new_process()
    after = FileFacts(tmp_path / "cache")
    second = (after.sha256(photo), after.photo(photo))
    assert second[0] != first[0]
    assert first[1].dhash is not None and second[1].dhash is not None
    assert bin(first[1].dhash ^ second[1].dhash).count("1") > NEAR_BITS  # no longer "the same photo"


def test_a_photo_modified_just_now_is_not_remembered(
    tmp_path: Path, reads: Callable[[list[Path]], list[str]]
) -> None:
    photo = tmp_path / "photo.bmp"
    picture(photo)  # modified now: it could change again without its times moving
    opened = reads([photo])
    facts = FileFacts(tmp_path / "cache")
    facts.sha256(photo)
    facts.save()
    new_process()
    FileFacts(tmp_path / "cache").sha256(photo)
    assert len(opened) == 2
    assert not (tmp_path / "cache" / FILE_NAME).exists()  # nothing was learnt worth keeping


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe", b"[]", b'{"format": 1, "files": {"x": [1]}}', None],
    ids=["corrupt", "binary", "list", "bad-entry", "other-format"],
)
def test_a_corrupt_or_foreign_cache_file_is_ignored(tmp_path: Path, content: bytes | None) -> None:
    photo = tmp_path / "photo.bmp"
    picture(photo)
    backdate(tmp_path)
    stat = photo.stat()
    cache = tmp_path / "cache"
    cache.mkdir()
    if content is None:  # a future format that would claim a wrong digest for this very file
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]
        entry = [*stamp, "0" * 64, True, 0, None]
        content = json.dumps({"format": 99, "files": {str(photo.resolve()): entry}}).encode()
    (cache / FILE_NAME).write_bytes(content)
    facts = FileFacts(cache)
    assert facts.sha256(photo) == filefacts.sha256_of(photo)
    facts.save()
    assert json.loads((cache / FILE_NAME).read_text("utf-8"))["format"] == filefacts.FORMAT  # rewritten


def test_the_cache_file_is_only_written_when_something_was_learnt(tmp_path: Path) -> None:
    photo = tmp_path / "photo.bmp"
    picture(photo)
    backdate(tmp_path)
    facts = FileFacts(tmp_path / "cache")
    facts.photo(photo)
    facts.save()
    cached = tmp_path / "cache" / FILE_NAME
    os.utime(cached, ns=(LONG_AGO * 10**9, LONG_AGO * 10**9))
    new_process()
    again = FileFacts(tmp_path / "cache")
    again.photo(photo)
    again.save()
    assert cached.stat().st_mtime_ns == LONG_AGO * 10**9


def test_many_files_are_read_side_by_side_with_the_same_facts(
    tmp_path: Path, reads: Callable[[list[Path]], list[str]]
) -> None:
    paths = []
    for n in range(filefacts.PARALLEL_FROM):
        path = tmp_path / f"p{n:03d}.png"
        image = Image.new("L", (36, 16), n * 3)
        ImageDraw.Draw(image).rectangle([n % 30, 0, n % 30 + 5, 15], fill=255)  # hashes differ
        image.save(path)
        paths.append(path)
    backdate(tmp_path)
    facts = FileFacts(tmp_path / "cache")
    opened = reads(paths)
    facts.learn([(path, True, True) for path in paths], processes=2)
    learnt = [(facts.sha256(path), facts.photo(path)) for path in paths]
    assert opened == []  # read by the workers; this process only looked them up
    assert learnt == [(filefacts.sha256_of(path), filefacts.read_photo(path)) for path in paths]
    assert any(photo.dhash is not None for _, photo in learnt)


# ------------------------------------------------------------------------------------------- thumbnails
def test_thumbnails_made_side_by_side_are_the_ones_made_one_by_one(tmp_path: Path) -> None:
    sources = []
    for n in range(PARALLEL_FROM):
        path = tmp_path / f"p{n:03d}.png"
        Image.new("RGB", (400 + n, 300), (n * 5, 100, 200 - n * 3)).save(path)
        sources.append((path, f"{n:064x}"))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    sources.append((broken, "f" * 64))
    made = make_missing(sources, tmp_path / "parallel", processes=2)
    assert made == PARALLEL_FROM  # the broken one gets no thumbnail
    assert not thumb_path("f" * 64, tmp_path / "parallel").exists()
    for source, sha in sources[:-1]:
        serial = thumbnail(source, sha, tmp_path / "serial")
        assert serial is not None
        assert thumb_path(sha, tmp_path / "parallel").read_bytes() == serial.read_bytes()
    assert thumbnail(broken, "f" * 64, tmp_path / "parallel") is None


# ------------------------------------------------------------------------------------------- lookups
def test_look_reads_a_file_attached_twice_once_and_skips_what_is_no_file(
    tmp_path: Path, reads: Callable[[list[Path]], list[str]]
) -> None:
    photo = tmp_path / "photos" / "photo.bmp"
    photo.parent.mkdir()
    picture(photo)
    backdate(tmp_path)
    digest, expected = filefacts.sha256_of(photo), filefacts.read_photo(photo)
    opened = reads([photo])
    read_alone = len(opened)
    assert read_alone == 0
    facts = FileFacts(tmp_path / "cache")
    same = f"{tmp_path}/photos/./photo.bmp"  # another spelling of the same file
    found = facts.look(
        [
            (str(photo), True, True),
            (same, False, True),
            (str(tmp_path / "gone.bmp"), True, True),
            (str(tmp_path / "photos"), True, False),  # a folder is no file
        ]
    )
    assert found == [(digest, expected), (None, expected), None, None]
    once = len(opened)
    facts.look([(str(photo), True, True)])
    assert len(opened) == once  # known now: the same file is not read again
    new_process()
    FileFacts(None).look([(str(photo), True, True)])
    assert len(opened) == 2 * once  # read once for both spellings: a second spelling would add more
    facts.save()
    new_process()
    opened.clear()
    assert FileFacts(tmp_path / "cache").look([(same, True, True)]) == [found[0]]
    assert opened == []  # the cache file knows the file under either spelling


def test_a_cache_file_rewritten_by_another_run_is_read_again(tmp_path: Path) -> None:
    """This process keeps the parsed cache file while it is unchanged, not once it has changed."""
    photo = tmp_path / "photo.bmp"
    picture(photo)
    backdate(tmp_path)
    facts = FileFacts(tmp_path / "cache")
    true_digest = facts.sha256(photo)
    facts.save()
    assert FileFacts(tmp_path / "cache").entries.keys() == {str(photo)}
    cached = tmp_path / "cache" / FILE_NAME
    data = json.loads(cached.read_text("utf-8"))
    data["files"][str(photo)][4] = "f" * 64  # another run's claim: proves which file was read
    cached.write_text(json.dumps(data), "utf-8")
    filefacts._memory.clear()  # this process's own facts would answer first
    assert FileFacts(tmp_path / "cache").sha256(photo) == "f" * 64
    assert true_digest != "f" * 64
