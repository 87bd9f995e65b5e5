"""What one validation run gathers: the values read so far, where each came from, and every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.filefacts import FileFacts
from generator.load import Source
from generator.schema import (
    ArchiveInfo,
    IndicatorSpec,
    Kind,
    Record,
    SelfScore,
    Unit,
)
from generator.validate.cache import ParseCache

__all__ = ["Collected", "Source"]


@dataclass
class Collected:
    info: ArchiveInfo | None = None
    units: list[tuple[Unit, Source]] = field(default_factory=list)
    indicators: list[IndicatorSpec] = field(default_factory=list)
    indicator_sources: dict[str, Source] = field(default_factory=dict)
    records: list[tuple[Record, Source]] = field(default_factory=list)
    info_source: Source | None = None
    # ids seen in the files even where the rest of the entry is invalid, so one bad record does not also
    # make every reference to it an error
    known_records: dict[str, Kind] = field(default_factory=dict)
    known_units: set[str] = field(default_factory=set)
    known_indicators: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    self_scores: list[tuple[SelfScore, Source]] = field(default_factory=list)
    # values of the YAML files unchanged since the last run (keeps nothing without a cache folder)
    cache: ParseCache = field(default_factory=lambda: ParseCache(Path()))
    # digests of the attached files unchanged since they were last read (the one digest store)
    facts: FileFacts = field(default_factory=lambda: FileFacts(None))
