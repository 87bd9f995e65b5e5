"""One import run's state, shared by the modules of each kind of sheet: the archive as it was, what the run
plans to write, the problems found, the rows found already imported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.intake.archive_state import ArchiveState
from generator.intake.files import FileFinder, FilePlan, FileReader, SourceFile
from generator.intake.problems import CellProblem, Place, error, warning
from generator.intake.records import Namer, PlannedRecord
from generator.intake.sheets import Table
from generator.intake.values import BadValue, IdMatcher, UnitMatcher, leading_id, text_of
from generator.schema import IndicatorSpec, Unit

T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    kind: str = "auto"  # auto, indicators, units, evidence, rectifications, self-scores, photos
    unit: str | None = None
    indicator: str | None = None
    access: str | None = None
    files_dir: Path | None = None
    replace: bool = False


@dataclass(frozen=True)
class Present:
    """Rows (or a photo folder) already in the archive: nothing is created for them."""

    place: Place
    rows: tuple[int, ...]
    record: str  # the record that holds them


@dataclass(frozen=True)
class Note:
    """Something the user should know that is not a problem (a sheet already imported, a sheet skipped)."""

    place: Place
    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class Run:
    root: Path
    state: ArchiveState
    options: Options
    problems: list[CellProblem] = field(default_factory=list)
    planned: list[PlannedRecord] = field(default_factory=list)
    present: list[Present] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    changed: int = 0
    updated: int = 0
    rows: int = 0
    units: list[Unit] = field(default_factory=list)  # as they will be after this run
    indicators: list[IndicatorSpec] = field(default_factory=list)
    reader: FileReader = field(default_factory=FileReader)
    _finders: dict[Path, FileFinder] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.namer = Namer(self.root, self.state.taken_ids, self.state.taken_paths)
        self.files = FilePlan(self.namer)
        self.units = list(self.state.units)
        self.indicators = list(self.state.indicators)
        self.files_by_sha256 = self.state.files_by_sha256()
        self.imported_rows = self.state.imported_rows()

    # ---------------------------------------------------------------------------------------- problems
    def error(self, place: Place, code: str, **params: object) -> None:
        self.problems.append(error(place, code, **params))

    def warn(self, place: Place, code: str, **params: object) -> None:
        self.problems.append(warning(place, code, **params))

    def note(self, place: Place, key: str, **params: object) -> None:
        self.notes.append(Note(place, key, params))

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def parsed(self, place: Place, parse: Callable[[Any], T], value: Any) -> T | None:
        """``parse(value)``, or None with the problem placed at the cell."""
        try:
            return parse(value)
        except BadValue as bad:
            self.error(place, bad.code, **bad.params)
            return None

    # ---------------------------------------------------------------------------------------- lookups
    def unit_matcher(self) -> UnitMatcher:
        return UnitMatcher((u.id, u.name, u.short) for u in self.units)

    def indicator_matcher(self) -> IdMatcher:
        from generator.model import flatten_indicators  # noqa: PLC0415

        return IdMatcher(node.id for node in flatten_indicators(self.indicators))

    def find_unit(self, place: Place, text: str, matcher: UnitMatcher) -> str | None:
        found = matcher.find(text)
        if found is None:
            self.error(place, "unknown-unit", unit=text, hint=matcher.suggestion(text))
        return found

    def find_indicator(self, place: Place, text: str, matcher: IdMatcher) -> str | None:
        found = matcher.find(text)
        if found is None:
            head, _rest = leading_id(text)  # "A.1.1 门前三包", as the template's drop-down writes it
            found = matcher.find(head) if head else None
        if found is None:
            shown = leading_id(text)[0] or text
            self.error(place, "unknown-indicator", indicator=shown, hint=matcher.suggestion(shown))
        return found

    def finder(self, sheet_path: Path) -> FileFinder:
        base = self.options.files_dir or sheet_path.parent
        if base not in self._finders:
            self._finders[base] = FileFinder(base, self.root)
        return self._finders[base]

    def source_file(self, place: Place, finder: FileFinder, typed: str) -> SourceFile | None:
        path = self.parsed(place, finder.find, typed)
        return None if path is None else self.parsed(place, self.reader.read, path)


def sheet_unit(table: Table, run: Run, units: UnitMatcher) -> str | None:
    """The unit every row of the sheet belongs to: ``--unit``, else "填报单位：…" above the header."""
    if run.options.unit or table.sheet_unit is None:
        return run.options.unit
    text, row, column = table.sheet_unit
    return run.find_unit(Place(table.grid.path, table.grid.sheet, row + 1, column + 1), text, units)


def place_of(table: Table, row: int, field_name: str | None = None) -> Place:
    """The cell of ``field_name`` in data row ``row`` (0-based), or the row's first column."""
    column = table.column(field_name) if field_name else None
    if column is None:
        column = min(table.header.columns.values(), default=0)
    return Place(table.grid.path, table.grid.sheet, row + 1, column + 1)


def sheet_place(table: Table) -> Place:
    return Place(table.grid.path, table.grid.sheet)


def cell_text(table: Table, row: int, field_name: str) -> str:
    return text_of(table.value(row, field_name))


def header_text(table: Table, field_name: str) -> str:
    """The header of the column holding ``field_name``, as the sheet writes it."""
    column = table.column(field_name)
    if column is None:
        return field_name
    return text_of(table.grid.rows[table.header_row][column]) or field_name
