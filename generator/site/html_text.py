"""Reading rendered HTML back: headings for the table of contents, plain text for search and snippets."""

from __future__ import annotations

import html
import re

from generator.site.pages import TocEntry

_HEADING = re.compile(r"<h([2-6])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|td|th|div|blockquote|pre)>|<br\s*/?>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def strip_tags(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment)).strip()


def toc_of(page_html: str) -> list[TocEntry]:
    """Nested headings (h2…h6 with an id), so the theme's table of contents shows the body's structure."""
    roots: list[TocEntry] = []
    stack: list[TocEntry] = []
    for level, anchor, inner in _HEADING.findall(page_html):
        # The theme prints ``name`` as HTML, unescaped: keep it escaped text.
        name = html.escape(strip_tags(inner), quote=False)
        entry: TocEntry = {"level": int(level), "id": html.unescape(anchor), "name": name, "children": []}
        while stack and stack[-1]["level"] >= entry["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(entry)
        stack.append(entry)
    return roots


def plain_text(fragment: str) -> str:
    """Readable text of an HTML fragment: one line per block, entities decoded, runs of spaces collapsed."""
    text = _BLOCK_END.sub("\n", fragment)
    text = html.unescape(_TAG.sub("", text))
    text = _SPACE.sub(" ", text)
    return _BLANK_LINES.sub("\n", text).strip()
