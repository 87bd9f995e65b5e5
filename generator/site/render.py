"""Jinja2 rendering of the site's page bodies from their views, with the helpers every template shares.

Templates live in ``generator/templates/site/``; autoescaping is on, so record text can never become markup.
The only HTML that is inserted as-is comes from ``render_markdown``, which sanitises it. A template sees its
page's view (views.py) and the site context (the ``archive`` global): nothing else of the archive.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.dates import display_date
from generator.i18n import MESSAGES
from generator.model import group_by_year
from generator.readiness.coverage import points_text
from generator.site import urls
from generator.site.html_text import toc_of
from generator.site.mdcache import MarkdownCache
from generator.site.pages import RenderedPage
from generator.site.views import PageView, SiteContext


def label(lang: str, key: str, /, **params: object) -> str:
    """A UI message in the site's language (which comes from archive.yml, not from the CLI's ``--lang``)."""
    return message(lang, key).format(**params)


def message(lang: str, key: str) -> str:
    """A UI message with its {placeholders} left in (for the browser to fill)."""
    entry = MESSAGES[key]
    return entry.get(lang, entry["en"])


class Renderer:
    """Renders page views for one (already audience-filtered) site in its language."""

    def __init__(self, context: SiteContext, cache_dir: Path | None = None) -> None:
        self.context = context
        self.lang = context.language
        self.markdown = MarkdownCache(cache_dir)
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
        self.env.filters["groupby_year"] = group_by_year
        self.env.globals.update(self._globals())

    def _globals(self) -> dict[str, Any]:
        return {
            "archive": self.context,
            "L": partial(label, self.lang),
            "date": partial(display_date, language=self.lang),
            "kind_label": lambda kind: label(self.lang, f"kind-{kind}"),
            "unit_short": self.unit_short,
            "pts": points_text,
            "person_page": urls.person_page,
            "unit_page": urls.unit_page,
            "indicator_page": urls.indicator_page,
            **{
                name: getattr(urls, name)
                for name in ("SEARCH", "INDICATORS", "HOME", "READINESS", "TIMELINE", "GALLERY")
            },
        }

    def unit_short(self, unit_id: str) -> str:
        unit = self.context.units.get(unit_id)
        return (unit.short or unit.name) if unit else unit_id

    def text(self, markdown: str | None) -> Markup:
        return Markup(self.markdown.render(markdown)) if markdown else Markup("")

    def render(self, view: PageView) -> RenderedPage:
        here = view.here
        html = self.env.get_template(view.template).render(
            here=here,
            url=partial(urls.relative, here),
            rec=lambda record: urls.relative(here, urls.record_page(record)),
            **view.context(self.text),
        )
        return RenderedPage(html, toc_of(html))


def _bytecode_cache(cache_dir: Path | None) -> FileSystemBytecodeCache | None:
    if cache_dir is None:
        return None
    folder = cache_dir / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(folder))
