"""Cell values as offices write them: dates in every form, statuses in words, units by any of their names,
indicator ids however they are punctuated, lists in one cell.

Each parser returns the value or raises ``BadValue`` with a message code and its parameters; the caller
places it at the cell.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from generator.i18n import t
from generator.model import suffixes_of

EXCEL_SERIAL_MIN: Final = 20_000  # 1954-10-03: a number below this in a date column is not an Excel date
EXCEL_SERIAL_MAX: Final = 80_000  # 2119-01-10
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)  # Excel's day 0, counting its phantom 1900-02-29


class BadValue(ValueError):
    """A cell's value cannot be read as what its column holds."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(code)


def text_of(value: Any) -> str:
    """A cell's value as text: numbers without a trailing .0, dates ISO, surrounding spaces dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def folded(text: str) -> str:
    """Text compared loosely: full-width forms folded (NFKC), spaces dropped, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


# ------------------------------------------------------------------------------------------ dates
_NUMERIC_DATE: Final = re.compile(r"(\d{4})\s*[./\-年]\s*(\d{1,2})\s*[./\-月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE: Final = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME_AFTER: Final = re.compile(
    r"(?:[T\s]*(?:上午|下午|晚上)?\s*\d{1,2}[:：时]\d{0,2}(?:[:：]\d{2})?分?)?\s*"
)


def parse_date(value: Any) -> dt.date:
    """A date from an Excel date, an Excel serial number, or 2024-05-08, 2024/5/8, 2024.5.8, 2024年5月8日,
    20240508 — a time of day after it is allowed and dropped."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return excel_serial(value)
    text = unicodedata.normalize("NFKC", text_of(value))
    for pattern in (_NUMERIC_DATE, _COMPACT_DATE):
        match = pattern.match(text)
        if match and _TIME_AFTER.fullmatch(text[match.end() :]):
            year, month, day = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise BadValue("bad-date", value=text) from None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return excel_serial(float(text))
    raise BadValue("bad-date", value=text)


def excel_serial(number: float) -> dt.date:
    """Excel's day number (45420 = 2024-05-08), as a cell that lost its date format shows it."""
    if not EXCEL_SERIAL_MIN <= number <= EXCEL_SERIAL_MAX:
        raise BadValue("bad-date", value=text_of(number))
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))


_MONTH: Final = re.compile(r"(\d{4})\s*[./\-年]\s*(\d{1,2})\s*月?(?:份)?")


