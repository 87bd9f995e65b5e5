"""The archive as a typed, read-only model with the lookups every renderer needs.

Built once from validated records (see ``generator.validate``); renderers read it and never touch YAML.
Nothing here imports MkDocs, WeasyPrint or python-docx, so any output engine can sit on top.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Literal, TypeVar

from generator.load import Source
from generator.schema import (
    ACCESS_LEVELS,
    KINDS,
    Access,
    ArchiveInfo,
    Evidence,
    IndicatorSpec,
    Kind,
    Meeting,
    Record,
    Rectification,
    SelfScore,
    Speech,
    Summary,
    Unit,
)

Audience = Literal["public", "internal", "full"]
AUDIENCES: tuple[Audience, ...] = ("public", "internal", "full")
_HIGHEST_LEVEL: dict[Audience, Access] = {"public": "public", "internal": "internal", "full": "restricted"}


_R = TypeVar("_R", bound=Record)

FileKind = Literal["image", "pdf", "word", "office", "video", "other"]
# What an attached file is, by its suffix (any case). "word" files are the ones the importer and the binders
# treat as Word documents; "office" the other office formats.
FILE_KINDS: Mapping[str, FileKind] = MappingProxyType(
    {
        **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"), "image"),
        ".pdf": "pdf",
        **dict.fromkeys((".docx", ".doc"), "word"),
        **dict.fromkeys(
            (".wps", ".rtf", ".odt", ".xlsx", ".xls", ".et", ".ods", ".csv", ".pptx", ".ppt", ".dps", ".odp"),
            "office",
        ),
        **dict.fromkeys(
            (".mp4", ".m4v", ".mov", ".avi", ".wmv", ".mkv", ".flv", ".mpg", ".mpeg", ".webm", ".3gp"),
            "video",
        ),
    }
)


def file_suffix(path: str) -> str:
    """The suffix of the file at ``path`` (a "/"-separated string), lower-case, as pathlib finds it — no
    suffix for ".jpg" or "x." — without making a Path (this runs for every attached file on every build)."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def suffixes_of(kind: FileKind) -> frozenset[str]:
    """Every suffix ``FILE_KINDS`` gives ``kind``."""
    return frozenset(suffix for suffix, found in FILE_KINDS.items() if found == kind)


def file_kind(path: str) -> FileKind:
    """What the file at ``path`` is, by its suffix: image, pdf, word, office, video or other."""
    return FILE_KINDS.get(file_suffix(path), "other")


def group_by_year(records: Iterable[_R]) -> list[tuple[int, list[_R]]]:
    """``records`` by year, newest year first; inside a year by date, then id."""
    years: dict[int, list[_R]] = defaultdict(list)
    for record in _by_date(records):
        years[record.date.year].append(record)
    return [(year, years[year]) for year in sorted(years, reverse=True)]


def visible_to(record: Record, audience: Audience) -> bool:
    """public sees public; internal sees public and internal; full sees restricted records too."""
    return ACCESS_LEVELS.index(record.access) <= ACCESS_LEVELS.index(_HIGHEST_LEVEL[audience])


@dataclass(frozen=True)
class Indicator:
    """One node of the assessment framework, flattened out of the tree with its place in it."""

    id: str
    title: str
    score: float | None
    standard: str | None
    methods: tuple[str, ...]
    units: tuple[str, ...]
    parent: str | None
    children: tuple[str, ...]
    depth: int  # 0 for top-level (版块)
    origin: Source | None = field(default=None, repr=False, compare=False)  # where indicators.yml has it

    @property
    def is_leaf(self) -> bool:
        return not self.children


def flatten_indicators(
    specs: Iterable[IndicatorSpec],
    parent: str | None = None,
    depth: int = 0,
    origins: Mapping[str, Source] = MappingProxyType({}),
) -> Iterator[Indicator]:
    for spec in specs:
        yield Indicator(
            id=spec.id,
            title=spec.title,
            score=spec.score,
            standard=spec.standard,
            methods=tuple(spec.methods),
            units=tuple(spec.units),
            parent=parent,
            children=tuple(child.id for child in spec.children),
            depth=depth,
            origin=origins.get(spec.id),
        )
        yield from flatten_indicators(spec.children, spec.id, depth + 1, origins)


