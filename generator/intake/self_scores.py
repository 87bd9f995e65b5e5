"""A 自测打分 sheet → ``self_scores/<unit>-<YYYY-MM>.yml``, one file per unit and month.

A score is known again by its unit, month and indicator: the same score is reported as present; a different
one is reported, and with ``--replace`` the file holding it is rewritten with the new score.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from generator.intake.problems import Place
from generator.intake.records import PlannedRecord
from generator.intake.run import Present, Run, cell_text, header_text, place_of, sheet_unit
from generator.intake.sheets import Table
from generator.intake.values import parse_month, parse_score
from generator.schema import SELF_SCORE_FOLDER, SelfScore


def plan_self_scores(tables: list[Table], run: Run) -> None:
    units, indicators = run.unit_matcher(), run.indicator_matcher()
    known = run.state.scores_by_key()
    new: dict[tuple[str, str], list[tuple[dict[str, Any], Place]]] = defaultdict(list)
    changed: dict[str, dict[str, tuple[dict[str, Any], Place]]] = defaultdict(dict)  # file → id → score
    seen: set[tuple[str, str, str]] = set()
    for table in tables:
        default_unit = sheet_unit(table, run, units)
        for row in table.rows:
            run.rows += 1
            entry = _entry(table, row, run, (units, indicators), default_unit)
            if entry is None:
                continue
            key = (entry["unit"], entry["month"], entry["indicator"])
            place = place_of(table, row)
            if key in seen:
                run.warn(place, "score-twice", unit=key[0], month=key[1], indicator=key[2])
                continue
            seen.add(key)
            earlier = known.get(key)
            if earlier is None:
                new[(entry["unit"], entry["month"])].append((entry, place))
            elif _same(earlier, entry):
                run.present.append(Present(place, (row + 1,), earlier.id))
            elif run.options.replace:
                changed[earlier.source_path][earlier.id] = (entry, place)
            else:
                run.changed += 1
                run.warn(place, "row-changed", rows=str(row + 1), id=earlier.id)
    if not run.failed:
        _plan_new(new, run)
        _plan_replaced(changed, run)


def _entry(
    table: Table, row: int, run: Run, matchers: tuple[Any, Any], sheet_unit: str | None
) -> dict[str, Any] | None:
    units, indicators = matchers
    before = len(run.problems)
    for name in ("month", "indicator", "score"):
        if not cell_text(table, row, name):
            run.error(place_of(table, row, name), "missing-value", column=header_text(table, name))
    unit_text = cell_text(table, row, "unit")
    unit = run.find_unit(place_of(table, row, "unit"), unit_text, units) if unit_text else sheet_unit
    if unit is None and not unit_text:
        run.error(place_of(table, row, "unit"), "missing-value", column=header_text(table, "unit"))
    month = score = indicator = None
    if cell_text(table, row, "month"):
        month = run.parsed(place_of(table, row, "month"), parse_month, table.value(row, "month"))
    if cell_text(table, row, "score"):
        score = run.parsed(place_of(table, row, "score"), parse_score, table.value(row, "score"))
    if cell_text(table, row, "indicator"):
        indicator = run.find_indicator(
            place_of(table, row, "indicator"), cell_text(table, row, "indicator"), indicators
        )
    if any(p.severity == "error" for p in run.problems[before:]) or None in (unit, month, score, indicator):
        return None
    entry: dict[str, Any] = {"unit": unit, "month": month, "indicator": indicator, "score": _number(score)}
    note = cell_text(table, row, "note")
    if note:
        entry["note"] = note
    return entry


def _number(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _same(earlier: SelfScore, entry: dict[str, Any]) -> bool:
    return bool(earlier.score == entry["score"] and (earlier.note or "") == entry.get("note", ""))


def _plan_new(new: dict[tuple[str, str], list[tuple[dict[str, Any], Place]]], run: Run) -> None:
    for (unit, month), entries in new.items():
        base = f"{unit}-{month}"
        stem = run.namer.record_id(base, SELF_SCORE_FOLDER)
        data = [{"id": f"{stem}-{e['indicator']}", **e} for e, _ in entries]
        for item in data:
            run.namer.taken_ids.add(item["id"])
        _append(run, f"{SELF_SCORE_FOLDER}/{stem}.yml", data, [p for _, p in entries], replace=False)


def _plan_replaced(changed: dict[str, dict[str, tuple[dict[str, Any], Place]]], run: Run) -> None:
    for relative, updates in changed.items():
        data = []
        places = []
        for score in run.state.self_scores:
            if score.source_path != relative:
                continue
            new, place = updates.get(score.id, (None, None))
            kept = score.model_dump(exclude_none=True)
            data.append({"id": score.id, **(new or {k: v for k, v in kept.items() if k != "id"})})
            places.append(place or Place(run.root / relative))
        run.updated += len(updates)
        _append(run, relative, data, places, replace=True)


def _append(
    run: Run, relative: str, data: list[dict[str, Any]], places: list[Place], *, replace: bool
) -> None:
    run.planned.append(
        PlannedRecord(
            kind="self-scores",
            id=relative.rpartition("/")[2].removesuffix(".yml"),
            relative=relative,
            data=data,
            place=places[0],
            title=relative,
            replace=replace,
            ids=[("self-score", item["id"]) for item in data],
            entry_places=dict(enumerate(places)),
        )
    )
