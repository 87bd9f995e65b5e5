"""Each kind of record as an official-format Word document (one record per call, appended to a document).

Speeches: title, speaker and date lines, the body. Minutes (纪要): title, 时间/地点/主持人/记录人/议题 lines,
the minutes, the 议定事项 list, and the 出席/列席/请假 block at the end (labels 黑体, names 仿宋).
Summaries: title, body, the date at the foot. Evidence and rectifications: their fields and text.
The import side (generator/importers) reads these layouts back to the same fields.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from PIL import Image as PILImage

from generator.dates import cn_date
from generator.docx_export import oxml
from generator.docx_export.blocks import add_markdown
from generator.docx_export.layout import BODY_PT, CENTRED_STYLE, HEADING_STYLES, RECORD_TITLE_STYLE
from generator.image_metadata import clean_image
from generator.model import Archive, file_suffix
from generator.schema import Evidence, Meeting, Record, Rectification, Speech, Summary

# The images a Word file shows inline: python-docx places these; a TIFF or WebP photo is named by its caption.
_WORD_PICTURES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp"})
_STATUS = {"open": "未整改", "rectified": "已整改", "verified": "已验收销号"}
_EVIDENCE_KINDS = {
    "document": "文件", "photo": "照片", "ledger": "台账", "video": "视频",
    "briefing": "简报", "scan": "扫描件", "statistics": "统计表",
}  # fmt: skip


def add_title(document: Document, title: str) -> None:
    document.add_paragraph(title, style=RECORD_TITLE_STYLE)


def _centred(document: Document, text: str) -> None:
    document.add_paragraph(text, style=CENTRED_STYLE)


def _blank(document: Document) -> None:
    document.add_paragraph()


def _labelled(document: Document, label: str, value: str, fonts: Mapping[str, str]) -> None:
    """ "出席：张三、李四" with the label in 黑体 and the value in 仿宋."""
    paragraph = document.add_paragraph()
    oxml.set_run_font(paragraph.add_run(f"{label}："), fonts["heiti"])
    paragraph.add_run(value)


def write_speech(document: Document, speech: Speech, archive: Archive, fonts: Mapping[str, str]) -> None:
    add_title(document, speech.title)
    _blank(document)
    _centred(document, " ".join(part for part in (speech.speaker_role, speech.speaker) if part))
    _centred(document, f"（{cn_date(speech.date)}）")
    if speech.occasion and speech.occasion not in speech.title:
        _centred(document, f"——{speech.occasion}")
    _blank(document)
    add_markdown(document, speech.body)


def write_meeting(document: Document, meeting: Meeting, archive: Archive, fonts: Mapping[str, str]) -> None:
    add_title(document, meeting.title)
    _blank(document)
    when = cn_date(meeting.date) + (f" {meeting.time}" if meeting.time else "")
    for label, value in (
        ("时间", when),
        ("地点", meeting.location),
        ("主持人", meeting.host),
        ("记录人", meeting.recorder),
    ):
        _labelled(document, label, value, fonts)
    if meeting.agenda:
        items = (
            meeting.agenda
            if len(meeting.agenda) == 1
            else [f"{i}．{a}" for i, a in enumerate(meeting.agenda, 1)]
        )
        _labelled(document, "议题", "；".join(items), fonts)
    _blank(document)
    add_markdown(document, meeting.minutes)
    if meeting.decisions:
        document.add_paragraph("议定事项", style=HEADING_STYLES[2][0])
        for number, decision in enumerate(meeting.decisions, 1):
            document.add_paragraph(f"{number}．{decision}")
    _blank(document)
    for label, names in (("出席", meeting.attendees), ("列席", meeting.observers), ("请假", meeting.absent)):
        if names:
            _labelled(document, label, _joined(names), fonts)


def _joined(names: list[str]) -> str:
    """Names joined by "、", or by "；" when a name holds "、" or "，" (so the list reads back the same)."""
    return ("；" if any(mark in name for name in names for mark in "、，,；") else "、").join(names)


def write_summary(document: Document, summary: Summary, archive: Archive, fonts: Mapping[str, str]) -> None:
    add_title(document, summary.title)
    _blank(document)
    add_markdown(document, summary.body)
    _blank(document)
    unit = archive.units.get(summary.unit)
    for line in (unit.name if unit else summary.unit, cn_date(summary.date)):
        signature = document.add_paragraph(line)
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.paragraph_format.right_indent = Pt(BODY_PT * 4)  # 右空四字


def write_evidence(
    document: Document,
    evidence: Evidence,
    archive: Archive,
    fonts: Mapping[str, str],
    *,
    clean_images: bool = False,
) -> None:
    """The evidence record with its photos; with ``clean_images`` (a `public` or `internal` export) each
    photo without its identifying metadata (generator/image_metadata.py)."""
    add_title(document, evidence.title)
    _blank(document)
    _labelled(document, "时间", cn_date(evidence.date), fonts)
    _labelled(document, "类别", _EVIDENCE_KINDS.get(evidence.type, evidence.type), fonts)
    if evidence.location:
        _labelled(document, "地点", evidence.location, fonts)
    if evidence.people_present:
        _labelled(document, "人物", "、".join(evidence.people_present), fonts)
    if evidence.description:
        add_markdown(document, evidence.description)
    for attached in evidence.files:
        path = archive.file_path(attached.path)
        if file_suffix(attached.path) in _WORD_PICTURES and path.is_file():
            picture = document.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.paragraph_format.first_line_indent = Pt(0)
            oxml.set_snap_to_grid(picture, False)
            _add_photo(picture, path, clean_images=clean_images)
        if attached.caption:
            _centred(document, attached.caption)


def _add_photo(paragraph: Paragraph, path: Path, *, clean_images: bool) -> None:
    """The photo at text width, or at 200 mm high when it is tall (it must fit the 225 mm text block)."""
    try:
        # Word keeps a picture's own bytes, metadata and all: a clean copy unless the export is `full`
        picture: str | io.BytesIO = io.BytesIO(clean_image(path.read_bytes())) if clean_images else str(path)
        with PILImage.open(picture) as image:
            width_px, height_px = image.size
    except (OSError, ValueError):  # an UncleanableImage too: left out rather than shown with its tags
        return  # not an image Word could show either; the file stays listed in the record
    if height_px * 150 > width_px * 200:
        paragraph.add_run().add_picture(picture, height=Mm(200))
    else:
        paragraph.add_run().add_picture(picture, width=Mm(150))


def write_rectification(
    document: Document, item: Rectification, archive: Archive, fonts: Mapping[str, str]
) -> None:
    add_title(document, item.title)
    _blank(document)
    unit = archive.units.get(item.unit)
    rows = [
        ("问题", item.problem),
        ("发现", f"{item.found_by}（{cn_date(item.found_on)}）"),
        ("责任单位", unit.name if unit else item.unit),
        ("整改时限", cn_date(item.deadline)),
        ("状态", _STATUS[item.status] + (f"（{cn_date(item.closed_on)}）" if item.closed_on else "")),
    ]
    for label, value in rows:
        _labelled(document, label, value, fonts)
    if item.measures:
        document.add_paragraph("整改措施", style=HEADING_STYLES[2][0])
        add_markdown(document, item.measures)


def write_record(
    document: Document, record: Record, archive: Archive, fonts: Mapping[str, str], *, clean_images: bool
) -> None:
    """``record`` in the document, by its kind's writer."""
    if isinstance(record, Evidence):
        write_evidence(document, record, archive, fonts, clean_images=clean_images)
    else:
        WRITERS[record.kind](document, record, archive, fonts)


Writer = Callable[[Document, Record, Archive, Mapping[str, str]], None]
WRITERS: dict[str, Writer] = {
    "speech": write_speech,  # type: ignore[dict-item]
    "meeting": write_meeting,  # type: ignore[dict-item]
    "summary": write_summary,  # type: ignore[dict-item]
    "evidence": write_evidence,  # type: ignore[dict-item]
    "rectification": write_rectification,  # type: ignore[dict-item]
}
