"""Turning text into index keys — the same rules as ``queryTerms``/``termKeys`` in ``assets/site/search.js``.

Chinese has no spaces, and a word segmenter (jieba) splits a query differently from the text it was built on,
so phrase queries fail. Instead every run of CJK characters gives its single characters and its overlapping
character pairs (bigrams): 门前三包 → 门 前 三 包 门前 前三 三包. A query's bigrams must all occur in a
record, and the browser then checks the exact phrase in the record's text. Latin letters and digits give
whole words.
"""

from __future__ import annotations

import re
from collections import Counter

# CJK Unified Ideographs (+ extension A), compatibility ideographs, and 〇.
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{_CJK}]+|[0-9a-z]+")
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def normalise(text: str) -> str:
    """Fold case and full-width Latin/digits (ＡＢＣ１ → abc1) without changing the string's length."""
    return text.translate(_FULLWIDTH).lower()


def keys(text: str) -> Counter[str]:
    """Index keys of ``text`` with how often each occurs."""
    counts: Counter[str] = Counter()
    for run in _RUN.findall(normalise(text)):
        if run[0].isascii():
            counts[run] += 1
            continue
        counts.update(run)
        counts.update(run[i : i + 2] for i in range(len(run) - 1))
    return counts


def query_keys(query: str) -> list[str]:
    """The keys a query must match: bigrams of each CJK run (single characters for a one-character run)."""
    found: list[str] = []
    for run in _RUN.findall(normalise(query)):
        if run[0].isascii() or len(run) == 1:
            found.append(run)
        else:
            found += [run[i : i + 2] for i in range(len(run) - 1)]
    return list(dict.fromkeys(found))


def fnv1a(key: str) -> int:
    """32-bit FNV-1a over UTF-16 code units: cheap, and identical in JavaScript (``charCodeAt``)."""
    value = 0x811C9DC5
    data = key.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value ^= data[i] | (data[i + 1] << 8)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value