class IndicatorTree(Mapping[str, Indicator]):
    """The assessment framework (测评体系): every indicator by id, in tree order (depth-first), and the
    questions asked of its shape — a node's subtree, its ancestors, the top level and the leaves."""

    __slots__ = ("_nodes",)

    def __init__(self, nodes: Iterable[Indicator] = ()) -> None:
        self._nodes = {node.id: node for node in nodes}

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._nodes[indicator_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._nodes  # a dict's own test: asked for every link of every record

    def __repr__(self) -> str:
        return f"IndicatorTree({list(self._nodes.values())!r})"

    def subtree(self, indicator_id: str) -> list[Indicator]:
        """The indicator and all its descendants, depth-first."""
        node = self._nodes[indicator_id]
        nodes = [node]
        for child in node.children:
            nodes += self.subtree(child)
        return nodes

    def ancestors(self, indicator_id: str) -> tuple[Indicator, ...]:
        """The indicator's parent, its parent's parent, … from the top level down (empty for a 版块)."""
        path: list[Indicator] = []
        parent = self._nodes[indicator_id].parent
        while parent is not None:
            path.insert(0, self._nodes[parent])
            parent = self._nodes[parent].parent
        return tuple(path)

    def top(self) -> list[Indicator]:
        """The top level (版块), in order."""
        return [node for node in self._nodes.values() if node.parent is None]

    def leaves(self) -> list[Indicator]:
        """The indicators without children: the ones records are filed against and scored."""
        return [node for node in self._nodes.values() if node.is_leaf]


def _freeze(index: Mapping[str, list[Record]]) -> Mapping[str, tuple[Record, ...]]:
    return MappingProxyType({key: tuple(_by_date(values)) for key, values in index.items()})


_DATE_THEN_ID = operator.attrgetter("date", "id")  # in C: tens of thousands of calls per build


def _by_date(records: Iterable[_R]) -> list[_R]:
    return sorted(records, key=_DATE_THEN_ID)


@dataclass(frozen=True)
class Archive:
    """One campaign's whole collection (全宗), read-only."""

    root: Path  # the data folder
    info: ArchiveInfo
    units: Mapping[str, Unit]
    indicators: IndicatorTree  # by id, in tree order (depth-first)
    records: tuple[Record, ...]  # sorted by date, then id
    _by_id: Mapping[str, Record] = field(repr=False, default_factory=dict)
    self_scores: tuple[SelfScore, ...] = ()  # monthly self-assessments (self_scores/), by unit, month
    _whole: Archive | None = field(repr=False, compare=False, default=None)  # before ``filtered``
    # where each record is written (by id): its file's document with every field's line and column
    _origins: Mapping[str, Source] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def build(
        cls,
        root: Path,
        info: ArchiveInfo,
        units: Iterable[Unit],
        indicators: Iterable[IndicatorSpec],
        records: Iterable[Record],
        *,
        self_scores: Iterable[SelfScore] = (),
        origins: Mapping[str, Source] = MappingProxyType({}),
        indicator_origins: Mapping[str, Source] = MappingProxyType({}),
    ) -> Archive:
        """The model of validated values; ``origins`` and ``indicator_origins`` say where each record and
        indicator (by id) is written, so later problems are placed without reading a file again."""
        ordered = tuple(_by_date(records))
        nodes = flatten_indicators(indicators, origins=indicator_origins)
        return cls(
            root=root,
            info=info,
            units=MappingProxyType({unit.id: unit for unit in units}),
            indicators=IndicatorTree(nodes),
            records=ordered,
            _by_id=MappingProxyType({record.id: record for record in ordered}),
            self_scores=tuple(sorted(self_scores, key=lambda s: (s.unit, s.month, s.indicator, s.id))),
            _origins=MappingProxyType(dict(origins)),
        )

    # ---------------------------------------------------------------------------------------- lookups
    def get(self, record_id: str) -> Record | None:
        return self._by_id.get(record_id)

    def __getitem__(self, record_id: str) -> Record:
        return self._by_id[record_id]

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._by_id

    def __len__(self) -> int:
        return len(self.records)

    def of_kind(self, kind: Kind) -> tuple[Record, ...]:
        return self._by_kind.get(kind, ())

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        return self.of_kind("meeting")  # type: ignore[return-value]

    @property
    def speeches(self) -> tuple[Speech, ...]:
        return self.of_kind("speech")  # type: ignore[return-value]

    @property
    def summaries(self) -> tuple[Summary, ...]:
        return self.of_kind("summary")  # type: ignore[return-value]

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        return self.of_kind("evidence")  # type: ignore[return-value]

    @property
    def rectifications(self) -> tuple[Rectification, ...]:
        return self.of_kind("rectification")  # type: ignore[return-value]

    def filtered(self, audience: Audience) -> Archive:
        """The same archive with only the records ``audience`` may see."""
        if audience == "full":
            return self
        kept = tuple(r for r in self.records if visible_to(r, audience))
        by_id = MappingProxyType({r.id: r for r in kept})
        # Self-scores are internal working figures: the public never sees them.
        scores = self.self_scores if audience != "public" else ()
        whole = self.whole
        return Archive(
            self.root, self.info, self.units, self.indicators, kept, by_id, scores, whole, self._origins
        )

    @property
    def whole(self) -> Archive:
        """The archive before any audience filter: what the arrangement (档号, boxes) is made from, so a
        filtered view shows the same codes as the paper copy."""
        return self._whole if self._whole is not None else self

    # ---------------------------------------------------------------------------------------- indexes
    @cached_property
    def _by_kind(self) -> Mapping[str, tuple[Record, ...]]:
        index: dict[str, list[Record]] = {kind: [] for kind in KINDS}
        for record in self.records:
            index[record.kind].append(record)
        return _freeze(index)

    @cached_property
    def by_unit(self) -> Mapping[str, tuple[Record, ...]]:
        """Records per unit: every record it owns (``Record.owning_units``)."""
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.records:
            for unit_id in record.owning_units:
                index[unit_id].append(record)
        return _freeze(index)

    @cached_property
    def by_indicator(self) -> Mapping[str, tuple[Record, ...]]:
        """Records linked directly to each indicator."""
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.records:
            for indicator_id in dict.fromkeys(record.indicators):
                index[indicator_id].append(record)
        return _freeze(index)

    @cached_property
    def by_person(self) -> Mapping[str, tuple[tuple[str, Record], ...]]:
        """(role, record) per person named as speaker, host, recorder or author."""
        index: dict[str, list[tuple[str, Record]]] = defaultdict(list)
        for record in self.records:
            for role, name in record.people():
                index[name.strip()].append((role, record))
        return MappingProxyType({name: tuple(pairs) for name, pairs in sorted(index.items())})

    @cached_property
    def by_year(self) -> Mapping[int, tuple[Record, ...]]:
        """Records per year, the years in order (``group_by_year``, oldest first)."""
        return MappingProxyType({year: tuple(rows) for year, rows in reversed(group_by_year(self.records))})

    @cached_property
    def referenced_by(self) -> Mapping[str, tuple[Record, ...]]:
        """Back-links: for each record id, the records that name it (a speech → its meeting, and so on)."""
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.records:
            for _loc, _kind, ref in record.references():
                index[ref].append(record)
        return _freeze(index)

    # ---------------------------------------------------------------------------------------- helpers
    def records_for_indicator(self, indicator_id: str, *, subtree: bool = True) -> tuple[Record, ...]:
        ids = [n.id for n in self.indicators.subtree(indicator_id)] if subtree else [indicator_id]
        seen: dict[str, Record] = {}
        for node_id in ids:
            for record in self.by_indicator.get(node_id, ()):
                seen[record.id] = record
        return tuple(_by_date(seen.values()))

    def self_scores_of(self, unit_id: str) -> tuple[SelfScore, ...]:
        """A unit's monthly self-scores (自测打分), by month then indicator."""
        return tuple(score for score in self.self_scores if score.unit == unit_id)

    def date_range(self) -> tuple[dt.date, dt.date] | None:
        if not self.records:
            return None
        return min(r.date for r in self.records), max(r.date for r in self.records)

    def origin_of(self, record: Record) -> Source | None:
        """Where ``record`` is written: its file's document, with the line and column of every field as the
        loader found them (None for a record not read from a file)."""
        return self._origins.get(record.id)

    def in_assessment_window(self, day: dt.date) -> bool:
        """Whether material dated ``day`` falls in the assessment window (always, when none is set)."""
        window = self.info.assessment_window
        return window is None or window.start <= day <= window.end

    def today(self) -> dt.date:
        """``today`` from archive.yml when set (stable demo output), else the real date."""
        return self.info.today or dt.date.today()

    def retention_of(self, record: Record) -> str:
        """The record's retention, else the archive's default for its kind, else permanent (Y)."""
        return record.retention or self.info.retention_defaults.get(record.kind, "Y")

    def file_path(self, relative: str) -> Path:
        found = self._file_paths.get(relative)
        if found is None:
            found = self._file_paths[relative] = self.root / relative
        return found

    @cached_property
    def _file_paths(self) -> dict[str, Path]:
        # every build asks for each attached file's path several times (site, report, manifest): making
        # pathlib objects is what costs
        return {}
