"""Problems found in an archive, and the one exception tree the CLI turns into messages."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import click

from generator.i18n import t

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the archive, at a place in a file (line and column are 1-based; 0 = unknown)."""

    path: Path
    line: int
    column: int
    severity: Severity
    code: str
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    # a message more precise than the code's own, for one kind of that problem: a yaml-syntax error at an
    # unclosed '[' says so ("'[' opened here is never closed …") and keeps its code
    message_key: str = field(default="", compare=False, hash=False)

    @property
    def message(self) -> str:
        return t(self.message_key or self.code, **self.params)

    def display_path(self) -> str:
        """The path relative to the current directory when it is below it, as compilers print paths."""
        try:
            return os.path.relpath(self.path)
        except ValueError:  # another drive on Windows
            return str(self.path)

    def format(self) -> str:
        return (
            f"{self.display_path()}:{self.line}:{self.column}: "
            f"{t('severity-' + self.severity)}: {self.message} [{self.code}]"
        )

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.display_path(),
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def sort_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.column, p.code))


class DossierError(click.ClickException):
    """Base of every error the user should see as a message, not a traceback."""

    exit_code = 1


class UsageError(DossierError):
    exit_code = 2


class ArchiveInvalid(DossierError):
    """The archive has errors; nothing was built. Carries every problem so the caller can print them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = len(problems) - errors
        super().__init__(t("check-failed", errors=errors, warnings=warnings))
