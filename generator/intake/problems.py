"""Problems in what offices send in, placed at the cell: ``PATH:SHEET!CELL: error|warning: message [code]``.

A problem found in a record the import would write (by the same checks ``dossier check`` runs) is placed at
the cell the value came from; a problem in the data folder itself keeps its ``path:line:col``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from generator.errors import Problem, Severity
from generator.i18n import t


@dataclass(frozen=True)
class Place:
    """Where a value came from: a cell of a sheet (row and column 1-based; 0 when not known), or a file."""

    path: Path
    sheet: str | None = None
    row: int = 0
    column: int = 0

    def at(self, row: int, column: int) -> Place:
        return Place(self.path, self.sheet, row, column)

    @property
    def cell(self) -> str | None:
        if self.row and self.column:
            return f"{get_column_letter(self.column)}{self.row}"
        return f"{self.row}:{self.row}" if self.row else None


@dataclass(frozen=True)
class CellProblem:
    place: Place
    severity: Severity
    code: str
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    yaml_place: tuple[int, int] | None = None  # line, column when the problem is in a YAML file
    key: str = ""  # the message's key: "intake-<code>" for our own codes, the code for dossier check's

    @property
    def message(self) -> str:
        return t(self.key or f"intake-{self.code}", **self.params)

    def display_path(self) -> str:
        try:
            return os.path.relpath(self.place.path)
        except ValueError:  # another drive on Windows
            return str(self.place.path)

    def where(self) -> str:
        if self.yaml_place is not None:
            return f"{self.display_path()}:{self.yaml_place[0]}:{self.yaml_place[1]}"
        cell = self.place.cell
        if self.place.sheet is not None:
            return (
                f"{self.display_path()}:{self.place.sheet}!{cell}"
                if cell
                else (f"{self.display_path()}:{self.place.sheet}")
            )
        return f"{self.display_path()}:{cell}" if cell else self.display_path()

    def format(self) -> str:
        return f"{self.where()}: {t('severity-' + self.severity)}: {self.message} [{self.code}]"

    def as_json(self) -> dict[str, object]:
        row, column = self.yaml_place or (self.place.row, self.place.column)
        return {
            "path": self.display_path(),
            "sheet": self.place.sheet,
            "cell": self.place.cell if self.yaml_place is None else None,
            "row": row or None,
            "column": column or None,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }

    def sort_key(self) -> tuple[str, str, int, int, str]:
        row, column = self.yaml_place or (self.place.row, self.place.column)
        return (str(self.place.path), self.place.sheet or "", row, column, self.code)


def from_problem(problem: Problem) -> CellProblem:
    """A problem of the data folder (a YAML file), kept at its line and column."""
    return CellProblem(
        Place(problem.path),
        problem.severity,
        problem.code,
        problem.params,
        (problem.line, problem.column),
        problem.code,
    )


def at_cell(problem: Problem, place: Place) -> CellProblem:
    """A problem ``dossier check`` finds in a record the import would write, placed at its source cell."""
    return CellProblem(place, problem.severity, problem.code, problem.params, None, problem.code)


def error(place: Place, code: str, **params: object) -> CellProblem:
    return CellProblem(place, "error", code, params)


def warning(place: Place, code: str, **params: object) -> CellProblem:
    return CellProblem(place, "warning", code, params)
