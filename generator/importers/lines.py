"""What one line of a document is by its shape alone: a date, a compilation's part marker, a sentence's end.

Both the noise stripper (which must not glue such a line to the one before) and the structure recogniser
(which reads the date and splits the compilation) ask these questions, so the answers live here once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

# A line ending in one of these ends its sentence; anything else may continue on the next line.
TERMINAL: Final = "。！？!?；;：:…”’」』）)】》"
_CN_DIGITS: Final = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUM: Final = "〇○零一二三四五六七八九十"
_DATE_CN: Final = re.compile(
    rf"([\d{CN_NUM}]{{4}})\s*年\s*([\d{CN_NUM}]{{1,3}})\s*月\s*([\d{CN_NUM}]{{1,3}})\s*日"
)
_DATE_ISO: Final = re.compile(r"(?<!\d)(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})(?!\d)")
_PART_NUMBER: Final = r"[一二三四五六七八九十百]+|\d+"
# 第一篇：…, 第二篇 …, 篇一：…, 【第三篇】… — one part of a compilation, with its title after the marker or,
# when the marker stands alone ("【篇二】"), on the lines after it.
PART_MARKER: Final = re.compile(
    rf"^[【\[]?\s*(?:第(?:{_PART_NUMBER})篇|篇(?:{_PART_NUMBER}))\s*[】\]]?\s*(?:[:：]\s*)?"
    r"(?P<title>(?<=[】\]:：\s])\S.*)?$"
)


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` in a common form: 2011年3月18日, 二〇一一年三月十八日, 2019-05-15."""
    for pattern in (_DATE_CN, _DATE_ISO):
        match = pattern.search(text)
        if match:
            try:
                return dt.date(*(_number(part) for part in match.groups()))
            except ValueError:
                continue
    return None


def _number(text: str) -> int:
    text = text.strip()
    if text.isdigit():
        return int(text)
    if "十" in text:  # 十八 = 18, 二十 = 20, 三十一 = 31
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(_CN_DIGITS[ch]) for ch in text))


def is_date_line(text: str) -> bool:
    """A line holding only a date, perhaps in half- or full-width brackets: (2024年3月12日)."""
    inner = text.strip().strip("（）()").strip()
    match = _DATE_CN.fullmatch(inner) or _DATE_ISO.fullmatch(inner)
    return bool(match) and parse_date(inner) is not None
