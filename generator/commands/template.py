"""`dossier template`: the workbook a unit fills (报送表, 整改台账, 自测打分), ready to import back."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli_options import data_option
from generator.errors import UsageError
from generator.i18n import t
from generator.intake.template import TemplateKind, build_template
from generator.intake.values import UnitMatcher
from generator.validate import require_archive
from generator.write import write_if_changed


@click.command("template")
@data_option
@click.option(
    "--kind",
    type=click.Choice(["evidence", "rectifications", "self-scores"]),
    default="evidence",
    show_default=True,
    help="evidence: 报送表; rectifications: 问题整改台账; self-scores: 自测打分表.",
)
@click.option(
    "--unit", default=None, help="The unit it is for (id, name or short name): its indicators only."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The .xlsx file to write.",
)
@click.option("--force", is_flag=True, help="Replace --out when it exists.")
def command(*, data: Path, kind: str, unit: str | None, out: Path, force: bool) -> None:
    """Write the Excel template a unit fills in: its indicators with their standards, drop-down lists,
    date formats, a note on every column and instructions in Chinese."""
    archive, _warnings = require_archive(data)
    unit_id = None
    if unit is not None:
        matcher = UnitMatcher((u.id, u.name, u.short) for u in archive.units.values())
        unit_id = matcher.find(unit)
        if unit_id is None:
            raise UsageError(t("intake-unknown-unit", unit=unit, hint=matcher.suggestion(unit)))
    if out.suffix.lower() != ".xlsx":
        raise UsageError(t("template-xlsx", out=out))
    if out.exists() and not force:
        raise UsageError(t("template-exists", out=out))
    kind_name: TemplateKind = kind  # type: ignore[assignment]  # click.Choice guarantees the value
    write_if_changed(out, build_template(archive, kind_name, unit_id))
    click.secho(t("template-written", out=out), fg="green", bold=True)
