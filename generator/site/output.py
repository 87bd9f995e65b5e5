"""Writing the site's non-page files: bytes made by the build, and copies of attached files and thumbnails."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from generator.site.pages import SiteFile


def write_files(files: Iterable[SiteFile], site_dir: Path) -> None:
    made: set[Path] = set()
    for item in files:
        dest = site_dir / item.dest
        if dest.parent not in made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            made.add(dest.parent)
        if item.data is not None:
            dest.write_bytes(item.data)
        elif item.source is not None:
            # A copy, never a link: the archive's originals must not change if someone edits the site.
            shutil.copyfile(item.source, dest)
