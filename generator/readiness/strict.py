"""Readiness rules as problems for `dossier check --strict`, placed at the record field that breaks them.

Errors: an indicator leaf with no supporting material (at its ``id`` in indicators.yml), an overdue
rectification (at its ``deadline``), material dated outside the assessment window (at its ``date``), a
rectified or verified rectification without closing evidence (at its ``evidence``, else ``status``).
Warnings: recycled files and photos, photo dates that disagree, records dated after the as-of date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import Problem, sort_problems
from generator.i18n import t
from generator.load import Loc, Source
from generator.model import Archive
from generator.readiness.report import Readiness, build_report
from generator.schema import Evidence, Record, Rectification

INDICATORS_FILE = "indicators.yml"


def _at(
    path: Path, origin: Source | None, loc: Loc, code: str, severity: str = "error", **params: object
) -> Problem:
    """A problem at ``loc`` of the value written at ``origin`` (positions the loader kept in the model)."""
    if origin is None:
        return Problem(path, 0, 0, severity, code, params)  # type: ignore[arg-type]
    mark = origin.position(loc)
    return Problem(path, mark.line, mark.column, severity, code, params)  # type: ignore[arg-type]


def _at_record(
    archive: Archive, record: Record, loc: Loc, code: str, severity: str = "error", **params: object
) -> Problem:
    origin = archive.origin_of(record)
    return _at(archive.root / record.source_path, origin, loc, code, severity, **params)


def _wrote(archive: Archive, record: Record, key: str) -> bool:
    origin = archive.origin_of(record)
    return origin is not None and origin.wrote(key)


def _missing(archive: Archive, report: Readiness) -> list[Problem]:
    path = archive.root / INDICATORS_FILE
    return [
        _at(
            path,
            leaf.indicator.origin,
            ("id",),
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
        if entry.overdue:
            problems.append(
                _at_record(
                    archive,
                    record,
                    ("deadline",),
                    "readiness-overdue",
                    id=record.id,
                    unit=record.unit,
                    days=entry.days_overdue,
                    deadline=record.deadline.isoformat(),
                )
            )
        if entry.missing_closing_evidence:
            field = "evidence" if _wrote(archive, record, "evidence") else "status"
            problems.append(
                _at_record(
                    archive,
                    record,
                    (field,),
                    "readiness-no-closing-evidence",
                    field=field,
                    id=record.id,
                    status=t("rect-" + entry.status),
                )
            )
    return problems


def _date_field(archive: Archive, record: Record) -> str:
    if isinstance(record, Rectification) and not _wrote(archive, record, "date"):
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
            _at_record(
                archive,
                record,
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
            _at_record(
                archive,
                record,
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
                _at_record(
                    archive,
                    record,
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
                _at_record(
                    archive,
                    record,
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
