"""Recognise what a reader sees in a document: title, date, speaker, occasion and the heading hierarchy.

Works on cleaned blocks (see ``noise``) and yields ``Draft``s — one per speech when the file is a compilation
(第一篇… 第二篇…). Headings come from Word heading styles, from bold numbered lines, or from the text alone
(一、 （一） 1. （1）) and become Markdown ``##`` … ``#####``, as the records contract expects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from generator.importers.blocks import Block, Image
from generator.importers.lines import CN_NUM, PART_MARKER, TERMINAL, is_date_line, parse_date
from generator.markdown_render import official_level

_FANWEN: Final = re.compile(r"\s*范文(?:\d+篇)?$")
_TITLE_END: Final = re.compile(r"(?:讲话|发言|致辞|报告|纪要|记录|总结|小结|汇报|讲稿|主持词|提纲)$")
_OCCASION: Final = re.compile(r"在(.+?)(?:上的|上|的)?(?:讲话|发言|致辞|主持词|报告|讲话稿)(?:提纲)?$")
_ROLE_WORDS: Final = (
    "书记|副书记|市长|副市长|县长|副县长|区长|旗长|镇长|乡长|主任|副主任|部长|局长|委员|主席|秘书长|厅长|"
    "处长|科长|组长|校长|院长|经理|总经理|董事长|常委|政委|司令员|队长|所长|馆长|站长|行长|社长"
)
_ROLE: Final = re.compile(rf"(?:{_ROLE_WORDS})$")
# Shortest first, so that "张明同志" is 张明 and the 同志 after it a courtesy, not part of the name.
_NAME: Final = r"[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,3}?"
_PAREN_DATE: Final = r"[（(]\s*(?P<date>[^（）()]{6,24})\s*[）)]"
# "市委副书记 张明", "市委副书记张明", "张明同志", "讲话人：张明", "封 殿 辉（2024年8月7日）"
_SPEAKER_LINE: Final = re.compile(
    r"^(?:(?:讲话人|发言人|主讲人)\s*[:：]\s*)?"
    rf"(?:(?P<role>[\u4e00-\u9fff、，]{{2,24}}?)\s+|(?P<titled>[\u4e00-\u9fff、，]{{0,20}}(?:{_ROLE_WORDS})))?"
    rf"(?P<name>{_NAME})(?:\s*同志)?\s*(?:{_PAREN_DATE})?$"
)
# A site's label in front of the title: "标题：…", "文章标题:…", "题目：…".
_TITLE_LABEL: Final = re.compile(
    r"^(?:文章标题|文档标题|文章题目|文章名称|文档名称|标题|题目|篇名)\s*[:：]\s*"
)
_TITLE_LABEL_SEARCH: Final = 4
_SUBTITLE: Final = re.compile(r"^[—－-]{1,2}\s*(?P<rest>.+)$")
_SUBTITLE_SPEECH: Final = re.compile(
    r"^(?P<who>.+?)(?:同志)?在(?P<occasion>.+?)(?:上的|上|的)(?:讲话|发言|致辞)$"
)
_OPENING: Final = re.compile(r"^(?:同志们|各位|尊敬的)")
_SENTENCE: Final = re.compile(r"^(.{2,40}?[。！？])(.+)$")
_CAPTION: Final = re.compile(r"^[（(]?(?:图\s*\d*|照片\s*\d*|图为|附图)")
_MAX_HEADING: Final = 60
_MAX_TITLE: Final = 80


@dataclass
class Draft:
    """What one document (or one speech of a compilation) says about itself."""

    title: str
    blocks: list[Block]  # the body, header lines taken out
    date: dt.date | None = None
    speaker: str | None = None
    speaker_role: str | None = None
    occasion: str | None = None
    signature: str | None = None  # a unit or person signing at the foot, above the date
    images: list[Image] = field(default_factory=list)

    def markdown(self) -> str:
        return blocks_to_markdown(self.blocks)


# ------------------------------------------------------------------------------------------ splitting
def split_compilation(blocks: list[Block]) -> list[tuple[str | None, list[Block]]]:
    """One part per 第N篇 marker (with the marker's title), or the whole file as one part."""
    starts = [i for i, block in enumerate(blocks) if PART_MARKER.match(block.text) and not block.table]
    if not starts:
        return [(None, blocks)]
    parts: list[tuple[str | None, list[Block]]] = []
    if any(len(b.text) > _MAX_TITLE for b in blocks[: starts[0]]):
        parts.append((None, blocks[: starts[0]]))
    for start, end in zip(starts, [*starts[1:], len(blocks)], strict=True):
        match = PART_MARKER.match(blocks[start].text)
        title = match.group("title") if match else None
        title = title.strip() if title else None
        parts.append((title, blocks[start + 1 : end]))
    return parts


# ------------------------------------------------------------------------------------------ recognising
def recognise(blocks: list[Block], marker_title: str | None, fallback_title: str) -> Draft:
    """Title, header lines (speaker, date, occasion) and body of one document."""
    blocks = _from_title_label(blocks)
    if marker_title is not None:
        marker_title = _TITLE_LABEL.sub("", marker_title)
    title, rest = _take_title(blocks, marker_title, fallback_title)
    rest = [b for b in rest if not _repeats_title(b, title)]
    draft = Draft(title=title, blocks=[])
    rest = _take_header(rest, draft)
    _fill_from_title(draft)
    if draft.date is None and rest and is_date_line(rest[-1].text):  # a signature date at the end
        draft.date = parse_date(rest[-1].text)
        rest = rest[:-1]
        if rest and _signature_like(rest[-1]):  # the issuing unit's name just above that date
            draft.signature = rest[-1].text
            rest = rest[:-1]
    draft.images = [_captioned(b.image, rest[i + 1 :]) for i, b in enumerate(rest) if b.image is not None]
    draft.blocks = [b for b in rest if b.image is None]
    return draft


def _captioned(image: Image, following: list[Block]) -> Image:
    """The picture with its caption ("图为…", or a short centred line under it); the body keeps the text."""
    after = next((b for b in following if b.image is None), None)
    if after is None or after.table or len(after.text) > _MAX_HEADING:
        return image
    if _CAPTION.match(after.text) or (after.centered and after.style_level is None):
        return dataclasses.replace(image, caption=after.text)
    return image


def _signature_like(block: Block) -> bool:
    text = block.text
    return (
        bool(text)
        and len(text) <= 30
        and text[-1] not in "。！？!?；;：:，,…"  # a unit's name may end in "）": 市文明办（市创文办）
        and official_level(text) is None
        and not block.table
    )


def _from_title_label(blocks: list[Block]) -> list[Block]:
    """The blocks from a site's labelled title ("标题：…") on, unlabelled; lines above it are the site's."""
    for i, block in enumerate(blocks[:_TITLE_LABEL_SEARCH]):
        label = _TITLE_LABEL.match(block.text)
        if label and not block.table:
            title = block.text[label.end() :].strip()
            labelled = [dataclasses.replace(block.with_text(title), style_level=0)] if title else []
            return labelled + blocks[i + 1 :]
    return blocks


def _title_like(block: Block) -> bool:
    text = block.text
    if block.table or block.image or not text or len(text) > _MAX_TITLE or _OPENING.match(text):
        return False
    if block.style_level == 0 or (block.size or 0) >= 18:
        return True
    return text[-1] not in TERMINAL or (text.endswith(("）", ")")) and not text.endswith("。）"))


def _take_title(blocks: list[Block], marker_title: str | None, fallback: str) -> tuple[str, list[Block]]:
    styled = [i for i, b in enumerate(blocks[:6]) if b.style_level == 0]
    if styled:
        first = styled[0]
        count = 1
        while first + count < len(blocks) and blocks[first + count].style_level == 0:
            count += 1
        title = "".join(b.text for b in blocks[first : first + count])
        return _FANWEN.sub("", title), blocks[:first] + blocks[first + count :]
    count = _title_lines(blocks)
    candidate = _FANWEN.sub("", "".join(b.text for b in blocks[:count]))
    if marker_title is not None:
        marker = _FANWEN.sub("", marker_title)
        if count and (candidate in marker or marker in candidate):
            return candidate, blocks[count:]
        return marker, blocks
    if count and official_level(blocks[0].text) is None:
        return candidate, blocks[count:]
    return fallback, blocks


def _title_lines(blocks: list[Block]) -> int:
    """How many leading blocks form the title (a long title is often broken over two lines)."""
    if not blocks or not _title_like(blocks[0]) or is_date_line(blocks[0].text):
        return 0
    first = blocks[0].text
    if _TITLE_END.search(_FANWEN.sub("", first)) or len(blocks) < 2:
        return 1
    second = blocks[1]
    joined = _FANWEN.sub("", first + second.text)
    if _title_like(second) and len(joined) <= _MAX_TITLE and _TITLE_END.search(joined):
        return 2
    return 1


def _repeats_title(block: Block, title: str) -> bool:
    text = _FANWEN.sub("", _TITLE_LABEL.sub("", block.text).replace(" ", ""))
    return bool(text) and text == title.replace(" ", "")


def _take_header(blocks: list[Block], draft: Draft) -> list[Block]:
    """Consume the speaker / date / subtitle lines right under the title."""
    taken = 0
    for block in blocks[:4]:
        if block.table or block.image or not _header_line(block.text, draft):
            break
        taken += 1
    return blocks[taken:]


def _header_line(text: str, draft: Draft) -> bool:
    if is_date_line(text):
        draft.date = draft.date or parse_date(text)
        return True
    subtitle = _SUBTITLE.match(text)
    if subtitle:
        _read_subtitle(subtitle.group("rest").strip(), draft)
        return True
    speaker = _SPEAKER_LINE.match(text)
    if not speaker or len(text) > 40 or official_level(text) is not None or _OPENING.match(text):
        return False
    date_text = speaker.group("date")
    if date_text and parse_date(date_text) is None:
        return False
    name = re.sub(r"\s+", "", speaker.group("name"))
    if _TITLE_END.search(name):  # "市委书记讲话" names an occasion, not a speaker
        return False
    role = speaker.group("role") or speaker.group("titled")
    if _ROLE.search(name) and not role:  # "市委书记" alone names an office, not a person
        role, name = name, ""
    draft.speaker = name or draft.speaker
    draft.speaker_role = role or draft.speaker_role
    draft.date = draft.date or (parse_date(date_text) if date_text else None)
    return True


def _read_subtitle(rest: str, draft: Draft) -> None:
    match = _SUBTITLE_SPEECH.match(rest)
    if not match:
        draft.occasion = rest
        return
    who = match.group("who").strip()
    draft.occasion = match.group("occasion").strip()
    role, _, name = who.rpartition(" ")
    if _ROLE.search(who) and not role:
        draft.speaker_role = who
    else:
        draft.speaker = name.strip()
        draft.speaker_role = role.strip() or draft.speaker_role


def _fill_from_title(draft: Draft) -> None:
    """Occasion, role and date from a title like "市长在全市推进会上的讲话" or "…（2011年3月18日）"."""
    draft.date = draft.date or parse_date(draft.title)
    match = _OCCASION.search(draft.title)
    if not match:
        return
    draft.occasion = draft.occasion or match.group(1).strip()
    who = re.sub(rf"^[\d{CN_NUM}]{{4}}年(?:度)?", "", draft.title[: match.start()]).strip()
    if not who:
        return
    if who.endswith("同志"):
        draft.speaker = draft.speaker or who.removesuffix("同志").strip()
    elif _ROLE.search(who) and len(who) <= 24:
        draft.speaker_role = draft.speaker_role or who


# ------------------------------------------------------------------------------------------ Markdown
def heading_level(block: Block, style_offset: int = 0) -> int | None:
    """1 (一、) … 4 (（1）) when the whole block is a heading; None for body text."""
    text = block.text
    if block.table or not text or len(text) > _MAX_HEADING:
        return None
    official = official_level(text)
    if block.style_level is not None and block.style_level >= 1:
        return official or max(1, min(4, block.style_level - style_offset))
    if official is None or "。" in text[:-1]:
        return None
    bold = block.bold_lead == text.strip()
    if official >= 3 and not bold and (len(text) > 30 or text[-1] in "。；;"):
        return None  # "1.…" lines in text are as often list items as headings; only short ones count
    return official


def _run_in(block: Block) -> tuple[str, str] | None:
    """(heading, rest) for a paragraph that opens with its own heading: "（一）提升素质。市民是…"."""
    text = block.text
    if block.style_level or block.table:
        return None
    lead = block.bold_lead
    if lead and lead != text and text.startswith(lead) and official_level(lead) and len(lead) <= _MAX_HEADING:
        return lead, text[len(lead) :].strip()
    level = official_level(text)
    match = _SENTENCE.match(text)
    if level in (1, 2) and match and official_level(match.group(1)):
        return match.group(1), match.group(2).strip()
    return None


def blocks_to_markdown(blocks: list[Block]) -> str:
    """Body blocks → the Markdown of a record's ``body``: headings, paragraphs, tables."""
    # A document whose top headings use "Heading 2" (Heading 1 being its title) still starts at ##.
    styled = [b.style_level for b in blocks if b.style_level]
    offset = min(styled) - 1 if styled else 0
    parts: list[str] = []
    for block in blocks:
        parts.extend(_block_markdown(block, offset))
    return "\n\n".join(part for part in parts if part.strip()) + "\n"


def _block_markdown(block: Block, offset: int) -> list[str]:
    if block.table:
        return [_table_markdown(block.table)]
    level = heading_level(block, offset)
    if level:
        return [f"{'#' * (level + 1)} {block.text.strip()}"]
    run_in = _run_in(block)
    if run_in:
        heading, rest = run_in
        level = official_level(heading) or 1
        return [f"{'#' * (level + 1)} {heading}", rest]
    return [block.md.strip()]


def _table_markdown(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(row) for row in rows)

    def line(cells: tuple[str, ...]) -> str:
        padded = [cell.replace("|", "\\|").replace("\n", " ") for cell in cells] + [""] * (width - len(cells))
        return "| " + " | ".join(padded) + " |"

    return "\n".join([line(rows[0]), "|" + " --- |" * width, *(line(row) for row in rows[1:])])
