"""The four-property check (四性检测, DA/T 70) of a handover package: ours, or one edited by hand.

``verify_package`` reads the package once (contents, then each file's facts), runs the four checks —
authenticity, integrity, usability, security, one module each — and returns every finding. It never raises
for what it finds in the package and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.handover.manifests import Digests, digests_of_bytes
from generator.timing import stage

from . import authenticity, integrity, security, usability
from .contents import read_contents
from .context import Package
from .findings import CHECKS, Check, Finding
from .inspect import inspect_all

_MODULES = {
    "authenticity": authenticity,
    "integrity": integrity,
    "usability": usability,
    "security": security,
}


@dataclass(frozen=True)
class Report:
    package: Path
    findings: tuple[Finding, ...]
    files: int  # files inspected
    items: int  # 件 in the catalogue
    catalogue: Digests | None  # of 文件目录.xml, to compare with the signed 交接登记表

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def of(self, check: Check) -> list[Finding]:
        return [f for f in self.findings if f.check == check]

    def summary(self, check: Check) -> dict[str, object]:
        found = self.of(check)
        errors = sum(1 for f in found if f.severity == "error")
        return {"ok": errors == 0, "errors": errors, "warnings": len(found) - errors}

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "checks": {check: self.summary(check) for check in CHECKS},
            "errors": [f.as_json(self.package) for f in self.findings],
        }


def verify_package(package: Path, jobs: int = 0) -> Report:
    """Every finding of the four checks on the package folder ``package``, in path order."""
    with stage("stage-verify-read"):
        contents = read_contents(package)
        facts = inspect_all(package, list(contents.files), jobs)
    view = Package(contents, facts)
    findings: list[Finding] = []
    for check in CHECKS:
        with stage(f"stage-verify-{check}"):
            findings += _MODULES[check].check(view)
    order = {check: i for i, check in enumerate(CHECKS)}
    findings.sort(key=lambda f: (f.path, order[f.check], f.code, str(sorted(f.params.items()))))
    catalogue = digests_of_bytes(contents.catalogue_bytes) if contents.catalogue_bytes is not None else None
    return Report(package, tuple(findings), len(facts), len(view.entries), catalogue)


__all__ = ["CHECKS", "Finding", "Report", "verify_package"]
