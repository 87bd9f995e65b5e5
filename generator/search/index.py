"""Build the search index as plain ``<script>`` files, so search works from ``file://`` (no fetch/modules).

Files, all under ``search/`` in the site:

- ``manifest.js`` — number of shards and documents, chunk sizes;
- ``s/<n>.js`` — shard n of the inverted index: key → postings, for the keys whose FNV-1a hash modulo the
  shard count is n. A query loads only the shards of its own keys, so its download stays small however big the
  archive grows (the shard count doubles until an average shard is under ``TARGET_SHARD_BYTES``);
- ``t/<n>.js`` — URL, title, kind/date line and text of document n, loaded only for the best candidates (to
  check the exact phrase and cut a snippet), so a query's download does not grow with the archive.

Postings are ``doc,doc*count,…`` with each doc number written base-36 as the gap from the previous one.

The postings are built in segments of ``SEGMENT_DOCS`` documents and joined (a gap-coded list splits cleanly
at any document). With a cache folder, each segment's postings and text files are kept by a hash of its
documents' fingerprints, so after one record is edited only its segment is tokenised again; the files written
are the same either way. A document may be given as a ``LazyDoc`` — a fingerprint of everything it is made
from and a function that makes it — so that the documents of cached segments are never made at all (their
texts come from rendering every record's body).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.search.tokens import fnv1a, keys
from generator.write import write_atomically

TARGET_SHARD_BYTES = 48 * 1024
MAX_SHARDS = 4096
TITLE_WEIGHT = 4  # a key in the title counts as this many occurrences more
FORMAT_VERSION = 2
SEGMENT_DOCS = 256  # one edit re-tokenises this many documents
STALE_AFTER = 24 * 3600  # seconds an unused cached segment is kept
_CODE = Path(__file__).resolve().parent  # a change of the tokeniser or the encoding renews cached segments

# One segment's postings by key: (first doc, its count, the encoded entries after it, last doc).
Segment = dict[str, tuple[int, int, str, int]]


@dataclass(frozen=True)
class SearchDoc:
    url: str  # site-relative, e.g. meetings/m-1.html
    title: str
    meta: str  # e.g. "会议 · 2024年3月12日"
    text: str


@dataclass(frozen=True)
class LazyDoc:
    """A document made only when its segment is not in the cache. ``fingerprint`` must change whenever the
    document ``make`` returns would."""

    fingerprint: str
    make: Callable[[], SearchDoc]


Doc = SearchDoc | LazyDoc


def build_index(docs: Sequence[Doc], cache_dir: Path | None = None) -> dict[str, bytes]:
    """Every index file, by path relative to ``search/``; ``cache_dir`` keeps segments between builds."""
    salt = _salt() if cache_dir is not None else ""
    used: set[Path] = set()
    segments = [_segment(docs, start, cache_dir, salt, used) for start in range(0, len(docs), SEGMENT_DOCS)]
    if cache_dir is not None:
        _prune(cache_dir, used)
    encoded = _join([postings for postings, _ in segments])
    shard_count = _shard_count(sum(len(k) * 3 + len(v) + 6 for k, v in encoded.items()))
    shards: dict[int, dict[str, str]] = defaultdict(dict)
    for key in sorted(encoded):
        shards[fnv1a(key) % shard_count][key] = encoded[key]
    files = {f"s/{n}.js": _script("shard", n, shards[n]) for n in range(shard_count)}
    start = 0
    for _, texts in segments:
        for n, text in enumerate(texts, start=start):
            files[f"t/{n}.js"] = text
        start += len(texts)
    manifest = {"version": FORMAT_VERSION, "shards": shard_count, "docs": len(docs)}
    files["manifest.js"] = _script("manifest", 0, manifest)
    return files


def _fingerprint(doc: Doc) -> str:
    if isinstance(doc, LazyDoc):
        return doc.fingerprint
    return hashlib.sha256(repr((doc.url, doc.title, doc.meta, doc.text)).encode("utf-8")).hexdigest()


def _salt() -> str:
    digest = hashlib.sha256(f"{FORMAT_VERSION}|{TITLE_WEIGHT}|{SEGMENT_DOCS}".encode())
    for path in sorted(_CODE.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _segment(
    docs: Sequence[Doc], start: int, cache_dir: Path | None, salt: str, used: set[Path]
) -> tuple[Segment, list[bytes]]:
    """The postings of one segment and the text files (``t/<n>.js``) of its documents."""
    chunk = docs[start : start + SEGMENT_DOCS]
    path = None
    if cache_dir is not None:
        digest = hashlib.sha256(repr((salt, start, [_fingerprint(d) for d in chunk])).encode("utf-8"))
        path = cache_dir / f"{digest.hexdigest()}.pickle"
        used.add(path)
        try:
            with path.open("rb") as cached:
                found: tuple[Segment, list[bytes]] = pickle.load(cached)  # our own cache, like Jinja's
            return found
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            pass
    made = [doc.make() if isinstance(doc, LazyDoc) else doc for doc in chunk]
    segment = {key: _encode_segment(entries) for key, entries in _postings(made, start).items()}
    texts = [_script("text", n, [d.url, d.title, d.meta, d.text]) for n, d in enumerate(made, start=start)]
    if path is not None:
        write_atomically(path, pickle.dumps((segment, texts), protocol=pickle.HIGHEST_PROTOCOL))
    return segment, texts


def _prune(cache_dir: Path, used: set[Path]) -> None:
    """Drop segments this build did not use once they are a day old (another audience's build may still
    want them until then)."""
    now = time.time()
    for path in cache_dir.glob("*.pickle"):
        if path not in used and now - path.stat().st_mtime > STALE_AFTER:
            path.unlink(missing_ok=True)


def _encode_segment(entries: list[tuple[int, int]]) -> tuple[int, int, str, int]:
    first, count = entries[0]
    rest = _encode(entries[1:], previous=first)
    return first, count, f",{rest}" if rest else "", entries[-1][0]


def _join(segments: list[Segment]) -> dict[str, str]:
    """Each key's postings over all segments: only the first gap of each segment needs writing."""
    parts: dict[str, list[str]] = defaultdict(list)
    last: dict[str, int] = {}
    for segment in segments:
        for key, (first, count, rest, final) in segment.items():
            gap = _base36(first - last.get(key, 0))
            parts[key].append((gap if count == 1 else f"{gap}*{_base36(count)}") + rest)
            last[key] = final
    return {key: ",".join(chunks) for key, chunks in parts.items()}


def _postings(docs: list[SearchDoc], start: int = 0) -> dict[str, list[tuple[int, int]]]:
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, doc in enumerate(docs, start=start):
        counts = keys(doc.text)
        for key, count in keys(doc.title).items():
            counts[key] += count * TITLE_WEIGHT
        for key, count in counts.items():
            postings[key].append((n, count))
    return postings


def _encode(entries: list[tuple[int, int]], previous: int = 0) -> str:
    parts = []
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
