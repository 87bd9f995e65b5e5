"""`dossier check`: validate the archive and summarise it on one screen."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from generator.cli_options import cache_option, data_option, text_or_json_option
from generator.dates import display_date
from generator.errors import Problem, sort_problems
from generator.i18n import language, t
from generator.model import Archive
from generator.ocr.status import ocr_problems
from generator.readiness.strict import readiness_problems
from generator.schema import ACCESS_LEVELS, KINDS, Evidence
from generator.validate import load_archive


@dataclass(frozen=True)
class CheckResult:
    archive: Archive | None
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def counts(self) -> dict[str, int]:
        """Counts for the JSON report: records per kind folder, units, indicators, files, problems."""
        counts: dict[str, int] = {}
        archive = self.archive
        for kind in KINDS:
            counts[_plural(kind)] = len(archive.of_kind(kind)) if archive else 0
        counts["units"] = len(archive.units) if archive else 0
        counts["indicators"] = len(archive.indicators) if archive else 0
        counts["files"] = sum(len(e.files) for e in archive.evidence) if archive else 0
        counts["errors"] = self.errors
        counts["warnings"] = self.warnings
        return counts


def _plural(kind: str) -> str:
    return {
        "meeting": "meetings",
        "speech": "speeches",
        "summary": "summaries",
        "evidence": "evidence",
        "rectification": "rectifications",
    }[kind]


def run_check(root: Path, cache_dir: Path | None = None) -> CheckResult:
    archive, problems = load_archive(root, cache_dir)
    if archive is not None:
        problems = sort_problems([*problems, *ocr_problems(archive)])
    return CheckResult(archive, problems)


def summary_lines(archive: Archive) -> list[str]:
    """The one-screen overview printed after a clean check."""
    info = archive.info
    lang = language()
    sep = " · "
    kinds = sep.join(f"{t('kind-' + kind)} {len(archive.of_kind(kind))}" for kind in KINDS)
    lines = [t("summary-title", title=info.title, fonds=f"{info.fonds.code} {info.fonds.name}")]
    lines.append(f"{t('summary-records')}: {kinds} ({len(archive)})")
    span = archive.date_range()
    if span:
        lines.append(f"{t('summary-dates')}: {display_date(span[0], lang)} – {display_date(span[1], lang)}")
    units = "、".join(u.short or u.name for u in archive.units.values())
    lines.append(
        f"{t('summary-units')}: {len(archive.units)} ({units})" if units else f"{t('summary-units')}: 0"
    )
    leaves = archive.indicators.leaves()
    score = sum(node.score or 0 for node in archive.indicators.top())
    lines.append(
        t("summary-indicators", count=len(archive.indicators), leaves=len(leaves), score=f"{score:g}")
    )
    files = sum(len(e.files) for e in archive.evidence if isinstance(e, Evidence))
    lines.append(t("summary-files", count=files))
    access = Counter(r.access for r in archive.records)
    lines.append(
        f"{t('summary-access')}: " + sep.join(f"{t('access-' + a)} {access[a]}" for a in ACCESS_LEVELS)
    )
    return lines


def with_readiness(result: CheckResult) -> CheckResult:
    """--strict: the readiness rules broken today (archive.today()) are problems too."""
    if result.archive is None:
        return result
    extra = readiness_problems(result.archive)
    return CheckResult(result.archive, sort_problems([*result.problems, *extra]))


def _problem_colour(problem: Problem) -> str:
    return "red" if problem.severity == "error" else "yellow"


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.secho(problem.format(), fg=_problem_colour(problem), err=True)


def closing_line(result: CheckResult) -> str:
    if not result.ok:
        return t("check-failed", errors=result.errors, warnings=result.warnings)
    return t("check-warnings", warnings=result.warnings) if result.warnings else t("check-ok")


@click.command("check")
@data_option
@text_or_json_option("one line per problem and a summary")
@click.option(
    "--strict",
    is_flag=True,
    help="Also fail on readiness problems: indicators without evidence, overdue rectifications, material "
    "outside the assessment window, rectifications closed without evidence (see dossier report).",
)
@cache_option("parsed records and file digests")
def command(data: Path, output_format: str, strict: bool, cache_dir: Path) -> None:
    """Validate the archive: every problem, as path:line:col, in one run."""
    result = run_check(data, cache_dir)
    if strict:
        result = with_readiness(result)
    if output_format == "json":
        report = {
            "ok": result.ok,
            "errors": [p.as_json() for p in result.problems],
            "counts": result.counts(),
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_problems(result.problems)
        if result.archive is not None:
            for line in summary_lines(result.archive):
                click.echo(line)
        click.secho(closing_line(result), fg="green" if result.ok else "red", bold=True)
    raise SystemExit(0 if result.ok else 1)
