"""`dossier binders`: render the bound PDF binders (卷) and the box spine labels."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.binders import BuildOptions, BuildResult, UnknownBinder, build_binders
from generator.cli_options import (
    audience_option,
    cache_option,
    data_option,
    jobs_option,
    out_folder_option,
    verbose_option,
)
from generator.commands.check import print_problems
from generator.commands.stages import print_stages
from generator.errors import DossierError, UsageError
from generator.i18n import t
from generator.model import Audience
from generator.timing import recording, stage
from generator.validate import require_archive


def run_binders(data: Path, out: Path, options: BuildOptions, *, show_progress: bool) -> BuildResult:
    with stage("stage-validate"):
        archive, warnings = require_archive(data, options.cache_dir)
    print_problems(warnings)
    console = Console(stderr=True)  # stdout holds the result: the list of binders
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
        disable=not (show_progress and console.is_terminal),
    ) as bar:
        task = bar.add_task(t("binders-progress"), total=None, last="")

        def tick(binder_id: str, done: int, total: int) -> None:
            if bar.disable:  # a log, not a terminal: a line per binder shows a long build is alive
                if show_progress:
                    click.echo(t("binders-progress-line", done=done, total=total, id=binder_id), err=True)
                return
            bar.update(task, completed=done, total=total, last=binder_id)

        try:
            return build_binders(archive, out, options, tick)
        except UnknownBinder as exc:
            raise UsageError(
                t("binders-unknown", wanted=", ".join(exc.wanted), known=", ".join(exc.known))
            ) from exc


@click.command("binders")
@data_option
@out_folder_option(Path("dist"), "Output folder; the PDFs go to OUT/binders/.")
@click.option(
    "--only", "only", multiple=True, metavar="BINDER_ID", help="Build only this binder (repeatable)."
)
@audience_option
@click.option("--pdfa", is_flag=True, help="Write PDF/A-3b (GB/T 23286) for long-term keeping.")
@jobs_option
@cache_option("parsed records and file digests")
@verbose_option
def command(
    *,
    data: Path,
    out: Path,
    only: tuple[str, ...],
    audience: Audience,
    pdfa: bool,
    jobs: int,
    cache_dir: Path,
    verbose: bool,
) -> None:
    """Render the PDF binders: cover, catalogue, items, scans, 备考表 and spine labels."""
    started = time.perf_counter()
    options = BuildOptions(audience=audience, only=only, pdfa=pdfa, jobs=jobs, cache_dir=cache_dir)
    try:
        with recording() as stages:  # the progress bar shows the binders; --verbose the stages after
            result = run_binders(data, out, options, show_progress=True)
    except OSError as exc:
        raise DossierError(str(exc)) from exc
    print_problems(result.problems)
    for binder in result.binders:
        note = t("binders-reused") if binder.reused else ""
        click.echo(t("binders-line", id=binder.binder_id, pages=binder.pages, title=binder.title, note=note))
    reused = sum(1 for b in result.binders if b.reused)
    click.secho(
        t(
            "binders-done",
            count=len(result.binders),
            pages=result.pages,
            rendered=len(result.binders) - reused,
            reused=reused,
            out=result.out_dir,
            seconds=time.perf_counter() - started,
        ),
        fg="green",
    )
    if verbose:
        print_stages(stages)
