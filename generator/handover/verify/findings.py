"""A finding of the four-property check: where, which property, what, how bad."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.i18n import t

Severity = Literal["error", "warning"]
Check = Literal["authenticity", "integrity", "usability", "security"]
CHECKS: tuple[Check, ...] = ("authenticity", "integrity", "usability", "security")


@dataclass(frozen=True)
class Finding:
    """``path`` is relative to the package ("/" between folders; "" for the package itself); ``code`` names
    the problem (and its message, ``verify-<code>``)."""

    path: str
    check: Check
    code: str
    severity: Severity
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @property
    def message(self) -> str:
        return t(f"verify-{self.code}", **self.params)

    def display_path(self, package: Path) -> str:
        """The path as a compiler prints one: relative to the current directory when it is below it."""
        full = package / self.path if self.path else package
        try:
            return os.path.relpath(full)
        except ValueError:  # another drive on Windows
            return str(full)

    def format(self, package: Path) -> str:
        return f"{self.display_path(package)}: {t('severity-' + self.severity)}: {self.message} [{self.code}]"

    def as_json(self, package: Path) -> dict[str, object]:
        return {
            "path": self.display_path(package),
            "check": self.check,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }


def error(check: Check, path: str, code: str, /, **params: object) -> Finding:
    return Finding(path, check, code, "error", params)


def warning(check: Check, path: str, code: str, /, **params: object) -> Finding:
    return Finding(path, check, code, "warning", params)
