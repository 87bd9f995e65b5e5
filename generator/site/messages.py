"""The website's readiness and scale words, Chinese and English, merged into ``generator.i18n.MESSAGES``.

Kept beside the site rather than in the shared i18n.py (several helpers edit that file); ``register`` never
overwrites a key that already exists there. The readiness report's own keys (``status-missing``,
``col-…``, ``section-…``) come from ``generator.readiness`` and are reused as they are.
"""

from __future__ import annotations

from typing import Final

from generator.i18n import MESSAGES as _SHARED

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "site-dashboard": {"en": "Readiness", "zh": "迎检准备"},
    "site-dashboard-open": {"en": "Open the readiness dashboard", "zh": "查看迎检准备详情"},
    "site-dashboard-lead": {
        "en": "As of {date}. Figures count every record in the archive; only the records this site may "
        "show are linked.",
        "zh": "截至 {date}。统计范围为档案中的全部记录；本网站只链接其可公开范围内的记录。",
    },
    "site-dashboard-hidden": {
        "en": "and {count} record(s) not shown on this site",
        "zh": "另有 {count} 条记录不在本网站公开范围内",
    },
    "site-points-at-risk": {"en": "points without evidence", "zh": "分无佐证"},
    "site-points-thin": {"en": "points with thin evidence", "zh": "分佐证单薄"},
    "site-points-covered": {"en": "points covered", "zh": "分已佐证"},
    "site-chart-of": {"en": "Self-assessment: {name}", "zh": "自测打分进度：{name}"},
    "site-years-lead": {
        "en": "{count} records, one page per year (newest first).",
        "zh": "共 {count} 条，每年一页（最近的年度在前）。",
    },
    "site-gallery-all": {"en": "All {count} photos of {year}", "zh": "{year}年全部 {count} 张照片"},
}


def register() -> None:
    for key, entry in MESSAGES.items():
        _SHARED.setdefault(key, entry)
