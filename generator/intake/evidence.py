"""A unit's 报送表 → evidence records, with the files they name copied into ``files/``.

One row per piece of material; rows describing the same event (same date, title and place) become one
record with several files. A row's unit comes from its own cell, else ``--unit``, else the sheet's title
("填报单位：市城市管理局"). Rows imported before (same content, or every file already in the archive) are
reported and skipped; a row whose event was imported with other content is reported, and updated only with
``--replace``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.dates import cn_date
from generator.intake.archive_state import EventKey
from generator.intake.files import SourceFile
from generator.intake.problems import CellProblem, Place
from generator.intake.records import PlannedRecord, content_digest, ordered
from generator.intake.run import Present, Run, cell_text, header_text, place_of, sheet_unit
from generator.intake.sheets import Table
from generator.intake.values import (
    ACCESS,
    EVIDENCE_KIND,
    IMAGE_SUFFIXES,
    IdMatcher,
    UnitMatcher,
    kind_from_files,
    parse_date,
    split_list,
    split_people,
)
from generator.readiness import DEFAULT_PHOTO_TOLERANCE
from generator.reproducible import sha256_of
from generator.schema import KIND_FOLDERS

_ACCESS_ORDER = ("public", "internal", "restricted")


@dataclass
class _Row:
    index: int  # 0-based row of the grid
    date: dt.date
    title: str
    location: str
    units: list[str]
    indicators: list[str]
    files: list[tuple[SourceFile, str]]  # the file, and its caption
    kind: str | None
    access: str | None
    people: list[str]
    description: str
    doc_number: str
    tags: list[str]
    warnings: list[CellProblem] = field(default_factory=list)  # shown only if the row is imported

    @property
    def event(self) -> EventKey:
        return (self.date, self.title, self.location)


@dataclass
class _Group:
    rows: list[_Row] = field(default_factory=list)


def plan_evidence(tables: list[Table], run: Run) -> None:
    units, indicators = run.unit_matcher(), run.indicator_matcher()
    events = run.state.imported_events()
    for table in tables:
        default_units = _sheet_units(table, run, units)
        groups: dict[EventKey, _Group] = {}
        for row in table.rows:
            run.rows += 1
            parsed = _read_row(table, row, run, (units, indicators), default_units)
            if parsed is not None:
                groups.setdefault(parsed.event, _Group()).rows.append(parsed)
        if run.failed:
            continue
        workbook_sha256 = sha256_of(table.grid.path)
        for group in groups.values():
            _plan_group(table, group, run, events, workbook_sha256)


def _sheet_units(table: Table, run: Run, units: UnitMatcher) -> list[str]:
    found = sheet_unit(table, run, units)
    return [found] if found else []


# ------------------------------------------------------------------------------------------ rows
def _read_row(
    table: Table, row: int, run: Run, matchers: tuple[UnitMatcher, IdMatcher], default_units: list[str]
) -> _Row | None:
    units, indicators = matchers
    before = len(run.problems)
    date = _required(table, row, run, "date")
    title = _required(table, row, run, "title")
    day = run.parsed(place_of(table, row, "date"), parse_date, table.value(row, "date")) if date else None
    found_units = _names(table, row, run, "unit", lambda p, n: run.find_unit(p, n, units)) or default_units
    found_indicators = _names(table, row, run, "indicator", lambda p, n: run.find_indicator(p, n, indicators))
    if not found_indicators and run.options.indicator:
        found_indicators = [run.options.indicator]
    files = _files(table, row, run)
    kind = _choice(table, row, run, "kind", EVIDENCE_KIND.parse)
    access = _choice(table, row, run, "access", ACCESS.parse) or run.options.access
    if day is None or not title or _has_error(run, before):
        return None
    _check_photo_dates(files, day, place_of(table, row, "files"), run)
    warnings = run.problems[before:]
    del run.problems[before:]
    caption = cell_text(table, row, "caption")
    return _Row(
        index=row,
        date=day,
        title=title,
        location=cell_text(table, row, "location"),
        units=found_units,
        indicators=found_indicators,
        files=[(source, caption) for source in files],
        kind=kind,
        access=access,
        people=split_people(table.value(row, "people")),
        description=cell_text(table, row, "description"),
        doc_number=cell_text(table, row, "doc_number"),
        tags=split_list(table.value(row, "tags")),
        warnings=warnings,
    )


def _has_error(run: Run, since: int) -> bool:
    return any(p.severity == "error" for p in run.problems[since:])


def _required(table: Table, row: int, run: Run, name: str) -> str:
    text = cell_text(table, row, name)
    if not text:
        run.error(place_of(table, row, name), "missing-value", column=header_text(table, name))
    return text


def _names(table: Table, row: int, run: Run, name: str, find: Any) -> list[str]:
    place = place_of(table, row, name)
    found: list[str] = []
    for typed in split_list(table.value(row, name)):
        match = find(place, typed)
        if match is not None and match not in found:
            found.append(match)
    return found


def _choice(table: Table, row: int, run: Run, name: str, parse: Any) -> str | None:
    text = cell_text(table, row, name)
    return run.parsed(place_of(table, row, name), parse, text) if text else None


def _files(table: Table, row: int, run: Run) -> list[SourceFile]:
    place = place_of(table, row, "files")
    finder = run.finder(table.grid.path)
    found = []
    for typed in split_list(table.value(row, "files")):
        source = run.source_file(place, finder, typed)
        if source is not None:
            found.append(source)
            _check_photo_date(source, place, run)
    return found


def _check_photo_date(source: SourceFile, place: Place, run: Run) -> None:
    info = run.state.info
    window = info.assessment_window if info else None
    if source.taken is not None and window is not None and not window.start <= source.taken <= window.end:
        run.warn(
            place,
            "photo-outside-window",
            file=source.path.name,
            taken=source.taken.isoformat(),
            start=window.start.isoformat(),
            end=window.end.isoformat(),
        )


def _check_photo_dates(files: list[SourceFile], day: dt.date, place: Place, run: Run) -> None:
    """A photo taken (EXIF) far from the row's date, as ``dossier report`` flags photo-date mismatches."""
    info = run.state.info
    configured = info.photo_date_tolerance if info else None
    tolerance = configured if configured is not None else DEFAULT_PHOTO_TOLERANCE
    for source in files:
        if source.taken is not None and abs((source.taken - day).days) > tolerance:
            run.warn(
                place,
                "photo-date",
                file=source.path.name,
                taken=source.taken.isoformat(),
                date=day.isoformat(),
                days=abs((source.taken - day).days),
            )


