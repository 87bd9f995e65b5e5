"""`dossier import`: Word and text files (speeches, minutes, summaries) and spreadsheets and photo folders
(测评体系, 责任单位, 报送表, 整改台账, 自测打分) into records.

Word files go to ``generator.importers`` (docs/word.md), spreadsheets and photo folders to
``generator.intake`` (docs/intake.md); a run given both plans both and writes both only when both are valid.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.cli_options import cache_option, data_option
from generator.i18n import t
from generator.importers import ImportPlan, Note, apply_plan, plan_import, source_files
from generator.intake import IntakeResult, Options, apply_intake, is_sheet, plan_intake, sheet_files
from generator.intake.plan import Created
from generator.intake.run import Present

WORD_KINDS = ("speech", "meeting", "summary")
INTAKE_KINDS = ("indicators", "units", "evidence", "rectifications", "self-scores", "photos")


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


# ------------------------------------------------------------------------------------------ intake output
def _present_text(present: Present) -> str:
    where = present.place.path.name
    if present.place.sheet:
        where += f":{present.place.sheet}"
    if present.rows:
        where += " " + t("intake-rows", rows="、".join(str(r) for r in present.rows))
    return t("intake-present", where=where, id=present.record)


def _print_intake(result: IntakeResult, data: Path, dry_run: bool) -> None:
    for problem in result.problems:
        click.secho(problem.format(), fg="red" if problem.severity == "error" else "yellow", err=True)
    if not result.ok:
        warnings = result.counts["warnings"]
        click.secho(
            t("intake-failed", errors=result.counts["errors"], warnings=warnings), fg="red", bold=True
        )
        return
    for note in result.notes:
        where = note.place.path.name + (f":{note.place.sheet}" if note.place.sheet else "")
        click.echo(f"{where}: {t(note.key, **note.params)}")
    for present in result.present:
        click.echo(_present_text(present))
    line_key = "import-would-create" if dry_run else "import-created"
    for planned in result.files:
        if planned.kind != "file":
            shown = (data / planned.relative).as_posix()
            click.echo(t(line_key, path=shown, kind=t(f"kind-{planned.kind}"), title=planned.title))
    counts = result.counts
    if not counts["created"] and not counts["updated"] and counts["present"]:
        click.secho(t("intake-nothing-new"), fg="green", bold=True)
    key = "intake-dry-run-done" if dry_run else "intake-done"
    click.secho(t(key, data=data, **counts), fg="green", bold=True)


def _json_report(result: IntakeResult | None, word: ImportPlan | None) -> str:
    created = [_created_json(c) for c in result.created] if result else []
    if word is not None:
        created += [
            {"kind": f.kind, "id": f.relative.stem, "path": f.relative.as_posix()} for f in word.records
        ]
    report = {
        "ok": result.ok if result else True,
        "created": created,
        "errors": [p.as_json() for p in result.problems] if result else [],
        "counts": result.counts if result else {"created": len(created)},
    }
    return json.dumps(report, ensure_ascii=False, indent=2)


def _created_json(created: Created) -> dict[str, str]:
    return {"kind": created.kind, "id": created.id, "path": created.path}


# ------------------------------------------------------------------------------------------ command
@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@data_option
@click.option(
    "--kind",
    type=click.Choice(["auto", *WORD_KINDS, *INTAKE_KINDS]),
    default="auto",
    show_default=True,
    help="What the files hold. auto: Word files as minutes (纪要), summaries (总结) or speeches; sheets by "
    "their header row. photos: folders of photos (needs --indicator and/or --unit).",
)
@click.option("--unit", default=None, help="Unit (id, name or short name) of summaries, sheet rows, photos.")
@click.option(
    "--indicator", default=None, help="Indicator id of imported photos (or sheet rows naming none)."
)
@click.option(
    "--access",
    type=click.Choice(["public", "internal", "restricted"]),
    default=None,
    help="Access level of imported evidence whose row names none (default: internal).",
)
@click.option(
    "--files",
    "files_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder where a sheet's file names are looked up (default: the sheet's own folder).",
)
@click.option("--replace", is_flag=True, help="Replace units.yml/indicators.yml, update changed rows.")
@click.option("--dry-run", is_flag=True, help="Show what would be created; write nothing.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per record and problem; json: a machine-readable report.",
)
@cache_option("parsed records")
def command(
    *,
    paths: tuple[Path, ...],
    data: Path,
    kind: str,
    unit: str | None,
    indicator: str | None,
    access: str | None,
    files_dir: Path | None,
    replace: bool,
    dry_run: bool,
    output_format: str,
    cache_dir: Path,
) -> None:
    """Import Word/text files (.docx .doc .wps .rtf .odt .txt .md), spreadsheets (.xlsx .xls .et .ods
    .csv) and photo folders as records.

    Everything is read and checked first; then all records are written together, never over an existing
    file. Any error stops the import with nothing written; every problem is named, down to the cell.
    """
    sheets_or_photos = kind in INTAKE_KINDS or (kind == "auto" and bool(sheet_files(paths)))
    word_files = [] if kind in INTAKE_KINDS else [p for p in source_files(paths) if not is_sheet(p)]
    result = None
    if sheets_or_photos:
        options = Options(kind, unit, indicator, access, files_dir, replace)
        result = plan_intake(list(paths), data, options, cache_dir)
    word = None
    if (word_files or result is None) and (result is None or result.ok):
        word_kind = kind if kind in WORD_KINDS else "auto"
        # with no sheet, the Word import reports what it found (or that there is nothing to import)
        word = plan_import(word_files or paths, data, word_kind, unit)  # type: ignore[arg-type]
    if not dry_run and (result is None or result.ok):
        if result is not None:
            apply_intake(result, data)
        if word is not None:
            apply_plan(word, data)
    if output_format == "json":
        click.echo(_json_report(result, word))
    else:
        if result is not None:
            _print_intake(result, data, dry_run)
        if word is not None:
            _print_plan(word, data, dry_run)
    if result is not None and not result.ok:
        raise SystemExit(1)
