"""Checksum manifests written with every build, in the format `sha256sum -c` reads.

``MANIFEST.sha256`` lists every file of the output folder (verify with ``cd site && sha256sum -c
MANIFEST.sha256``); ``EVIDENCE.sha256`` lists the archive's attached files the build used, relative to the
data folder (verify with ``cd archive_data && sha256sum -c ../site/EVIDENCE.sha256``). Together they let the
archives bureau confirm that nothing was altered and that the output came from exactly these files.

A file of the output that is not an attached file's own bytes but a copy made from it (a `public` site's
photo without its GPS and device tags) is named in ``EVIDENCE.sha256`` by a comment line, which
``sha256sum -c`` skips: ``# derived <sha256 of the archive's file>  <path in the output>``.
"""

from __future__ import annotations

import contextlib
import marshal
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.filefacts import FileFacts
from generator.model import Archive
from generator.reproducible import sha256_of
from generator.validate.checks import resolve_file
from generator.write import walk_files, write_atomically

MANIFEST = "MANIFEST.sha256"
EVIDENCE_MANIFEST = "EVIDENCE.sha256"


DERIVED_PREFIX = "# derived "
DERIVED_HEADER = (
    "# Lines '# derived SHA256  PATH': PATH in the output is a copy of the archive's file with that SHA256,"
    " without its GPS, device and owner metadata.\n"
)


def _lines(entries: Iterable[tuple[str, str]], prefix: str = "") -> str:
    return "".join(f"{prefix}{digest}  {path}\n" for path, digest in sorted(entries))


def evidence_manifest(used: Mapping[str, str], derived: Mapping[str, str]) -> str:
    """``EVIDENCE.sha256``: the attached files used (data path → sha256), then the derived copies (output
    path → sha256 of their source) as comment lines."""
    text = _lines(used.items())
    if derived:
        text += DERIVED_HEADER + _lines(derived.items(), DERIVED_PREFIX)
    return text


def evidence_files(archive: Archive, cache_dir: Path | None = None) -> dict[str, str]:
    """Attached files of the archive's records (relative path → sha256), as the build used them: the
    recorded digest (validation checked it), else the one the digest store knows (generator/filefacts.py)."""
    used: dict[str, str] = {}
    facts = FileFacts(cache_dir)
    for record in archive.evidence:
        for attached in record.files:
            resolved = resolve_file(archive.root, attached.path)
            if resolved is not None:
                used[attached.path] = attached.sha256 or facts.sha256(Path(resolved))
    facts.save()
    return used


# relative path → (size, modification time in ns, inode, sha256) of each output file at the previous build
Digests = dict[str, tuple[int, int, int, str]]


def write_manifests(
    out_dir: Path,
    archive: Archive,
    cache_dir: Path | None = None,
    derived: Mapping[str, str] | None = None,
    *,
    facts_dir: Path | None = None,
) -> None:
    """Write both manifests into ``out_dir`` (call last, once every other file is in place); ``derived``
    names the output's copies made from attached files (output path → sha256 of the source); ``facts_dir``
    is the cache folder of the digest store of the archive's files (generator/filefacts.py).

    With ``cache_dir``, an output file whose size, modification time (to the nanosecond) and inode equal those
    it had at the previous build — the previous output's file, hard-linked unchanged (write.place_file) —
    reuses the digest computed then, so a one-record rebuild hashes only what changed. Its change time cannot
    take part, unlike in the store of the archive's own files (generator/filefacts.py): the build's own hard
    link, and the removal of the replaced output, move it (docs/scaling.md)."""
    (out_dir / EVIDENCE_MANIFEST).write_text(
        evidence_manifest(evidence_files(archive, facts_dir), derived or {}), encoding="utf-8"
    )
    known = _load_digests(cache_dir)
    seen: Digests = {}
    for rel, path, stat in walk_files(out_dir):
        if rel == MANIFEST:
            continue
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
        previous = known.get(rel)
        if previous is not None and previous[:3] == stamp:
            seen[rel] = previous
        else:
            seen[rel] = (*stamp, sha256_of(Path(path)))
    (out_dir / MANIFEST).write_text(_lines((rel, entry[3]) for rel, entry in seen.items()), encoding="utf-8")
    _save_digests(cache_dir, seen)


# marshal, not JSON: a site's many entries load and save faster (a cache: any Python may redo it)
DIGESTS_FILE = "manifest-digests.marshal"


def _load_digests(cache_dir: Path | None) -> Digests:
    if cache_dir is None:
        return {}
    try:
        with open(cache_dir / DIGESTS_FILE, "rb") as handle:
            loaded = marshal.loads(handle.read())  # marshal.load reads a file in thousands of small pieces
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(loaded, dict) or not all(_is_entry(entry) for entry in loaded.values()):
        return {}
    return loaded


def _is_entry(entry: object) -> bool:
    return (
        type(entry) is tuple
        and len(entry) == 4
        and type(entry[0]) is int
        and type(entry[1]) is int
        and type(entry[2]) is int
        and type(entry[3]) is str
    )


def _save_digests(cache_dir: Path | None, seen: Digests) -> None:
    if cache_dir is None:
        return
    write_atomically(cache_dir / DIGESTS_FILE, marshal.dumps(seen))
    with contextlib.suppress(FileNotFoundError):
        (cache_dir / "manifest-digests.json").unlink()  # the format before marshal: 4 MB no build reads
