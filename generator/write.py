"""Writers own the output folder: build into a temporary sibling, swap it in only on success.

A failed or interrupted build leaves the previous output exactly as it was; the next build removes what a
killed one left behind (``recover_interrupted``). Files whose bytes did not change
keep their modification time, so rsync and browsers' caches see only real changes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


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
    for new_file in staging.rglob("*"):
        if not new_file.is_file():
            continue
        old_file = previous / new_file.relative_to(staging)
        try:
            old_stat = old_file.stat()
        except OSError:
            continue
        new_stat = new_file.stat()
        if old_stat.st_mtime_ns == new_stat.st_mtime_ns and old_stat.st_size == new_stat.st_size:
            continue  # a copy of the same cache entry (copies keep the entry's time): nothing to restore
        if old_stat.st_size == new_stat.st_size and old_file.read_bytes() == new_file.read_bytes():
            os.utime(new_file, ns=(old_stat.st_atime_ns, old_stat.st_mtime_ns))


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
