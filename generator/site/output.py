"""Writing the site's non-page files: bytes made by the build, and copies of attached files and thumbnails."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from generator.site.cache import place
from generator.site.pages import SiteFile
from generator.write import place_file


def write_files(
    files: Iterable[SiteFile], site_dir: Path, blobs: Path | None = None, previous: Path | None = None
) -> None:
    """Write every file into ``site_dir``. With ``blobs`` (a cache folder), the bytes of files marked
    ``reuse`` are stored there by their sha256 and copied into the site with the blob's modification time, so
    an unchanged file — the search texts of records not edited — keeps its time from build to build.
    ``previous`` is the output being replaced: its unchanged copies are linked, not copied again."""
    made: set[Path] = set()
    for item in files:
        dest = site_dir / item.dest
        if dest.parent not in made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            made.add(dest.parent)
        if item.data is not None:
            if blobs is not None and item.reuse:
                _link_blob(item.data, dest, blobs, previous / item.dest if previous else None)
            else:
                dest.write_bytes(item.data)
        elif item.source is not None:
            # A copy, never a link to the original: the archive's files must not change if someone edits
            # the site. (Linking the previous output's copy of it is fine.)
            place_file(item.source, dest, previous / item.dest if previous else None)


def _link_blob(data: bytes, dest: Path, blobs: Path, previous: Path | None) -> None:
    digest = hashlib.sha256(data).hexdigest()
    blob = blobs / digest[:2] / digest[2:]
    try:
        place(blob, dest, previous)
        return
    except FileNotFoundError:
        pass
    blob.parent.mkdir(parents=True, exist_ok=True)
    tmp = blob.with_name(f".{blob.name}.{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(blob)
    place(blob, dest, previous)
