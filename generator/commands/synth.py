"""`dossier synth`: write a deterministic synthetic archive for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path

import click
from rich.progress import Progress

from generator.errors import UsageError
from generator.synth.archive import synthesize


@click.command("synth")
@click.option("--records", type=click.IntRange(min=1), required=True, help="How many records to write.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="A new (or empty) folder to write the archive into.",
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Same seed, same archive, byte for byte."
)
@click.option(
    "--photos",
    type=click.IntRange(min=0),
    default=None,
    help="How many distinct photos to draw, shared by the records (default: one per evidence record).",
)
@click.option(
    "--scans",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Also write this many scan records, each a two-page image-only A4 PDF at 200 dpi of known text "
    "(for dossier ocr).",
)
def command(records: int, out: Path, seed: int, photos: int | None, scans: int) -> None:
    """Generate a realistic synthetic archive (all kinds, Chinese bodies, photos, scans)."""
    if out.exists() and any(out.iterdir()):
        raise UsageError(f"{out} is not empty: synth writes only into a new or empty folder")
    with Progress(transient=True) as progress:
        task = progress.add_task("synth", total=records)
        counts = synthesize(
            out, records, seed=seed, photos=photos, scans=scans, progress=lambda n: progress.advance(task, n)
        )
    click.echo(f"{out}: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))
