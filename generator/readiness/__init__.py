"""Readiness for inspection (迎检准备): coverage of the indicators, the assessment window, the rectification
ledger, recycled files and photos, photo dates and self-assessment progress.

The one entry point is ``build_report(archive, as_of=None, *, unit=None, photo_tolerance=None,
audience="full", cache_dir=None)``; renderers in this package turn its ``Readiness`` into text, JSON, HTML,
XLSX or an SVG chart. Nothing here prints; with ``cache_dir`` the photos' facts are kept there between runs
(generator/filefacts.py).
"""

from __future__ import annotations

from generator.readiness import messages as _messages  # registers the report's i18n keys
from generator.readiness.chart import progress_charts, progress_svg
from generator.readiness.coverage import LeafCoverage, Points, SubtreeRollup
from generator.readiness.files import DuplicateGroup, PhotoDate
from generator.readiness.ledger import LedgerEntry
from generator.readiness.progress import MonthScore, UnitProgress
from generator.readiness.report import DEFAULT_PHOTO_TOLERANCE, Readiness, UnitReadiness, build_report

_messages.register()

__all__ = [
    "DEFAULT_PHOTO_TOLERANCE",
    "DuplicateGroup",
    "LeafCoverage",
    "LedgerEntry",
    "MonthScore",
    "PhotoDate",
    "Points",
    "Readiness",
    "SubtreeRollup",
    "UnitProgress",
    "UnitReadiness",
    "build_report",
    "progress_charts",
    "progress_svg",
]
