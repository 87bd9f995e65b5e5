"""How the output folder is written at scale: links to the previous output, the checksum cache, and the old
output removed by a detached process — none of which may change what a build leaves behind."""

from __future__ import annotations

import hashlib
import marshal
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import write
from generator.manifest import DIGESTS_FILE, MANIFEST, write_manifests
from generator.model import Archive
from generator.site.output import write_files
from generator.site.pages import SiteFile
from generator.write import atomic_output, place_file


def _build(out: Path, text: str) -> None:
    with atomic_output(out) as staging:
        (staging / "index.html").write_text(text)
        (staging / "a").mkdir()
        (staging / "a" / "page.html").write_text(text * 2)


def _beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*"))


def test_a_big_old_output_is_removed_by_a_detached_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "DETACH_MIN_FILES", 0)
    out = tmp_path / "site"
    _build(out, "first")
    before = list(write._removers)
    _build(out, "second")
    assert (out / "index.html").read_text() == "second"  # in place at once
    started = [pid for pid in write._removers if pid not in before]
    assert len(started) == 1
    # while it runs, the old output is named after the remover, never after this (living) process
    assert set(_beside(out)) <= {f".site.old-{started[0]}"}
    deadline = time.monotonic() + 30
    while _beside(out) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _beside(out) == []
    assert (out / "a" / "page.html").read_text() == "secondsecond"


def test_the_build_mkdocs_serve_set_aside_is_removed_without_waiting(tmp_path: Path) -> None:
    aside = tmp_path / "site.previous"
    (aside / "a").mkdir(parents=True)
    (aside / "a" / "page.html").write_text("old")
    keep = tmp_path / "site"
    keep.mkdir()
    before = list(write._removers)
    write.remove_tree_later(aside)
    assert not aside.exists()  # renamed away at once
    assert len([pid for pid in write._removers if pid not in before]) == 1
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site.previous.old-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_remover_told_nothing_removes_nothing(tmp_path: Path) -> None:
    """The build failed to rename the old output after starting its remover: the folder stays (under the
    build's own process id, for the next build to sort out)."""
    folder = tmp_path / ".site.old-1"
    folder.mkdir()
    (folder / "index.html").write_text("previous")
    started = write._start_remover()
    assert started is not None
    pid, pipe = started
    os.close(pipe)
    os.waitpid(pid, 0)
    write._removers.remove(pid)
    assert (folder / "index.html").read_text() == "previous"


def test_a_removal_still_running_is_left_alone_by_the_next_build(tmp_path: Path) -> None:
    out = tmp_path / "site"
    _build(out, "first")
    remover = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        removing = tmp_path / f".site.old-{remover.pid}"
        removing.mkdir()
        (removing / "index.html").write_text("being removed")
        _build(out, "second")
        assert (out / "index.html").read_text() == "second"
        assert _beside(out) == [removing.name]
    finally:
        remover.kill()
        remover.wait()
    _build(out, "third")  # its remover gone, what it left is removed
    assert _beside(out) == [] and (out / "index.html").read_text() == "third"


def test_made_bytes_equal_to_the_previous_file_are_linked_others_written_anew(tmp_path: Path) -> None:
    previous, site = tmp_path / "previous", tmp_path / "site"
    (previous / "downloads").mkdir(parents=True)
    for name, data in (("same.json", b"[1, 2]"), ("changed.json", b"[1, 2]")):
        (previous / "downloads" / name).write_bytes(data)
        os.utime(previous / "downloads" / name, ns=(0, 10**18))
    files = [
        SiteFile("downloads/same.json", data=b"[1, 2]"),
        SiteFile("downloads/changed.json", data=b"[1, 3]"),
    ]
    write_files(files, site, previous=previous)
    same, changed = site / "downloads" / "same.json", site / "downloads" / "changed.json"
    assert same.stat().st_ino == (previous / "downloads" / "same.json").stat().st_ino
    assert same.stat().st_mtime_ns == 10**18  # keeps its time
    assert changed.read_bytes() == b"[1, 3]"
    assert (previous / "downloads" / "changed.json").read_bytes() == b"[1, 2]"  # not written through


def test_a_symlink_put_into_the_built_site_is_never_carried_forward(tmp_path: Path) -> None:
    source, elsewhere = tmp_path / "photo.jpg", tmp_path / "elsewhere.jpg"
    source.write_bytes(b"photo")
    elsewhere.write_bytes(b"photo")
    stat = source.stat()
    os.utime(elsewhere, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and time as the source
    previous = tmp_path / "previous.jpg"
    previous.symlink_to(elsewhere)
    dest = tmp_path / "site.jpg"
    place_file(source, dest, previous)
    assert not dest.is_symlink() and dest.stat().st_ino != elsewhere.stat().st_ino
    assert dest.read_bytes() == b"photo"


def _empty_archive(root: Path) -> Archive:
    return Archive(root, None, {}, {}, ())  # type: ignore[arg-type]  # no records: info is never read


def test_checksums_reuse_the_digest_of_an_unchanged_file_and_survive_a_broken_cache(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    out.mkdir()
    (out / "index.html").write_text("home")
    archive = _empty_archive(tmp_path)
    write_manifests(out, archive, cache)
    digests = marshal.loads((cache / DIGESTS_FILE).read_bytes())
    size, mtime, inode, digest = digests["index.html"]
    assert f"{digest}  index.html\n" in (out / MANIFEST).read_text()
    # same size, time and inode as recorded: the recorded digest is taken without reading the file
    (cache / DIGESTS_FILE).write_bytes(marshal.dumps({"index.html": (size, mtime, inode, "f" * 64)}))
    write_manifests(out, archive, cache)
    assert f"{'f' * 64}  index.html\n" in (out / MANIFEST).read_text()
    (cache / DIGESTS_FILE).write_bytes(b"\x00not marshal")
    write_manifests(out, archive, cache)
    assert f"{digest}  index.html\n" in (out / MANIFEST).read_text()


def test_checksums_read_again_a_file_swapped_in_with_the_same_size_and_time(tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    out.mkdir()
    (out / "index.html").write_text("home")
    archive = _empty_archive(tmp_path)
    write_manifests(out, archive, cache)
    before = (out / "index.html").stat()
    swapped = tmp_path / "swapped.html"
    swapped.write_text("hame")  # same size
    os.utime(swapped, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same time
    swapped.replace(out / "index.html")
    write_manifests(out, archive, cache)
    assert f"{hashlib.sha256(b'hame').hexdigest()}  index.html\n" in (out / MANIFEST).read_text()
