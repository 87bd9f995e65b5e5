"""Record bodies (Markdown) to safe HTML, shared by the site, the binders and the Word exporter.

Bodies are written by many hands and imported from documents of unknown origin, so the HTML is sanitised
(nh3) after conversion: no scripts, event handlers, ``javascript:`` URLs or iframes survive, whatever the
Markdown held. Headings keep stable ids so tables of contents and links work.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}
_URL_SCHEMES = {"http", "https", "mailto"}

# The official hierarchy of headings, by Markdown level (## is the first level inside a record page).
HEADING_PATTERNS = (
    re.compile(r"^[一二三四五六七八九十百]+、"),
    re.compile(r"^[（(][一二三四五六七八九十百]+[）)]"),
    re.compile(r"^\d+[.．、]"),
    re.compile(r"^[（(]\d+[）)]"),
)


def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": slugify_unicode, "permalink": False}},
        output_format="html",
    )


@lru_cache(maxsize=1)
def _shared_converter() -> markdown.Markdown:
    return _converter()


def sanitise_html(html: str) -> str:
    """Remove anything that could run code or fetch from elsewhere in a browser."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML. Deterministic: the same text always gives the same bytes."""
    converter = _shared_converter()
    converter.reset()
    return sanitise_html(converter.convert(text))


def official_level(heading_text: str) -> int | None:
    """1 for 一、, 2 for （一）, 3 for 1., 4 for （1）; None when the text is no official heading."""
    stripped = heading_text.strip()
    for level, pattern in enumerate(HEADING_PATTERNS, start=1):
        if pattern.match(stripped):
            return level
    return None
