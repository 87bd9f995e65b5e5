"""Validate a data folder and build the model: every problem in one run, each with file, line and column.

``load_archive`` is the one entry point: it reads archive.yml, units.yml, indicators.yml and every record
file, checks each against the schema, then checks what no single file can show (duplicate ids, dangling
references, attached files, dates), and returns the model only when there are no errors.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import ArchiveInvalid, Problem, sort_problems
from generator.i18n import t
from generator.load import Loc, YamlDocument, read_yaml
from generator.model import Archive
from generator.reproducible import sha256_of
from generator.schema import (
    KIND_FOLDERS,
    RECORD_CLASSES,
    SELF_SCORE_FOLDER,
    ArchiveInfo,
    Evidence,
    IndicatorSpec,
    Kind,
    Record,
    Rectification,
    SelfScore,
    Summary,
    Unit,
)

ARCHIVE_FILE = "archive.yml"
UNITS_FILE = "units.yml"
INDICATORS_FILE = "indicators.yml"

_TYPE_WORDS = {
    "string_type": "type-string",
    "list_type": "type-list",
    "tuple_type": "type-list",
    "dict_type": "type-mapping",
    "model_type": "type-mapping",
    "model_attributes_type": "type-mapping",
    "int_type": "type-integer",
    "int_parsing": "type-integer",
    "int_from_float": "type-integer",
    "float_type": "type-number",
    "float_parsing": "type-number",
    "bool_type": "type-boolean",
    "bool_parsing": "type-boolean",
}
_M = TypeVar("_M", bound=BaseModel)
_CUSTOM_CODES = {
    "bad_date": "bad-date",
    "bad_id": "bad-id",
    "bad_sha256": "bad-sha256",
    "bad_month": "bad-month",
}


@dataclass
class _Source:
    """A validated value together with the document it came from, for placing later problems."""

    doc: YamlDocument
    prefix: Loc = ()

    def problem(
        self, loc: Loc, code: str, *, severity: str = "error", key: bool = False, **params: object
    ) -> Problem:
        return self.doc.problem((*self.prefix, *loc), code, severity=severity, key=key, **params)


@dataclass
class _Collected:
    info: ArchiveInfo | None = None
    units: list[tuple[Unit, _Source]] = field(default_factory=list)
    indicators: list[IndicatorSpec] = field(default_factory=list)
    indicator_sources: dict[str, _Source] = field(default_factory=dict)
    records: list[tuple[Record, _Source]] = field(default_factory=list)
    info_source: _Source | None = None
    # ids seen in the files even where the rest of the entry is invalid, so one bad record does not also
    # make every reference to it an error
    known_records: dict[str, Kind] = field(default_factory=dict)
    known_units: set[str] = field(default_factory=set)
    known_indicators: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    self_scores: list[tuple[SelfScore, _Source]] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ public API
def load_archive(root: Path) -> tuple[Archive | None, list[Problem]]:
    """Read and validate the data folder ``root``. The archive is None when any problem is an error."""
    collected = _Collected()
    _read_archive_info(root, collected)
    _read_units(root, collected)
    _read_indicators(root, collected)
    _read_records(root, collected)
    _read_self_scores(root, collected)
    _check_cross_references(collected)
    _check_self_scores(collected)
    _check_files(root, collected)
    _check_dates(collected)
    _check_indicator_scores(collected)
    problems = sort_problems(collected.problems)
    if collected.info is None or any(p.severity == "error" for p in problems):
        return None, problems
    archive = Archive.build(
        root,
        collected.info,
        (u for u, _ in collected.units),
        collected.indicators,
        (r for r, _ in collected.records),
        self_scores=(s for s, _ in collected.self_scores),
    )
    return archive, problems


def require_archive(root: Path) -> tuple[Archive, list[Problem]]:
    """The archive and its warnings; raises ``ArchiveInvalid`` (with every problem) when it has errors."""
    archive, problems = load_archive(root)
    if archive is None:
        raise ArchiveInvalid(problems)
    return archive, problems


# --------------------------------------------------------------------------------- schema problems
def _describe(value: Any) -> str:  # noqa: PLR0911 — one short answer per YAML value type
    if value is None:
        return t("type-null")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"'{shown}'"
    if isinstance(value, list):
        return t("type-list")
    if isinstance(value, dict):
        return t("type-mapping")
    return type(value).__name__


def _addresses(container: Any, part: Any) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _data_loc(data: Any, loc: tuple[Any, ...], keep_last: bool) -> Loc:
    """The part of pydantic's ``loc`` that addresses real data (union branch names are dropped)."""
    real: list[str | int] = []
    current = data
    for i, part in enumerate(loc):
        if _addresses(current, part):
            current = current[part]
        elif keep_last and i == len(loc) - 1:
            pass
        else:
            break
        real.append(part)
    return tuple(real)


