"""`dossier export`: records in other formats — `dossier export docx` writes official-format Word files."""

from __future__ import annotations

from pathlib import Path

import click

from generator.arrangement import arrange
from generator.binders.select import binder_specs, select_records
from generator.cli_options import audience_option, data_option
from generator.docx_export import DEFAULT_OUT, Exported, ExportError, export_binder, export_records
from generator.i18n import t
from generator.image_metadata import cleans_for
from generator.model import Archive, Audience
from generator.validate import require_archive


@click.group("export")
def command() -> None:
    """Export records to other formats (Word .docx)."""


def _visible_ids(archive: Archive, view: Archive, ids: tuple[str, ...], audience: str) -> list[str]:
    for record_id in ids:
        record = archive.get(record_id)
        if record is None:
            raise ExportError(t("export-unknown-id", id=record_id, hint=""))
        if record_id not in view:
            needed = "internal" if record.access == "internal" else "full"
            access = t(f"access-{record.access}")
            raise ExportError(
                t("export-hidden", id=record_id, access=access, audience=audience, needed=needed)
            )
    return list(ids)


def _binder(view: Archive, binder_id: str, out: Path, audience: Audience) -> Exported:
    specs = {spec.id: spec for spec in binder_specs(view)}
    spec = specs.get(binder_id)
    if spec is None:
        raise ExportError(t("export-unknown-binder", id=binder_id, known=", ".join(specs) or "-"))
    arrangement = arrange(view)  # of the whole archive, as for the PDF binders
    records = select_records(view, spec, arrangement)
    return export_binder(view, spec, records, out, clean_images=cleans_for(audience))


@command.command("docx")
@click.argument("ids", nargs=-1)
@data_option
@audience_option
@click.option(
    "--binder", "binder_id", default=None, help="Export a binder (卷) from archive.yml as one document."
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Output folder, or a .docx file name when exporting one record or a binder.",
)
def docx_command(
    ids: tuple[str, ...], data: Path, audience: Audience, binder_id: str | None, out: Path
) -> None:
    """Write records (by id) or a binder as GB/T 9704 Word files."""
    if not ids and binder_id is None:
        raise ExportError(t("export-need-ids"))
    archive, _warnings = require_archive(data)
    view = archive.filtered(audience)
    if binder_id is not None:
        written = [_binder(view, binder_id, out, audience)]
    else:
        visible = _visible_ids(archive, view, ids, audience)
        written = export_records(view, visible, out, clean_images=cleans_for(audience))
    for item in written:
        click.echo(t("export-wrote", path=item.path, title=item.title))
