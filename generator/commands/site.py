"""`dossier site`: build the archive website (MkDocs + Material) for one audience."""

from __future__ import annotations

import time
from pathlib import Path

import click

from generator.cli_options import audience_option, data_option
from generator.commands.check import print_problems
from generator.i18n import t
from generator.manifest import write_manifests
from generator.model import Audience
from generator.validate import require_archive
from generator.write import atomic_output

DEFAULT_OUT = Path("site")


@click.command("site")
@data_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder to write the site into (its index.html lands directly here).",
)
@audience_option
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".cache") / "dossier",
    show_default=True,
    help="Where photo thumbnails are cached between builds.",
)
def command(data: Path, out: Path, audience: Audience, cache_dir: Path) -> None:
    """Build the website: a page per record, lists, timeline, people, units, indicators, search, downloads."""
    from generator.mkdocs_plugin import build_with_mkdocs  # noqa: PLC0415 — load MkDocs only to build a site

    started = time.monotonic()
    archive, warnings = require_archive(data)  # ArchiveInvalid → every problem printed, exit 1, nothing built
    print_problems(warnings)
    with atomic_output(out) as staging:
        stats = build_with_mkdocs(archive, staging, audience, cache_dir.absolute())
        write_manifests(staging, archive.filtered(audience), cache_dir.absolute() / f"manifest-{audience}")
    click.secho(
        t(
            "site-built",
            pages=stats.pages,
            records=stats.records,
            audience=audience,
            seconds=time.monotonic() - started,
            out=out,
        ),
        fg="green",
    )
