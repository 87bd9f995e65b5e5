"""`dossier site`: build the archive website (MkDocs + Material) for one audience."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import click

from generator.cli_options import (
    audience_option,
    cache_option,
    data_option,
    out_folder_option,
    verbose_option,
)
from generator.commands.check import print_problems
from generator.commands.stages import print_stages, staged_build
from generator.i18n import t
from generator.manifest import write_manifests
from generator.model import Audience
from generator.site.binders_link import BindersUnusable, load_binder_links
from generator.timing import stage
from generator.validate import require_archive
from generator.write import atomic_output

DEFAULT_OUT = Path("site")


@click.command("site")
@data_option
@out_folder_option(DEFAULT_OUT, "Folder to write the site into (its index.html lands directly here).")
@audience_option
@cache_option("parsed records, file digests, thumbnails and finished pages")
@click.option(
    "--binders",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A `dossier binders` output folder (e.g. dist/binders): copy its PDFs into the site and link each "
    "record to the binder page where it starts. Used only if built for the same --audience.",
)
@verbose_option
def command(
    *, data: Path, out: Path, audience: Audience, cache_dir: Path, binders: Path | None, verbose: bool
) -> None:
    """Build the website: a page per record, lists, timeline, people, units, indicators, search, downloads."""
    from generator.site.publish import publish  # noqa: PLC0415 — load MkDocs only to build a site

    started = time.monotonic()
    with staged_build() as stages:
        with stage("stage-validate"):
            # ArchiveInvalid → every problem printed, exit 1, nothing built
            archive, warnings = require_archive(data, cache_dir=cache_dir.absolute())
        # The model lives until the process ends: keep the garbage collector from walking its hundreds of
        # thousands of objects again and again while pages are planned.
        gc.freeze()
        print_problems(warnings)
        if binders is not None:
            try:
                load_binder_links(binders, audience)
            except BindersUnusable as exc:
                click.secho(t(exc.key, **exc.params), fg="yellow", err=True)
                binders = None  # the site is still built, without the binders
        with atomic_output(out) as staging:  # the swap at its end is the stage "stage-swap"
            stats = publish(archive, staging, audience, cache_dir.absolute(), binders=binders, previous=out)
            with stage("stage-manifest"):
                manifest_cache = cache_dir.absolute() / f"manifest-{audience}"
                write_manifests(
                    staging,
                    archive.filtered(audience),
                    manifest_cache,
                    stats.derived,
                    facts_dir=cache_dir.absolute(),
                )
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
    if verbose:
        print_stages(stages, [t("timings-pages", rendered=stats.rendered, reused=stats.reused)])
