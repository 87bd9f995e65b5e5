"""The `dossier` command line: thin commands over the library (each lives in generator/commands/)."""

from __future__ import annotations

import importlib
import os
import sys

import click

from generator import __version__
from generator.errors import ArchiveInvalid, DossierError
from generator.i18n import set_language

# Command name → module in generator/commands/ whose `command` it is. Loaded on first use, so `dossier site`
# does not pay for importing WeasyPrint and `dossier check` starts fast.
COMMANDS = {
    "check": "check",
    "site": "site",
    "binders": "binders",
    "report": "report",
    "import": "import_",
    "new": "new",
    "template": "template",
    "export": "export",
    "hash": "hash",
    "synth": "synth",
    "handover": "handover",
    "verify": "verify",
    "ocr": "ocr",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when they are run (or listed by --help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = importlib.import_module(f"generator.commands.{module}").command
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def main(argv: list[str] | None = None) -> None:
    """Entry point: archive problems are printed one per line; other failures as one message."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        code = cli.main(args=args, prog_name="dossier", standalone_mode=False)
        if argv is None:
            _exit_now(code if isinstance(code, int) else 0)
    except ArchiveInvalid as exc:
        from generator.commands.check import print_problems  # noqa: PLC0415 — only when there are problems

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


def _exit_now(code: int) -> None:
    """End the console command that has finished and written everything: without freeing the archive's
    model object by object first (a tenth of a second at 10,000 records — a good share of a rebuild)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away (`dossier … | head`): as Python itself ends then
        os._exit(120)
    os._exit(code)


__all__ = ["DossierError", "cli", "main"]
