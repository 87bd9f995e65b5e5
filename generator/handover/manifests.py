"""MANIFEST.sha256 and MANIFEST.sm3: every file of the package and its digest, one line each.

The format is the one ``sha256sum -c`` reads (``<hex>  <path>``, paths relative to the package, "/" between
folders, sorted by path), for both files: ``cd package && sha256sum -c MANIFEST.sha256`` checks one, and
``dossier verify`` checks both. Each file is read once for both digests.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import sm3

BLOCK = 1 << 20
_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


@dataclass(frozen=True)
class Digests:
    size: int
    sha256: str
    sm3: str


class _Both:
    def __init__(self) -> None:
        self.size = 0
        self.sha256 = hashlib.sha256()
        self.sm3 = sm3.new()

    def update(self, block: bytes) -> None:
        self.size += len(block)
        self.sha256.update(block)
        self.sm3.update(block)

    def result(self) -> Digests:
        return Digests(self.size, self.sha256.hexdigest(), self.sm3.hexdigest())


def digests_of_bytes(data: bytes) -> Digests:
    both = _Both()
    both.update(data)
    return both.result()


def digests_of_file(path: Path) -> Digests:
    """SHA-256 and SM3 of the file, read once in 1 MB blocks."""
    both = _Both()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            both.update(block)
    return both.result()


def copy_with_digests(source: Path, dest: Path) -> Digests:
    """Copy ``source`` to ``dest`` byte for byte, digesting the bytes as they are written."""
    both = _Both()
    with source.open("rb") as reader, dest.open("xb") as writer:
        for block in iter(lambda: reader.read(BLOCK), b""):
            both.update(block)
            writer.write(block)
    shutil.copymode(source, dest)
    return both.result()


def manifest_text(digests: Mapping[str, str]) -> str:
    """``<hex>  <path>`` per file, sorted by path."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(digests.items()))


@dataclass(frozen=True)
class ParsedManifest:
    digests: dict[str, str]  # path → lower-case hex
    bad_lines: tuple[int, ...]  # 1-based numbers of lines that are not ``<64 hex>  <path>``
    repeated: tuple[str, ...]  # paths listed more than once


def parse_manifest(text: str) -> ParsedManifest:
    digests: dict[str, str] = {}
    bad: list[int] = []
    repeated: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            bad.append(number)
            continue
        path = match[2]
        if path in digests:
            repeated.append(path)
        digests[path] = match[1].lower()
    return ParsedManifest(digests, tuple(bad), tuple(repeated))


def manifests_of(files: Iterable[tuple[str, Digests]]) -> tuple[str, str]:
    """The text of MANIFEST.sha256 and of MANIFEST.sm3 for ``files`` (path, digests)."""
    listed = list(files)
    return (
        manifest_text({path: d.sha256 for path, d in listed}),
        manifest_text({path: d.sm3 for path, d in listed}),
    )
