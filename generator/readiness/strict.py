"""Readiness rules as problems for `dossier check --strict`, placed at the record field that breaks them.

Errors: an indicator leaf with no supporting material (at its ``id`` in indicators.yml), an overdue
rectification (at its ``deadline``), material dated outside the assessment window (at its ``date``), a
rectified or verified rectification without closing evidence (at its ``evidence``, else ``status``).
Warnings: recycled files and photos, photo dates that disagree, records dated after the as-of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import Problem, sort_problems
from generator.i18n import t
from generator.load import Loc, YamlDocument, read_yaml
from generator.model import Archive
from generator.readiness.report import Readiness, build_report
from generator.schema import Evidence, Record, Rectification

INDICATORS_FILE = "indicators.yml"


@cache
def _document(path: Path, _mtime_ns: int) -> YamlDocument | None:
    doc, _problems = read_yaml(path)
    return doc


def _doc(path: Path) -> YamlDocument | None:
    try:
        return _document(path, path.stat().st_mtime_ns)
    except OSError:
        return None


def _at(path: Path, loc: Loc, code: str, severity: str = "error", **params: object) -> Problem:
    doc = _doc(path)
    if doc is None:
        return Problem(path, 0, 0, severity, code, params)  # type: ignore[arg-type]
    mark = doc.position(loc)
    return Problem(path, mark.line, mark.column, severity, code, params)  # type: ignore[arg-type]


def _record_path(archive: Archive, record: Record) -> Path:
    return archive.root / record.source_path


def _has_key(archive: Archive, record: Record, key: str) -> bool:
    doc = _doc(_record_path(archive, record))
    return doc is not None and isinstance(doc.data, dict) and key in doc.data


def _indicator_locs(data: Any, prefix: Loc = ()) -> Iterator[tuple[str, Loc]]:
    if not isinstance(data, list):
        return
    for i, node in enumerate(data):
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            yield node["id"], (*prefix, i)
            yield from _indicator_locs(node.get("children"), (*prefix, i, "children"))


def _missing(archive: Archive, report: Readiness) -> list[Problem]:
    path = archive.root / INDICATORS_FILE
    doc = _doc(path)
    locs = dict(_indicator_locs(doc.data)) if doc else {}
    return [
        _at(
            path,
            (*locs.get(leaf.indicator.id, ()), "id"),
            "readiness-no-evidence",
            id=leaf.indicator.id,
            title=leaf.indicator.title,
            score=f"{leaf.weight:g}",
        )
        for leaf in report.missing
    ]


def _ledger(archive: Archive, report: Readiness) -> list[Problem]:
    problems = []
    for entry in report.ledger:
        record = entry.record
        path = _record_path(archive, record)
        if entry.overdue:
            problems.append(
                _at(
                    path,
                    ("deadline",),
                    "readiness-overdue",
                    id=record.id,
                    unit=record.unit,
                    days=entry.days_overdue,
                    deadline=record.deadline.isoformat(),
                )
            )
        if entry.missing_closing_evidence:
            field = "evidence" if _has_key(archive, record, "evidence") else "status"
            problems.append(
                _at(
                    path,
                    (field,),
                    "readiness-no-closing-evidence",
                    field=field,
                    id=record.id,
                    status=t("rect-" + entry.status),
                )
            )
    return problems


def _date_field(archive: Archive, record: Record) -> str:
    if isinstance(record, Rectification) and not _has_key(archive, record, "date"):
        return "found_on"
    return "date"


def _dates(archive: Archive, report: Readiness) -> list[Problem]:
    problems = []
    window = report.window
    for record in report.window_violations:
        if window is None:
            continue
        field = _date_field(archive, record)
        problems.append(
            _at(
                _record_path(archive, record),
                (field,),
                "readiness-outside-window",
                field=field,
                id=record.id,
                date=record.date.isoformat(),
                start=window.start.isoformat(),
                end=window.end.isoformat(),
            )
        )
    for record in report.future:
        field = _date_field(archive, record)
        problems.append(
            _at(
                _record_path(archive, record),
                (field,),
                "readiness-future",
                "warning",
                field=field,
                id=record.id,
                date=record.date.isoformat(),
                as_of=report.as_of.isoformat(),
            )
        )
    return problems


def _file_index(record: Evidence, file: str) -> int:
    return next((i for i, attached in enumerate(record.files) if attached.path == file), 0)


def _files(archive: Archive, report: Readiness) -> list[Problem]:
    problems = []
    for group in report.duplicates:
        for record_id in group.records:
            record = archive.get(record_id)
            if not isinstance(record, Evidence):
                continue
            mine = [f.path for f in record.files if f.path in group.files]
            index = _file_index(record, mine[0] if mine else "")
            others = ", ".join(r for r in group.records if r != record_id)
            problems.append(
                _at(
                    _record_path(archive, record),
                    ("files", index, "path"),
                    "readiness-duplicate",
                    "warning",
                    field=f"files[{index}].path",
                    file=mine[0] if mine else "",
                    others=others,
                    match=t("match-" + group.match),
                )
            )
    for mismatch in report.photo_dates:
        record = archive.get(mismatch.record)
        if isinstance(record, Evidence):
            index = _file_index(record, mismatch.file)
            problems.append(
                _at(
                    _record_path(archive, record),
                    ("files", index, "path"),
                    "readiness-photo-date",
                    "warning",
                    field=f"files[{index}].path",
                    taken=mismatch.taken.isoformat(),
                    date=mismatch.record_date.isoformat(),
                    days=mismatch.days,
                )
            )
    return problems


def readiness_problems(
    archive: Archive, as_of: dt.date | None = None, *, photo_tolerance: int | None = None
) -> list[Problem]:
    """Every readiness rule broken on ``as_of`` (default ``archive.today()``), sorted by file and line."""
    report = build_report(archive, as_of, photo_tolerance=photo_tolerance)
    problems = [
        *_missing(archive, report),
        *_ledger(archive, report),
        *_dates(archive, report),
        *_files(archive, report),
    ]
    return sort_problems(problems)
