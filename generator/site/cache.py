"""The page cache: finished HTML of each page, stored by a hash of everything the page is made from.

A page's key (``SitePage.key``, computed by the builder from the record, the records it links to and the
site-wide inputs) is hashed with the page's path, its title and the theme's fingerprint, so a changed record,
template, theme or configuration simply misses. A hit is copied into the output folder with the cache
entry's modification time, so an unchanged page keeps its time from build to build. A copy, not a hard link:
someone editing a file of the built site in place must never alter the cache (and through it every later
build). A rebuild links the previous output's page instead when it still is that copy (write.place_file).
The cache folder may be deleted at any time; the next build fills it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from generator.site.pages import RenderedPage
from generator.write import StrPath, place_file, write_atomically, write_bytes


class PageCache:
    def __init__(self, root: Path, salt: str) -> None:
        self.root = root
        self.salt = hashlib.sha256(salt.encode("utf-8")).hexdigest()
        self.hits = 0
        self.misses = 0

    def _path(self, src: str, key: str) -> str:
        digest = hashlib.sha256(f"{self.salt}\0{src}\0{key}".encode()).hexdigest()
        return f"{self.root}/{digest[:2]}/{digest[2:]}.html"  # a string, not a Path: 12,000 per build

    def link(self, src: str, key: str | None, dest: StrPath, previous: StrPath | None = None) -> bool:
        """Put the cached page at ``dest``; False when there is none (the page must be rendered).
        ``previous`` is the page in the output being replaced, linked when it is the same
        (write.place_file)."""
        if key is None:
            return False
        try:
            place(self._path(src, key), dest, previous)
        except FileNotFoundError:
            self.misses += 1
            return False
        self.hits += 1
        return True

    def put(
        self, src: str, key: str | None, data: bytes, dest: StrPath, previous: StrPath | None = None
    ) -> None:
        """Write a freshly rendered page to ``dest``, and keep it in the cache when it has a key."""
        if key is None:
            write_bytes(os.fspath(dest), data)
            return
        cached = self._path(src, key)
        write_atomically(cached, data)
        place(cached, dest, previous)


def place(entry: StrPath, dest: StrPath, previous: StrPath | None = None) -> None:
    """Copy the cache ``entry`` to ``dest`` with its modification time — or link ``previous`` when it holds
    the same bytes (write.place_file); FileNotFoundError without an entry.

    The entry's access time is set to now: it is the "last used" stamp that pruning reads."""
    stat = place_file(entry, dest, previous, restamp=True)
    now = time.time_ns()
    if now - stat.st_atime_ns > USED_GRANULARITY_NS:  # pruning only asks "used within a day?"
        os.utime(entry, ns=(now, stat.st_mtime_ns))


class BodyCache:
    """Rendered bodies (HTML and table of contents) of the navigation's own pages, which MkDocs renders
    through the theme itself: the lists of thousands of rows are the costly part, and they are reused."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, src: str, key: str) -> Path:
        digest = hashlib.sha256(f"{src}\0{key}".encode()).hexdigest()
        return self.root / digest[:2] / f"{digest[2:]}.json"

    def get(self, src: str, key: str | None) -> RenderedPage | None:
        if key is None:
            return None
        try:
            data = json.loads(self._path(src, key).read_text("utf-8"))
        except FileNotFoundError:
            return None
        return RenderedPage(data["html"], data["toc"])

    def put(self, src: str, key: str | None, page: RenderedPage) -> None:
        if key is None:
            return
        data = json.dumps({"html": page.html, "toc": page.toc}, ensure_ascii=False).encode("utf-8")
        write_atomically(self._path(src, key), data)


PRUNE_EVERY = 3600  # seconds; walking the cache's folders costs a noticeable part of a one-record rebuild
STALE_AFTER = 24 * 3600  # seconds; a day's grace for entries another build (audience, branch) may still use
USED_GRANULARITY_NS = 3600 * 10**9  # the "last used" stamp is renewed at most hourly: a syscall less a page


def prune_unlinked(root: Path, now: float) -> int:
    """Remove cached files no build has used for over a day (by the access time ``place`` sets on use).

    Returns how many were removed."""
    removed = 0
    if not root.is_dir():
        return removed
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            stat = entry.stat()
            if now - stat.st_atime > STALE_AFTER:
                entry.unlink(missing_ok=True)
                removed += 1
    return removed


def prune_now_and_then(cache_dir: Path) -> None:
    """Remove page and blob entries no build has used for a day — at most once an hour."""
    stamp = cache_dir / "pruned"
    now = time.time()
    try:
        if now - stamp.stat().st_mtime < PRUNE_EVERY:
            return
    except FileNotFoundError:
        pass
    for folder in ("pages", "blobs"):
        prune_unlinked(cache_dir / folder, now)
    stamp.touch()
