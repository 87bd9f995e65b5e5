"""Build the search index as plain ``<script>`` files, so search works from ``file://`` (no fetch/modules).

Files, all under ``search/`` in the site:

- ``manifest.js`` — number of shards and documents, chunk sizes;
- ``s/<n>.js`` — shard n of the inverted index: key → postings, for the keys whose FNV-1a hash modulo the
  shard count is n. A query loads only the shards of its own keys, so its download stays small however big the
  archive grows (the shard count doubles until an average shard is under ``TARGET_SHARD_BYTES``);
- ``t/<n>.js`` — URL, title, kind/date line and text of document n, loaded only for the best candidates (to
  check the exact phrase and cut a snippet), so a query's download does not grow with the archive.

Postings are ``doc,doc*count,…`` with each doc number written base-36 as the gap from the previous one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from generator.search.tokens import fnv1a, keys

TARGET_SHARD_BYTES = 48 * 1024
MAX_SHARDS = 4096
TITLE_WEIGHT = 4  # a key in the title counts as this many occurrences more
FORMAT_VERSION = 2


@dataclass(frozen=True)
class SearchDoc:
    url: str  # site-relative, e.g. meetings/m-1.html
    title: str
    meta: str  # e.g. "会议 · 2024年3月12日"
    text: str


def build_index(docs: list[SearchDoc]) -> dict[str, bytes]:
    """Every index file, by path relative to ``search/``."""
    postings = _postings(docs)
    encoded = {key: _encode(entries) for key, entries in postings.items()}
    shard_count = _shard_count(sum(len(k) * 3 + len(v) + 6 for k, v in encoded.items()))
    shards: dict[int, dict[str, str]] = defaultdict(dict)
    for key in sorted(encoded):
        shards[fnv1a(key) % shard_count][key] = encoded[key]
    files = {f"s/{n}.js": _script("shard", n, shards[n]) for n in range(shard_count)}
    for n, doc in enumerate(docs):
        files[f"t/{n}.js"] = _script("text", n, [doc.url, doc.title, doc.meta, doc.text])
    manifest = {"version": FORMAT_VERSION, "shards": shard_count, "docs": len(docs)}
    files["manifest.js"] = _script("manifest", 0, manifest)
    return files


def _postings(docs: list[SearchDoc]) -> dict[str, list[tuple[int, int]]]:
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, doc in enumerate(docs):
        counts = keys(doc.text)
        for key, count in keys(doc.title).items():
            counts[key] += count * TITLE_WEIGHT
        for key, count in counts.items():
            postings[key].append((n, count))
    return postings


def _encode(entries: list[tuple[int, int]]) -> str:
    parts = []
    previous = 0
    for doc, count in entries:
        gap = _base36(doc - previous)
        parts.append(gap if count == 1 else f"{gap}*{_base36(count)}")
        previous = doc
    return ",".join(parts)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if number == 0:
        return "0"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out


def _shard_count(total_bytes: int) -> int:
    count = 1
    while total_bytes / count > TARGET_SHARD_BYTES and count < MAX_SHARDS:
        count *= 2
    return count


def _script(kind: str, number: int, payload: object) -> bytes:
    """A script that hands its payload to the page's search code (``window.dossierSearchData``)."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=isinstance(payload, dict))
    # "</" cannot end the script early in a file, but keep the payload inert in every context anyway.
    data = data.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'dossierSearchData("{kind}",{number},{data});\n'.encode()
