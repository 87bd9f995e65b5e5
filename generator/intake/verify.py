"""Check what an import would write exactly as ``dossier check`` would, before anything is written.

The validator's own readers and checks run over the data folder as it would be after the import: the
planned YAML texts stand in for the files they would create or replace (an overlay on the parse cache),
the records not yet on disk are read from their text. The problems found in the planned files are placed
back at the cells their values came from; a problem the import would cause in a file already there (a
replaced indicators.yml dropping an indicator that evidence cites) is reported at that file's line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.importers.yaml_out import dump_record
from generator.intake.problems import CellProblem, Place, at_cell, from_problem
from generator.intake.records import PlannedRecord
from generator.load import Loc, YamlDocument, parse_yaml
from generator.schema import KIND_FOLDERS, RECORD_CLASSES, SelfScore
from generator.validate.cache import ParseCache, cache_file
from generator.validate.checks import (
    check_cross_references,
    check_dates,
    check_indicator_scores,
    check_self_scores,
)
from generator.validate.readers import (
    read_archive_info,
    read_indicators,
    read_records,
    read_self_scores,
    read_units,
)
from generator.validate.schema_problems import validate_model
from generator.validate.state import Collected, Source

_KIND_OF_FOLDER = {folder: kind for kind, folder in KIND_FOLDERS.items()}
HEADERS = {
    "units.yml": "# 责任单位（由 dossier import 从单位名单生成）。编号供其他记录引用，请勿随意更改。\n",
    "indicators.yml": "# 测评体系（由 dossier import 从测评体系表生成）。编号供佐证材料引用，勿随意更改。\n",
}


def yaml_text(planned: PlannedRecord) -> str:
    """The file's text: made once, then checked here and written as it was checked."""
    if not planned.text:
        planned.text = HEADERS.get(planned.relative, "") + dump_record(planned.data)
    return planned.text


class _Overlay(ParseCache):
    """The parse cache (its file only read, never written), with the planned texts in place of the files
    they would create or replace."""

    def __init__(self, root: Path, texts: dict[str, str], cache_dir: Path | None) -> None:
        super().__init__(root, cache_file(root, cache_dir) if cache_dir is not None else None)
        self.texts = texts
        if cache_dir is not None:
            self._load()

    def save(self) -> None:
        """Nothing: what was read through the overlay is not the data folder."""

    def read_yaml(self, path: Path, relative: str) -> tuple[YamlDocument | None, list[Problem]]:
        text = self.texts.get(relative)
        return parse_yaml(path, text) if text is not None else super().read_yaml(path, relative)


def check_planned(
    root: Path, planned: list[PlannedRecord], cache_dir: Path | None = None
) -> list[CellProblem]:
    texts = {p.relative: yaml_text(p) for p in planned}
    after = _collect(root, texts, planned, cache_dir)
    by_path = {root / p.relative: p for p in planned}
    found: list[CellProblem] = []
    baseline: set[tuple[Path, int, int, str]] | None = None
    for problem in after:
        owner = by_path.get(problem.path)
        if owner is not None:
            found.append(_placed(problem, owner, texts[owner.relative]))
            continue
        if problem.severity != "error":
            continue
        if baseline is None:
            baseline = {_key(p) for p in _collect(root, {}, [], cache_dir)}
        if _key(problem) not in baseline:
            found.append(from_problem(problem))
    return found


def _key(problem: Problem) -> tuple[Path, int, int, str]:
    return (problem.path, problem.line, problem.column, problem.code)


def _collect(
    root: Path, texts: dict[str, str], planned: list[PlannedRecord], cache_dir: Path | None
) -> list[Problem]:
    collected = Collected(cache=_Overlay(root, texts, cache_dir))
    read_archive_info(root, collected)
    read_units(root, collected)
    read_indicators(root, collected)
    read_records(root, collected)
    read_self_scores(root, collected)
    for item in planned:
        if not (root / item.relative).exists():
            _read_new(root, item, texts[item.relative], collected)
    check_cross_references(collected)
    check_self_scores(collected)
    check_dates(collected)
    check_indicator_scores(collected)
    return collected.problems


def _read_new(root: Path, item: PlannedRecord, text: str, collected: Collected) -> None:
    """A planned file not on disk yet, read as ``read_records`` / ``read_self_scores`` read theirs."""
    path = root / item.relative
    doc, problems = parse_yaml(path, text)
    collected.problems.extend(problems)
    if doc is None:
        return
    folder = item.relative.split("/", 1)[0]
    kind = _KIND_OF_FOLDER.get(folder)
    if kind is not None:
        collected.known_records.setdefault(doc.data["id"], kind)
        record = validate_model(Source(doc), doc.data, RECORD_CLASSES[kind], collected)
        if record is not None:
            record._source = item.relative
            collected.records.append((record, Source(doc)))
        return
    for i, entry in enumerate(doc.data):
        score = validate_model(Source(doc, (i,)), entry, SelfScore, collected)
        if score is not None:
            score._source = item.relative
            collected.self_scores.append((score, Source(doc, (i,))))


# ------------------------------------------------------------------------------------------ placing
def _placed(problem: Problem, owner: PlannedRecord, text: str) -> CellProblem:
    doc, _ = parse_yaml(problem.path, text)
    loc = _loc_at(doc, problem.line, problem.column) if doc is not None else ()
    return at_cell(problem, _place_for(owner, loc, doc.data if doc is not None else None))


def _loc_at(doc: YamlDocument, line: int, column: int) -> Loc:
    """The deepest location whose key or value starts at ``line``:``column`` (else on that line)."""
    exact: list[Loc] = []
    same_line: list[Loc] = []
    for marks in (doc.raw_key_marks, doc.raw_value_marks):
        for loc, mark in marks.items():
            if mark.line + 1 == line:
                (exact if mark.column + 1 == column else same_line).append(loc)
    candidates = exact or same_line
    return max(candidates, key=len) if candidates else ()


def _place_for(owner: PlannedRecord, loc: Loc, data: Any) -> Place:
    if owner.kind == "indicators":
        node_id, field = _indicator_at(data, loc)
        if node_id:
            key = f"score:{node_id}" if field == "score" else f"indicator:{node_id}"
            return owner.fields.get(key, owner.place)
        return owner.place
    if owner.kind in ("units", "self-scores"):
        index = loc[0] if loc and isinstance(loc[0], int) else None
        return owner.entry_places.get(index, owner.place) if index is not None else owner.place
    name = loc[0] if loc and isinstance(loc[0], str) else ""
    return owner.place_of(name)


def _indicator_at(data: Any, loc: Iterable[str | int]) -> tuple[str, str]:
    node: Any = None
    items: Any = data
    field = ""
    for part in loc:
        if isinstance(part, int) and isinstance(items, list) and 0 <= part < len(items):
            node = items[part]
        elif isinstance(part, str) and part == "children" and isinstance(node, dict):
            items = node.get("children")
        elif isinstance(part, str):
            field = part
            break
    node_id = node.get("id") if isinstance(node, dict) else None
    return (node_id if isinstance(node_id, str) else ""), field
