"""The site's catalogue downloads (``downloads/catalogue.{csv,json,xlsx}``), kept while no row changes."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Mapping
from pathlib import Path

from generator import exports, spreadsheet
from generator.model import Archive, Audience
from generator.reproducible import source_date_epoch
from generator.site import urls
from generator.site.cache import STALE_AFTER
from generator.site.keys import digest
from generator.site.pages import SiteFile

NAMES = (exports.CSV_NAME, exports.JSON_NAME, exports.XLSX_NAME)


def catalogue_files(archive: Archive, audience: Audience, cache_dir: Path) -> list[SiteFile]:
    """The catalogue of what ``audience`` may see, reused from the cache while no row changed."""
    visible = archive.filtered(audience)
    rows = exports.catalogue_rows(visible, lambda record: urls.output_path(urls.record_page(record)))
    key = digest(
        "catalogue",
        rows,
        visible.info.language,
        visible.info.model_dump_json(),
        visible.today(),
        source_date_epoch(),  # the XLSX is dated by it
        Path(exports.__file__).read_bytes(),
        Path(spreadsheet.__file__).read_bytes(),
    )
    folder = cache_dir / "downloads" / key
    _prune_siblings(folder)
    try:
        made = {name: (folder / name).read_bytes() for name in NAMES}
    except FileNotFoundError:
        made = exports.catalogue_files_of(rows, visible, visible.info.language)
        _store(folder, made)
    return [SiteFile(f"downloads/{name}", data=data) for name, data in made.items()]


def _store(folder: Path, made: Mapping[str, bytes]) -> None:
    scratch = folder.with_name(f".{folder.name}.{os.getpid()}")
    scratch.mkdir(parents=True, exist_ok=True)
    for name, data in made.items():
        (scratch / name).write_bytes(data)
    try:
        scratch.rename(folder)  # all three or none: a build never reads half an entry
    except OSError:  # another build stored the same entry meanwhile
        shutil.rmtree(scratch, ignore_errors=True)


def _prune_siblings(folder: Path) -> None:
    """Forget other cached catalogues once they are a day old (another audience may still use one)."""
    if not folder.parent.is_dir():
        return
    now = time.time()
    for other in folder.parent.iterdir():
        if other != folder and now - other.stat().st_mtime > STALE_AFTER:
            shutil.rmtree(other, ignore_errors=True)
