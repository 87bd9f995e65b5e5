"""Dates as official documents and archival catalogues write them."""

from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date) -> str:
    """GB/T 9704: the date in full with no leading zeros, e.g. 2024年5月8日."""
    return f"{day.year}年{day.month}月{day.day}日"


def compact_date(day: dt.date) -> str:
    """DA/T 22 catalogue form: YYYYMMDD."""
    return day.strftime("%Y%m%d")


def display_date(day: dt.date, language: str) -> str:
    return cn_date(day) if language == "zh" else day.isoformat()
