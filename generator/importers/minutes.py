"""Meeting minutes: the labelled lines (时间 地点 主持人 出席 列席 请假 记录人 议题) and the 议定事项 list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from generator.importers.blocks import Block

_LABELS: Final = {
    "time": r"会议时间|时间",
    "location": r"会议地点|地点",
    "host": r"会议主持|主持人|主持",
    "attendees": r"出席人员|出席|参会人员|参加人员|与会人员|参会人",
    "observers": r"列席人员|列席",
    "absent": r"请假人员|请假|缺席人员|缺席",
    "recorder": r"记录人|记录员|记录",
    "agenda": r"会议议题|议题",
}
_LABEL_LINE: Final = re.compile(
    r"^(?P<label>{})\s*[:：]\s*(?P<value>.*)$".format("|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()))
)
_DECISIONS: Final = re.compile(
    r"^(?:[一二三四五六七八九十]+、\s*)?(?:会议)?议定(?:事项|的事项|以下事项)\s*[:：]?$"
)
_ITEM_NUMBER: Final = re.compile(
    r"^(?:\d+\s*[.．、]|[（(]?[一二三四五六七八九十\d]+[）)、]|[一二三四五六七八九十]+、)\s*"
)
_AGENDA_SPLIT: Final = re.compile(r"[；;]\s*(?=\d+\s*[.．、]|[（(]?[一二三四五六七八九十]+[）)、])")
_MAX_LABEL_VALUE: Final = 400
MEETING_LABELS: Final = ("主持人", "出席", "列席", "请假", "记录人", "议题", "地点")


@dataclass
class Minutes:
    fields: dict[str, str] = field(default_factory=dict)
    decisions: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def looks_like_minutes(title: str, blocks: list[Block]) -> bool:
    if re.search(r"纪要|会议记录", title):
        return True
    labelled = {_label_of(b.text) for b in blocks[:40]} - {None, "time"}
    return len(labelled) >= 2


def _label_of(text: str) -> str | None:
    match = _LABEL_LINE.match(text.strip())
    if not match or len(match.group("value")) > _MAX_LABEL_VALUE:
        return None
    return next(key for key in _LABELS if match.group(key))


def extract_minutes(blocks: list[Block]) -> Minutes:
    """Take the labelled lines and the decisions out of the blocks; what remains is the minutes' text."""
    minutes = Minutes()
    in_decisions = False
    for block in blocks:
        text = block.text.strip()
        key = None if block.table else _label_of(text)
        if key and key not in minutes.fields:
            match = _LABEL_LINE.match(text)
            minutes.fields[key] = match.group("value").strip() if match else ""
            in_decisions = False
            continue
        if not block.table and _DECISIONS.match(text):
            in_decisions = True
            continue
        if in_decisions and block.style_level is None and not block.table and text:
            minutes.decisions.append(_ITEM_NUMBER.sub("", text))
            continue
        in_decisions = False
        minutes.blocks.append(block)
    return minutes


def names(value: str) -> list[str]:
    """ "张三、李四，王五" → [张三, 李四, 王五]; only "；" separates when present (items may hold "、").

    Separators inside brackets do not split: "黄敏（参加省里会议，由副主任代会）" is one entry. Spaces
    separate only when there is no punctuation ("张三 李四"). A trailing 。 and the words 无/等 are dropped.
    """
    value = value.strip().rstrip("。.")
    if "；" in value or ";" in value:
        separators = "；;"
    elif re.search(r"[、，,]", value):
        separators = "、，,"
    else:
        separators = " \t\u3000"
    return [name for name in _split_outside_brackets(value, separators) if name not in ("", "无", "等")]


def _split_outside_brackets(value: str, separators: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in value:
        if ch in "（(【[《":
            depth += 1
        elif ch in "）)】]》":
            depth = max(0, depth - 1)
        if ch in separators and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return parts


def agenda_items(value: str) -> list[str]:
    """ "1．审议…；2．研究…" → ['审议…', '研究…']; an unnumbered value is one item."""
    value = value.strip().rstrip("。")
    if not value:
        return []
    items = _AGENDA_SPLIT.split(value) if _ITEM_NUMBER.match(value) else [value]
    return [_ITEM_NUMBER.sub("", item).strip().rstrip("；;。") for item in items if item.strip()]
