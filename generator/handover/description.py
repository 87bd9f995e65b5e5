"""The package's figures, and 说明文件.txt, the plain-text description that states them.

The counts are written as ``标签：数字`` lines so that ``dossier verify`` can read them back and compare them
with what the package really holds.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.dates import cn_date

from .layout import ENCODING
from .templates import environment

ITEMS_LABEL = "件数"
FILES_LABEL = "电子文件数"
BYTES_LABEL = "电子档案字节数"
COUNT_LABELS = (ITEMS_LABEL, FILES_LABEL, BYTES_LABEL)
_COUNT = re.compile(rf"^({'|'.join(COUNT_LABELS)})[:：]\s*([0-9]+)", re.MULTILINE)
AUDIENCE_NAMES = {"full": "全部（含受限）", "internal": "公开及内部（受限记录未移交）", "public": "仅公开"}


@dataclass(frozen=True)
class Figures:
    """What the package holds, as 说明文件.txt and the 交接登记表 state it."""

    fonds: str
    fonds_name: str
    title: str
    years: tuple[int, ...]
    audience: str
    items: int  # 件
    item_pdfs: int
    originals: int
    bytes: int  # of everything under 电子档案/
    withheld: int
    date: dt.date  # 移交日期
    software: str
    catalogue_sha256: str
    catalogue_sm3: str

    @property
    def files(self) -> int:
        return self.item_pdfs + self.originals

    @property
    def years_text(self) -> str:
        if not self.years:
            return "—"
        if len(self.years) > 1 and self.years == tuple(range(self.years[0], self.years[-1] + 1)):
            return f"{self.years[0]}—{self.years[-1]}"
        return "、".join(str(y) for y in self.years)

    @property
    def date_text(self) -> str:
        return cn_date(self.date)

    @property
    def size_text(self) -> str:
        """e.g. "12,345,678 字节（11.8 MB）"."""
        return f"{self.bytes:,} 字节（{self.bytes / 2**20:.1f} MB）"

    @property
    def audience_text(self) -> str:
        return AUDIENCE_NAMES.get(self.audience, self.audience)


def description_text(figures: Figures) -> bytes:
    text = (
        environment()
        .get_template("description.txt.j2")
        .render(
            f=figures,
            labels=dict(zip(("items", "files", "bytes"), COUNT_LABELS, strict=True)),
            encoding=ENCODING,
        )
    )
    return text.encode("utf-8")


def read_counts(text: str) -> dict[str, int]:
    """The ``件数`` / ``电子文件数`` / ``电子档案字节数`` lines of a 说明文件 (label → number)."""
    return {label: int(number) for label, number in _COUNT.findall(text)}
