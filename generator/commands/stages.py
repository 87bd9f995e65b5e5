"""The CLI side of generator/timing.py: a progress line while a build runs, per-stage times after it."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

import click
from rich.console import Console

from generator.i18n import t
from generator.timing import Stages, recording


@contextlib.contextmanager
def staged_build() -> Iterator[Stages]:
    """Record the build's stages; on a terminal, show the current one (transient, on stderr)."""
    console = Console(stderr=True)
    show = sys.stderr.isatty() and console.is_terminal
    with contextlib.ExitStack() as stack:
        status = stack.enter_context(console.status("")) if show else None

        def started(name: str) -> None:
            if status is not None:
                status.update(t(name) + " …")

        stages = stack.enter_context(recording(started))
        yield stages


def print_stages(stages: Stages, extra: list[str] | None = None) -> None:
    """What ``--verbose`` prints: each stage's seconds, then ``extra`` lines (on stderr: stdout stays the
    command's result)."""
    click.echo(t("timings-header"), err=True)
    for name, seconds in stages.seconds.items():
        click.echo(t("timings-line", seconds=seconds, stage=t(name)), err=True)
    for line in extra or []:
        click.echo(line, err=True)