# ------------------------------------------------------------------------------------------ records
def _plan_group(
    table: Table, group: _Group, run: Run, events: dict[EventKey, Any], workbook_sha256: str
) -> None:
    first = group.rows[0]
    place = place_of(table, first.index)
    rows = tuple(r.index + 1 for r in group.rows)
    data = _record_data(group, run)
    digest = content_digest(data)
    known = run.imported_rows.get(digest)
    if known is not None:
        run.present.append(Present(place, rows, known))
        return
    earlier = events.get(first.event)
    if earlier is not None and not run.options.replace:
        run.changed += 1
        run.warn(place, "row-changed", rows=_rows_text(rows), id=earlier.id)
        return
    holder = _all_files_present(group, run) if earlier is None else None
    if holder is not None:
        run.present.append(Present(place, rows, holder))
        return
    record_id = (
        earlier.id
        if earlier is not None
        else run.namer.record_id(f"evidence-{first.date:%Y%m%d}", "evidence")
    )
    relative = earlier.source_path if earlier is not None else f"{KIND_FOLDERS['evidence']}/{record_id}.yml"
    data["files"] = _placed_files(
        group, run, data["files"], (place_of(table, first.index, "files"), record_id)
    )
    data["source"] = {
        "file": table.grid.path.name,
        "sha256": workbook_sha256,
        **({"sheet": table.grid.sheet} if table.grid.sheet else {}),
        "rows": list(rows),
        "rows_sha256": digest,
    }
    record = ordered("evidence", {"id": record_id, **data})
    planned = PlannedRecord(
        kind="evidence",
        id=record_id,
        relative=relative,
        data=record,
        place=place,
        fields=_field_places(table, first.index),
        title=first.title,
        replace=earlier is not None,
    )
    run.planned.append(planned)
    run.problems += [warning for row in group.rows for warning in row.warnings]
    run.imported_rows[digest] = record_id  # the same rows twice in one run are one record
    if earlier is not None:
        run.updated += 1


