"""The font map (archive.yml ``fonts:``) and the check that every character has a glyph in its font.

Roles follow GB/T 9704: 仿宋 body, 小标宋 title, 黑体 first-level headings, 楷体 second-level headings,
宋体 page numbers. A user with the official fonts installed names them in archive.yml, e.g.
``fonts: {fangsong: 仿宋_GB2312, xiaobiaosong: 方正小标宋简体, kaiti: 楷体_GB2312}``.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

DEFAULT_FONTS: Mapping[str, str] = {
    "fangsong": "Noto Serif CJK SC",
    "songti": "Noto Serif CJK SC",
    "xiaobiaosong": "Noto Serif CJK SC",
    "heiti": "Noto Sans CJK SC",
    "kaiti": "AR PL UKai CN",
}
ROLES = tuple(DEFAULT_FONTS)


def font_map(configured: Mapping[str, str]) -> dict[str, str]:
    """The defaults overridden by archive.yml; unknown roles are kept so templates may use them."""
    return {**DEFAULT_FONTS, **configured}


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int


@lru_cache(maxsize=32)
def locate(family: str) -> FontFile | None:
    """The file fontconfig picks for ``family``, or None when it would substitute another family."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{family}\t%{file}\t%{index}", family],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families, file, index = [*out.split("\t"), "", "", "0"][:3]
    if family.casefold() not in (f.strip().casefold() for f in families.split(",")):
        return None
    return FontFile(Path(file), int(index or 0))


@lru_cache(maxsize=32)
def _cmap(font: FontFile) -> frozenset[int]:
    if font.path.suffix.lower() in {".ttc", ".otc"}:
        with TTCollection(str(font.path), lazy=True) as collection:
            return frozenset(collection.fonts[font.index].getBestCmap() or {})
    with TTFont(str(font.path), lazy=True) as tt:
        return frozenset(tt.getBestCmap() or {})


def missing_glyphs(text: str, family: str) -> list[str]:
    """Characters of ``text`` that ``family`` has no glyph for (whitespace and controls ignored)."""
    font = locate(family)
    if font is None:
        return []
    cmap = _cmap(font)
    return sorted({ch for ch in text if ord(ch) > 0x20 and not ch.isspace() and ord(ch) not in cmap})


def missing_families(fonts: Mapping[str, str]) -> list[tuple[str, str]]:
    """(role, family) of every mapped font fontconfig cannot find."""
    return [(role, family) for role, family in sorted(fonts.items()) if locate(family) is None]


def fonts_fingerprint(families: Iterable[str]) -> str:
    """Identifies the installed font files, so a changed font re-renders the binders."""
    digest = hashlib.sha256()
    for family in sorted(set(families)):
        font = locate(family)
        if font is not None:
            stat = font.path.stat()
            digest.update(f"{family}|{font.path}|{font.index}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
