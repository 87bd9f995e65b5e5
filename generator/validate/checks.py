"""Checks no single file can show: duplicate ids, dangling references, attached files, dates, scores."""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath
from stat import S_ISLNK, S_ISREG
from typing import Any

from generator.i18n import t
from generator.load import Loc
from generator.schema import (
    Evidence,
    IndicatorSpec,
    Record,
    Rectification,
    Summary,
)
from generator.validate.readers import UNITS_FILE
from generator.validate.schema_problems import dotted_name
from generator.validate.state import Collected, Source


def closest(ref: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(ref, list(candidates), n=1, cutoff=0.6)
    return t("hint-did-you-mean", name=close[0]) if close else ""


def check_cross_references(collected: Collected) -> None:
    records: dict[str, tuple[Record, Source]] = {}
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

    def check_ref(source: Source, loc: Loc, kind: str, ref: str, known: Iterable[str]) -> None:
        known_set = known if isinstance(known, set) else set(known)
        if ref not in known_set:
            collected.problems.append(
                source.problem(
                    loc,
                    "unknown-ref",
                    field=dotted_name(loc),
                    kind=t("kind-" + kind),
                    ref=ref,
                    hint=closest(ref, known_set),
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
                        field=dotted_name(loc),
                        ref=ref,
                        actual=t("kind-" + target_kind),
                        kind=t("kind-" + kind),
                    )
                )
    for spec_id, source in collected.indicator_sources.items():
        spec = find_indicator(collected.indicators, spec_id)
        for i, unit_id in enumerate(spec.units if spec else []):
            check_ref(source, ("units", i), "unit", unit_id, unit_ids)


def _check_unit_duplicates(collected: Collected) -> None:
    seen: dict[str, Source] = {}
    for unit, source in collected.units:
        if unit.id in seen:
            line = seen[unit.id].doc.position(seen[unit.id].prefix).line
            collected.problems.append(
                source.problem(("id",), "duplicate-id", id=unit.id, other=f"{UNITS_FILE}:{line}")
            )
        seen.setdefault(unit.id, source)


def find_indicator(specs: list[IndicatorSpec], wanted: str) -> IndicatorSpec | None:
    for spec in specs:
        if spec.id == wanted:
            return spec
        found = find_indicator(spec.children, wanted)
        if found:
            return found
    return None


def resolve_inside(root: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``root``, or None when it would leave the folder (absolute path,
    ``..``, or a symlink that points outside) or cannot name a file at all (a NUL character)."""
    found = _resolve_and_stat(root, relative)
    return None if found is None else Path(found[0])


def resolve_file(root: Path, relative: str) -> str | None:
    """``resolve_inside`` as a string, when it names a regular file (after following links); else None.
    A plain file costs one system call, not a Path and a second stat (the checksums ask for thousands)."""
    found = _resolve_and_stat(root, relative)
    return found[0] if found is not None and _is_file(*found)[0] else None


def _resolve_and_stat(root: Path, relative: str) -> tuple[str, os.stat_result | None] | None:
    """``resolve_inside``, with the file's stat when it was taken on the way (a plain file, not a link).

    ``(root / relative).resolve()`` is what this computes. Resolving each folder once for all its files,
    then only looking at the file itself (and resolving it fully when it is a symlink), gives the same path
    for a fraction of the system calls."""
    if _PLAIN.match(relative) is None:
        return _resolve_slowly(root, relative)
    folder, _slash, name = relative.rpartition("/")
    if ".." in relative.split("/") or name in ("", "."):
        return _resolve_slowly(root, relative)
    real_folder, inside = _real_folder(root, folder)
    resolved = real_folder + name
    try:
        stat: os.stat_result | None = os.lstat(resolved)
    except OSError:
        stat = None
    if stat is not None and S_ISLNK(stat.st_mode):
        return _resolve_slowly(root, relative)
    return (resolved, stat) if inside else None


# no backslash, colon or NUL, not absolute: what PurePosixPath and PureWindowsPath both read as relative
_PLAIN = re.compile(r"[^/\\:\0][^\\:\0]*\Z")


def _resolve_slowly(root: Path, relative: str) -> tuple[str, os.stat_result | None] | None:
    if (
        "\0" in relative  # the operating system refuses it (ValueError), so no file has such a name
        or PurePosixPath(relative).is_absolute()
        or PureWindowsPath(relative).is_absolute()
        or relative.startswith("\\")
    ):
        return None
    if ".." in PurePosixPath(relative.replace("\\", "/")).parts:
        return None
    resolved = (root / relative).resolve()
    return (str(resolved), None) if resolved.is_relative_to(_real_root(root)) else None


@functools.cache
def _real_root(root: Path) -> Path:
    return root.resolve()


@functools.cache
def _real_folder(root: Path, folder: str) -> tuple[str, bool]:
    """The real path of ``root``'s sub-folder ``folder`` (ending in a slash), and whether it is inside."""
    real = (root / folder).resolve()
    text = str(real)
    return (text if text.endswith("/") else text + "/"), real.is_relative_to(_real_root(root))


def forget_resolved_folders() -> None:
    """Start each run afresh: a folder may have become a symlink since the last one."""
    _real_root.cache_clear()
    _real_folder.cache_clear()


def _is_file(path: str, stat: os.stat_result | None) -> tuple[bool, os.stat_result | None]:
    if stat is None:
        try:
            stat = Path(path).stat()
        except OSError:
            return False, None
    return S_ISREG(stat.st_mode), stat


def check_files(root: Path, collected: Collected) -> None:
    for record, source in collected.records:
        if not isinstance(record, Evidence):
            continue
        for i, attached in enumerate(record.files):
            loc: Loc = ("files", i, "path")
            name = dotted_name(loc)
            found = _resolve_and_stat(root, attached.path)
            if found is None:
                collected.problems.append(source.problem(loc, "file-outside", field=name, file=attached.path))
                continue
            is_file, stat = _is_file(*found)
            if not is_file or stat is None:
                collected.problems.append(
                    source.problem(loc, "file-not-found", field=name, file=attached.path)
                )
            elif attached.sha256:
                actual = collected.facts.sha256_at(found[0], stat)
                if actual != attached.sha256:
                    collected.problems.append(
                        source.problem(
                            ("files", i, "sha256"),
                            "sha256-mismatch",
                            field=dotted_name(("files", i, "sha256")),
                            file=attached.path,
                            actual=actual[:12],
                            expected=attached.sha256[:12],
                        )
                    )


def _check_range(source: Source, loc: Loc, start: Any, end: Any, collected: Collected) -> None:
    if end < start:
        collected.problems.append(
            source.problem(
                (*loc, "end") if loc else ("end",),
                "date-order",
                field=dotted_name(loc),
                start=start,
                end=end,
            )
        )


def check_dates(collected: Collected) -> None:
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


def check_indicator_scores(collected: Collected) -> None:
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
                        total=num(total),
                        max_score=num(info.max_score),
                    )
                )
    for spec_id, source in collected.indicator_sources.items():
        spec = find_indicator(collected.indicators, spec_id)
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
                        total=num(total),
                        score=num(spec.score),
                    )
                )


def num(value: float) -> str:
    return f"{value:g}"


def check_self_scores(collected: Collected) -> None:
    """Units and indicators must exist; ids are unique; a score cannot exceed its indicator's score."""
    seen: dict[str, Source] = {}
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
                        hint=closest(ref, known),
                    )
                )
        spec = find_indicator(collected.indicators, score.indicator)
        if spec is not None and spec.score is not None and score.score > spec.score:
            collected.problems.append(
                source.problem(
                    ("score",),
                    "self-score-over",
                    severity="warning",
                    field="score",
                    score=num(score.score),
                    id=spec.id,
                    full=num(spec.score),
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
