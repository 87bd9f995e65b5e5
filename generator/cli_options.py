"""Options shared by several commands, so each flag is spelled and documented once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DATA = Path("archive_data")
DEFAULT_CACHE = Path(".cache") / "dossier"

data_option: Callable[[F], F] = click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="The data folder holding archive.yml and the record folders.",
)

audience_option: Callable[[F], F] = click.option(
    "--audience",
    type=click.Choice(["public", "internal", "full"]),
    default="internal",
    show_default=True,
    help="Which records to include: public only; public and internal; or everything (full).",
)

verbose_option: Callable[[F], F] = click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="After the build, print how long each stage took (and how many pages were reused).",
)


def out_folder_option(default: Path, help_text: str) -> Callable[[F], F]:
    """``--out``: the folder a command writes its output into."""
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=True,
        help=help_text,
    )


def cache_option(what: str) -> Callable[[F], F]:
    """``--cache DIR`` (default ``.cache/dossier``, shared by every command); ``what`` says what this
    command keeps there."""
    return click.option(
        "--cache",
        "cache_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_CACHE,
        show_default=True,
        help=f"Where {what} are kept between runs; delete it any time.",
    )


jobs_option: Callable[[F], F] = click.option(
    "--jobs", type=click.IntRange(min=0), default=0, help="Worker processes (default: one per core)."
)


def text_or_json_option(text_help: str) -> Callable[[F], F]:
    """``--format text|json`` (default text); ``text_help`` says what the text output shows."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=f"text: {text_help}; json: a machine-readable report.",
    )
