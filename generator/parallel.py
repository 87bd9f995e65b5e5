"""Run the independent parts of a site build in a process per core.

Pages that are not in the navigation depend only on the (read-only) archive and the templates, and the
search index depends only on the records' texts, so they can be made side by side. Workers are forked:
they inherit the built model, the templates and the theme's shells in memory (nothing is pickled) and write
their files straight into the output folder and the caches; each returns only a small count. Where fork is
not available, or the work is too small to pay for the processes, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.process
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

Task = Callable[[], int]
BACKGROUND_NICENESS = 5
_TASKS: Sequence[Task] = ()  # set just before the workers fork; they read it, nothing is pickled


_LIMIT: int | None = None  # set by limit_workers


def workers() -> int:
    """A worker per core this process may use (at most the limit set by ``limit_workers``)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, _LIMIT) if _LIMIT else cores


def limit_workers(count: int | None) -> None:
    """Use at most ``count`` processes from now on in this process (None: a worker per core again).

    ``mkdocs serve`` sets 1: it runs a web-server thread, and forking a process that has threads is unsafe."""
    global _LIMIT  # noqa: PLW0603 — a process-wide setting, like the number of cores it stands in for
    _LIMIT = count


def run(tasks: Sequence[Task], processes: int) -> list[int]:
    """Each task's result, running them on up to ``processes`` forked workers (1: here, in order)."""
    global _TASKS  # noqa: PLW0603 — the workers' only input, inherited by fork
    if processes <= 1 or len(tasks) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [task() for task in tasks]
    _TASKS = tasks
    try:
        with multiprocessing.get_context("fork").Pool(min(processes, len(tasks))) as pool:
            return pool.map(_run, range(len(tasks)), chunksize=1)
    finally:
        _TASKS = ()


def _run(index: int) -> int:
    return _TASKS[index]()


class Background:
    """Work that only writes files (the search index), started early in a forked process so it runs while
    the pages are rendered, and moved into the output folder when the pages are done.

    ``make(folder)`` writes into ``folder``. Without fork, ``finish`` simply runs it there and then.
    """

    def __init__(self, make: Callable[[Path], object], scratch: Path, fork: bool) -> None:
        self.make = make
        self.scratch = scratch
        self.process: multiprocessing.process.BaseProcess | None = None
        _remove_abandoned(scratch.parent)
        if fork and "fork" in multiprocessing.get_all_start_methods():
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            # A daemon: an interrupted build (Ctrl-C) ends the worker too instead of waiting for it.
            context = multiprocessing.get_context("fork")
            self.process = context.Process(target=_niced, args=(make, scratch), daemon=True)
            self.process.start()

    def finish(self, dest: Path) -> None:
        if self.process is None:
            self.make(dest)
            return
        self.process.join()
        try:
            if self.process.exitcode != 0:
                raise BackgroundFailed(f"a background build step failed (exit code {self.process.exitcode})")
            for entry in sorted(self.scratch.iterdir()):
                target = dest / entry.name
                if target.exists():
                    shutil.rmtree(target) if target.is_dir() else target.unlink()
                shutil.move(entry, target)  # a rename when both are on one file system
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)


def _niced(make: Callable[[Path], object], scratch: Path) -> None:
    """Run ``make`` at a lower priority: the pages are waited on first, so they get the cores first."""
    os.nice(BACKGROUND_NICENESS)
    make(scratch)


def _remove_abandoned(folder: Path) -> None:
    """Scratch folders ("<name>-<pid>") of builds that were killed before they could tidy up."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        pid = entry.name.rpartition("-")[2]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class BackgroundFailed(RuntimeError):
    pass
