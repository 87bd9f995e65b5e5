"""`dossier import`: speeches, minutes and summaries from Word and text files into records."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli_options import data_option
from generator.i18n import t
from generator.importers import ImportPlan, Note, apply_plan, plan_import


def _note_text(note: Note) -> str:
    params = dict(note.params)
    if "origin" in params:
        params["origin"] = t(f"import-origin-{params['origin']}")
    return f"{note.path.name}: {t(note.code, **params)}"


def _print_plan(plan: ImportPlan, data: Path, dry_run: bool) -> None:
    line_key = "import-would-create" if dry_run else "import-created"
    for planned in plan.files:
        shown = (data / planned.relative).as_posix()
        click.echo(
            t(
                line_key,
                path=shown,
                kind=t(f"kind-{planned.kind}"),
                title=planned.title or planned.relative.name,
            )
        )
    for note in plan.notes:
        click.secho(f"{t('severity-warning')}: {_note_text(note)}", fg="yellow", err=True)
    records = len(plan.records)
    files = len(plan.files) - records
    done_key = "import-dry-run-done" if dry_run else "import-done"
    click.secho(t(done_key, records=records, files=files, data=data), fg="green", bold=True)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@data_option
@click.option(
    "--kind",
    type=click.Choice(["auto", "speech", "meeting", "summary"]),
    default="auto",
    show_default=True,
    help="What the files hold; auto tells minutes (纪要) and summaries (总结) from speeches.",
)
@click.option("--unit", default=None, help="Unit id for imported work summaries (they need one).")
@click.option("--dry-run", is_flag=True, help="Show what would be created; write nothing.")
def command(paths: tuple[Path, ...], data: Path, kind: str, unit: str | None, dry_run: bool) -> None:
    """Import .docx/.doc/.wps/.rtf/.odt/.txt/.md files (or folders of them) as records.

    Every file is read and checked first; then all records are written together, never over an existing
    file. A file that cannot be read stops the import with nothing written.
    """
    plan = plan_import(paths, data, kind, unit)  # type: ignore[arg-type]  # click.Choice guarantees the value
    if not dry_run:
        apply_plan(plan, data)
    _print_plan(plan, data, dry_run)
