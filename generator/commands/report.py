"""`dossier report`: readiness for inspection — coverage, window, ledger, duplicates, photo dates."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import sys
from pathlib import Path

import click

from generator.cli_options import audience_option, cache_option, data_option
from generator.dates import compact_date
from generator.errors import DossierError, UsageError
from generator.i18n import t
from generator.model import Audience
from generator.readiness import Readiness, build_report
from generator.readiness.html import render_html
from generator.readiness.text import render_text
from generator.readiness.xlsx import render_xlsx
from generator.validate import require_archive
from generator.write import write_if_changed

FORMATS = ("text", "json", "html", "xlsx")


def render(report: Readiness, output_format: str, *, colour: bool = False) -> bytes:
    """The report as the bytes of one output format."""
    if output_format == "json":
        return (json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n").encode()
    if output_format == "html":
        return render_html(report).encode()
    if output_format == "xlsx":
        return render_xlsx(report)
    return render_text(report, colour=colour).encode()


def _default_out(report: Readiness, output_format: str) -> Path | None:
    """HTML and XLSX go to a file named after the date unless --out says otherwise; text, JSON to stdout."""
    if output_format in ("html", "xlsx"):
        return Path(f"readiness-{compact_date(report.as_of)}.{output_format}")
    return None


def _wants_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DD, got '{value}'", param_hint="--as-of") from None


@click.command("report")
@data_option
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Report as on this day (YYYY-MM-DD); default: archive.yml `today`, else the real date.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for the terminal; json for scripts; html a standalone page; xlsx one sheet per view.",
)
@click.option("--unit", metavar="ID", help="Only this unit's indicators, rectifications and records.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (default: stdout for text/json, readiness-YYYYMMDD.html/.xlsx).",
)
@click.option(
    "--photo-tolerance",
    type=click.IntRange(min=0),
    default=None,
    metavar="DAYS",
    help="Days a photo's EXIF date may differ from its record's date (default: archive.yml "
    "photo_date_tolerance, else 7).",
)
@cache_option("file digests and photo fingerprints")
@audience_option
def command(
    *,
    data: Path,
    audience: Audience,
    as_of: str | None,
    output_format: str,
    unit: str | None,
    out: Path | None,
    photo_tolerance: int | None,
    cache_dir: Path,
) -> None:
    """Readiness report (迎检准备): indicators without evidence, overdue rectifications, dates, duplicates."""
    day = _parse_date(as_of)
    archive, _warnings = require_archive(data)
    if unit is not None and unit not in archive.units:
        close = difflib.get_close_matches(unit, list(archive.units), n=1, cutoff=0.6)
        hint = t("hint-did-you-mean", name=close[0]) if close else ""
        raise UsageError(t("readiness-unknown-unit", unit=unit, hint=hint))
    report = build_report(
        archive, day, unit=unit, photo_tolerance=photo_tolerance, audience=audience, cache_dir=cache_dir
    )
    target = out or _default_out(report, output_format)
    payload = render(report, output_format, colour=target is None and _wants_colour())
    if target is None:
        click.echo(payload.decode(), nl=False, color=_wants_colour())
        return
    try:
        write_if_changed(target, payload)
    except OSError as exc:
        raise DossierError(f"{target}: {exc.strerror or exc}") from exc
    click.echo(t("readiness-written", path=target), err=True)
