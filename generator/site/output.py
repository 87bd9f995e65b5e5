"""Writing the site's non-page files: bytes made by the build, and copies of attached files and thumbnails."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from generator.site.cache import place
from generator.site.pages import SiteFile
from generator.write import link_same_bytes, place_file, write_atomically, write_bytes


def write_files(
    files: Iterable[SiteFile], site_dir: Path, blobs: Path | None = None, previous: Path | None = None
) -> None:
    """Write every file into ``site_dir``. With ``blobs`` (a cache folder), the bytes of files marked
    ``reuse`` are stored there by their sha256 and copied into the site with the blob's modification time, so
    an unchanged file — the search texts of records not edited — keeps its time from build to build.
    ``previous`` is the output being replaced: its unchanged copies, and its files that hold exactly the
    bytes made now, are linked, not written again.

    Paths are strings joined here, and each folder is made once: tens of thousands of files per build."""
    site, before = os.fspath(site_dir), os.fspath(previous) if previous else None
    made: set[str] = set()
    for item in files:
        dest = f"{site}/{item.dest}"
        folder = dest.rpartition("/")[0]
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        old = f"{before}/{item.dest}" if before else None
        if item.data is not None:
            if blobs is not None and item.reuse:
                _link_blob(item.data, dest, blobs, old)
            elif old is None or not link_same_bytes(old, dest, item.data):
                write_bytes(dest, item.data)
        elif item.source is not None:
            # A copy, never a link to the original: the archive's files must not change if someone edits
            # the site. (Linking the previous output's copy of it is fine.)
            place_file(item.source, dest, old)


def _link_blob(data: bytes, dest: str, blobs: Path, previous: str | None) -> None:
    digest = hashlib.sha256(data).hexdigest()
    folder = f"{blobs}/{digest[:2]}"
    blob = f"{folder}/{digest[2:]}"
    try:
        place(blob, dest, previous)
        return
    except FileNotFoundError:
        pass
    write_atomically(blob, data)
    place(blob, dest, previous)
