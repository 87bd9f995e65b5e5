"""Where a build's time goes: named stages, timed, for ``--verbose`` and a progress line.

The library marks its stages with ``stage("stage-…")`` (an i18n message key). While a command records
(``recording()``), each stage's wall-clock time is added to the recorder and its listener hears the stage
start (the CLI shows it as a progress line); otherwise a stage costs a clock read and nothing is kept. The
library never prints: the command decides what to show.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Stages:
    """Stage name → seconds, in the order first seen (a stage entered twice adds up)."""

    seconds: dict[str, float] = field(default_factory=dict)
    listener: Callable[[str], None] | None = None

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


_active: Stages | None = None


@contextlib.contextmanager
def recording(listener: Callable[[str], None] | None = None) -> Iterator[Stages]:
    """Record the stages run inside the block (nested recordings: the inner one records)."""
    global _active  # noqa: PLW0603 — one build at a time per process; stages are marked deep in the library
    outer, _active = _active, Stages(listener=listener)
    try:
        yield _active
    finally:
        _active = outer


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Time the block as stage ``name`` of the active recording, if any."""
    recorder = _active
    if recorder is not None and recorder.listener is not None:
        recorder.listener(name)
    started = time.perf_counter()
    try:
        yield
    finally:
        if recorder is not None:
            recorder.add(name, time.perf_counter() - started)


def is_recording() -> bool:
    return _active is not None


def add_stage(name: str, seconds: float) -> None:
    """Add time measured elsewhere (e.g. between two MkDocs events) to stage ``name``."""
    if _active is not None:
        _active.add(name, seconds)
