"""The `dossier` command line: thin commands over the library (each lives in generator/commands/)."""

from __future__ import annotations

import sys

import click

from generator import __version__
from generator.commands import binders, check, synth
from generator.commands import export as export_command
from generator.commands import hash as hash_command
from generator.commands import import_ as import_command
from generator.commands import report as report_command
from generator.commands import site as site_command
from generator.commands.check import print_problems
from generator.errors import ArchiveInvalid, DossierError
from generator.i18n import set_language


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dossier")
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Language of messages (default: $DOSSIER_LANG, else zh).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, lang: str | None, debug: bool) -> None:
    """dossier — 创建档案生成器: records → website, bound PDF binders, Word files, reports."""
    set_language(lang)
    ctx.obj = {"debug": debug}


cli.add_command(check.command)
cli.add_command(binders.command)
cli.add_command(synth.command)
cli.add_command(hash_command.command)
cli.add_command(report_command.command)
cli.add_command(site_command.command)
cli.add_command(import_command.command)
cli.add_command(export_command.command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: archive problems are printed one per line; other failures as one message."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="dossier", standalone_mode=False)
    except ArchiveInvalid as exc:
        print_problems(exc.problems)
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:  # includes DossierError and click's own usage errors (exit 2)
        exc.show()
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except Exception as exc:
        if debug:
            raise
        click.secho(
            f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
            fg="red",
            err=True,
        )
        sys.exit(1)


__all__ = ["DossierError", "cli", "main"]
