"""A 问题整改台账 → rectification records; the files a row names as its 佐证/销号材料 become the closing
evidence record it links to.

A problem is known again by its unit and wording: the same row imported twice is reported and skipped; a
row whose status, deadline or measures changed since is reported, and updated only with ``--replace`` (the
ledger is kept month after month, so that is how statuses move on).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.intake.problems import Place
from generator.intake.records import PlannedRecord, content_digest, ordered
from generator.intake.run import Present, Run, cell_text, header_text, place_of, sheet_unit
from generator.intake.sheets import Table
from generator.intake.values import ACCESS, STATUS, UnitMatcher, kind_from_files, parse_date, split_list
from generator.reproducible import sha256_of
from generator.schema import KIND_FOLDERS, Rectification

UNKNOWN = "不详"
TITLE_CHARS = 40
_DATES = ("found_on", "deadline", "closed_on")


def plan_rectifications(tables: list[Table], run: Run) -> None:
    units, indicators = run.unit_matcher(), run.indicator_matcher()
    known = run.state.imported_problems()
    for table in tables:
        if table.column("found_by") is None:
            run.warn(Place(table.grid.path, table.grid.sheet), "no-found-by", value=UNKNOWN)
        default_unit = sheet_unit(table, run, units)
        workbook = sha256_of(table.grid.path)
        for row in table.rows:
            run.rows += 1
            before = len(run.problems)
            data = _row_data(table, row, run, (units, indicators), default_unit)
            if data is not None and not any(p.severity == "error" for p in run.problems[before:]):
                _plan_row(table, row, data=data, run=run, known=known, workbook=workbook)


def _row_data(
    table: Table, row: int, run: Run, matchers: tuple[UnitMatcher, Any], sheet_unit: str | None
) -> dict[str, Any] | None:
    units, indicators = matchers
    values: dict[str, Any] = {}
    for name in ("problem", "found_on", "deadline", "status"):
        if not cell_text(table, row, name):
            run.error(place_of(table, row, name), "missing-value", column=header_text(table, name))
    for name in _DATES:
        if cell_text(table, row, name):
            values[name] = run.parsed(place_of(table, row, name), parse_date, table.value(row, name))
    status_text = cell_text(table, row, "status")
    status = run.parsed(place_of(table, row, "status"), STATUS.parse, status_text) if status_text else None
    unit_text = cell_text(table, row, "unit")
    unit = run.find_unit(place_of(table, row, "unit"), unit_text, units) if unit_text else sheet_unit
    if unit is None and not unit_text:
        run.error(place_of(table, row, "unit"), "missing-value", column=header_text(table, "unit"))
    access_text = cell_text(table, row, "access")
    access = run.parsed(place_of(table, row, "access"), ACCESS.parse, access_text) if access_text else None
    place = place_of(table, row, "indicator")
    found = [
        run.find_indicator(place, typed, indicators) for typed in split_list(table.value(row, "indicator"))
    ]
    problem = cell_text(table, row, "problem")
    if not problem or status is None or unit is None or any(values.get(n) is None for n in _DATES[:2]):
        return None
    data: dict[str, Any] = {
        "title": _title(problem),
        "problem": problem,
        "found_by": cell_text(table, row, "found_by") or UNKNOWN,
        "found_on": values["found_on"],
        "unit": unit,
        "deadline": values["deadline"],
        "status": status,
        "closed_on": values.get("closed_on"),
        "measures": cell_text(table, row, "measures"),
        "indicators": [i for i in dict.fromkeys(found) if i],
        "access": access or run.options.access,
    }
    return {key: value for key, value in data.items() if value}


def _title(problem: str) -> str:
    first = problem.splitlines()[0].strip()
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1] + "…"


def _plan_row(
    table: Table,
    row: int,
    *,
    data: dict[str, Any],
    run: Run,
    known: dict[tuple[str, str], Rectification],
    workbook: str,
) -> None:
    place = place_of(table, row)
    files_place = place_of(table, row, "files")
    finder = run.finder(table.grid.path)
    sources = [run.source_file(files_place, finder, typed) for typed in split_list(table.value(row, "files"))]
    if any(source is None for source in sources):
        return
    files = [source for source in sources if source is not None]
    meaning = {**data, "files": [{"sha256": f.sha256} for f in files]}
    digest = content_digest(meaning)
    if digest in run.imported_rows:
        run.present.append(Present(place, (row + 1,), run.imported_rows[digest]))
        return
    earlier = known.get((data["unit"], data["problem"]))
    if earlier is not None and not run.options.replace:
        run.changed += 1
        run.warn(place, "row-changed", rows=str(row + 1), id=earlier.id)
        return
    source = {"file": table.grid.path.name, "sha256": workbook, "rows": [row + 1], "rows_sha256": digest}
    if table.grid.sheet:
        source = {**source, "sheet": table.grid.sheet}
    if earlier is not None:
        record_id, relative = earlier.id, earlier.source_path
        run.updated += 1
    else:
        record_id = run.namer.record_id(f"rectification-{data['found_on']:%Y%m%d}", "rectifications")
        relative = f"{KIND_FOLDERS['rectification']}/{record_id}.yml"
    if files:
        data["evidence"] = [_closing_evidence(table, row, data, files, run)]
    record = ordered("rectification", {"id": record_id, **data, "source": source})
    run.planned.append(
        PlannedRecord(
            kind="rectification",
            id=record_id,
            relative=relative,
            data=record,
            place=place,
            fields=_field_places(table, row),
            title=data["title"],
            replace=earlier is not None,
        )
    )
    run.imported_rows[digest] = record_id


def _closing_evidence(table: Table, row: int, rect: dict[str, Any], files: list[Any], run: Run) -> str:
    """The 销号材料 a ledger row names, as one evidence record the rectification lists."""
    day: dt.date = rect.get("closed_on") or rect["found_on"]
    record_id = run.namer.record_id(f"evidence-{day:%Y%m%d}", "evidence")
    folder = f"files/{rect['unit']}/{day:%Y-%m}"
    entries = []
    for source in files:
        known = run.files_by_sha256.get(source.sha256)
        path = known[1] if known else run.files.target(source, folder)
        entries.append({"path": path, "sha256": source.sha256})
    data: dict[str, Any] = {
        "id": record_id,
        "title": f"{rect['title']}（整改佐证）",
        "date": day,
        "kind": kind_from_files(source.path.name for source in files),
        "units": [rect["unit"]],
        "indicators": rect.get("indicators", []),
        "access": rect.get("access"),
        "files": entries,
    }
    data = {key: value for key, value in data.items() if value or key == "files"}
    run.planned.append(
        PlannedRecord(
            kind="evidence",
            id=record_id,
            relative=f"{KIND_FOLDERS['evidence']}/{record_id}.yml",
            data=ordered("evidence", data),
            place=place_of(table, row, "files"),
            title=str(data["title"]),
        )
    )
    return record_id


def _field_places(table: Table, row: int) -> dict[str, Place]:
    names = (
        "problem",
        "found_by",
        "found_on",
        "unit",
        "deadline",
        "status",
        "closed_on",
        "measures",
        "access",
    )
    places = {name: place_of(table, row, name) for name in names if table.column(name) is not None}
    if table.column("indicator") is not None:
        places["indicators"] = place_of(table, row, "indicator")
    if table.column("files") is not None:
        places["evidence"] = place_of(table, row, "files")
    places["date"] = places.get("found_on", place_of(table, row))
    return places
