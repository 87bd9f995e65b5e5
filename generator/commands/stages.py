"""The CLI side of generator/timing.py: a progress line while a build runs, per-stage times after it."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from generator.i18n import t
from generator.timing import Stages, recording

if TYPE_CHECKING:
    from rich.status import Status


@contextlib.contextmanager
def staged_build() -> Iterator[Stages]:
    """Record the build's stages; on a terminal, show the current one (transient, on stderr)."""
    with contextlib.ExitStack() as stack:
        status = _terminal_status() if sys.stderr.isatty() else None
        if status is not None:
            stack.enter_context(status)

        def started(name: str) -> None:
            if status is not None:
                status.update(t(name) + " …")

        stages = stack.enter_context(recording(started))
        yield stages


def _terminal_status() -> Status | None:
    """rich's transient status line, when stderr is a terminal rich can draw on; rich is imported only
    then (a build run by a script, a test or `mkdocs serve` does without the import)."""
    from rich.console import Console  # noqa: PLC0415

    console = Console(stderr=True)
    return console.status("") if console.is_terminal else None


def print_stages(stages: Stages, extra: list[str] | None = None) -> None:
    """What ``--verbose`` prints: each stage's seconds, then ``extra`` lines (on stderr: stdout stays the
    command's result)."""
    click.echo(t("timings-header"), err=True)
    for name, seconds in stages.seconds.items():
        click.echo(t("timings-line", seconds=seconds, stage=t(name)), err=True)
    for line in extra or []:
        click.echo(line, err=True)
