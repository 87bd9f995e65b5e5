"""A units sheet (责任单位名单) → units.yml.

A unit without an id column gets the initials of its short name (城管局 → ``cgj``), else of its full name:
the codes offices already use. units.yml is written only when it is empty, or with ``--replace``; a sheet
that says what units.yml already holds changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from pypinyin import Style, lazy_pinyin

from generator.intake.problems import Place
from generator.intake.records import PlannedRecord
from generator.intake.run import Run, cell_text, header_text, place_of, sheet_place
from generator.intake.sheets import Table
from generator.schema import Unit
from generator.validate.readers import UNITS_FILE

_FIELDS = ("id", "name", "short", "leader", "liaison", "phone", "org_code")
_NOT_ID = re.compile(r"[^a-z0-9]")


def plan_units(tables: list[Table], run: Run) -> None:
    entries: list[tuple[dict[str, Any], Place]] = []
    seen: dict[str, Place] = {}
    for table in tables:
        for row in table.rows:
            run.rows += 1
            entry = _unit_entry(table, row, run, seen)
            if entry is not None:
                entries.append((entry, place_of(table, row)))
    if not entries or run.failed:
        return
    first = sheet_place(tables[0])
    new = [data for data, _ in entries]
    old = [unit.model_dump(exclude_none=True) for unit in run.state.units]
    if new == old:
        run.note(first, "intake-units-unchanged", count=len(new))
        return
    if not run.state.units_empty and not run.options.replace:
        run.error(first, "not-empty", file=UNITS_FILE, count=len(old))
        return
    planned = PlannedRecord(
        kind="units",
        id="",
        relative=UNITS_FILE,
        data=new,
        place=first,
        title=UNITS_FILE,
        replace=True,
        ids=[("unit", data["id"]) for data in new],
        entry_places={i: place for i, (_, place) in enumerate(entries)},
    )
    run.planned.append(planned)
    run.units = [Unit.model_validate(data) for data in new]


def _unit_entry(table: Table, row: int, run: Run, seen: dict[str, Place]) -> dict[str, Any] | None:
    values = {name: cell_text(table, row, name) for name in _FIELDS}
    if not values["name"]:
        run.error(place_of(table, row, "name"), "missing-value", column=header_text(table, "name"))
        return None
    given = values["id"]
    unit_id = given or _initials(values["short"] or values["name"], seen)
    place = place_of(table, row, "id" if given else "name")
    for key in (unit_id, values["name"]):
        if key in seen:
            other = seen[key]
            run.error(place, "duplicate-unit", unit=key, other=other.cell or "")
            return None
    seen[unit_id] = seen[values["name"]] = place
    entry: dict[str, Any] = {"id": unit_id}
    entry |= {name: values[name] for name in _FIELDS[1:] if values[name]}
    return entry


def _initials(name: str, seen: dict[str, Place]) -> str:
    letters = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()
    base = _NOT_ID.sub("", letters) or "unit"
    candidate, number = base, 2
    while candidate in seen:
        candidate, number = f"{base}{number}", number + 1
    return candidate
