"""The files a sheet names: found beside the sheet (or under ``--files``), read once for their sha256 and
camera date, and planned into ``files/`` under names that never replace anything."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import os
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.filefacts import camera_date
from generator.intake.records import Namer
from generator.intake.values import IMAGE_SUFFIXES, BadValue, text_of

MAX_ATTACHED_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A file found for a sheet: where it is, its digest and, for a photo, the date it was taken."""

    path: Path
    sha256: str
    taken: dt.date | None


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).lower()


@dataclass
class FileFinder:
    """Finds a file by the name a person typed: a path relative to the base folder, else a unique file of
    that name (or that name without its suffix) anywhere below it."""

    base: Path
    exclude: Path | None = None  # the data folder, when it lies under the sheet's folder
    _by_name: dict[str, list[Path]] | None = None
    _by_stem: dict[str, list[Path]] = field(default_factory=dict)

    def find(self, typed: str) -> Path:
        name = typed.strip().replace("\\", "/")
        direct = self.base / name
        plain = name and not name.startswith("/") and ".." not in name.split("/")
        if plain and direct.is_file() and not self._excluded(direct):
            return direct
        by_name, by_stem = self._index()
        leaf = _key(name.rpartition("/")[2])
        found = by_name.get(leaf) or by_stem.get(leaf, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            shown = "、".join(p.relative_to(self.base).as_posix() for p in found[:5])
            raise BadValue("file-ambiguous", file=typed, found=shown)
        close = difflib.get_close_matches(leaf, list(by_name), n=1, cutoff=0.6)
        hint = _hint(by_name[close[0]][0].name) if close else ""
        raise BadValue("file-not-found", file=typed, folder=str(self.base), hint=hint)

    def _excluded(self, path: Path) -> bool:
        return self.exclude is not None and path.resolve().is_relative_to(self.exclude.resolve())

    def _index(self) -> tuple[dict[str, list[Path]], dict[str, list[Path]]]:
        if self._by_name is None:
            self._by_name = defaultdict(list)
            excluded = self.exclude.resolve() if self.exclude is not None else None
            for folder, dirs, names in os.walk(self.base):
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and (Path(folder) / d).resolve() != excluded
                )
                for name in sorted(names):
                    if name.startswith((".", "~$")):
                        continue
                    path = Path(folder) / name
                    self._by_name[_key(name)].append(path)
                    self._by_stem.setdefault(_key(path.stem), []).append(path)
        return self._by_name, self._by_stem


def _hint(name: str) -> str:
    from generator.i18n import t  # noqa: PLC0415 — keeps this module free of the message table at import

    return t("intake-hint", name=name)


class FileReader:
    """Each source file read once per import, whichever rows name it."""

    def __init__(self) -> None:
        self._known: dict[Path, SourceFile] = {}

    def read(self, path: Path) -> SourceFile:
        resolved = path.resolve()
        known = self._known.get(resolved)
        if known is None:
            known = self._known[resolved] = SourceFile(path, _sha256(path), _taken(path))
        return known


def _sha256(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_ATTACHED_BYTES:
            raise BadValue("file-too-large", file=path.name, limit=MAX_ATTACHED_BYTES)
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise BadValue("file-unreadable", file=path.name, detail=exc.strerror or str(exc)) from None
    return digest.hexdigest()


def _taken(path: Path) -> dt.date | None:
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return None
    return camera_date(path)


@dataclass
class FilePlan:
    """Where each source file goes under ``files/``; a file named by several rows is copied once."""

    namer: Namer
    targets: dict[Path, str] = field(default_factory=dict)  # resolved source → relative target
    copies: list[tuple[str, SourceFile]] = field(default_factory=list)

    def target(self, source: SourceFile, folder: str) -> str:
        key = source.path.resolve()
        known = self.targets.get(key)
        if known is None:
            safe = _safe_name(source.path.name)
            known = self.targets[key] = self.namer.file_path(f"{folder}/{safe}")
            self.copies.append((known, source))
        return known


def _safe_name(name: str) -> str:
    """A file name kept as the office wrote it, less what no file system or URL should carry."""
    cleaned = "".join("_" if ch in '\\/:*?"<>|#%' or ord(ch) < 32 else ch for ch in text_of(name))
    return cleaned.strip(" .") or "file"
