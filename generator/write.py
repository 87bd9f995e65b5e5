"""Writers own the output folder: build into a temporary sibling, swap it in only on success.

A failed or interrupted build leaves the previous output exactly as it was; the next build removes what a
killed one left behind (``recover_interrupted``). Files whose bytes did not change
keep their modification time, so rsync and browsers' caches see only real changes.

A rebuild need not copy what it did not change: ``place_file`` hard-links the previous output's file into the
staging folder when it is the copy of the very same version (same size and modification time as its source).
Nothing ever writes into a staged file after that (every writer here makes a new file), so the previous
output stays untouched until the swap, and a failed build still leaves it as it was. The replaced output is
removed after the swap; a big one by a detached process (``_discard``), so the command does not wait for
tens of thousands of unlinks.

The functions a build calls once per file take and make plain strings and call ``os`` directly: a rebuild
calls them for every file of the site, and pathlib objects and repeated stat calls would be most of its time
(docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISREG
from typing import TypeAlias

from generator.timing import stage

StrPath: TypeAlias = str | os.PathLike[str]

# An old output of this many files is removed by a detached process (the command does not wait for its
# unlinks); a smaller one here and now, which costs less than starting that process.
DETACH_MIN_FILES = 2000


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
        files = _keep_unchanged_mtimes(out_dir, staging)
        _swap(staging, out_dir, detach=files >= DETACH_MIN_FILES)


def recover_interrupted(out_dir: Path) -> None:
    """Tidy what a killed build (SIGKILL, power cut) left beside ``out_dir``; a live build's folders are kept.

    A staging folder ``.<name>.building-<pid>-*`` of a dead process is removed. A ``.<name>.old-<pid>`` folder
    is the previous output of a build killed between its two renames: it is put back when ``out_dir`` is
    missing (so the previous output is never lost), else removed. A replaced output still being removed by
    its detached process (``_discard``) carries that process's id, so it is left alone while it runs.
    Liveness is judged by process id on this machine: two machines building into one shared folder at once
    are not told apart.
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


def _swap(staging: Path, out_dir: Path, *, detach: bool) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    if old.exists():
        _discard(old, detach=detach)


def remove_tree_later(folder: Path) -> None:
    """Remove ``folder`` (a whole earlier output, e.g. the build ``mkdocs serve`` set aside) without waiting
    for its tens of thousands of files: renamed ``.<name>.old-<pid>`` and handed to a detached remover."""
    if not folder.is_dir():
        return
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    try:
        folder.rename(old)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    _discard(old, detach=True)


def _discard(old: Path, *, detach: bool) -> None:
    """Remove the replaced output ``old`` (``.<name>.old-<our pid>``, the new output already in place).

    With ``detach``, a process of its own removes it while this one goes on: the folder is first renamed
    ``.<name>.old-<its pid>``, so ``recover_interrupted`` leaves it alone while that process runs and removes
    what is left should it die. Where no such process can be started, it is removed here."""
    if detach and _remove_detached(old):
        return
    shutil.rmtree(old, ignore_errors=True)


# The detached remover: it waits for the folder's name on its stdin and removes nothing when the pipe closes
# empty (this process failed to rename the folder after it: the folder is still under our process id).
_REMOVER = (
    "import os, shutil, sys\n"
    "folder = sys.stdin.buffer.read()\n"
    "if folder:\n"
    "    shutil.rmtree(os.fsdecode(folder), ignore_errors=True)\n"
)
_removers: list[int] = []  # their process ids, reaped by the next ones (no zombies in a long-lived process)


def _remove_detached(old: Path) -> bool:
    """Hand ``old`` to a detached remover; False when none could be started or the folder not renamed."""
    started = _start_remover()
    if started is None:
        return False
    pid, pipe = started
    try:
        target = old.with_name(f"{old.name.rpartition('-')[0]}-{pid}")
        try:
            old.rename(target)
        except OSError:
            return False  # the remover reads nothing and ends
        try:
            os.write(pipe, os.fsencode(target))
        except OSError:  # the remover died before it could read: remove the folder here
            shutil.rmtree(target, ignore_errors=True)
        return True
    finally:
        os.close(pipe)  # end of the name: the remover starts


def _start_remover() -> tuple[int, int] | None:
    """Start a remover in a session of its own (Ctrl-C and a closed terminal do not stop it): its process
    id and the pipe to its stdin; None where processes cannot be spawned so (Windows, no interpreter)."""
    _reap_removers()
    if not sys.executable or not hasattr(os, "posix_spawn"):
        return None
    read, write = os.pipe()
    try:
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-I", "-S", "-c", _REMOVER],
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, read, 0),
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
            ],
            setsid=True,
        )
    except (OSError, ValueError):
        os.close(write)
        return None
    finally:
        os.close(read)
    _removers.append(pid)
    return pid, write


def _reap_removers() -> None:
    for pid in list(_removers):
        try:
            done = os.waitpid(pid, os.WNOHANG)[0] != 0
        except ChildProcessError:  # not our child (a forked worker inherited the list) or reaped elsewhere
            done = True
        if done:
            _removers.remove(pid)


