"""Pairs of near-identical photos — difference hashes at most ``NEAR_BITS`` bits apart — remembered between
runs.

Finding the pairs is most of a report's time on a large archive: photos of the same few scenes share hash
bands, so even the banded search makes about a million comparisons for 5,000 photos. The pairs depend on
nothing but the photos' hashes, so the last run's hashes and pairs are kept, in this process and in the
cache folder, and a run compares only the photos whose hash it has not seen with the others: one new photo
costs one pass over the hashes. The result is the same set of pairs a search from scratch finds.

What is kept covers the photos of recent runs, not only the last one: a report of one unit or an earlier
date looks at fewer photos, and the next site build must not search all of them again. A photo that left
the archive stays until a search from scratch (many new photos, or more old photos kept than current ones)
starts the store afresh. The file is plain JSON, replaced atomically and only when the store changed; a
corrupt file, or one of another format, is ignored.
"""

from __future__ import annotations

import contextlib
import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.write import write_atomically

FORMAT = 1  # bump when the file's meaning changes: older files are then ignored
FILE_NAME = "nearpairs.json"
NEAR_BITS = 6  # dHash bits two photos may differ in and still be "the same photo"
SCAN_UP_TO = 64  # new hashes up to which comparing each with every hash beats a banded search of all
_BAND_WIDTHS = tuple(64 // (NEAR_BITS + 1) + (band < 64 % (NEAR_BITS + 1)) for band in range(NEAR_BITS + 1))

Pair = tuple[str, str]  # two photos' sha256s, the smaller first


@dataclass(frozen=True)
class NearPairs:
    """The store: every near pair among the photos it holds."""

    hashes: Mapping[str, int]  # sha256 → dHash of the photos of recent runs
    pairs: frozenset[Pair]


# The last result of this process per cache file ("" without one): `mkdocs serve` and the site build reuse it.
_memory: dict[str, NearPairs] = {}


def near(a: int, b: int) -> bool:
    return (a ^ b).bit_count() <= NEAR_BITS


def near_pairs(hashes: Mapping[str, int], cache_dir: Path | None = None) -> frozenset[Pair]:
    """The pairs of ``hashes`` (sha256 → dHash) that are near, found from the last run's pairs when they are
    kept in this process or in ``cache_dir``."""
    path = cache_dir / FILE_NAME if cache_dir is not None else None
    slot = str(path or "")
    known = _memory.get(slot) or (_load(path) if path is not None else None)
    found = updated(known, hashes)
    _memory[slot] = found
    if path is not None and found is not known:
        with contextlib.suppress(OSError):  # a cache that is not written only costs the next run time
            write_atomically(path, _dump(found).encode())
    return pairs_among(found, hashes)


def updated(known: NearPairs | None, hashes: Mapping[str, int]) -> NearPairs:
    """The store holding ``hashes``: ``known`` when it does, else ``known`` with the new and changed hashes
    compared with all it holds, else (no store, too many new hashes, too many old ones) a search of
    ``hashes`` alone."""
    if known is not None and all(known.hashes.get(sha) == bits for sha, bits in hashes.items()):
        return known
    new = {sha: bits for sha, bits in hashes.items() if known is None or known.hashes.get(sha) != bits}
    if known is None or len(new) > SCAN_UP_TO or len(known.hashes) > 2 * len(hashes) + SCAN_UP_TO:
        return NearPairs(dict(hashes), frozenset(search(hashes)))
    held = {**known.hashes, **new}
    kept = {pair for pair in known.pairs if pair[0] not in new and pair[1] not in new}  # new: maybe changed
    return NearPairs(held, frozenset(kept | _scan(new, held)))


def pairs_among(store: NearPairs, hashes: Mapping[str, int]) -> frozenset[Pair]:
    """The store's pairs of two photos of ``hashes`` (which it holds)."""
    if len(store.hashes) == len(hashes):
        return store.pairs  # the same photos
    return frozenset(pair for pair in store.pairs if pair[0] in hashes and pair[1] in hashes)


def search(hashes: Mapping[str, int]) -> set[Pair]:
    """Every near pair, comparing only photos that share a band of their hash."""
    buckets: dict[tuple[int, int], list[str]] = defaultdict(list)
    for sha, bits in sorted(hashes.items()):
        for key in _bands(bits):
            buckets[key].append(sha)
    pairs: set[Pair] = set()
    for shas in buckets.values():
        values = [hashes[sha] for sha in shas]
        for i, a in enumerate(values):
            # inlined near(): a bucket of a few thousand photos means millions of comparisons
            pairs.update(
                (shas[i], shas[j])
                for j in range(i + 1, len(values))
                if (a ^ values[j]).bit_count() <= NEAR_BITS
            )
    return pairs


def _scan(new: Mapping[str, int], hashes: Mapping[str, int]) -> set[Pair]:
    """The near pairs with at least one photo of ``new``: each compared with every hash."""
    items = list(hashes.items())
    pairs: set[Pair] = set()
    for sha, bits in new.items():
        pairs.update(
            (sha, other) if sha < other else (other, sha)
            for other, value in items
            if (bits ^ value).bit_count() <= NEAR_BITS and other != sha
        )
    return pairs


def _bands(bits: int) -> Iterator[tuple[int, int]]:
    """The hash cut into NEAR_BITS + 1 bands of 9 or 10 bits: two hashes within NEAR_BITS bits agree on at
    least one band (pigeonhole), so only photos sharing a band need comparing — not every pair. Even widths:
    a last band of 4 bits would put a fifth of the photos in one bucket."""
    start = 0
    for band, width in enumerate(_BAND_WIDTHS):
        yield band, (bits >> start) & ((1 << width) - 1)
        start += width


def _dump(found: NearPairs) -> str:
    data = {
        "format": FORMAT,
        "near_bits": NEAR_BITS,
        "hashes": dict(sorted(found.hashes.items())),
        "pairs": sorted(found.pairs),
    }
    return json.dumps(data, separators=(",", ":"))


def _load(path: Path) -> NearPairs | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["near_bits"] != NEAR_BITS:
            return None
        hashes = {str(sha): _int(bits) for sha, bits in data["hashes"].items()}
        pairs = frozenset((str(a), str(b)) for a, b in data["pairs"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # missing, corrupt or foreign: search afresh
    if not all(a in hashes and b in hashes for a, b in pairs):
        return None
    return NearPairs(hashes, pairs)


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value
