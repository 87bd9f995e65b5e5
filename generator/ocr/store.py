"""Where recognised text lives.

Beside each file read, ``x.pdf.ocr.txt``: the text, UTF-8, one recognised line per line, pages separated by a
form feed (as ``pdftotext`` writes them) — the file a person reads and corrects. Beside it,
``x.pdf.ocr.json``: what the engine found (each line's position on its page, used by the binders' text layer),
the source file's sha256, the engine version and the sha256 of the text file as OCR wrote it. A text file
whose sha256 differs from that has been edited by a person and is never overwritten.

Each page's result is also kept in the cache (``<cache>/ocr/<engine>/<sha256>/<page>.json``) the moment it is
recognised, so an interrupted run loses no finished page and an unchanged file is never recognised twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.ocr.engine import Line, PageText, engine_key, engine_version
from generator.write import write_atomically

TEXT_SUFFIX = ".ocr.txt"
STATE_SUFFIX = ".ocr.json"
PAGE_BREAK = "\f"

State = Literal["missing", "current", "stale", "edited"]


def text_path(path: Path) -> Path:
    return path.with_name(path.name + TEXT_SUFFIX)


def state_path(path: Path) -> Path:
    return path.with_name(path.name + STATE_SUFFIX)


@dataclass(frozen=True)
class Recognised:
    """A file's result: per page, its lines, or None for a page whose own text layer was kept."""

    source_sha256: str
    pages: tuple[PageText | None, ...]

    def text(self) -> str:
        return PAGE_BREAK.join(page.text if page else "" for page in self.pages) + "\n"

    @property
    def recognised_pages(self) -> int:
        return sum(page is not None for page in self.pages)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_state(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(state_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def state_of(path: Path, source_sha256: str) -> State:
    """Whether ``path``'s text is missing, current, stale (file or engine changed) or edited by a person."""
    state = read_state(path)
    try:
        written = text_path(path).read_bytes()
    except OSError:
        return "missing"
    if state is None:
        return "edited"  # a text file dossier did not write: a person's
    if _sha256(written) != state.get("text_sha256"):
        return "edited"
    if state.get("source_sha256") != source_sha256 or state.get("engine") != engine_version():
        return "stale"
    return "current"


def write_result(path: Path, result: Recognised) -> None:
    """The state naming the text's hash, then the text (each atomically). A crash between the two leaves an
    older text that no longer matches, which the next run keeps as if a person had edited it (the cache makes
    ``--force`` after deleting it cheap)."""
    text = result.text().encode("utf-8")
    state = {
        "engine": engine_version(),
        "source_sha256": result.source_sha256,
        "text_sha256": _sha256(text),
        "pages": [_page_json(page) for page in result.pages],
    }
    write_atomically(state_path(path), _dumps(state))
    write_atomically(text_path(path), text)


def _page_json(page: PageText | None) -> dict[str, object]:
    if page is None:
        return {"layer": "pdf"}
    return {"layer": "ocr", "lines": [line.as_json() for line in page.lines]}


def _dumps(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def layer_lines(path: Path) -> dict[int, tuple[Line, ...]]:
    """Page number → positioned lines for the binders' invisible text layer. Where a person corrected the
    text and a page keeps its number of lines, the corrected lines are placed where the engine found them."""
    state = read_state(path)
    if state is None:
        return {}
    pages = state.get("pages") or []
    try:
        edited = text_path(path).read_text(encoding="utf-8").rstrip("\n").split(PAGE_BREAK)
    except (OSError, UnicodeDecodeError):
        edited = []
    found: dict[int, tuple[Line, ...]] = {}
    for number, page in enumerate(pages):
        if page.get("layer") != "ocr":
            continue
        lines = tuple(Line.from_json(line) for line in page.get("lines", []))
        corrected = edited[number].split("\n") if number < len(edited) else []
        if len(corrected) == len(lines):
            lines = tuple(Line(line.box, text) for line, text in zip(lines, corrected, strict=True))
        found[number] = lines
    return found


def ocr_fingerprint(path: Path) -> str:
    """Changes whenever the text kept beside ``path`` does (a new run, or a person's correction)."""
    digest = hashlib.sha256()
    for kept in (state_path(path), text_path(path)):
        try:
            digest.update(kept.read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()[:16]


def recognised_text(path: Path) -> str:
    """The text of ``path`` as kept beside it (corrected or not), or '' when it was never read."""
    try:
        return text_path(path).read_text(encoding="utf-8").replace(PAGE_BREAK, "\n").strip()
    except (OSError, UnicodeDecodeError):
        return ""


# ------------------------------------------------------------------------------------------ page cache
class PageCache:
    """Recognised pages by (file sha256, engine, page number)."""

    def __init__(self, root: Path) -> None:
        self.root = root / "ocr" / engine_key()

    def _path(self, sha256: str, page: int) -> Path:
        return self.root / sha256[:2] / sha256 / f"{page}.json"

    def get(self, sha256: str, page: int) -> PageText | None:
        try:
            data = json.loads(self._path(sha256, page).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return PageText(tuple(Line.from_json(line) for line in data["lines"]))

    def put(self, sha256: str, page: int, text: PageText) -> None:
        target = self._path(sha256, page)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, _dumps({"lines": [line.as_json() for line in text.lines]}))
