"""Jinja2 rendering of the site's page bodies, with the helpers every template shares.

Templates live in ``generator/templates/site/``; autoescaping is on, so record text can never become markup.
The only HTML that is inserted as-is comes from ``render_markdown``, which sanitises it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.dates import cn_date
from generator.i18n import MESSAGES
from generator.model import Archive
from generator.schema import Record, Rectification
from generator.site import urls
from generator.site.html_text import toc_of
from generator.site.mdcache import MarkdownCache
from generator.site.pages import RenderedPage


def label(lang: str, key: str, /, **params: object) -> str:
    """A UI message in the site's language (which comes from archive.yml, not from the CLI's ``--lang``)."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["en"]).format(**params)


def owners(record: Record) -> list[str]:
    """The units a record belongs to: its ``units`` plus its owning ``unit`` (summaries, rectifications)."""
    owner = getattr(record, "unit", None)
    ids = list(record.units)
    if isinstance(owner, str) and owner not in ids:
        ids.insert(0, owner)
    return ids


def groupby_year(records: Iterable[Record]) -> list[tuple[int, list[Record]]]:
    """Newest year first; records inside a year in date order."""
    ordered = sorted(records, key=lambda r: (r.date, r.id))
    groups = [(year, list(rows)) for year, rows in itertools.groupby(ordered, key=lambda r: r.date.year)]
    return sorted(groups, key=lambda group: -group[0])


class Renderer:
    """Renders templates for one (already audience-filtered) archive in one language."""

    def __init__(
        self, archive: Archive, lang: str, codes: Mapping[str, str], cache_dir: Path | None = None
    ) -> None:
        self.archive = archive
        self.markdown = MarkdownCache(cache_dir)
        self.lang = lang
        self.codes = codes
        self.env = Environment(
            loader=PackageLoader("generator", "templates/site"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=StrictUndefined,
            keep_trailing_newline=True,
            # Compiling the templates is a fixed cost per build; a rebuild reuses the compiled code.
            bytecode_cache=_bytecode_cache(cache_dir),
        )
        self.env.filters["groupby_year"] = groupby_year
        self.env.globals.update(self._globals())

    def _globals(self) -> dict[str, Any]:
        today = self.archive.today()
        return {
            "archive": self.archive,
            "L": partial(label, self.lang),
            "date": self.date,
            "kind_label": lambda kind: label(self.lang, f"kind-{kind}"),
            "unit_short": self.unit_short,
            "owners": owners,
            "is_overdue": lambda r: is_overdue(r, today),
            "person_page": urls.person_page,
            "unit_page": urls.unit_page,
            "indicator_page": urls.indicator_page,
            "today": today,
            **{
                name: getattr(urls, name)
                for name in ("SEARCH", "INDICATORS", "HOME", "READINESS", "TIMELINE", "GALLERY")
            },
        }

    def date(self, day: dt.date) -> str:
        return cn_date(day) if self.lang == "zh" else day.isoformat()

    def unit_short(self, unit_id: str) -> str:
        unit = self.archive.units.get(unit_id)
        return (unit.short or unit.name) if unit else unit_id

    def body(self, text: str | None) -> Markup:
        return Markup(self.markdown.render(text)) if text else Markup("")

    def page(self, template: str, here: str, **context: Any) -> RenderedPage:
        html = self.env.get_template(template).render(
            here=here,
            url=partial(urls.relative, here),
            rec=lambda record: urls.relative(here, urls.record_page(record)),
            **context,
        )
        return RenderedPage(html, toc_of(html))


def _bytecode_cache(cache_dir: Path | None) -> FileSystemBytecodeCache | None:
    if cache_dir is None:
        return None
    folder = cache_dir / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))


def is_overdue(record: Record, today: dt.date) -> bool:
    return isinstance(record, Rectification) and record.status == "open" and record.deadline < today