def _record_data(group: _Group, run: Run) -> dict[str, Any]:
    first = group.rows[0]
    files = [
        (source, caption or _default_caption(first, source))
        for row in group.rows
        for source, caption in row.files
    ]
    data: dict[str, Any] = {
        "title": first.title,
        "date": first.date,
        "kind": next((r.kind for r in group.rows if r.kind), None)
        or kind_from_files(s.path.name for s, _ in files),
        "units": _union(r.units for r in group.rows),
        "indicators": _union(r.indicators for r in group.rows),
        "tags": _union(r.tags for r in group.rows),
        "access": _most_restricted(r.access for r in group.rows),
        "doc_number": next((r.doc_number for r in group.rows if r.doc_number), ""),
        "location": first.location,
        "people": _union(r.people for r in group.rows),
        "description": next((r.description for r in group.rows if r.description), ""),
        "files": [_file_entry(source, caption) for source, caption in _unique(files)],
    }
    return {key: value for key, value in data.items() if value or key == "files"}


def _file_entry(source: SourceFile, caption: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"path": "", "sha256": source.sha256}
    if caption:
        entry["caption"] = caption
    return entry


def _unique(files: list[tuple[SourceFile, str]]) -> list[tuple[SourceFile, str]]:
    seen: dict[str, tuple[SourceFile, str]] = {}
    for source, caption in files:
        seen.setdefault(source.sha256, (source, caption))
    return list(seen.values())


def _default_caption(row: _Row, source: SourceFile) -> str:
    """时间、地点、人物、事由, as a photo's caption should say, from the row when it gives none."""
    if source.path.suffix.lower() not in IMAGE_SUFFIXES:
        return ""
    parts = [cn_date(row.date), row.location, "、".join(row.people), row.title]
    return "，".join(part for part in parts if part)


def _placed_files(
    group: _Group, run: Run, entries: list[dict[str, Any]], owner: tuple[Place, str]
) -> list[dict[str, Any]]:
    place, record_id = owner
    sources: dict[str, SourceFile] = {}
    for r in group.rows:
        for s, _ in r.files:
            sources.setdefault(s.sha256, s)
    first = group.rows[0]
    folder = f"files/{first.units[0] if first.units else 'office'}/{first.date:%Y-%m}"
    for entry in entries:
        source = sources[entry["sha256"]]
        known = run.files_by_sha256.get(entry["sha256"])
        if known is not None:  # attached to another record already: the same file, not a second copy
            entry["path"] = known[1]
            if known[0] != record_id:  # not the record being updated
                run.warn(place, "file-in-archive", file=source.path.name, id=known[0])
        else:
            entry["path"] = run.files.target(source, folder)
    return entries


def _all_files_present(group: _Group, run: Run) -> str | None:
    digests = [s.sha256 for r in group.rows for s, _ in r.files]
    if not digests or any(d not in run.files_by_sha256 for d in digests):
        return None
    return run.files_by_sha256[digests[0]][0]


def _union(lists: Any) -> list[str]:
    merged: list[str] = []
    for items in lists:
        merged += [item for item in items if item not in merged]
    return merged


def _most_restricted(levels: Any) -> str | None:
    given = [level for level in levels if level]
    return max(given, key=_ACCESS_ORDER.index) if given else None


def _rows_text(rows: tuple[int, ...]) -> str:
    return "、".join(str(r) for r in rows)


def _field_places(table: Table, row: int) -> dict[str, Place]:
    names = {
        "title": "title", "date": "date", "kind": "kind", "units": "unit", "indicators": "indicator",
        "access": "access", "location": "location", "people": "people", "files": "files",
        "description": "description", "doc_number": "doc_number", "tags": "tags",
    }  # fmt: skip
    return {
        key: place_of(table, row, column) for key, column in names.items() if table.column(column) is not None
    }
