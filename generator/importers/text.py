"""Decode text files whatever Chinese encoding they were saved in, and refuse rather than garble.

Offices save text as UTF-8 (with or without a BOM), as GBK/GB18030 (Windows Notepad's "ANSI" on a Chinese
system) and occasionally as Big5 or UTF-16. Short GBK texts fool statistical detectors (a few sentences of
GBK look like Korean cp949), so the Chinese encodings are tried first, with charset-normalizer deciding only
between GB18030 and Big5, and a general guess is the last resort.
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import Final

import charset_normalizer

_CHINESE_CANDIDATES: Final = ["gb18030", "big5"]
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UndecodableText(ValueError):
    """The bytes are in no encoding we can tell with confidence."""


def decode_text(raw: bytes) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a text file; raises ``UndecodableText`` when unsure."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    chinese = _decode_chinese(raw)
    if chinese is not None:
        return chinese
    return _decode_guess(raw)


def _decode_chinese(raw: bytes) -> tuple[str, str] | None:
    best = charset_normalizer.from_bytes(raw, cp_isolation=_CHINESE_CANDIDATES).best()
    encoding = "gb18030" if best is None or best.encoding != "big5" else "big5"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding) if _looks_like_text(text) else None


def _decode_guess(raw: bytes) -> tuple[str, str]:
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise UndecodableText("no encoding fits")
    text = str(best)
    if not _looks_like_text(text):
        raise UndecodableText(f"best guess {best.encoding} gives unreadable text")
    return text, best.encoding


def _looks_like_text(text: str) -> bool:
    """No replacement characters and almost no control or private-use characters."""
    if "\ufffd" in text:
        return False
    odd = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t\f")
    return odd <= max(2, len(text) // 200)
