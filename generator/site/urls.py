"""Where every page of the site lives, and relative links between them.

Pages are addressed by their source path (``meetings/m-1.md``); MkDocs with ``use_directory_urls: false``
turns that into ``meetings/m-1.html``. Links are always relative, so the site works from ``file://`` (a USB
stick) as well as from any web server path.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING
from urllib.parse import quote

from generator.schema import KIND_FOLDERS, Kind, Record

if TYPE_CHECKING:
    from generator.site.views import RecordRow

HOME = "index.md"
SEARCH = "search.md"
TIMELINE = "timeline.md"
PEOPLE = "people.md"
UNITS = "units.md"
INDICATORS = "indicators.md"
GALLERY = "gallery.md"
DOWNLOADS = "downloads.md"
READINESS = "readiness.md"  # the 迎检准备 dashboard (internal and full audiences only)


def list_page(kind: Kind) -> str:
    """A kind's list page sits next to (not inside) its folder, so no record id can collide with it."""
    return f"{KIND_FOLDERS[kind]}.md"


def record_page(record: Record | RecordRow) -> str:
    return f"{KIND_FOLDERS[record.kind]}/{record.id}.md"


def year_page(section: str, year: int) -> str:
    """One year of a long section (``evidence``, ``timeline``, ``gallery``), in a folder no record id uses."""
    return f"years/{section}-{year}.md"


def unit_page(unit_id: str) -> str:
    return f"units/{unit_id}.md"


def indicator_page(indicator_id: str) -> str:
    return f"indicators/{indicator_id}.md"


def person_page(name: str) -> str:
    """Names are Chinese and may contain anything: address a person by a short stable hash of the name."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return f"people/p-{digest}.md"


def output_path(src: str) -> str:
    """The file MkDocs writes for a source path (``use_directory_urls: false``)."""
    return src[: -len(".md")] + ".html" if src.endswith(".md") else src


def relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """The href from the page ``from_src`` to the page or file ``to_src``, percent-encoded."""
    # Every path is relative to the site root and never climbs, so the way up is one "../" per folder level.
    href = quote("../" * from_src.count("/") + output_path(to_src), safe="/._-~")
    return f"{href}#{quote(anchor, safe='')}" if anchor else href