def _keep_unchanged_mtimes(previous: Path, staging: Path) -> int:
    """Give files whose bytes are unchanged their previous modification time; returns how many files
    ``staging`` holds.

    Most files are the previous output's own, hard-linked by ``place_file``: the same inode at the same path
    in both folder listings tells so without a stat of either. (Were a file system to report inodes a stat
    would not, the worst outcome is a file that keeps its new time.)"""
    if not previous.is_dir():
        return 0
    inodes = {rel: entry.inode() for rel, entry in _walk_entries(str(previous))}
    files = 0
    for rel, entry in _walk_entries(str(staging)):
        files += 1
        if inodes.get(rel) == entry.inode():
            continue  # the same file, linked
        new_stat = entry.stat(follow_symlinks=False)
        if new_stat.st_nlink > 1:
            continue  # a hard link place_file made to the previous output's own file: the same file
        old_path = f"{previous}/{rel}"
        try:
            old_stat = os.stat(old_path)
        except OSError:
            continue
        if old_stat.st_mtime_ns == new_stat.st_mtime_ns and old_stat.st_size == new_stat.st_size:
            continue  # the same file linked again, or a copy of the same cache entry: nothing to restore
        if new_stat.st_mtime_ns < old_stat.st_mtime_ns:
            continue  # a copy carrying its source's (older) time, which the next build compares against
        if old_stat.st_size == new_stat.st_size and _read(old_path) == _read(entry.path):
            os.utime(entry.path, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))
    return files


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def walk_files(root: Path) -> Iterator[tuple[str, str, os.stat_result]]:
    """Every regular file under ``root``: its path relative to ``root`` (with "/"), its full path and its
    stat."""
    for rel, entry in _walk_entries(str(root)):
        yield rel, entry.path, entry.stat(follow_symlinks=False)


def _walk_entries(root: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every regular file under ``root``, relative path (with "/") and directory entry. Plain
    ``os.scandir`` and strings, not pathlib's ``rglob`` + ``is_file`` + ``relative_to`` (a Path and a stat
    per file of the site), and the entry tells a file's inode without a stat."""
    pending = [(root, "")]
    while pending:
        folder, rel = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = f"{rel}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, f"{name}/"))
                elif entry.is_file(follow_symlinks=False):
                    yield name, entry


def place_file(
    source: StrPath, dest: StrPath, previous: StrPath | None = None, *, restamp: bool = False
) -> os.stat_result:
    """Put a copy of ``source`` at the new path ``dest``, with the source's modification time; returns the
    source's stat (FileNotFoundError when there is no source).

    ``previous`` is the same file in the output being replaced: when it is a plain file whose size and
    modification time equal the source's, it is the copy an earlier build made of this very version, and it
    is hard-linked instead of copied (a file edited in place since has another time and is copied afresh, as
    rsync would judge it). With ``restamp`` (``source`` is a cache entry of ours, never a user's file), a
    previous file with the same bytes but another time is linked too, and the entry takes its time, so the
    next build links at a glance. One stat of each file decides."""
    source, dest = os.fspath(source), os.fspath(dest)
    stat = os.stat(source)
    if previous is not None:
        previous = os.fspath(previous)
        old = _plain_file_stat(previous)
        if old is not None and old.st_size == stat.st_size:
            if old.st_mtime_ns != stat.st_mtime_ns and restamp and _same_bytes(previous, source):
                os.utime(source, ns=(stat.st_atime_ns, old.st_mtime_ns))
                stat = os.stat(source)
            if old.st_mtime_ns == stat.st_mtime_ns and _link(previous, dest):
                return stat
    _copy_new(source, dest)
    return stat


def link_same_bytes(previous: str, dest: str, data: bytes) -> bool:
    """Hard-link the previous output's file ``previous`` at ``dest`` when it holds exactly ``data``: the file
    keeps its time, and the checksums and the swap see at a glance that it is unchanged. False (nothing
    done) otherwise."""
    old = _plain_file_stat(previous)
    if old is None or old.st_size != len(data):
        return False
    try:
        same = _read(previous) == data
    except OSError:
        return False
    return same and _link(previous, dest)


def write_bytes(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` in a staging folder, making its folder when missing."""
    try:
        _write(path, data)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _write(path, data)


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _plain_file_stat(path: str) -> os.stat_result | None:
    """The file's own stat, None when it is missing or not a plain file: a symlink put into a built site
    is never linked into the next one."""
    try:
        stat = os.lstat(path)
    except OSError:
        return None
    return stat if S_ISREG(stat.st_mode) else None


def _link(previous: str, dest: str) -> bool:
    try:
        os.link(previous, dest)
    except FileNotFoundError:  # the first file of its folder (or the previous one is gone)
        try:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            os.link(previous, dest)
        except OSError:
            return False
    except OSError:  # links not possible here (another file system, FAT, SMB), or dest taken: copy
        return False
    return True


def _same_bytes(previous: str, source: str) -> bool:
    try:
        return _read(previous) == _read(source)
    except OSError:
        return False


def _copy_new(source: str, dest: str) -> None:
    # Never write through an existing path: it could be a link to the previous output.
    with contextlib.suppress(FileNotFoundError):
        os.unlink(dest)
    try:
        shutil.copy2(source, dest)
    except FileNotFoundError:
        if not os.path.isfile(source):
            raise
        # The folder did not exist (another worker may be making it right now: exist_ok covers that).
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy2(source, dest)


def write_atomically(path: StrPath, data: bytes) -> None:
    """Replace the file ``path`` with ``data`` so that any reader, a parallel build too, finds the old file or
    the new one, never half of either: written to a temporary sibling, then renamed over it. The folder is
    made when missing. Raises OSError, leaving nothing behind."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}")
    try:
        write_bytes(tmp, data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly these bytes. Returns True when written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomically(path, data)
    return True
