"""Writing the site's non-page files: bytes made by the build, and copies of attached files and thumbnails."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from generator.site.cache import place
from generator.site.pages import SiteFile


def write_files(files: Iterable[SiteFile], site_dir: Path, blobs: Path | None = None) -> None:
    """Write every file into ``site_dir``. With ``blobs`` (a cache folder), the bytes of files marked
    ``reuse`` are stored there by their sha256 and copied into the site with the blob's modification time, so
    an unchanged file — the search texts of records not edited — keeps its time from build to build."""
    made: set[Path] = set()
    for item in files:
        dest = site_dir / item.dest
        if dest.parent not in made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            made.add(dest.parent)
        if item.data is not None:
            if blobs is not None and item.reuse:
                _link_blob(item.data, dest, blobs)
            else:
                dest.write_bytes(item.data)
        elif item.source is not None:
            # A copy, never a link: the archive's originals must not change if someone edits the site.
            shutil.copyfile(item.source, dest)


def _link_blob(data: bytes, dest: Path, blobs: Path) -> None:
    digest = hashlib.sha256(data).hexdigest()
    blob = blobs / digest[:2] / digest[2:]
    try:
        place(blob, dest)
        return
    except FileNotFoundError:
        pass
    blob.parent.mkdir(parents=True, exist_ok=True)
    tmp = blob.with_name(f".{blob.name}.{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(blob)
    place(blob, dest)