def _field_name(loc: Loc) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(document)"


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, typing.ForwardRef | str):
        return None
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The input names a mapping at ``loc`` (relative to ``model``) accepts."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        match = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        current = _model_in(match.annotation) if match else None
    if current is None:
        return []
    return [f.alias or n for n, f in current.model_fields.items()]


def _unknown_field_hint(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return t("hint-did-you-mean", name=close[0])
    return t("hint-known-fields", names=", ".join(known)) if known else ""


def _schema_problems(
    source: _Source, data: Any, model: type[BaseModel], exc: ValidationError
) -> list[Problem]:
    problems: dict[tuple[Loc, str], Problem] = {}
    for error in exc.errors():
        kind = error["type"]
        loc = _data_loc(data, tuple(error["loc"]), keep_last=kind in ("missing", "extra_forbidden"))
        field_name = _field_name(loc)
        if kind == "missing":
            problem = source.problem(loc[:-1], "missing-field", field=field_name)
        elif kind == "extra_forbidden":
            hint = _unknown_field_hint(str(loc[-1]), _field_names(model, loc[:-1]))
            problem = source.problem(loc, "unknown-field", key=True, field=field_name, hint=hint)
        elif kind == "literal_error":
            allowed = str(error.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
            problem = source.problem(
                loc, "bad-value", field=field_name, allowed=allowed, got=_describe(error["input"])
            )
        elif kind in _CUSTOM_CODES:
            problem = source.problem(
                loc, _CUSTOM_CODES[kind], field=field_name, got=_describe(error["input"])
            )
        elif kind in _TYPE_WORDS:
            problem = source.problem(
                loc,
                "bad-type",
                field=field_name,
                expected=t(_TYPE_WORDS[kind]),
                got=_describe(error["input"]),
            )
        else:
            problem = source.problem(loc, "invalid", field=field_name, detail=error["msg"])
        problems.setdefault((loc, problem.code), problem)
    return list(problems.values())


def _validate(source: _Source, data: Any, model: type[_M], collected: _Collected) -> _M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        collected.problems.extend(_schema_problems(source, data, model, exc))
        return None


# ------------------------------------------------------------------------------------------ readers
def _read(path: Path, collected: _Collected) -> YamlDocument | None:
    doc, problems = read_yaml(path)
    collected.problems.extend(problems)
    return doc


def _expect(doc: YamlDocument, want: type, collected: _Collected) -> bool:
    if isinstance(doc.data, want):
        return True
    expected = t("type-mapping") if want is dict else t("type-list")
    collected.problems.append(doc.problem((), "bad-document", expected=expected, got=_describe(doc.data)))
    return False


def _read_archive_info(root: Path, collected: _Collected) -> None:
    path = root / ARCHIVE_FILE
    if not path.is_file():
        collected.problems.append(Problem(path, 0, 0, "error", "missing-file", {"name": ARCHIVE_FILE}))
        return
    doc = _read(path, collected)
    if doc is None or not _expect(doc, dict, collected):
        return
    source = _Source(doc)
    collected.info = _validate(source, doc.data, ArchiveInfo, collected)
    collected.info_source = source


def _read_units(root: Path, collected: _Collected) -> None:
    path = root / UNITS_FILE
    doc = _read(path, collected) if path.is_file() else None
    if doc is None or not _expect(doc, list, collected):
        return
    for i, item in enumerate(doc.data):
        source = _Source(doc, (i,))
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            collected.known_units.add(item["id"])
        unit = _validate(source, item, Unit, collected)
        if unit:
            collected.units.append((unit, source))


def _walk_indicator_sources(
    specs: list[IndicatorSpec], source: _Source
) -> Iterator[tuple[IndicatorSpec, _Source]]:
    for i, spec in enumerate(specs):
        here = _Source(source.doc, (*source.prefix, i))
        yield spec, here
        yield from _walk_indicator_sources(spec.children, _Source(source.doc, (*here.prefix, "children")))


def _raw_indicator_ids(items: Any) -> Iterator[str]:
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                yield item["id"]
            yield from _raw_indicator_ids(item.get("children"))


def _read_indicators(root: Path, collected: _Collected) -> None:
    path = root / INDICATORS_FILE
    doc = _read(path, collected) if path.is_file() else None
    if doc is None or not _expect(doc, list, collected):
        return
    collected.known_indicators.update(_raw_indicator_ids(doc.data))
    for i, item in enumerate(doc.data):
        spec = _validate(_Source(doc, (i,)), item, IndicatorSpec, collected)
        if spec:
            collected.indicators.append(spec)
    for spec, source in _walk_indicator_sources(collected.indicators, _Source(doc)):
        if spec.id in collected.indicator_sources:
            other = collected.indicator_sources[spec.id]
            line = other.doc.position(other.prefix).line
            collected.problems.append(
                source.problem(("id",), "duplicate-id", id=spec.id, other=f"{other.doc.path.name}:{line}")
            )
        else:
            collected.indicator_sources[spec.id] = source
    for spec, source in _walk_indicator_sources(collected.indicators, _Source(doc)):
        for i, child in enumerate(spec.children):
            if not child.id.startswith(spec.id + "."):
                where = _Source(source.doc, (*source.prefix, "children", i))
                collected.problems.append(
                    where.problem(
                        ("id",),
                        "bad-indicator-id",
                        severity="warning",
                        field="id",
                        id=child.id,
                        parent=spec.id,
                    )
                )


def record_files(root: Path) -> Iterator[tuple[Kind, Path]]:
    """Every record file under the kind folders, in a stable order (sub-folders allowed)."""
    for kind, folder in KIND_FOLDERS.items():
        base = root / folder
        if base.is_dir():
            paths = [*base.rglob("*.yml"), *base.rglob("*.yaml")]
            for path in sorted(paths):
                yield kind, path


def _read_records(root: Path, collected: _Collected) -> None:
    for kind, path in record_files(root):
        collected.known_records.setdefault(path.stem, kind)
        doc = _read(path, collected)
        if doc is None or not _expect(doc, dict, collected):
            continue
        data = doc.data if "id" in doc.data else {"id": path.stem, **doc.data}
        if isinstance(data["id"], str):
            collected.known_records.setdefault(data["id"], kind)
        source = _Source(doc)
        record = _validate(source, data, RECORD_CLASSES[kind], collected)
        if record is not None:
            record._source = path.relative_to(root).as_posix()
            collected.records.append((record, source))


def _read_self_scores(root: Path, collected: _Collected) -> None:
    """``self_scores/``: one score per file, or a list of them (e.g. one unit's month) with ids stem-1, -2…"""
    base = root / SELF_SCORE_FOLDER
    if not base.is_dir():
        return
    for path in sorted([*base.rglob("*.yml"), *base.rglob("*.yaml")]):
        doc = _read(path, collected)
        if doc is None:
            continue
        if isinstance(doc.data, list):
            items: list[tuple[Any, Loc]] = [(item, (i,)) for i, item in enumerate(doc.data)]
        elif _expect(doc, dict, collected):
            items = [(doc.data, ())]
        else:
            continue
        for n, (item, prefix) in enumerate(items, start=1):
            _read_self_score(
                path.relative_to(root).as_posix(),
                _Source(doc, prefix),
                item,
                path.stem if not prefix else f"{path.stem}-{n}",
                collected,
            )


def _read_self_score(
    relative: str, source: _Source, item: Any, default_id: str, collected: _Collected
) -> None:
    if not isinstance(item, dict):
        collected.problems.append(
            source.problem((), "bad-document", expected=t("type-mapping"), got=_describe(item))
        )
        return
    data = item if "id" in item else {"id": default_id, **item}
    score = _validate(source, data, SelfScore, collected)
    if score is not None:
        score._source = relative
        collected.self_scores.append((score, source))


def _check_self_scores(collected: _Collected) -> None:
    """Units and indicators must exist; ids are unique; a score cannot exceed its indicator's score."""
    seen: dict[str, _Source] = {}
    scored: dict[tuple[str, str, str], str] = {}
    for score, source in collected.self_scores:
        if score.id in seen:
            collected.problems.append(
                source.problem(("id",), "duplicate-id", id=score.id, other=seen[score.id].doc.path.as_posix())
            )
        seen.setdefault(score.id, source)
        refs = (
            ("unit", score.unit, collected.known_units),
            ("indicator", score.indicator, collected.known_indicators),
        )
        for field_name, ref, known in refs:
            if ref not in known:
                collected.problems.append(
                    source.problem(
                        (field_name,),
                        "unknown-ref",
                        field=field_name,
                        kind=t("kind-" + field_name),
                        ref=ref,
                        hint=_closest(ref, known),
                    )
                )
        spec = _find_indicator(collected.indicators, score.indicator)
        if spec is not None and spec.score is not None and score.score > spec.score:
            collected.problems.append(
                source.problem(
                    ("score",),
                    "self-score-over",
                    severity="warning",
                    field="score",
                    score=_num(score.score),
                    id=spec.id,
                    full=_num(spec.score),
                )
            )
        key = (score.unit, score.month, score.indicator)
        if key in scored:
            collected.problems.append(
                source.problem(
                    (),
                    "self-score-twice",
                    severity="warning",
                    unit=score.unit,
                    month=score.month,
                    indicator=score.indicator,
                    other=scored[key],
                )
            )
        scored.setdefault(key, score.id)


# ------------------------------------------------------------------------------------ cross-checks
def _closest(ref: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(ref, list(candidates), n=1, cutoff=0.6)
    return t("hint-did-you-mean", name=close[0]) if close else ""


def _check_cross_references(collected: _Collected) -> None:
    records: dict[str, tuple[Record, _Source]] = {}
    for record, source in collected.records:
        if record.id in records:
            other = records[record.id][1]
            collected.problems.append(
                source.problem(("id",), "duplicate-id", id=record.id, other=other.doc.path.as_posix())
            )
        else:
            records[record.id] = (record, source)
    unit_ids = collected.known_units
    _check_unit_duplicates(collected)
    indicator_ids = collected.known_indicators

    def check_ref(source: _Source, loc: Loc, kind: str, ref: str, known: Iterable[str]) -> None:
        known_set = known if isinstance(known, set) else set(known)
        if ref not in known_set:
            collected.problems.append(
                source.problem(
                    loc,
                    "unknown-ref",
                    field=_field_name(loc),
                    kind=t("kind-" + kind),
                    ref=ref,
                    hint=_closest(ref, known_set),
                )
            )

    for record, source in collected.records:
        for i, unit_id in enumerate(record.units):
            check_ref(source, ("units", i), "unit", unit_id, unit_ids)
        for i, indicator_id in enumerate(record.indicators):
            check_ref(source, ("indicators", i), "indicator", indicator_id, indicator_ids)
        if isinstance(record, Summary | Rectification):
            check_ref(source, ("unit",), "unit", record.unit, unit_ids)
        for loc, kind, ref in record.references():
            target_kind = collected.known_records.get(ref)
            if target_kind is None:
                same_kind = {rid for rid, k in collected.known_records.items() if k == kind}
                check_ref(source, loc, kind, ref, same_kind)
            elif target_kind != kind:
                collected.problems.append(
                    source.problem(
                        loc,
                        "wrong-kind-ref",
                        field=_field_name(loc),
                        ref=ref,
                        actual=t("kind-" + target_kind),
                        kind=t("kind-" + kind),
                    )
                )
    for spec_id, source in collected.indicator_sources.items():
        spec = _find_indicator(collected.indicators, spec_id)
        for i, unit_id in enumerate(spec.units if spec else []):
            check_ref(source, ("units", i), "unit", unit_id, unit_ids)


def _check_unit_duplicates(collected: _Collected) -> None:
    seen: dict[str, _Source] = {}
    for unit, source in collected.units:
        if unit.id in seen:
            line = seen[unit.id].doc.position(seen[unit.id].prefix).line
            collected.problems.append(
                source.problem(("id",), "duplicate-id", id=unit.id, other=f"{UNITS_FILE}:{line}")
            )
        seen.setdefault(unit.id, source)


def _find_indicator(specs: list[IndicatorSpec], wanted: str) -> IndicatorSpec | None:
    for spec in specs:
        if spec.id == wanted:
            return spec
        found = _find_indicator(spec.children, wanted)
        if found:
            return found
    return None


def resolve_inside(root: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``root``, or None when it would leave the folder (absolute path,
    ``..``, or a symlink that points outside)."""
    if (
        PurePosixPath(relative).is_absolute()
        or PureWindowsPath(relative).is_absolute()
        or relative.startswith("\\")
    ):
        return None
    if ".." in PurePosixPath(relative.replace("\\", "/")).parts:
        return None
    resolved = (root / relative).resolve()
    return resolved if resolved.is_relative_to(root.resolve()) else None


def _check_files(root: Path, collected: _Collected) -> None:
    for record, source in collected.records:
        if not isinstance(record, Evidence):
            continue
        for i, attached in enumerate(record.files):
            loc: Loc = ("files", i, "path")
            name = _field_name(loc)
            resolved = resolve_inside(root, attached.path)
            if resolved is None:
                collected.problems.append(source.problem(loc, "file-outside", field=name, file=attached.path))
            elif not resolved.is_file():
                collected.problems.append(
                    source.problem(loc, "file-not-found", field=name, file=attached.path)
                )
            elif attached.sha256:
                actual = sha256_of(resolved)
                if actual != attached.sha256:
                    collected.problems.append(
                        source.problem(
                            ("files", i, "sha256"),
                            "sha256-mismatch",
                            field=_field_name(("files", i, "sha256")),
                            file=attached.path,
                            actual=actual[:12],
                            expected=attached.sha256[:12],
                        )
                    )


def _check_range(source: _Source, loc: Loc, start: Any, end: Any, collected: _Collected) -> None:
    if end < start:
        collected.problems.append(
            source.problem(
                (*loc, "end") if loc else ("end",),
                "date-order",
                field=_field_name(loc),
                start=start,
                end=end,
            )
        )


def _check_dates(collected: _Collected) -> None:
    info, info_source = collected.info, collected.info_source
    if info is None or info_source is None:
        return
    _check_range(info_source, ("period",), info.period.start, info.period.end, collected)
    if info.assessment_window:
        window = info.assessment_window
        _check_range(info_source, ("assessment_window",), window.start, window.end, collected)
    period = info.period
    for record, source in collected.records:
        if not period.start <= record.date <= period.end:
            loc: Loc = (
                ("found_on",)
                if isinstance(record, Rectification) and "date" not in source.doc.data
                else ("date",)
            )
            collected.problems.append(
                source.problem(
                    loc,
                    "date-outside-period",
                    severity="warning",
                    field=loc[0],
                    date=record.date,
                    start=period.start,
                    end=period.end,
                )
            )
        if isinstance(record, Summary):
            _check_range(source, ("period",), record.period.start, record.period.end, collected)
        if isinstance(record, Rectification):
            if record.deadline < record.found_on:
                collected.problems.append(
                    source.problem(
                        ("deadline",),
                        "date-order",
                        severity="warning",
                        field="deadline",
                        start=record.found_on,
                        end=record.deadline,
                    )
                )
            if record.status != "open" and record.closed_on is None:
                collected.problems.append(
                    source.problem(
                        ("status",),
                        "closed-without-date",
                        severity="warning",
                        field="status",
                        status=record.status,
                    )
                )


def _check_indicator_scores(collected: _Collected) -> None:
    info = collected.info
    if info and info.max_score is not None and collected.indicators:
        scores = [spec.score for spec in collected.indicators]
        if all(score is not None for score in scores):
            total = sum(s for s in scores if s is not None)
            if abs(total - info.max_score) > 1e-6 and collected.info_source:
                collected.problems.append(
                    collected.info_source.problem(
                        ("max_score",),
                        "score-sum",
                        severity="warning",
                        total=_num(total),
                        max_score=_num(info.max_score),
                    )
                )
    for spec_id, source in collected.indicator_sources.items():
        spec = _find_indicator(collected.indicators, spec_id)
        if spec is None or spec.score is None or not spec.children:
            continue
        child_scores = [child.score for child in spec.children]
        if all(score is not None for score in child_scores):
            total = sum(s for s in child_scores if s is not None)
            if abs(total - spec.score) > 1e-6:
                collected.problems.append(
                    source.problem(
                        ("score",),
                        "child-score-sum",
                        severity="warning",
                        field="score",
                        id=spec.id,
                        total=_num(total),
                        score=_num(spec.score),
                    )
                )


def _num(value: float) -> str:
    return f"{value:g}"


__all__ = ["load_archive", "record_files", "require_archive", "resolve_inside", "sha256_of"]
