"""Archival arrangement per DA/T 22-2015 (归档文件整理规则): classes, 件号, 档号 and boxes.

Every record is one item (件). Items are classified by 年度 – 保管期限 – 机构(问题) and numbered 0001… within
their class in order of date, then id, so the numbers are the same on every rebuild of the same records.
The 档号 joins the levels with "-" and parts of one level with "·"::

    全宗号-门类代码·年度-保管期限-机构(问题)代码-件号      e.g. Z109-WS·2024-Y-BGS-0001

机构(问题) codes: a record belongs to the unit in its ``unit`` field (summaries, rectifications), else to the
first of its ``units``; the code is that unit's ``org_code`` from units.yml, else its id upper-cased (letters,
digits only). A record that names no unit belongs to the campaign office: ``office_code`` in archive.yml
(default ``BGS``). ``category_code`` (门类代码, default ``WS`` = 文书) is also set in archive.yml.

Boxes (档案盒) never mix years, retention periods or 机构(问题): each class is filled into boxes of at most
``BOX_MAX_MM`` of paper, estimated from the text length and attached pages, and boxes are numbered 1… across
the fonds in class order. The spine width (20/30/40/50 mm) is the thinnest that holds the box's paper.

This module is pure and fast (no WeasyPrint, no file reads): the website calls :func:`archival_codes` for
every record. The *whole* archive is always arranged (``Archive.whole``), even when an audience-filtered view
is passed, so a public page shows the same 档号 as the paper copy.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from generator.model import Archive
from generator.schema import RETENTIONS, Evidence, Record

SPINE_WIDTHS_MM = (20, 30, 40, 50)
BOX_MAX_MM = SPINE_WIDTHS_MM[-1]
SHEET_MM = 0.1  # one sheet of 70–80 g/m² office paper, printed on one side
CHARS_PER_PAGE = 22 * 28 * 0.8  # the GB/T 9704 grid, less headings, short lines and paragraph ends
# the names printed for retention codes and access levels (归档章, 归档文件目录, the handover catalogue)
RETENTION_NAMES = MappingProxyType({"Y": "永久", "D30": "30年", "D10": "10年"})
ACCESS_NAMES = MappingProxyType({"public": "公开", "internal": "内部", "restricted": "受限"})
_CODE_CHARS = re.compile(r"[^A-Z0-9]")


@dataclass(frozen=True)
class Item:
    """One record's place in the arrangement."""

    record_id: str
    year: int
    retention: str  # Y, D30, D10
    org_code: str  # 机构(问题)代码
    number: int  # 件号
    code: str  # 档号
    box: int  # 盒号
    estimated_pages: int

    @property
    def number_text(self) -> str:
        return f"{self.number:04d}"


@dataclass(frozen=True)
class Box:
    """A 档案盒: items of one class, in 件号 order."""

    number: int
    year: int
    retention: str
    org_code: str
    items: tuple[Item, ...]

    @property
    def first(self) -> Item:
        return self.items[0]

    @property
    def last(self) -> Item:
        return self.items[-1]

    @property
    def estimated_pages(self) -> int:
        return sum(item.estimated_pages for item in self.items)

    @property
    def spine_mm(self) -> int:
        """The thinnest standard spine that holds the box's paper."""
        thickness = self.estimated_pages * SHEET_MM
        return next((w for w in SPINE_WIDTHS_MM if thickness <= w), SPINE_WIDTHS_MM[-1])


@dataclass(frozen=True)
class Arrangement:
    items: Mapping[str, Item]  # by record id, in arrangement order
    boxes: tuple[Box, ...]

    def ordered(self, records: Iterable[Record]) -> list[Record]:
        """``records`` in arrangement order (class, then 件号)."""
        order = {record_id: i for i, record_id in enumerate(self.items)}
        return sorted(records, key=lambda r: order[r.id])

    def code(self, record_id: str) -> str:
        return self.items[record_id].code


def org_code_of(archive: Archive, record: Record) -> str:
    """The 机构(问题) code of the unit owning ``record`` (``Record.owner``)."""
    return unit_code(archive, record.owner)


