"""`dossier ocr`: recognise the text of scanned pages and keep it beside each file (x.pdf.ocr.txt)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from generator.cli_options import cache_option, data_option
from generator.i18n import t
from generator.ocr import messages as _messages  # noqa: F401 — registers the command's words
from generator.ocr.run import Summary, recognise_archive
from generator.validate import require_archive


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} 页/s"),
        TimeRemainingColumn(),
        transient=True,
    )


def _report(summary: Summary, output_format: str) -> None:
    if output_format == "json":
        report = {
            "files": summary.files,
            "pages": summary.pages,
            "cached_pages": summary.cached,
            "current_files": summary.current,
            "edited_files": summary.edited,
            "seconds": round(summary.seconds, 3),
            "pages_per_second": round(summary.pages_per_second, 3),
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for file in summary.edited:
        click.secho(t("ocr-edited", file=file), fg="yellow", err=True)
    click.echo(
        t(
            "ocr-done",
            files=summary.files,
            pages=summary.pages,
            rate=summary.pages_per_second,
            cached=summary.cached,
            current=summary.current,
        )
    )


@click.command("ocr")
@data_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes on this machine, each with its own engine (one core each).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Send the pages to a running Dask cluster, e.g. tcp://10.0.0.5:8786.",
)
@click.option("--force", is_flag=True, help="Recognise again files whose text nobody edited.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a progress bar and a summary line; json: a machine-readable summary.",
)
@cache_option("recognised pages")
def command(
    *, data: Path, workers: int, scheduler: str | None, force: bool, output_format: str, cache_dir: Path
) -> None:
    """Recognise scanned pages (OCR) and write their text beside each file."""
    archive, _warnings = require_archive(data)
    with _progress_bar() as bar:
        task = bar.add_task(t("ocr-progress"), total=None, rate="–")

        def advance(done: int, total: int) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{done / elapsed:.2f}" if done and elapsed else "–"
            bar.update(task, completed=done, total=total, rate=rate)

        summary = recognise_archive(
            archive, cache_dir, force=force, workers=workers, scheduler=scheduler, progress=advance
        )
    _report(summary, output_format)
