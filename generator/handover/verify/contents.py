"""What a package folder holds, read once for the four checks: its files (without following links), its
manifests, its catalogue and its description. Reading never fails: what cannot be read is recorded, and the
checks turn that into findings."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.handover import layout
from generator.handover.catalogue_xml import Catalogue, CatalogueUnreadable, read_catalogue
from generator.handover.manifests import ParsedManifest, parse_manifest


@dataclass
class Contents:
    root: Path
    files: dict[str, int] = field(default_factory=dict)  # regular file → size, in path order
    links: list[str] = field(default_factory=list)  # symbolic links (never followed)
    specials: list[str] = field(default_factory=list)  # fifos, sockets, devices
    unreadable: dict[str, str] = field(default_factory=dict)  # path → why it could not be read
    manifests: dict[str, ParsedManifest | None] = field(default_factory=dict)  # None: absent or unreadable
    catalogue_bytes: bytes | None = None
    catalogue: Catalogue | None = None
    catalogue_error: str = ""  # "line: message" when 文件目录.xml is not well-formed
    description: str | None = None  # 说明文件.txt as text

    def holds(self, path: str) -> bool:
        return path in self.files


def read_contents(root: Path) -> Contents:
    contents = Contents(root)
    _walk(root, contents)
    for name in layout.MANIFESTS:
        text = _text(contents, name)
        contents.manifests[name] = parse_manifest(text) if text is not None else None
    contents.catalogue_bytes = _bytes(contents, layout.CATALOGUE)
    if contents.catalogue_bytes is not None:
        try:
            contents.catalogue = read_catalogue(contents.catalogue_bytes)
        except CatalogueUnreadable as exc:
            contents.catalogue_error = str(exc)
    contents.description = _text(contents, layout.DESCRIPTION)
    return contents


def _walk(root: Path, contents: Contents) -> None:
    """Every entry under ``root`` by its "/"-separated relative path; links are noted, never entered."""
    found: list[tuple[str, int]] = []

    def visit(folder: str, prefix: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            contents.unreadable[prefix.rstrip("/")] = exc.strerror or str(exc)
            return
        for entry in entries:
            rel = prefix + entry.name
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISLNK(mode):
                contents.links.append(rel)
            elif stat.S_ISDIR(mode):
                visit(entry.path, rel + "/")
            elif stat.S_ISREG(mode):
                found.append((rel, entry.stat(follow_symlinks=False).st_size))
            else:
                contents.specials.append(rel)

    visit(str(root), "")
    contents.files = dict(sorted(found))


def _bytes(contents: Contents, name: str) -> bytes | None:
    if name not in contents.files:
        return None
    try:
        return (contents.root / name).read_bytes()
    except OSError as exc:
        contents.unreadable[name] = exc.strerror or str(exc)
        return None


def _text(contents: Contents, name: str) -> str | None:
    data = _bytes(contents, name)
    if data is None:
        return None
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")