def unit_code(archive: Archive, unit_id: str | None) -> str:
    """The 机构(问题) code of unit ``unit_id``; the office's for no unit or one units.yml does not know."""
    unit = archive.units.get(unit_id) if unit_id else None
    if unit is None:
        return archive.info.office_code
    if unit.org_code:
        return unit.org_code
    return _CODE_CHARS.sub("", unit.id.upper()) or archive.info.office_code


def estimated_pages(record: Record) -> int:
    """Pages the item will take: its text on the official grid, plus one page per photo or scan page."""
    text = len(record.document_text or "")
    pages = max(1, math.ceil(text / CHARS_PER_PAGE))
    if isinstance(record, Evidence):
        pages += sum(f.pages or 1 for f in record.files)
    return pages


ClassKey = tuple[int, int, str]  # year, index in RETENTIONS, 机构(问题) code


def classes(archive: Archive) -> list[tuple[ClassKey, list[Record]]]:
    """The records of the whole archive (``Archive.whole``) by class, the classes in order and each one's
    records in 件号 order. Each unit's code is looked up once, not once per record: this runs for every
    record on every site build."""
    archive = archive.whole
    org_codes = {unit_id: unit_code(archive, unit_id) for unit_id in archive.units}
    office = archive.info.office_code
    retention_index: dict[str, int] = {retention: i for i, retention in enumerate(RETENTIONS)}
    found: dict[ClassKey, list[Record]] = defaultdict(list)
    for record in archive.records:  # already by date, then id
        unit_id = record.owner
        org = org_codes.get(unit_id, office) if unit_id else office
        found[record.date.year, retention_index[archive.retention_of(record)], org].append(record)
    return sorted(found.items())


def _class_code(archive: Archive, key: ClassKey) -> str:
    """The 档号 up to the 件号: ``{fonds}-{category}·{year}-{retention}-{org}-``."""
    year, retention_index, org = key
    fonds, category = archive.info.fonds.code, archive.info.category_code
    return f"{fonds}-{category}·{year}-{RETENTIONS[retention_index]}-{org}-"


def arrange(archive: Archive) -> Arrangement:
    """Classify, number and box every record of the whole archive (``archive.whole``: a filtered view is
    arranged as the whole it came from)."""
    archive = archive.whole
    items: dict[str, Item] = {}
    boxes: list[Box] = []
    for key, records in classes(archive):
        year, retention, org = key[0], RETENTIONS[key[1]], key[2]
        prefix = _class_code(archive, key)
        numbered = [
            Item(
                record_id=record.id,
                year=year,
                retention=retention,
                org_code=org,
                number=n,
                code=f"{prefix}{n:04d}",
                box=0,
                estimated_pages=estimated_pages(record),
            )
            for n, record in enumerate(records, start=1)
        ]
        for chunk in _fill_boxes(numbered):
            number = len(boxes) + 1
            boxed = tuple(_with_box(item, number) for item in chunk)
            boxes.append(Box(number, year, retention, org, boxed))
            items.update((item.record_id, item) for item in boxed)
    return Arrangement(MappingProxyType(items), tuple(boxes))


def _with_box(item: Item, box: int) -> Item:
    return Item(**{**item.__dict__, "box": box})


def _fill_boxes(items: list[Item]) -> list[list[Item]]:
    """Split one class into boxes of at most BOX_MAX_MM of paper; an oversized item gets a box of its own."""
    limit = BOX_MAX_MM / SHEET_MM
    boxes: list[list[Item]] = [[]]
    pages = 0
    for item in items:
        if boxes[-1] and pages + item.estimated_pages > limit:
            boxes.append([])
            pages = 0
        boxes[-1].append(item)
        pages += item.estimated_pages
    return boxes


def archival_codes(archive: Archive) -> Mapping[str, str]:
    """档号 of every record of ``archive``, by id, in arrangement order — what the website shows, the same
    codes as ``arrange`` without its page estimates and boxes. ``archive`` may be an audience-filtered view:
    the whole archive is arranged, then only the view's records are kept."""
    codes: dict[str, str] = {}
    for key, records in classes(archive):
        prefix = _class_code(archive, key)
        codes.update((record.id, f"{prefix}{n:04d}") for n, record in enumerate(records, start=1))
    if archive.whole is not archive:
        codes = {record_id: code for record_id, code in codes.items() if record_id in archive}
    return MappingProxyType(codes)
