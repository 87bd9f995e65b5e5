"""Rendered record bodies (Markdown → sanitised HTML) kept on disk by a hash of the text.

Converting Markdown is the most expensive step per record that does not depend on anything else, so it is
done once per distinct text: a rebuild after an edit converts only the edited body. Entries are salted with
the converter's own source and library versions, so an upgrade simply misses. The folder may be deleted at
any time.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from generator import markdown_render
from generator.write import write_atomically


def _salt() -> str:
    source = Path(markdown_render.__file__).read_bytes()
    versions = "|".join(metadata.version(name) for name in ("markdown", "nh3"))
    return hashlib.sha256(source + versions.encode()).hexdigest()[:16]


class MarkdownCache:
    def __init__(self, root: Path | None) -> None:
        self.root = root / "markdown" / _salt() if root is not None else None

    def _path(self, text: str) -> Path | None:
        if self.root is None:
            return None
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self.root / digest[:2] / f"{digest[2:]}.html"

    def render(self, text: str) -> str:
        path = self._path(text)
        try:
            html = path.read_text("utf-8") if path is not None else None
        except FileNotFoundError:
            html = None
        if html is None:
            html = markdown_render.render_markdown(text)
            if path is not None:
                _store(path, html)
        return html


def _store(path: Path, html: str) -> None:
    write_atomically(path, html.encode("utf-8"))  # a parallel worker never reads half an entry
