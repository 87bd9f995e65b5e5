"""Checksum manifests written with every build, in the format `sha256sum -c` reads.

``MANIFEST.sha256`` lists every file of the output folder (verify with ``cd site && sha256sum -c
MANIFEST.sha256``); ``EVIDENCE.sha256`` lists the archive's attached files the build used, relative to the
data folder (verify with ``cd archive_data && sha256sum -c ../site/EVIDENCE.sha256``). Together they let the
archives bureau confirm that nothing was altered and that the output came from exactly these files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.model import Archive
from generator.validate import resolve_inside, sha256_of

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


def write_manifests(out_dir: Path, archive: Archive) -> None:
    """Write both manifests into ``out_dir`` (call last, once every other file is in place)."""
    (out_dir / EVIDENCE_MANIFEST).write_text(_lines(evidence_files(archive).items()), encoding="utf-8")
    outputs = [
        (path.relative_to(out_dir).as_posix(), sha256_of(path))
        for path in out_dir.rglob("*")
        if path.is_file() and path.name != MANIFEST
    ]
    (out_dir / MANIFEST).write_text(_lines(outputs), encoding="utf-8")
