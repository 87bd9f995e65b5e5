"""`dossier handover`: write the electronic handover package (移交包) for the archives."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.cli_options import cache_option, data_option, jobs_option, out_folder_option, verbose_option
from generator.commands.check import print_problems
from generator.commands.stages import print_stages
from generator.errors import DossierError, UsageError
from generator.handover.package import (
    ForeignFolder,
    HandoverOptions,
    HandoverResult,
    NothingToHandOver,
    build_handover,
)
from generator.i18n import t
from generator.model import Audience
from generator.timing import recording, stage
from generator.validate import require_archive

DEFAULT_OUT = Path("dist") / "handover"


def run_handover(data: Path, out: Path, options: HandoverOptions) -> HandoverResult:
    with stage("stage-validate"):
        archive, warnings = require_archive(data)
    print_problems(warnings)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task(t("handover-progress"), total=None)

        def tick(_record_id: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            return build_handover(archive, out, options, tick)
        except ForeignFolder as exc:
            raise UsageError(t("handover-foreign", out=exc)) from exc
        except NothingToHandOver as exc:
            raise UsageError(t("handover-nothing", years=str(exc) or "—")) from exc


@click.command("handover")
@data_option
@out_folder_option(
    DEFAULT_OUT, "The package folder (replaced only when it holds an earlier package, or nothing)."
)
@click.option(
    "--year",
    "years",
    type=int,
    multiple=True,
    metavar="YEAR",
    help="Hand over the records of this year only (repeatable; default: every year).",
)
@click.option(
    "--audience",
    type=click.Choice(["full", "internal"]),
    default="full",
    show_default=True,
    help="full: everything (the archives receive it all); internal: restricted records withheld.",
)
@jobs_option
@cache_option("the keys of the 件 PDFs (an unchanged 件 is taken from the previous package)")
@verbose_option
def command(
    *,
    data: Path,
    out: Path,
    years: tuple[int, ...],
    audience: Audience,
    jobs: int,
    cache_dir: Path,
    verbose: bool,
) -> None:
    """Write the handover package (移交包): 件 as PDF/A, originals, 文件目录.xml, manifests, 交接登记表."""
    started = time.perf_counter()
    options = HandoverOptions(
        audience=audience, years=tuple(sorted(set(years))), jobs=jobs, cache_dir=cache_dir
    )
    try:
        with recording() as stages:
            result = run_handover(data, out, options)
    except OSError as exc:
        raise DossierError(str(exc)) from exc
    print_problems(result.problems)
    f = result.figures
    if f.withheld:
        click.echo(t("handover-withheld", count=f.withheld, audience=audience))
    done = t(
        "handover-done",
        items=f.items,
        files=f.files,
        originals=f.originals,
        reused=result.reused,
        size=f"{f.bytes / 2**20:.1f} MB",
        seconds=time.perf_counter() - started,
        out=out,
    )
    click.secho(done, fg="green")
    click.echo(t("handover-next", out=out))
    if verbose:
        print_stages(stages)
