"""Links from the website to the printed binders (卷宗页码).

``dossier binders`` writes ``pages.json`` beside the PDFs: per binder its file, title and the 1-based PDF
page where each record starts. ``dossier site --binders DIR`` reads it, copies the PDFs into the site's
``binders/`` folder and links each record page to ``binders/<file>#page=N`` — the page an inspector opens
to see the paper copy. The PDFs hold whatever their audience may read, so a site copies them only when
they were built for the site's own audience.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.model import Audience

INDEX_FILE = "pages.json"
SITE_FOLDER = "binders"
_SAFE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$")  # a plain file name: nothing climbs out


class BindersUnusable(ValueError):
    """The binders folder cannot be linked; ``key`` and ``params`` make the message (generator.i18n)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@dataclass(frozen=True)
class BinderLink:
    binder_id: str
    title: str
    dest: str  # path inside the site, e.g. "binders/speeches.pdf"
    source: Path


@dataclass(frozen=True)
class BinderLinks:
    binders: tuple[BinderLink, ...] = ()
    starts: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)  # record → (binder, page)

    def for_record(self, record_id: str) -> list[tuple[BinderLink, int]]:
        """The binders holding ``record_id`` and the page where it starts in each, in binder order."""
        by_id = {b.binder_id: b for b in self.binders}
        return [(by_id[binder_id], page) for binder_id, page in self.starts.get(record_id, ())]


def load_binder_links(folder: Path, audience: Audience, order: Iterable[str] = ()) -> BinderLinks:
    """The binders of ``folder`` a site for ``audience`` may link to; ``order`` lists binder ids to put
    first (the archive's binder list), the others follow by id.

    Raises :class:`BindersUnusable` when there is no readable ``pages.json`` or it was built for another
    audience (copying those PDFs would show records the site hides, or hide ones it shows)."""
    index_path = folder / INDEX_FILE
    try:
        index = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BindersUnusable("site-binders-no-index", path=index_path) from exc
    if not isinstance(index, dict):
        raise BindersUnusable("site-binders-no-index", path=index_path)
    built_for = index.get("audience")
    if built_for != audience:
        raise BindersUnusable("site-binders-audience", path=folder, built=built_for, audience=audience)
    rank = {binder_id: n for n, binder_id in enumerate(order)}
    ids = sorted((k for k in index if k != "audience"), key=lambda k: (rank.get(k, len(rank)), k))
    binders: list[BinderLink] = []
    starts: dict[str, list[tuple[str, int]]] = {}
    for binder_id in ids:
        link, items = _entry(folder, binder_id, index[binder_id])
        if link is None:
            continue
        binders.append(link)
        for record_id, page in sorted(items.items()):
            starts.setdefault(record_id, []).append((binder_id, page))
    return BinderLinks(tuple(binders), {k: tuple(v) for k, v in sorted(starts.items())})


def _entry(folder: Path, binder_id: str, entry: object) -> tuple[BinderLink | None, dict[str, int]]:
    """One binder of ``pages.json``, or None when its entry is malformed or its PDF is missing."""
    if not isinstance(entry, dict):
        return None, {}
    name, items = entry.get("file"), entry.get("items")
    if not isinstance(name, str) or not _SAFE_FILE.match(name) or not (folder / name).is_file():
        return None, {}
    pages = {
        str(k): v
        for k, v in (items.items() if isinstance(items, dict) else ())
        if isinstance(v, int) and v >= 1
    }
    title = str(entry.get("title") or binder_id)
    return BinderLink(binder_id, title, f"{SITE_FOLDER}/{name}", (folder / name).resolve()), pages
