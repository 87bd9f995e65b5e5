"""Fixity: record each attached file's sha256 in its evidence record, so later changes are caught.

`dossier hash` lists the attached files whose record has no ``sha256`` yet; with ``--write`` it adds the line
``sha256: …`` under the file's ``path:`` in the YAML, touching nothing else in the file (comments, order and
layout stay as the user wrote them). Every edited file is re-read and must give exactly the old values plus
the new hashes before it replaces the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.load import parse_yaml
from generator.model import Archive
from generator.validate import resolve_inside, sha256_of
from generator.write import write_atomically


@dataclass(frozen=True)
class MissingHash:
    record_file: Path  # the evidence YAML file
    index: int  # position in its `files` list
    path: str  # the attached file, relative to the data folder
    sha256: str


class CannotPlace(Exception):
    """The file entry is written in a style (flow mapping, multi-line value) we do not edit automatically."""


def missing_hashes(archive: Archive) -> list[MissingHash]:
    found = []
    for record in archive.evidence:
        for index, attached in enumerate(record.files):
            resolved = resolve_inside(archive.root, attached.path)
            if attached.sha256 is None and resolved is not None and resolved.is_file():
                found.append(
                    MissingHash(archive.root / record.source_path, index, attached.path, sha256_of(resolved))
                )
    return found


def _insert_lines(text: str, path: Path, entries: list[MissingHash]) -> str:
    doc, problems = parse_yaml(path, text)
    if doc is None or problems:
        raise CannotPlace(f"{path}: cannot be read back")
    lines = text.splitlines(keepends=True)
    # insert bottom-up so earlier line numbers stay valid
    for entry in sorted(entries, key=lambda e: -e.index):
        key = doc.key_mark(("files", entry.index, "path"))
        value = doc.value_mark(("files", entry.index, "path"))
        if key is None or value is None or key.line != value.line:
            raise CannotPlace(f"{path}: files[{entry.index}] is not a block mapping with a one-line path")
        line = lines[key.line - 1]
        if "{" in line[: key.column - 1]:
            raise CannotPlace(f"{path}: files[{entry.index}] is written as a flow mapping")
        newline = "\r\n" if line.endswith("\r\n") else "\n"
        if not line.endswith(("\n", "\r")):
            lines[key.line - 1] = line + newline
        lines.insert(key.line, " " * (key.column - 1) + f"sha256: {entry.sha256}{newline}")
    return "".join(lines)


def _verify(path: Path, old_text: str, new_text: str, entries: list[MissingHash]) -> None:
    old, _ = parse_yaml(path, old_text)
    new, problems = parse_yaml(path, new_text)
    if old is None or new is None or problems:
        raise CannotPlace(f"{path}: the edited file would not read back")
    expected = old.data
    for entry in entries:
        expected["files"][entry.index]["sha256"] = entry.sha256
    if new.data != expected:
        raise CannotPlace(f"{path}: the edit would change more than the hashes")


def write_hashes(missing: list[MissingHash]) -> tuple[list[Path], list[str]]:
    """Add the hashes to their YAML files. Returns the files written and the ones that need a hand edit."""
    by_file: dict[Path, list[MissingHash]] = {}
    for entry in missing:
        by_file.setdefault(entry.record_file, []).append(entry)
    written, skipped = [], []
    for path, entries in sorted(by_file.items()):
        old_text = path.read_text(encoding="utf-8-sig")
        try:
            new_text = _insert_lines(old_text, path, entries)
            _verify(path, old_text, new_text, entries)
        except CannotPlace as reason:
            skipped.append(str(reason))
            continue
        write_atomically(path, new_text.encode("utf-8"))
        written.append(path)
    return written, skipped
