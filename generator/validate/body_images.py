"""Images named inside Markdown bodies must be files of the archive: nothing outside it, nothing remote.

The site, binders and Word files never read such an image (they leave it out), but the archivist should hear
about it before the inspectors see a broken picture: a warning at the line of the body that names it.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.schema import Record
from generator.validate.checks import resolve_inside
from generator.validate.state import Collected, Source

_MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, file:, data:, …


def _bodies(record: Record) -> list[tuple[str, str]]:
    """The field and text of the record's document text (正文), the text every output prints in full."""
    text = record.document_text
    return [(record.text_field, text)] if text is not None else []


def _images(text: str) -> list[str]:
    return [m.group(1) for pattern in (_MARKDOWN_IMAGE, _HTML_IMAGE) for m in pattern.finditer(text)]


def _code_for(root: Path, url: str) -> tuple[str, Path | None]:
    if _REMOTE.match(url) and not url.lower().startswith("file:"):
        return "image-remote", None
    resolved = None if url.lower().startswith("file:") else resolve_inside(root, url)
    if resolved is None:
        return "image-outside", None
    return ("image-not-found", resolved) if not resolved.is_file() else ("", resolved)


def _locate(source: Source, field: str, url: str) -> tuple[int, int]:
    """The line and column where ``url`` is written in the file, at or after the field's value."""
    start = source.doc.position((field,)).line
    lines = source.doc.path.read_text(encoding="utf-8-sig").splitlines()
    for number in range(start, len(lines) + 1):
        column = lines[number - 1].find(url)
        if column >= 0:
            return number, column + 1
    return start, 1


def check_body_images(root: Path, collected: Collected) -> None:
    for record, source in collected.records:
        for field, text in _bodies(record):
            for url in _images(text):
                code, _resolved = _code_for(root, url)
                if not code:
                    continue
                line, column = _locate(source, field, url)
                problem = source.problem((field,), code, severity="warning", field=field, url=url)
                collected.problems.append(
                    type(problem)(problem.path, line, column, problem.severity, code, problem.params)
                )
