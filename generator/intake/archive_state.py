"""What the data folder holds before an import: the campaign, units, indicators and the records already there,
read by the validator's own readers — and what an import needs to know of them (names taken, files already
attached, rows already imported)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.model import flatten_indicators
from generator.schema import (
    KIND_FOLDERS,
    ArchiveInfo,
    Evidence,
    IndicatorSpec,
    Record,
    Rectification,
    SelfScore,
    Unit,
)
from generator.validate.cache import ParseCache
from generator.validate.readers import (
    read_archive_info,
    read_indicators,
    read_records,
    read_self_scores,
    read_units,
)
from generator.validate.state import Collected

EventKey = tuple[dt.date, str, str]  # an evidence row's event: date, title, place


@dataclass
class ArchiveState:
    root: Path
    info: ArchiveInfo | None
    units: list[Unit]
    indicators: list[IndicatorSpec]
    records: list[Record]
    self_scores: list[SelfScore]
    problems: list[Problem]  # errors that stop an import: the campaign, units or indicators are unreadable
    units_empty: bool
    indicators_empty: bool
    taken_ids: set[str] = field(default_factory=set)
    taken_paths: set[str] = field(default_factory=set)

    # ---------------------------------------------------------------------------------------- indexes
    def files_by_sha256(self) -> dict[str, tuple[str, str]]:
        """sha256 → (evidence id, path) of every attached file whose digest is recorded."""
        index: dict[str, tuple[str, str]] = {}
        for record in self.records:
            if isinstance(record, Evidence):
                for attached in record.files:
                    if attached.sha256:
                        index.setdefault(attached.sha256, (record.id, attached.path))
        return index

    def imported_rows(self) -> dict[str, str]:
        """rows_sha256 → the id of the record imported from those rows."""
        return {
            source.rows_sha256: record.id
            for record in self.records
            if (source := getattr(record, "source", None)) is not None and source.rows_sha256
        }

    def imported_events(self) -> dict[EventKey, Evidence]:
        """Evidence imported from a sheet, by the event its rows describe."""
        return {
            (record.date, record.title, record.location or ""): record
            for record in self.records
            if isinstance(record, Evidence) and record.source is not None and record.source.sheet
        }

    def imported_problems(self) -> dict[tuple[str, str], Rectification]:
        return {
            (record.unit, record.problem): record
            for record in self.records
            if isinstance(record, Rectification) and record.source is not None and record.source.sheet
        }

    def scores_by_key(self) -> dict[tuple[str, str, str], SelfScore]:
        return {(s.unit, s.month, s.indicator): s for s in self.self_scores}

    def indicator_ids(self) -> list[str]:
        return [node.id for node in flatten_indicators(self.indicators)]


def read_state(root: Path, cache_dir: Path | None = None) -> ArchiveState:
    """Read the data folder leniently: a broken record is left for ``dossier check`` to report; a broken
    archive.yml, units.yml or indicators.yml stops the import (its problems are returned)."""
    collected = Collected(cache=ParseCache.open(root, cache_dir))
    read_archive_info(root, collected)
    read_units(root, collected)
    read_indicators(root, collected)
    stopping = [p for p in collected.problems if p.severity == "error"]
    read_records(root, collected)
    read_self_scores(root, collected)
    collected.cache.save()
    state = ArchiveState(
        root=root,
        info=collected.info,
        units=[unit for unit, _ in collected.units],
        indicators=collected.indicators,
        records=[record for record, _ in collected.records],
        self_scores=[score for score, _ in collected.self_scores],
        problems=stopping,
        units_empty=not collected.units,  # a file whose entries are broken stops the import (problems)
        indicators_empty=not collected.indicators,
    )
    state.taken_ids = set(collected.known_records) | {s.id for s in state.self_scores}
    state.taken_paths = set(_existing_paths(root))
    return state


def _existing_paths(root: Path) -> Iterator[str]:
    for folder in (*KIND_FOLDERS.values(), "self_scores"):
        base = root / folder
        if base.is_dir():
            for path in base.rglob("*"):
                yield path.relative_to(root).as_posix()
