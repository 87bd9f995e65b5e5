"""Write an import's files into the data folder all together, never replacing anything already there.

Every file of a run is prepared in memory first (an attached file to copy is named, with the sha256 it must
have); then each is written to a temporary name beside its target and hard-linked to the final name (a link
fails when the name exists, so nothing is ever overwritten, even by a concurrent import). Only a file planned
as a replacement (``replace``: units.yml with ``--replace``) takes the place of an existing one, by an atomic
rename, and gets its old bytes back if the run fails. When any step fails, the files and folders this run
created are removed again: the data folder is left exactly as it was.
"""

from __future__ import annotations

import hashlib
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
    copy_from: Path | None = None  # an attached file copied from here (``data`` is then empty) …
    copy_sha256: str = ""  # … which must still have this sha256
    replace: bool = False  # may replace an existing file


def write_all(root: Path, files: list[PlannedFile]) -> None:
    created: list[Path] = []
    made_dirs: list[Path] = []
    replaced: list[tuple[Path, bytes]] = []
    try:
        for planned in files:
            target = root / planned.relative
            made_dirs += _make_parents(target.parent)
            if planned.replace and target.exists():
                replaced.append((target, target.read_bytes()))
                _replace(target, planned.data)
                continue
            _write_new(target, planned)
            created.append(target)
    except BaseException:
        for path in reversed(created):
            path.unlink(missing_ok=True)
        for path, old in reversed(replaced):
            _replace(path, old)
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


def _write_new(target: Path, planned: PlannedFile) -> None:
    tmp = target.with_name(f".{target.name}.import-{os.getpid()}")
    try:
        if planned.copy_from is not None:
            _copy_checked(planned.copy_from, tmp, planned.copy_sha256)
        else:
            tmp.write_bytes(planned.data)
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise ImportFailed(target, "import-exists") from None
        except OSError:  # file systems without hard links (FAT USB sticks): exclusive create instead
            _create_exclusive(target, tmp.read_bytes())
    finally:
        tmp.unlink(missing_ok=True)


def _copy_checked(source: Path, tmp: Path, sha256: str) -> None:
    """Copy ``source`` to ``tmp`` in 1 MB blocks, refusing a file changed since it was checked."""
    digest = hashlib.sha256()
    with source.open("rb") as reader, tmp.open("wb") as writer:
        for block in iter(lambda: reader.read(1 << 20), b""):
            digest.update(block)
            writer.write(block)
    if sha256 and digest.hexdigest() != sha256:
        raise ImportFailed(source, "import-changed-meanwhile")


def _replace(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.import-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def _create_exclusive(target: Path, data: bytes) -> None:
    try:
        with target.open("xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise ImportFailed(target, "import-exists") from None
