"""Writers own the output folder: build into a temporary sibling, swap it in only on success.

A failed or interrupted build leaves the previous output exactly as it was. Files whose bytes did not change
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
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _keep_unchanged_mtimes(out_dir, staging)
    _swap(staging, out_dir)


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
        if old_stat.st_size == new_file.stat().st_size and old_file.read_bytes() == new_file.read_bytes():
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
