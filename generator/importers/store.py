"""Write an import's files into the data folder all together, never replacing anything already there.

Every file of a run is prepared in memory first; then each is written to a temporary name beside its target
and hard-linked to the final name (a link fails when the name exists, so nothing is ever overwritten, even
by a concurrent import). When any step fails, the files and folders this run created are removed again:
the data folder is left exactly as it was.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.importers.errors import ImportFailed


@dataclass(frozen=True)
class PlannedFile:
    relative: Path  # under the data folder
    data: bytes
    kind: str  # a record kind, or "file" for an attached file
    title: str = ""
    source: str = ""


def write_all(root: Path, files: list[PlannedFile]) -> None:
    created: list[Path] = []
    made_dirs: list[Path] = []
    try:
        for planned in files:
            target = root / planned.relative
            made_dirs += _make_parents(target.parent)
            _write_new(target, planned.data)
            created.append(target)
    except BaseException:
        for path in reversed(created):
            path.unlink(missing_ok=True)
        for folder in reversed(made_dirs):
            shutil.rmtree(folder, ignore_errors=True)
        raise


def _make_parents(folder: Path) -> list[Path]:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _write_new(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.import-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise ImportFailed(target, "import-exists") from None
        except OSError:  # file systems without hard links (FAT USB sticks): exclusive create instead
            _create_exclusive(target, data)
    finally:
        tmp.unlink(missing_ok=True)


def _create_exclusive(target: Path, data: bytes) -> None:
    try:
        with target.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise ImportFailed(target, "import-exists") from None
