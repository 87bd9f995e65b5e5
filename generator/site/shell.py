"""A theme page rendered once and cut open where each page's own parts go (the "shell").

MkDocs renders the whole theme template for every page — header, navigation, footer, scripts — although for
the thousands of record pages that are not in the navigation all of it is the same except the title, the
table of contents and the body (docs/scaling.md measures what that costs). The theme engine
(mkdocs_theme.py) renders one prototype page per folder through the real theme, with sentinels where the
per-page parts go, checks that each sentinel occurs exactly where expected, and keeps the pieces; filling a
shell is then a few string joins. Nothing here knows about MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE = "DOSSIERSHELLTITLE"
NAME = "DOSSIERSHELLPAGE"  # the prototype page's file stem, e.g. meetings/DOSSIERSHELLPAGE.html
BODY = "<h1>DOSSIERSHELLBODY</h1>"  # holds an <h1>, so the theme adds none of its own
SKIP = "dossiershellskip"  # the id of the prototype's first heading (Material's "skip to content" link)


class ShellMismatch(ValueError):
    """The theme rendered the prototype in a way the shell cannot reproduce; render pages in full instead."""


@dataclass(frozen=True)
class Shell:
    head: str  # up to the table of contents
    middle: str  # between the table of contents and the body
    tail: str  # after the body

    @classmethod
    def cut(cls, html: str, toc_html: str) -> Shell:
        """Split a prototype page rendered with the sentinels around its table of contents and body."""
        if html.count(toc_html) != 1 or html.count(BODY) != 1:
            raise ShellMismatch("table of contents or body not found exactly once")
        head, rest = html.split(toc_html)
        if BODY not in rest:
            raise ShellMismatch("body before the table of contents")
        middle, tail = rest.split(BODY)
        return cls(head, middle, tail)

    def fill(self, *, name: str, title: str, toc: str, body: str, skip: str | None) -> str:
        """The page ``name`` (file stem) with its escaped ``title``, rendered ``toc`` and ``body`` HTML."""
        head = self.head.replace(TITLE, title).replace(NAME, name)
        if skip is not None:
            head = head.replace(f"#{SKIP}", f"#{skip}")
        middle = self.middle.replace(TITLE, title).replace(NAME, name)
        tail = self.tail.replace(TITLE, title).replace(NAME, name)
        return "".join((head, toc, middle, body, tail))
