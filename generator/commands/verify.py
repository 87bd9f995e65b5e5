"""`dossier verify`: the four-property check (四性检测) of a handover package."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.cli_options import verbose_option
from generator.commands.stages import print_stages
from generator.handover.verify import CHECKS, Finding, Report, verify_package
from generator.i18n import t
from generator.timing import recording


def _colour(finding: Finding) -> str:
    return "red" if finding.severity == "error" else "yellow"


def print_report(report: Report) -> None:
    for finding in report.findings:
        click.secho(finding.format(report.package), fg=_colour(finding), err=True)
    for check in CHECKS:
        summary = report.summary(check)
        status = t("verify-passed") if summary["ok"] else t("verify-not-passed")
        name = t(f"verify-check-{check}")
        click.echo(t("verify-check-line", name=name, status=status, **summary))
    if report.catalogue is not None:
        click.echo(t("verify-catalogue-digest", sha256=report.catalogue.sha256, sm3=report.catalogue.sm3))
    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings = len(report.findings) - errors
    if report.ok:
        more = t("verify-with-warnings", count=warnings) if warnings else ""
        click.secho(
            t("verify-ok", items=report.items, files=report.files, warnings=more), fg="green", bold=True
        )
    else:
        click.secho(t("verify-failed", errors=errors, warnings=warnings), fg="red", bold=True)


@click.command("verify")
@click.argument("package", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per finding and a summary per property; json: a machine-readable report.",
)
@click.option(
    "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (default: one per core)."
)
@verbose_option
def command(package: Path, output_format: str, jobs: int, verbose: bool) -> None:
    """Check a handover package: authenticity, integrity, usability, security (四性检测, DA/T 70)."""
    with recording() as stages:
        report = verify_package(package, jobs)
    if output_format == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        print_report(report)
        if verbose:
            print_stages(stages)
    raise SystemExit(0 if report.ok else 1)
