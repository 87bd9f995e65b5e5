"""The parse cache: each YAML file's plain value and parser marks, kept between runs.

Parsing is most of what validation costs, and between two runs almost every file is unchanged. One file per
data folder (``<cache>/parsed/<hash of the folder's real path>.marshal``) holds, by path, the builder's plain
value (dicts, lists, text, numbers — never models), its parser marks packed as numbers, its shape (the keys
without the values, which the model keeps to place problems later: ``load.shape_of``) and the file's stat
as git's index keeps it. An entry is used only while that stat is unchanged, and only a file settled before
the run started is stored — the one staleness rule of every stat-keyed cache of ours (``filefacts.stamp_of``
and ``filefacts.settled``): an edit that restores the modification time, or a file swapped in by rename, is
still read again. Attached files' digests live in the one digest store (generator/filefacts.py). Files with a
parse problem are never
stored, so their problems come with positions on every run. A cached document lays its marks out again from
the packed numbers when a problem needs a position (``load.PackedDocument``); its file is never read again.

The file is salted with a format version, the Python and PyYAML versions and the loader's own source, so a
changed loader starts afresh, and carries a CRC of its contents. It is rewritten (to a temporary file, then
renamed over the old one) only when enough has changed: a handful of edited files in a large archive are
parsed again instead, until they are worth the rewrite. A missing, corrupt or foreign cache file is simply
rebuilt; a cache folder that cannot be written costs speed, never the check. Delete it any time.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import sys
import time
import zlib
from pathlib import Path
from typing import Any, Final

import yaml

import generator.load
from generator.errors import Problem
from generator.filefacts import Stamp, settled, stamp_of
from generator.load import PackedDocument, YamlDocument, read_yaml
from generator.write import write_atomically

FORMAT: Final = 3
# Rewriting the whole file costs about as much as parsing 1 file in 200 again, so fewer changes than that
# are simply parsed again on each run until there are enough of them.
REWRITE_SHARE: Final = 200
_MAGIC: Final = b"dossier-parse-cache\n"

log = logging.getLogger(__name__)


def _salt() -> str:
    versions = (FORMAT, sys.version, marshal.version, yaml.__version__, yaml.__with_libyaml__)
    digest = hashlib.sha256("\0".join(map(str, versions)).encode())
    digest.update(Path(generator.load.__file__).read_bytes())
    return digest.hexdigest()


def cache_file(root: Path, cache_dir: Path) -> Path:
    """Where the cache of the data folder ``root`` lives: one file per folder, named by its real path."""
    key = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return cache_dir / "parsed" / f"{key}.marshal"


class ParseCache:
    """The values of unchanged YAML files, from the last run.

    ``ParseCache.open(root, None)`` is a cache that keeps nothing: every file is read as without one."""

    def __init__(self, root: Path, file: Path | None = None) -> None:
        self.root_key = str(root.resolve()) if file else ""
        self.file = file
        self.started_ns = time.time_ns()
        self.salt = _salt() if file else ""
        self.hits = 0
        self.misses = 0
        # stamp, value (plain: the whole file is one marshal), marks and shape (load.PackedDocument)
        self._old_parsed: dict[str, tuple[Stamp, Any, bytes, bytes]] = {}
        self._parsed: dict[str, tuple[Stamp, Any, bytes, bytes]] = {}
        self._fresh: dict[str, tuple[Stamp, YamlDocument]] = {}  # read this run: packed when saved

    @classmethod
    def open(cls, root: Path, cache_dir: Path | None) -> ParseCache:
        if cache_dir is None:
            return cls(root)
        cache = cls(root, cache_file(root, cache_dir))
        cache._load()
        return cache

    @property
    def entries(self) -> int:
        """How many files' values the cache file held when it was opened."""
        return len(self._old_parsed)

    def read_yaml(self, path: Path, relative: str) -> tuple[YamlDocument | None, list[Problem]]:
        """``load.read_yaml``, or the file's value from the cache when its stat is unchanged."""
        if self.file is None:
            return read_yaml(path)
        try:
            stamp = stamp_of(path.stat())
        except OSError:
            return read_yaml(path)  # which reports why it cannot be read
        entry = self._old_parsed.get(relative)
        if entry is not None and entry[0] == stamp:
            self.hits += 1
            self._parsed[relative] = entry
            packed = PackedDocument(path, entry[3], entry[2])
            return YamlDocument(path, entry[1], packed=packed), []
        self.misses += 1
        doc, problems = read_yaml(path)
        if doc is not None and not problems and settled(stamp, self.started_ns):
            self._fresh[relative] = (stamp, doc)
        return doc, problems

    def save(self) -> None:
        """Write what this run read (files gone since are dropped), when enough differs from the file."""
        if self.file is None or not self._worth_saving():
            return
        parsed = self._parsed | {
            relative: (stamp, doc.data, packed.marks, packed.shape)
            for relative, (stamp, doc) in self._fresh.items()
            for packed in (doc.packed(),)
        }
        payload = {"salt": self.salt, "root": self.root_key, "parsed": parsed}
        # marshal: plain values only, faster than pickle, and it never calls code
        body = marshal.dumps(payload)
        try:
            write_atomically(self.file, _MAGIC + zlib.crc32(body).to_bytes(4, "big") + body)
        except OSError as exc:
            log.warning("parse cache not saved: %s", exc)

    def _worth_saving(self) -> bool:
        parsed = {**self._parsed, **self._fresh}
        changed = _changes(self._old_parsed, parsed)
        return changed > 0 and changed * REWRITE_SHARE >= len(parsed)

    def _load(self) -> None:
        assert self.file is not None
        try:
            raw = self.file.read_bytes()
        except OSError:
            return
        payload = _unpack(raw)
        if (
            isinstance(payload, dict)
            and payload.get("salt") == self.salt
            and payload.get("root") == self.root_key
            and _entries(payload.get("parsed"))
        ):
            self._old_parsed = payload["parsed"]


def _unpack(raw: bytes) -> Any:
    """The payload of a cache file, or None when it is not one we wrote whole."""
    head = len(_MAGIC) + 4
    body = memoryview(raw)[head:]
    if not raw.startswith(_MAGIC) or zlib.crc32(body) != int.from_bytes(raw[len(_MAGIC) : head], "big"):
        return None
    try:
        return marshal.loads(body)
    except (EOFError, ValueError, TypeError):  # what marshal raises on data it did not write
        return None


def _changes(old: dict[str, Any], new: dict[str, Any]) -> int:
    """Entries added, replaced or dropped since the cache file was read."""
    return sum(1 for key, entry in new.items() if old.get(key) is not entry) + sum(
        1 for key in old if key not in new
    )


def _entries(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(entry, tuple) and len(entry) == 4 and isinstance(entry[0], tuple)
        for entry in value.values()
    )
