"""What the package holds, item by item: which records, where each 件 and its originals go, and the
catalogue entry (文件目录.xml's <件>) each one gets.

The arrangement (件号, 档号, classes) is the one the binders use, always of the whole archive, so a 件 keeps
its 档号 whatever the audience or years handed over. Items of the chosen years that the audience may not
see are *withheld*: the catalogue lists their 档号 so that the receiving side knows the gaps in 件号 are
deliberate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.arrangement import ACCESS_NAMES, RETENTION_NAMES, Arrangement, Item
from generator.binders.html import responsible
from generator.dates import compact_date
from generator.i18n import MESSAGES
from generator.model import Archive
from generator.schema import Evidence, Meeting, Record, Speech, Summary
from generator.validate.checks import resolve_file

from .layout import item_folder, item_pdf, safe_name

ITEM_ROLE = "件"  # the 件's own PDF/A
ORIGINAL_ROLE = "原件"  # an attached file, byte for byte

# 文种 (DA/T 46) of the record kinds that are documents of one kind; evidence takes its own kind's name.
DOC_TYPES = {"meeting": "会议纪要", "speech": "讲话", "summary": "工作总结", "rectification": "整改台账"}

FORMATS = {
    ".pdf": "PDF",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".tif": "TIFF",
    ".tiff": "TIFF",
    ".gif": "GIF",
    ".bmp": "BMP",
    ".webp": "WEBP",
    ".ofd": "OFD",
    ".docx": "DOCX",
    ".doc": "DOC",
    ".xlsx": "XLSX",
    ".xls": "XLS",
    ".wps": "WPS",
    ".txt": "TXT",
    ".mp4": "MP4",
    ".mov": "MOV",
    ".mp3": "MP3",
    ".wav": "WAV",
}
ITEM_FORMAT = "PDF/A-3b"


@dataclass(frozen=True)
class Original:
    """An attached file handed over as it is."""

    source: Path  # in the data folder
    recorded_as: str  # the path the record names
    name: str  # its name in the 件 folder


@dataclass(frozen=True)
class PlannedItem:
    record: Record
    item: Item
    folder: str  # relative to the package
    originals: tuple[Original, ...]

    @property
    def pdf_path(self) -> str:
        return f"{self.folder}/{item_pdf(self.item.code)}"


@dataclass(frozen=True)
class Plan:
    items: tuple[PlannedItem, ...]
    withheld: tuple[Item, ...]  # of the chosen years, not visible to the audience
    years: tuple[int, ...]


def plan(full: Archive, view: Archive, arrangement: Arrangement, years: Collection[int]) -> Plan:
    """The items of ``view`` (an audience-filtered ``full``) of ``years`` (all when empty), in 档号 order."""
    chosen = [r for r in arrangement.ordered(full.records) if not years or r.date.year in years]
    items = tuple(_planned(full, r, arrangement.items[r.id]) for r in chosen if r.id in view)
    withheld = tuple(arrangement.items[r.id] for r in chosen if r.id not in view)
    return Plan(items, withheld, tuple(sorted({r.date.year for r in chosen})))


def _planned(archive: Archive, record: Record, item: Item) -> PlannedItem:
    folder = item_folder(item.year, item.retention, item.org_code, item.code)
    taken = {item_pdf(item.code).casefold()}
    originals = []
    for recorded in _attached_paths(record):
        resolved = resolve_file(archive.root, recorded)
        if resolved is None:
            continue
        name = _unique(safe_name(PurePosixPath(recorded).name), taken)
        originals.append(Original(Path(resolved), recorded, name))
    return PlannedItem(record, item, folder, tuple(originals))


def _attached_paths(record: Record) -> list[str]:
    """The record's attached files, then the file it was imported from (when it is kept in the data
    folder), each once."""
    paths = [f.path for f in record.files] if isinstance(record, Evidence) else []
    if isinstance(record, Meeting | Speech | Summary) and record.source is not None:
        paths.append(record.source.file)
    return list(dict.fromkeys(paths))


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``2-name``, ``3-name``… when the folder already holds it (compared as Windows does)."""
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{n}-{name}"
    taken.add(candidate.casefold())
    return candidate


def original_format(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return FORMATS.get(suffix, suffix.lstrip(".").upper() or "—")


def doc_type(record: Record) -> str:
    """文种: what kind of document the 件 is."""
    if isinstance(record, Evidence):
        return MESSAGES[f"evidence-type-{record.type}"]["zh"]
    return DOC_TYPES[record.kind]


# ------------------------------------------------------------------------------------ catalogue entries
@dataclass(frozen=True)
class FileEntry:
    """One electronic file of a 件 (电子文件名), with what the receiving side checks it against."""

    path: str  # relative to the package
    role: str  # ITEM_ROLE or ORIGINAL_ROLE
    format: str
    size: int
    sha256: str
    sm3: str


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str


@dataclass(frozen=True)
class Entry:
    """A 件 as 文件目录.xml describes it (DA/T 22 catalogue columns and DA/T 46 elements)."""

    sequence: int  # 顺序号
    code: str  # 档号
    fonds: str  # 全宗号
    year: int  # 年度
    retention: str  # 保管期限, as printed (永久, 30年, 10年)
    org_code: str  # 机构或问题
    number: str  # 件号, 4 digits
    responsible: str  # 责任者
    title: str  # 题名
    doc_number: str  # 文号
    date: str  # 日期, YYYYMMDD
    classification: str  # 密级 column of the paper catalogue: 公开, 内部, 受限
    pages: int  # 页数
    doc_type: str  # 文种
    keywords: tuple[str, ...]  # 主题词 (the record's tags)
    indicators: tuple[Indicator, ...]  # 测评指标
    record_id: str  # 记录标识: the record it was made from
    files: tuple[FileEntry, ...]  # 电子文件名
    note: str  # 备注


@dataclass(frozen=True)
class CatalogueHeader:
    fonds: str
    fonds_name: str
    category: str  # 门类代码
    title: str
    date: dt.date  # 移交日期
    software: str


def entry(
    archive: Archive,
    sequence: int,
    planned: PlannedItem,
    *,
    pages: int,
    files: Sequence[FileEntry],
    note: str,
) -> Entry:
    record, item = planned.record, planned.item
    return Entry(
        sequence=sequence,
        code=item.code,
        fonds=archive.info.fonds.code,
        year=item.year,
        retention=RETENTION_NAMES[item.retention],
        org_code=item.org_code,
        number=item.number_text,
        responsible=responsible(archive, record),
        title=record.title,
        doc_number=record.doc_number or "",
        date=compact_date(record.date),
        classification=ACCESS_NAMES[record.access],
        pages=pages,
        doc_type=doc_type(record),
        keywords=tuple(record.tags),
        indicators=tuple(
            Indicator(i, archive.indicators[i].title) for i in record.indicators if i in archive.indicators
        ),
        record_id=record.id,
        files=tuple(files),
        note=note,
    )
