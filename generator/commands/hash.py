"""`dossier hash`: list attached files without a recorded sha256; `--write` records them."""

from __future__ import annotations

import os
from pathlib import Path

import click

from generator.cli_options import data_option
from generator.fixity import missing_hashes, write_hashes
from generator.i18n import t
from generator.validate import require_archive


@click.command("hash")
@data_option
@click.option("--write", is_flag=True, help="Add the missing sha256 lines to the evidence YAML files.")
def command(data: Path, write: bool) -> None:
    """Record the sha256 of attached files (fixity), so `check` catches later changes."""
    archive, _warnings = require_archive(data)
    missing = missing_hashes(archive)
    for entry in missing:
        click.echo(f"{os.path.relpath(entry.record_file)}: {entry.path} {entry.sha256}")
    if not missing:
        click.echo(t("hash-none-missing"))
        return
    if not write:
        click.echo(t("hash-dry-run", count=len(missing)))
        return
    written, skipped = write_hashes(missing)
    for reason in skipped:
        click.secho(t("hash-skipped", reason=reason), fg="yellow", err=True)
    click.echo(t("hash-written", files=len(written)))
    if skipped:
        raise SystemExit(1)