def parse_month(value: Any) -> str:
    """``YYYY-MM`` from 2024-05, 2024年5月, 2024.5, an Excel date or a full date (its month)."""
    if isinstance(value, dt.date | int | float) and not isinstance(value, bool):
        day = parse_date(value)
        return f"{day.year:04d}-{day.month:02d}"
    text = unicodedata.normalize("NFKC", text_of(value))
    match = _MONTH.fullmatch(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
    try:
        day = parse_date(text)
    except BadValue:
        raise BadValue("bad-month", value=text) from None
    return f"{day.year:04d}-{day.month:02d}"


# ------------------------------------------------------------------------------------------ numbers
_SCORE: Final = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*分?")


def parse_score(value: Any) -> float:
    """A score: 2, 2.5, "2分"."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = unicodedata.normalize("NFKC", text_of(value))
    match = _SCORE.fullmatch(text)
    if match is None:
        raise BadValue("bad-number", value=text)
    return float(match.group(1))


_SCORE_IN_TITLE: Final = re.compile(r"\s*[（(]\s*([0-9]+(?:\.[0-9]+)?)\s*分\s*[)）]\s*$")


def split_title_score(title: str) -> tuple[str, float | None]:
    """ "公共秩序（10分）" → ("公共秩序", 10.0): framework sheets put a group's points in its name."""
    match = _SCORE_IN_TITLE.search(unicodedata.normalize("NFKC", title))
    if match is None:
        return title, None
    return title[: len(title) - len(match.group(0))].strip() or title, float(match.group(1))


# ------------------------------------------------------------------------------------------ choices
@dataclass(frozen=True)
class Choice:
    """A closed list of values, each with the words people write for it."""

    words: Mapping[str, str]  # folded word → value

    def parse(self, value: Any) -> str:
        text = text_of(value)
        found = self.words.get(folded(text))
        if found is None:
            raise BadValue("bad-choice", value=text, choices=self.shown())
        return found

    def shown(self) -> str:
        firsts: dict[str, str] = {}
        for word, value in self.words.items():
            firsts.setdefault(value, word)
        return "、".join(firsts.values())


def _choice(table: Mapping[str, Iterable[str]]) -> Choice:
    words = {folded(word): value for value, group in table.items() for word in (*group, value)}
    return Choice(words)


STATUS: Final = _choice(
    {
        "open": ("未整改", "整改中", "正在整改", "待整改", "未完成", "推进中", "未销号"),
        "rectified": ("已整改", "整改完成", "已完成", "完成", "已办结", "办结"),
        "verified": ("已销号", "已验收", "销号", "验收", "已复核", "已核销"),
    },
)
ACCESS: Final = _choice(
    {
        "public": ("公开", "可公开"),
        "internal": ("内部", "内部公开", "不公开"),
        "restricted": ("受限", "涉密", "限制"),
    },
)
EVIDENCE_KIND: Final = _choice(
    {
        "photo": ("照片", "图片", "相片"),
        "document": ("文件", "文档", "资料", "文字材料"),
        "ledger": ("台账",),
        "video": ("视频", "录像"),
        "briefing": ("简报", "信息", "工作简报"),
        "scan": ("扫描件", "扫描", "原件扫描"),
        "statistics": ("统计表", "统计", "数据表", "报表"),
    },
)

VIDEO_SUFFIXES: Final = suffixes_of("video")
# A phone's HEIC photos are taken in too (kept as the originals); the site and binders list them as files.
IMAGE_SUFFIXES: Final = suffixes_of("image") | {".heic"}


def kind_from_files(names: Iterable[str]) -> str:
    """The evidence kind a row's files suggest when the row does not say: photos, a video, else a document."""
    suffixes = {("." + name.rpartition(".")[2].lower()) if "." in name else "" for name in names}
    if suffixes and suffixes <= IMAGE_SUFFIXES:
        return "photo"
    if suffixes & VIDEO_SUFFIXES:
        return "video"
    return "document"


# ------------------------------------------------------------------------------------------ lists
_LIST_SEPARATORS: Final = re.compile(r"[、，,;；\n\r]+")
_PEOPLE_SEPARATORS: Final = re.compile(r"[、，,;；\s]+")


def split_list(value: Any) -> list[str]:
    """Several names in one cell, separated by 、，,;； or a line break inside the cell."""
    return [part.strip() for part in _LIST_SEPARATORS.split(text_of(value)) if part.strip()]


def split_people(value: Any) -> list[str]:
    """People as listed in a cell: separators as ``split_list``, and spaces too (names hold none)."""
    return [part for part in _PEOPLE_SEPARATORS.split(text_of(value)) if part]


# ------------------------------------------------------------------------------------------ ids
_ID_TOKENS: Final = re.compile(r"[A-Za-z]+|\d+")
_ID_LIKE: Final = re.compile(r"[A-Za-z0-9]+(?:[\s.\-_、．·]*[A-Za-z0-9]+)*")


def id_tokens(text: str) -> tuple[str, ...]:
    """ "A.1.1", "A1.1", "A-1-1", "ａ１．１" → ("A", "1", "1"): what an id says, punctuation aside."""
    norm = unicodedata.normalize("NFKC", text).strip()
    return tuple(token.upper() for token in _ID_TOKENS.findall(norm))


def leading_id(text: str) -> tuple[str, str]:
    """Split "A.1.1 门前三包" into ("A.1.1", "门前三包"); ("", text) when it does not start with an id."""
    norm = unicodedata.normalize("NFKC", text).strip()
    match = _ID_LIKE.match(norm)
    if match is None:
        return "", text.strip()
    rest = norm[match.end() :].lstrip(" .、．:：-—")
    return match.group(0), rest


def dotted(tokens: tuple[str, ...]) -> str:
    return ".".join(tokens)


class IdMatcher:
    """Known ids found from however a cell writes them, with a suggestion when none fits."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = list(ids)
        self.by_tokens: dict[tuple[str, ...], str] = {}
        for known in self.ids:
            self.by_tokens.setdefault(id_tokens(known), known)
        self.exact = {known.lower(): known for known in self.ids}

    def find(self, text: str) -> str | None:
        exact = self.exact.get(text.strip().lower())
        if exact is not None:
            return exact
        tokens = id_tokens(text)
        return self.by_tokens.get(tokens) if tokens else None

    def suggestion(self, text: str) -> str:
        tokens = dotted(id_tokens(text)) or text
        close = difflib.get_close_matches(tokens, self.ids, n=1, cutoff=0.5)
        return t("intake-hint", name=close[0]) if close else ""


class UnitMatcher:
    """Units found by id, full name or short name (市城市管理局, 城管局, cgj), with a suggestion."""

    def __init__(self, units: Iterable[tuple[str, str, str | None]]) -> None:
        self.names: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        for unit_id, name, short in units:
            for label in (unit_id, name, short):
                if label:
                    self.names.setdefault(folded(label), unit_id)
                    self.labels.setdefault(label, unit_id)

    def find(self, text: str) -> str | None:
        return self.names.get(folded(text))

    def suggestion(self, text: str) -> str:
        close = difflib.get_close_matches(text.strip(), list(self.labels), n=1, cutoff=0.5)
        return t("intake-hint", name=close[0]) if close else ""
