"""Read archive.yml, units.yml, indicators.yml, the record folders and self_scores/ into a ``Collected``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.i18n import t
from generator.load import Loc, YamlDocument
from generator.schema import (
    KIND_FOLDERS,
    RECORD_CLASSES,
    SELF_SCORE_FOLDER,
    ArchiveInfo,
    IndicatorSpec,
    Kind,
    SelfScore,
    Unit,
)
from generator.validate.schema_problems import describe, validate_model
from generator.validate.state import Collected, Source

ARCHIVE_FILE = "archive.yml"
UNITS_FILE = "units.yml"
INDICATORS_FILE = "indicators.yml"


def _read(path: Path, relative: str, collected: Collected) -> YamlDocument | None:
    doc, problems = collected.cache.read_yaml(path, relative)
    collected.problems.extend(problems)
    return doc


def _expect(doc: YamlDocument, want: type, collected: Collected) -> bool:
    if isinstance(doc.data, want):
        return True
    expected = t("type-mapping") if want is dict else t("type-list")
    collected.problems.append(doc.problem((), "bad-document", expected=expected, got=describe(doc.data)))
    return False


def read_archive_info(root: Path, collected: Collected) -> None:
    path = root / ARCHIVE_FILE
    if not path.is_file():
        collected.problems.append(Problem(path, 0, 0, "error", "missing-file", {"name": ARCHIVE_FILE}))
        return
    doc = _read(path, ARCHIVE_FILE, collected)
    if doc is None or not _expect(doc, dict, collected):
        return
    source = Source(doc)
    collected.info = validate_model(source, doc.data, ArchiveInfo, collected)
    collected.info_source = source


def read_units(root: Path, collected: Collected) -> None:
    path = root / UNITS_FILE
    doc = _read(path, UNITS_FILE, collected) if path.is_file() else None
    if doc is None or not _expect(doc, list, collected):
        return
    for i, item in enumerate(doc.data):
        source = Source(doc, (i,))
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            collected.known_units.add(item["id"])
        unit = validate_model(source, item, Unit, collected)
        if unit:
            collected.units.append((unit, source))


def walk_indicator_sources(
    specs: list[IndicatorSpec], source: Source
) -> Iterator[tuple[IndicatorSpec, Source]]:
    for i, spec in enumerate(specs):
        here = Source(source.doc, (*source.prefix, i))
        yield spec, here
        yield from walk_indicator_sources(spec.children, Source(source.doc, (*here.prefix, "children")))


def _raw_indicator_ids(items: Any) -> Iterator[str]:
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                yield item["id"]
            yield from _raw_indicator_ids(item.get("children"))


def read_indicators(root: Path, collected: Collected) -> None:
    path = root / INDICATORS_FILE
    doc = _read(path, INDICATORS_FILE, collected) if path.is_file() else None
    if doc is None or not _expect(doc, list, collected):
        return
    collected.known_indicators.update(_raw_indicator_ids(doc.data))
    for i, item in enumerate(doc.data):
        spec = validate_model(Source(doc, (i,)), item, IndicatorSpec, collected)
        if spec:
            collected.indicators.append(spec)
    for spec, source in walk_indicator_sources(collected.indicators, Source(doc)):
        if spec.id in collected.indicator_sources:
            other = collected.indicator_sources[spec.id]
            line = other.doc.position(other.prefix).line
            collected.problems.append(
                source.problem(("id",), "duplicate-id", id=spec.id, other=f"{other.doc.path.name}:{line}")
            )
        else:
            collected.indicator_sources[spec.id] = source
    for spec, source in walk_indicator_sources(collected.indicators, Source(doc)):
        for i, child in enumerate(spec.children):
            if not child.id.startswith(spec.id + "."):
                where = Source(source.doc, (*source.prefix, "children", i))
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
    for kind, path, _relative in _record_entries(root):
        yield kind, path


def _record_entries(root: Path) -> Iterator[tuple[Kind, Path, str]]:
    for kind, folder in KIND_FOLDERS.items():
        for parts in yaml_files(root / folder):
            relative = "/".join((folder, *parts))
            yield kind, root / relative, relative


def yaml_files(base: Path) -> list[tuple[str, ...]]:
    """The ``*.yml`` and ``*.yaml`` entries under ``base`` as path parts, in ``sorted(Path)`` order — what
    ``base.rglob`` finds (symlinked folders are not entered), in one walk instead of two."""
    found: list[tuple[str, ...]] = []
    folders: list[tuple[str, ...]] = [()]
    while folders:
        parts = folders.pop()
        try:
            with os.scandir(base.joinpath(*parts)) as entries:
                listed = list(entries)
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        for entry in listed:
            if entry.name.endswith((".yml", ".yaml")):
                found.append((*parts, entry.name))
            if _is_folder(entry):
                folders.append((*parts, entry.name))
    found.sort()  # tuples of parts sort as pathlib sorts POSIX paths
    return found


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def read_records(root: Path, collected: Collected) -> None:
    for kind, path, relative in _record_entries(root):
        collected.known_records.setdefault(path.stem, kind)
        doc = _read(path, relative, collected)
        if doc is None or not _expect(doc, dict, collected):
            continue
        data = doc.data if "id" in doc.data else {"id": path.stem, **doc.data}
        if isinstance(data["id"], str):
            collected.known_records.setdefault(data["id"], kind)
        source = Source(doc)
        record = validate_model(source, data, RECORD_CLASSES[kind], collected)
        if record is not None:
            record._source = relative
            collected.records.append((record, source))


def read_self_scores(root: Path, collected: Collected) -> None:
    """``self_scores/``: one score per file, or a list of them (e.g. one unit's month) with ids stem-1, -2…"""
    base = root / SELF_SCORE_FOLDER
    if not base.is_dir():
        return
    for parts in yaml_files(base):
        relative = "/".join((SELF_SCORE_FOLDER, *parts))
        path = root / relative
        doc = _read(path, relative, collected)
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
                relative,
                Source(doc, prefix),
                item,
                path.stem if not prefix else f"{path.stem}-{n}",
                collected,
            )


def _read_self_score(relative: str, source: Source, item: Any, default_id: str, collected: Collected) -> None:
    if not isinstance(item, dict):
        collected.problems.append(
            source.problem((), "bad-document", expected=t("type-mapping"), got=describe(item))
        )
        return
    data = item if "id" in item else {"id": default_id, **item}
    score = validate_model(source, data, SelfScore, collected)
    if score is not None:
        score._source = relative
        collected.self_scores.append((score, source))
