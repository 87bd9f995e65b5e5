"""What every reader produces: the paragraphs of one source file, as a person sees them, in order."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Image:
    """An image embedded in a document, to become an evidence photo."""

    data: bytes
    ext: str  # without the dot: png, jpeg, gif …
    caption: str | None = None


@dataclass(frozen=True)
class Block:
    """One paragraph (or table, or image) of a source document.

    ``text`` is the plain text; ``markdown`` the same text with inline emphasis when the reader knows it (bold
    runs in Word). ``style_level`` is 0 for a Word Title style and 1… for Heading 1…, None for body text.
    ``bold_lead`` is the leading bold part of the paragraph (Word), used to recognise run-in headings.
    """

    text: str
    markdown: str | None = None
    style_level: int | None = None
    bold_lead: str = ""
    centered: bool = False
    size: float | None = None  # the largest font size in the paragraph, in points
    image: Image | None = None
    table: tuple[tuple[str, ...], ...] | None = None
    after_blank: bool = False  # text files: a blank line came before this one (a paragraph boundary)
    after_page_break: bool = False  # a page counter ("第 2 页 共 5 页") stood between this block and the last

    @property
    def md(self) -> str:
        return self.markdown if self.markdown is not None else self.text

    def with_text(self, text: str) -> Block:
        """The same block with new plain text (inline formatting is dropped when the text changed)."""
        markdown = self.markdown if text == self.text else None
        return dataclasses.replace(self, text=text, markdown=markdown)


@dataclass
class SourceDocument:
    """A file read by a reader: its blocks and where it came from."""

    path: Path
    sha256: str
    blocks: list[Block] = field(default_factory=list)
    # Text files keep paragraphs one per line or separated by blank lines; Word files have real paragraphs.
    from_text: bool = False
