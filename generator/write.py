"""Writers own the output folder: build into a temporary sibling, swap it in only on success.

A failed or interrupted build leaves the previous output exactly as it was; the next build removes what a
killed one left behind (``recover_interrupted``). Files whose bytes did not change
keep their modification time, so rsync and browsers' caches see only real changes.

A rebuild need not copy what it did not change: ``place_file`` hard-links the previous output's file into the
staging folder when it is the copy of the very same version (same size and modification time as its source).
Nothing ever writes into a staged file after that (every writer here makes a new file), so the previous
output stays untouched until the swap, and a failed build still leaves it as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.timing import stage


@contextlib.contextmanager
def atomic_output(out_dir: Path) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``out_dir``, on any exception it is removed."""
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted(out_dir)
    prefix = f".{out_dir.name}.building-{os.getpid()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with stage("stage-swap"):
        _keep_unchanged_mtimes(out_dir, staging)
        _swap(staging, out_dir)


def recover_interrupted(out_dir: Path) -> None:
    """Tidy what a killed build (SIGKILL, power cut) left beside ``out_dir``; a live build's folders are kept.

    A staging folder ``.<name>.building-<pid>-*`` of a dead process is removed. A ``.<name>.old-<pid>`` folder
    is the previous output of a build killed between its two renames: it is put back when ``out_dir`` is
    missing (so the previous output is never lost), else removed. Liveness is judged by process id on this
    machine: two machines building into one shared folder at once are not told apart.
    """
    for marker in ("building", "old"):
        for leftover in sorted(out_dir.parent.glob(f".{out_dir.name}.{marker}-*")):
            if not leftover.is_dir() or _owner_alive(leftover.name.split(f".{marker}-", 1)[1]):
                continue
            if marker == "old" and not out_dir.exists():
                leftover.rename(out_dir)
            else:
                shutil.rmtree(leftover, ignore_errors=True)


def _owner_alive(suffix: str) -> bool:
    """Whether the process named at the start of ``suffix`` ("<pid>-…" or "<pid>") still runs."""
    pid = suffix.split("-", 1)[0]
    if not pid.isdigit():
        return False  # made before folders carried a process id: no build of that version is running now
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def _swap(staging: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def _keep_unchanged_mtimes(previous: Path, staging: Path) -> None:
    """Give files whose bytes are unchanged their previous modification time."""
    if not previous.is_dir():
        return
    for rel, new_path, new_stat in walk_files(staging):
        if new_stat.st_nlink > 1:
            continue  # a hard link place_file made to the previous output's own file: the same file
        old_path = os.path.join(previous, rel)  # noqa: PTH118 — strings: pathlib costs seconds here
        try:
            old_stat = os.stat(old_path)  # noqa: PTH116
        except OSError:
            continue
        if old_stat.st_mtime_ns == new_stat.st_mtime_ns and old_stat.st_size == new_stat.st_size:
            continue  # the same file linked again, or a copy of the same cache entry: nothing to restore
        if new_stat.st_mtime_ns < old_stat.st_mtime_ns:
            continue  # a copy carrying its source's (older) time, which the next build compares against
        if old_stat.st_size == new_stat.st_size and _read(old_path) == _read(new_path):
            os.utime(new_path, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:  # noqa: PTH123
        return handle.read()


def walk_files(root: Path) -> Iterator[tuple[str, str, os.stat_result]]:
    """Every regular file under ``root``: its path relative to ``root`` (with "/"), its full path and its
    stat. Plain ``os.scandir`` and strings: pathlib's ``rglob`` + ``is_file`` + ``stat`` + ``relative_to``
    cost seconds on a site of 20,000 files."""
    pending = [(str(root), "")]
    while pending:
        folder, rel = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = f"{rel}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{name}/"))
                elif entry.is_file(follow_symlinks=False):
                    yield name, entry.path, entry.stat(follow_symlinks=False)


def place_file(
    source: Path, dest: Path, previous: Path | None = None, *, restamp: bool = False
) -> os.stat_result:
    """Put a copy of ``source`` at the new path ``dest``, with the source's modification time; returns the
    source's stat (FileNotFoundError when there is no source).

    ``previous`` is the same file in the output being replaced: when its size and modification time equal the
    source's, it is the copy an earlier build made of this very version, and it is hard-linked instead of
    copied (a file edited in place since has another time and is copied afresh, as rsync would judge it).
    With ``restamp`` (``source`` is a cache entry of ours, never a user's file), a previous file with the same
    bytes but another time is linked too, and the entry takes its time, so the next build links at a glance.
    """
    stat = source.stat()
    if previous is not None:
        if _link_previous(previous, dest, stat):
            return stat
        if restamp and _same_bytes(previous, source, stat):
            old = previous.stat()
            os.utime(source, ns=(stat.st_atime_ns, old.st_mtime_ns))
            if _link_previous(previous, dest, source.stat()):
                return source.stat()
    try:
        _copy_new(source, dest)
    except FileNotFoundError:
        if not source.is_file():
            raise
        # The folder did not exist (another worker may be making it right now: exist_ok covers that).
        dest.parent.mkdir(parents=True, exist_ok=True)
        _copy_new(source, dest)
    return stat


def _link_previous(previous: Path, dest: Path, stat: os.stat_result) -> bool:
    try:
        old = previous.stat()
        if old.st_size != stat.st_size or old.st_mtime_ns != stat.st_mtime_ns:
            return False
        try:
            os.link(previous, dest)
        except FileNotFoundError:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.link(previous, dest)
    except OSError:  # no previous file, or links not possible here (another file system, FAT, SMB): copy
        return False
    return True


def _same_bytes(previous: Path, source: Path, stat: os.stat_result) -> bool:
    try:
        if previous.stat().st_size != stat.st_size:
            return False
        return previous.read_bytes() == source.read_bytes()
    except OSError:
        return False


def _copy_new(source: Path, dest: Path) -> None:
    # Never write through an existing path: it could be a link to the previous output.
    dest.unlink(missing_ok=True)
    shutil.copy2(source, dest)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly these bytes. Returns True when written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True
