"""The parse cache: a warm run reports exactly what a cold one does, and never serves a changed file."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from conftest import DEMO, CliResult, write_archive

from generator.errors import Problem
from generator.i18n import set_language
from generator.model import Archive
from generator.validate import cache as cache_module
from generator.validate import load_archive, record_files, require_archive, resolve_inside
from generator.validate.cache import ParseCache, cache_file

Seen = list[tuple[str, int, int, str, str, str]]

# Cross-checks and warnings placed below line 1, so a position taken from a cached document without its
# marks (line 1, column 1) would show.
MESSY: dict[str, str | bytes | None] = {
    "units.yml": "- id: wmb\n  name: 测试市文明办\n- id: cgj\n  name: 测试市城管局\n- id: wmb\n  name: 重复\n",
    "indicators.yml": (
        "- id: A\n  title: 公共秩序\n  score: 10\n  children:\n    - id: A.1\n      title: 市容环境\n"
        "      score: 6\n    - id: B.2\n      title: 志愿服务\n      score: 3\n"
    ),
    "speeches/s2.yml": "title: 讲话\nspeaker: 王某\nid: s1\ndate: 2024-05-08\nbody: x\n",
    "speeches/s3.yml": (
        "title: 讲话\nspeaker: 王某\ndate: 2023-01-02\nindicators: [A.1, A.9]\n"
        "body: |\n  开头\n\n  ![图](files/nope.png)\n"
    ),
    "meetings/m2.yml": (
        "title: 会\ndate: 2024-05-08\nlocation: 会议室\nhost: 李某\nattendees: [王某]\nrecorder: 钱某\n"
        "agenda: [议程]\nminutes: 纪要\nspeeches: [s9, m1]\nunits: [wmbb]\n"
    ),
    "meetings/broken.yml": "title: 会\ndate: [2024-05-08\n",
    "meetings/m3.yml": "title: 会\nlocation: 会议室\nhostt: 李某\n",
    "evidence/e2.yml": (
        "title: 照片\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: files/photo.jpg\n"
        f"    sha256: {'a' * 64}\n  - path: files/missing.jpg\n  - path: ../outside.jpg\n"
    ),
    "rectifications/r2.yml": (
        "title: t\nproblem: p\nfound_by: f\nfound_on: 2024-06-01\nunit: cgj\ndeadline: 2024-05-01\n"
        "status: rectified\n"
    ),
    "self_scores/wmb-2024-06.yml": "unit: wmb\nmonth: 2024-06\nindicator: A.1\nscore: 20\n",
    "self_scores/x-2024-06.yml": "unit: nobody\nmonth: 2024-06\nindicator: A.1\nscore: 1\n",
}


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def seen(problems: list[Problem], root: Path) -> Seen:
    return [
        (p.path.relative_to(root).as_posix(), p.line, p.column, p.severity, p.code, p.message)
        for p in problems
    ]


def backdate(root: Path, seconds: int = 60) -> None:
    """Files older than the racy window, as an archive edited a while ago is."""
    past = time.time_ns() - seconds * 1_000_000_000
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(past, past))


def hits(caplog: pytest.LogCaptureFixture) -> int:
    """How many files the last run took from the cache, as its debug log says."""
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("parse cache:")]
    return int(lines[-1].split()[2])


def yaml_count(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.suffix in (".yml", ".yaml"))


@pytest.fixture
def logged(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="generator.validate")
    return caplog


def runs(root: Path, cache: Path) -> tuple[tuple[Archive | None, Seen], ...]:
    """Without a cache, then a cold and a warm run with one."""
    results = []
    for cache_dir in (None, cache, cache):
        archive, problems = load_archive(root, cache_dir)
        results.append((archive, seen(problems, root)))
    return tuple(results)


def test_warm_run_of_the_demo_archive_is_the_cold_run(
    tmp_path: Path, logged: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "data"
    shutil.copytree(DEMO, root)
    # one warning, so the archive comes with problems too
    first = sorted((root / "speeches").glob("*.yml"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("date: 20", "date: 19", 1), encoding="utf-8")
    backdate(root)
    (plain, plain_seen), (cold, cold_seen), (warm, warm_seen) = runs(root, tmp_path / "cache")
    assert plain is not None and plain_seen
    assert any(code == "date-outside-period" and line > 1 for _p, line, *_r, code, _m in plain_seen)
    assert cold_seen == plain_seen and warm_seen == plain_seen
    assert cold == plain and warm == plain
    assert hits(logged) == yaml_count(root)


def test_cross_check_errors_and_warnings_are_placed_the_same_from_the_cache(
    archive_dir: Callable[..., Path], tmp_path: Path, logged: pytest.LogCaptureFixture
) -> None:
    root = archive_dir(MESSY)
    backdate(root)
    (plain, plain_seen), (_cold, cold_seen), (warm, warm_seen) = runs(root, tmp_path / "cache")
    assert plain is None and warm is None
    codes = {code for *_rest, code, _message in plain_seen}
    assert {"duplicate-id", "unknown-ref", "wrong-kind-ref", "date-outside-period", "date-order"} <= codes
    assert {"sha256-mismatch", "file-not-found", "file-outside", "image-not-found", "yaml-syntax"} <= codes
    assert {"bad-indicator-id", "self-score-over", "unknown-field", "missing-field"} <= codes
    assert cold_seen == plain_seen
    assert warm_seen == plain_seen
    # everything but the file with a syntax error came from the cache
    assert hits(logged) == yaml_count(root) - 1


def test_an_edited_file_is_read_again(
    archive_dir: Callable[..., Path], tmp_path: Path, logged: pytest.LogCaptureFixture
) -> None:
    root = archive_dir()
    backdate(root)
    cache = tmp_path / "cache"
    require_archive(root, cache)
    speech = root / "speeches" / "s1.yml"
    speech.write_text(
        speech.read_text(encoding="utf-8").replace("在推进会上的讲话", "新标题"), encoding="utf-8"
    )
    archive, _warnings = require_archive(root, cache)
    assert archive["s1"].title == "新标题"
    assert hits(logged) == yaml_count(root) - 1


@pytest.mark.parametrize("how", ["renamed over", "rewritten in place"])
def test_a_same_size_edit_with_its_old_mtime_is_read_again(
    archive_dir: Callable[..., Path], tmp_path: Path, how: str
) -> None:
    root = archive_dir()
    backdate(root)
    cache = tmp_path / "cache"
    speech = root / "speeches" / "s1.yml"
    before = speech.stat()
    assert require_archive(root, cache)[0]["s1"].speaker == "王某"
    changed = speech.read_bytes().replace("王某".encode(), "赵某".encode())
    if how == "renamed over":
        fresh = speech.with_name("s1.new")
        fresh.write_bytes(changed)
        fresh.replace(speech)
    else:
        time.sleep(0.01)  # past the change time's clock tick
        speech.write_bytes(changed)
    os.utime(speech, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = speech.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert require_archive(root, cache)[0]["s1"].speaker == "赵某"


def test_a_changed_attachment_with_its_old_stat_times_is_hashed_again(
    archive_dir: Callable[..., Path], tmp_path: Path
) -> None:
    photo = b"photo bytes, version 1"
    root = archive_dir(
        {
            "files/photo.jpg": photo,
            "evidence/e1.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: files/photo.jpg\n"
            f"    sha256: {hashlib.sha256(photo).hexdigest()}\n",
        }
    )
    backdate(root)
    cache = tmp_path / "cache"
    assert load_archive(root, cache)[1] == []
    assert load_archive(root, cache)[1] == []
    target = root / "files" / "photo.jpg"
    before = target.stat()
    fresh = target.with_name("photo.new")
    fresh.write_bytes(b"photo bytes, version 2")
    fresh.replace(target)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert [p.code for p in load_archive(root, cache)[1]] == ["sha256-mismatch"]


def test_a_file_changed_just_now_is_not_kept(archive_dir: Callable[..., Path], tmp_path: Path) -> None:
    root = archive_dir()
    backdate(root)
    (root / "speeches" / "s1.yml").touch()  # within the racy window: its stat may not change on a next edit
    cache = tmp_path / "cache"
    load_archive(root, cache)
    assert ParseCache.open(root, cache).entries == yaml_count(root) - 1


def test_a_deleted_file_leaves_the_cache(archive_dir: Callable[..., Path], tmp_path: Path) -> None:
    root = archive_dir({"speeches/s2.yml": "title: 讲话\nspeaker: 王某\ndate: 2024-05-08\nbody: x\n"})
    backdate(root)
    cache = tmp_path / "cache"
    assert "s2" in require_archive(root, cache)[0]
    (root / "speeches" / "s2.yml").unlink()
    assert "s2" not in require_archive(root, cache)[0]
    assert ParseCache.open(root, cache).entries == yaml_count(root)


def test_an_unchanged_archive_leaves_the_cache_file_alone(
    archive_dir: Callable[..., Path], tmp_path: Path
) -> None:
    root = archive_dir()
    backdate(root)
    cache = tmp_path / "cache"
    load_archive(root, cache)
    before = cache_file(root, cache).stat()
    load_archive(root, cache)
    after = cache_file(root, cache).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_syntax_error_is_reported_on_every_run(archive_dir: Callable[..., Path], tmp_path: Path) -> None:
    root = archive_dir({"meetings/broken.yml": "title: 会\ndate: [2024-05-08\n"})
    backdate(root)
    cache = tmp_path / "cache"
    reports = [seen(load_archive(root, cache)[1], root) for _ in range(3)]
    assert reports[0] == [
        ("meetings/broken.yml", 2, 7, "error", "yaml-syntax", reports[0][0][5]),
    ]
    assert reports[1] == reports[0] and reports[2] == reports[0]
    assert ParseCache.open(root, cache).entries == yaml_count(root) - 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"not a cache at all", id="garbage"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-3] + bytes(b ^ 0xFF for b in data[-3:]), id="flipped bytes"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data.replace(b"wmbb", b"wmbx"), id="edited value"),
    ],
)
def test_a_damaged_cache_file_is_ignored_and_rebuilt(
    archive_dir: Callable[..., Path], tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    root = archive_dir(MESSY)
    backdate(root)
    cache = tmp_path / "cache"
    expected = seen(load_archive(root, cache)[1], root)
    stored = cache_file(root, cache)
    stored.write_bytes(damage(stored.read_bytes()))
    assert ParseCache.open(root, cache).entries == 0
    assert seen(load_archive(root, cache)[1], root) == expected
    assert ParseCache.open(root, cache).entries == yaml_count(root) - 1


def test_an_unwritable_cache_costs_nothing_but_speed(
    archive_dir: Callable[..., Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = archive_dir()
    backdate(root)
    cache = tmp_path / "cache"
    cache_file(root, cache).mkdir(parents=True)  # a folder where the file should go: unreadable, unwritable
    archive, problems = load_archive(root, cache)
    assert archive is not None and problems == []
    assert "parse cache not saved" in caplog.text


def test_a_cache_of_another_version_is_not_used(
    archive_dir: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = archive_dir()
    backdate(root)
    cache = tmp_path / "cache"
    load_archive(root, cache)
    assert ParseCache.open(root, cache).entries == yaml_count(root)
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT + 1)
    assert ParseCache.open(root, cache).entries == 0


def test_a_cache_of_another_data_folder_is_not_used(
    archive_dir: Callable[..., Path], tmp_path: Path, logged: pytest.LogCaptureFixture
) -> None:
    root = archive_dir()
    backdate(root)
    cache = tmp_path / "cache"
    load_archive(root, cache)
    # a rename keeps every file's size, times and inode: only the folder tells the caches apart
    moved = root.rename(tmp_path / "moved")
    load_archive(moved, cache)
    assert hits(logged) == 0
    shutil.copyfile(cache_file(root, cache), cache_file(moved, cache))
    assert ParseCache.open(moved, cache).entries == 0


def test_a_folder_turned_symlink_between_runs_is_refused(
    archive_dir: Callable[..., Path], tmp_path: Path
) -> None:
    root = archive_dir()
    cache = tmp_path / "cache"
    assert load_archive(root, cache)[1] == []
    outside = tmp_path / "elsewhere"
    shutil.move(root / "files", outside)
    (root / "files").symlink_to(outside)
    assert [p.code for p in load_archive(root, cache)[1]] == ["file-outside"]


def _reference_resolve_inside(root: Path, relative: str) -> Path | None:
    """resolve_inside as it was before folders were memoised: the whole path resolved every time."""
    if (
        PurePosixPath(relative).is_absolute()
        or PureWindowsPath(relative).is_absolute()
        or relative.startswith("\\")
    ):
        return None
    if ".." in PurePosixPath(relative.replace("\\", "/")).parts:
        return None
    resolved = (root / relative).resolve()
    return resolved if resolved.is_relative_to(root.resolve()) else None


def test_resolve_inside_answers_as_a_full_resolve_does(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "files" / "sub").mkdir(parents=True)
    (root / "files" / "a.jpg").write_bytes(b"a")
    (tmp_path / "secret.jpg").write_bytes(b"s")
    (root / "files" / "inner.jpg").symlink_to(root / "files" / "a.jpg")
    (root / "files" / "out.jpg").symlink_to(tmp_path / "secret.jpg")
    (root / "linked").symlink_to(root / "files")
    (root / "away").symlink_to(tmp_path)
    names = [
        "files/a.jpg", "files//a.jpg", "files/./a.jpg", "./files/a.jpg", "files/", "files/.", ".", "",
        "files/inner.jpg", "files/out.jpg", "linked/a.jpg", "linked/out.jpg", "away/secret.jpg",
        "away/data/files/a.jpg", "files/sub/../a.jpg", "../data/files/a.jpg", "/etc/passwd",
        "C:/x.jpg", "C:x.jpg", "files\\a.jpg", "\\\\server\\share\\x", "files/missing.jpg", "nope/x.jpg",
        "files/a.jpg/x",
    ]  # fmt: skip
    for relative in names:
        assert resolve_inside(root, relative) == _reference_resolve_inside(root, relative), relative


def test_a_nul_in_a_path_is_refused_not_a_crash(archive_dir: Callable[..., Path]) -> None:
    root = archive_dir(
        {
            "evidence/e1.yml": 'title: t\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: "files/a\\0.jpg"\n',
            "speeches/s1.yml": 'title: 讲话\nspeaker: 王某\ndate: 2024-05-08\nbody: "![x](files/b\\0.png)"\n',
        }
    )
    codes = [p.code for p in load_archive(root)[1]]
    assert codes == ["file-outside", "image-outside"]
    assert resolve_inside(root, "files/photo.jpg\0") is None


def test_record_files_are_found_and_ordered_as_rglob_does(tmp_path: Path) -> None:
    root = tmp_path / "data"
    for name in ["a-b/x.yml", "a/x.yml", "a/b/c.yaml", ".hidden.yml", "z.yml", "a.yml/inner.yml", "n.txt"]:
        (root / "meetings" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "meetings" / name).write_text("title: x\n", encoding="utf-8")
    (root / "meetings" / "linked").symlink_to(root / "meetings" / "a")
    (root / "meetings" / "alias.yml").symlink_to(root / "meetings" / "z.yml")
    base = root / "meetings"
    expected = sorted([*base.rglob("*.yml"), *base.rglob("*.yaml")])
    assert [path for _kind, path in record_files(root)] == expected


def test_check_keeps_its_cache_where_asked(
    dossier: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_archive(tmp_path / "data")
    backdate(root)
    monkeypatch.chdir(tmp_path)
    assert dossier("check", "--data", str(root)).exit_code == 0
    assert ParseCache.open(root, tmp_path / ".cache" / "dossier").entries == yaml_count(root)
    assert dossier("check", "--data", str(root), "--cache", str(tmp_path / "elsewhere")).exit_code == 0
    assert ParseCache.open(root, tmp_path / "elsewhere").entries == yaml_count(root)
