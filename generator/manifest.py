"""Checksum manifests written with every build, in the format `sha256sum -c` reads.

``MANIFEST.sha256`` lists every file of the output folder (verify with ``cd site && sha256sum -c
MANIFEST.sha256``); ``EVIDENCE.sha256`` lists the archive's attached files the build used, relative to the
data folder (verify with ``cd archive_data && sha256sum -c ../site/EVIDENCE.sha256``). Together they let the
archives bureau confirm that nothing was altered and that the output came from exactly these files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from generator.model import Archive
from generator.validate import resolve_inside, sha256_of
from generator.write import walk_files

MANIFEST = "MANIFEST.sha256"
EVIDENCE_MANIFEST = "EVIDENCE.sha256"


def _lines(entries: Iterable[tuple[str, str]]) -> str:
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(entries))


def evidence_files(archive: Archive) -> dict[str, str]:
    """Attached files of the archive's records (relative path → sha256), as the build used them."""
    used: dict[str, str] = {}
    for record in archive.evidence:
        for attached in record.files:
            resolved = resolve_inside(archive.root, attached.path)
            if resolved is not None and resolved.is_file():
                used[attached.path] = attached.sha256 or sha256_of(resolved)
    return used


def write_manifests(out_dir: Path, archive: Archive, cache_dir: Path | None = None) -> None:
    """Write both manifests into ``out_dir`` (call last, once every other file is in place).

    With ``cache_dir``, a file whose size and modification time (to the nanosecond) equal those it had at the
    previous build — a page copied unchanged from the page cache keeps its time — reuses the digest computed
    then, so a one-record rebuild hashes only what changed."""
    (out_dir / EVIDENCE_MANIFEST).write_text(_lines(evidence_files(archive).items()), encoding="utf-8")
    known = _load_digests(cache_dir)
    seen: dict[str, list[object]] = {}
    for rel, path, stat in walk_files(out_dir):
        if rel == MANIFEST:
            continue
        previous = known.get(rel)
        if previous and previous[0] == stat.st_size and previous[1] == stat.st_mtime_ns:
            digest = str(previous[2])
        else:
            digest = sha256_of(Path(path))
        seen[rel] = [stat.st_size, stat.st_mtime_ns, digest]
    (out_dir / MANIFEST).write_text(
        _lines((rel, str(entry[2])) for rel, entry in seen.items()), encoding="utf-8"
    )
    _save_digests(cache_dir, seen)


def _digest_file(cache_dir: Path) -> Path:
    return cache_dir / "manifest-digests.json"


def _load_digests(cache_dir: Path | None) -> dict[str, list[object]]:
    if cache_dir is None:
        return {}
    try:
        loaded = json.loads(_digest_file(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _save_digests(cache_dir: Path | None, seen: dict[str, list[object]]) -> None:
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = _digest_file(cache_dir)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    tmp.write_text(json.dumps(seen, separators=(",", ":")), encoding="utf-8")
    tmp.replace(target)
