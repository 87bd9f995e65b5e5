"""Column headers in the words offices use, per kind of sheet; and telling a sheet's kind from its header row.

The synonyms are listed in docs/intake.md (a test keeps the two in step). A header is compared after folding:
full-width forms, spaces, line breaks, a required-marker ``*`` and a trailing note in brackets
("日期（年月日）") do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

SheetKind = Literal["indicators", "units", "evidence", "rectifications", "self-scores"]
SHEET_KINDS: Final[tuple[SheetKind, ...]] = (
    "units",
    "indicators",
    "evidence",
    "rectifications",
    "self-scores",
)
# Reference lists: a workbook holding records (a unit's 报送表) may carry them for the person filling it in.
REFERENCE_KINDS: Final = frozenset({"indicators", "units"})

# field → the headers that name it, per kind; the first word is the one our templates write.
SYNONYMS: Final[Mapping[SheetKind, Mapping[str, tuple[str, ...]]]] = {
    "indicators": {
        "id": ("编号", "指标编号", "序号", "测评标准编号", "标准编号", "指标序号"),
        "level1": ("版块", "板块", "一级指标", "测评版块", "类别"),
        "level2": ("测评项目", "二级指标", "项目"),
        "level3": ("测评内容", "三级指标", "内容", "指标名称", "测评指标"),
        "standard": ("测评标准", "评分标准", "标准", "考核标准", "评价标准"),
        "score": ("分值", "分数", "标准分", "权重", "满分"),
        "methods": ("测评方法", "测评方式", "考核方式", "评价方法"),
        "units": ("责任单位", "牵头单位", "责任部门", "牵头部门"),
    },
    "units": {
        "id": ("单位编号", "编号", "代码", "单位代码", "简码"),
        "name": ("单位名称", "责任单位", "名称", "单位全称", "全称", "单位"),
        "short": ("简称", "单位简称"),
        "leader": ("分管领导", "负责人", "责任领导", "主要负责人"),
        "liaison": ("联络员", "联系人"),
        "phone": ("联系电话", "电话", "手机", "联系方式"),
        "org_code": ("机构代码", "档号代码", "机构问题代码"),
    },
    "evidence": {
        "indicator": ("测评标准编号", "指标编号", "标准编号", "测评指标", "指标", "对应指标", "测评项目",
                      "测评内容", "测评标准"),
        "unit": ("责任单位", "牵头单位", "责任部门", "报送单位", "填报单位", "单位"),
        "date": ("日期", "时间", "活动日期", "活动时间", "材料日期", "形成日期", "形成时间", "拍摄日期",
                 "拍摄时间", "发生时间"),
        "title": ("标题", "材料名称", "题名", "名称", "事由", "活动名称", "主题", "材料标题"),
        "kind": ("类别", "类型", "材料类型", "材料类别", "形式"),
        "location": ("地点", "活动地点", "拍摄地点"),
        "people": ("人物", "参与人员", "参加人员", "人员", "参会人员"),
        "files": ("文件名", "文件", "附件", "附件名称", "文件名称", "照片", "图片", "照片文件名", "材料文件"),
        "caption": ("图片说明", "照片说明", "说明", "备注"),
        "description": ("内容摘要", "摘要", "内容简介", "简要内容", "工作内容"),
        "access": ("公开范围", "公开属性", "密级"),
        "doc_number": ("文号", "发文字号"),
        "tags": ("标签", "关键词"),
    },
    "rectifications": {
        "problem": ("问题描述", "存在问题", "问题", "问题内容", "发现问题", "问题表现"),
        "found_by": ("发现单位", "督查组", "检查组", "来源", "问题来源", "发现人", "检查单位", "交办单位"),
        "found_on": ("发现日期", "发现时间", "检查日期", "检查时间", "交办日期", "交办时间", "日期"),
        "unit": ("责任单位", "整改单位", "牵头单位", "责任部门"),
        "deadline": ("整改时限", "完成时限", "整改期限", "时限", "办结时限"),
        "status": ("整改情况", "整改状态", "状态", "是否整改", "整改进度", "办理情况"),
        "measures": ("整改措施", "措施", "整改方案"),
        "closed_on": ("完成日期", "完成时间", "整改完成时间", "销号时间", "办结时间"),
        "files": ("佐证材料", "销号材料", "整改佐证", "附件", "整改照片"),
        "indicator": ("测评指标", "指标编号", "测评标准编号", "对应指标"),
        "access": ("公开范围",),
    },
    "self-scores": {
        "unit": ("责任单位", "单位", "自评单位"),
        "month": ("月份", "自评月份", "测评月份"),
        "indicator": ("指标编号", "测评标准编号", "测评指标", "指标"),
        "score": ("自评得分", "自评分", "自测得分", "得分", "自评分数"),
        "note": ("说明", "备注", "扣分原因", "失分原因", "存在问题"),
    },
}  # fmt: skip

# Columns a sheet may have that nothing is taken from, without a warning.
IGNORED: Final = frozenset({"序号", "行号", "排序"})

# A sheet is of a kind when its header row names every field of one of these sets.
_TELLING: Final[Mapping[SheetKind, tuple[frozenset[str], ...]]] = {
    "indicators": (
        frozenset({"level3", "standard"}),
        frozenset({"level3", "score"}),
        frozenset({"level2", "score"}),
        frozenset({"id", "standard"}),
    ),
    "units": (frozenset({"name", "short"}), frozenset({"name", "liaison"}), frozenset({"name", "leader"})),
    "evidence": (frozenset({"date", "title"}), frozenset({"date", "files"})),
    "rectifications": (frozenset({"problem", "deadline"}), frozenset({"problem", "status"})),
    "self-scores": (frozenset({"month", "score"}),),
}
# Fields a row cannot do without (the unit may also come from the sheet's title or --unit).
REQUIRED: Final[Mapping[SheetKind, tuple[str, ...]]] = {
    "indicators": (),
    "units": ("name",),
    "evidence": ("date", "title"),
    "rectifications": ("problem", "found_on", "deadline", "status"),
    "self-scores": ("month", "indicator", "score"),
}
_BRACKETED_TAIL: Final = re.compile(r"[（(][^（()）]*[)）]$")


def fold_header(value: Any) -> str:
    text = unicodedata.normalize("NFKC", "" if value is None else str(value))
    text = re.sub(r"[\s*＊:：]+", "", text)
    while _BRACKETED_TAIL.search(text) and not _BRACKETED_TAIL.fullmatch(text):
        text = _BRACKETED_TAIL.sub("", text)
    return text


_LOOKUP: Final[dict[SheetKind, dict[str, str]]] = {
    kind: {fold_header(word): field for field, words in fields.items() for word in words}
    for kind, fields in SYNONYMS.items()
}


@dataclass(frozen=True)
class HeaderMatch:
    kind: SheetKind
    columns: dict[str, int]  # field → 0-based column index (the first column naming it)
    duplicates: dict[int, str]  # a later column naming a field already taken → that field
    unknown: dict[int, str]  # columns naming nothing we take → their header text

    @property
    def score(self) -> int:
        return len(self.columns)


def match_header(cells: Iterable[Any], kind: SheetKind) -> HeaderMatch:
    lookup = _LOOKUP[kind]
    columns: dict[str, int] = {}
    duplicates: dict[int, str] = {}
    unknown: dict[int, str] = {}
    for index, value in enumerate(cells):
        folded = fold_header(value)
        if not folded:
            continue
        field = lookup.get(folded)
        if field is None:
            if folded not in IGNORED:
                unknown[index] = str(value).strip()
        elif field in columns:
            duplicates[index] = field
        else:
            columns[field] = index
    return HeaderMatch(kind, columns, duplicates, unknown)


def tells(match: HeaderMatch) -> bool:
    """Whether the matched columns are enough to call the sheet this kind."""
    found = set(match.columns)
    return any(needed <= found for needed in _TELLING[match.kind])


def best_match(cells: list[Any], kinds: Iterable[SheetKind]) -> HeaderMatch | None:
    """The kind this row is the header of, the one naming most of its columns; None when it is no header."""
    found = [m for m in (match_header(cells, kind) for kind in kinds) if tells(m)]
    if not found:
        return None
    return max(found, key=lambda m: (m.score, -SHEET_KINDS.index(m.kind)))
