"""A second handover renders only the 件 whose PDF would change.

Rendering is nearly all of a handover's time. The key of each 件 PDF (a hash of its HTML, its attached files'
digests, the software version, the templates and the installed fonts) is kept in the cache folder, one file
per package folder. On the next handover into the same folder, a 件 whose key is unchanged takes the previous
package's PDF, once its bytes have been checked against the previous 文件目录.xml: a PDF edited in the package
since is rendered again, never carried over.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.binders.fonts import fonts_fingerprint
from generator.binders.html import BinderDocument, template_fingerprint
from generator.write import write_atomically

from . import layout
from .catalogue_xml import CatalogueUnreadable, read_catalogue
from .entries import ITEM_ROLE
from .manifests import Digests, copy_with_digests
from .templates import TEMPLATES


@dataclass(frozen=True)
class Previous:
    """A 件 PDF of the previous package: its key when it was made, and what its catalogue said."""

    key: str
    pages: int
    sha256: str


def cache_file(cache_dir: Path, out: Path) -> Path:
    """The keys of the package in ``out``: one file per package folder."""
    folder = hashlib.sha256(str(out.absolute()).encode()).hexdigest()[:16]
    return cache_dir / f"handover-{folder}.json"


def base_key(fonts: Mapping[str, str]) -> str:
    """What every 件 PDF depends on besides its own HTML."""
    digest = hashlib.sha256()
    for part in (__version__, template_fingerprint(), fonts_fingerprint(fonts.values())):
        digest.update(part.encode() + b"\0")
    for template in sorted(TEMPLATES.iterdir()):
        digest.update(template.name.encode() + b"\0" + template.read_bytes())
    return digest.hexdigest()


def item_key(base: str, doc: BinderDocument) -> str:
    return hashlib.sha256(f"{base}\0{doc.key}".encode()).hexdigest()


def previous_items(out: Path, cache_dir: Path | None) -> dict[str, Previous]:
    """PDF path → what the previous package in ``out`` holds there, for the 件 the cache knows."""
    if cache_dir is None:
        return {}
    try:
        keys = json.loads(cache_file(cache_dir, out).read_text(encoding="utf-8"))
        catalogue = read_catalogue((out / layout.CATALOGUE).read_bytes())
    except (OSError, ValueError, CatalogueUnreadable):
        return {}
    if not isinstance(keys, dict):
        return {}
    found = {}
    for entry in catalogue.entries:
        for file in entry.files:
            key = keys.get(file.path)
            if file.role == ITEM_ROLE and isinstance(key, str):
                found[file.path] = Previous(key, entry.pages, file.sha256)
    return found


def take_previous(out: Path, path: str, previous: Previous | None, key: str, dest: Path) -> Digests | None:
    """Copy the previous package's PDF at ``path`` to ``dest`` when its key is ``key`` and its bytes are
    still those its catalogue recorded; None (and nothing left at ``dest``) otherwise."""
    if previous is None or previous.key != key:
        return None
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        digests = copy_with_digests(out / path, dest)
    except OSError:
        dest.unlink(missing_ok=True)
        return None
    if digests.sha256 != previous.sha256:
        dest.unlink()
        return None
    return digests


def save_keys(cache_dir: Path | None, out: Path, keys: Mapping[str, str]) -> None:
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(sorted(keys.items())), ensure_ascii=False) + "\n"
    write_atomically(cache_file(cache_dir, out), text.encode())
