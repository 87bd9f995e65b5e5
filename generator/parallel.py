"""Run the independent parts of a site build in a process per core.

Pages that are not in the navigation depend only on the (read-only) archive and the templates, and the
search index depends only on the records' texts, so they can be made side by side. Workers are forked:
they inherit the built model, the templates and the theme's shells in memory (nothing is pickled) and write
their files straight into the output folder and the caches; each returns only a small count. Where fork is
not available, or the work is too small to pay for the processes, everything runs in this process.

A process that has threads (``mkdocs serve``'s web server) must not fork; there the background work
(``Background``) is started by a forkserver instead and rebuilds what it needs itself.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # not defined on Windows
    from multiprocessing.context import ForkContext, ForkServerContext

Task = Callable[[], int]
BACKGROUND_NICENESS = 5
_TASKS: Sequence[Task] = ()  # set just before the workers fork; they read it, nothing is pickled


_LIMIT: int | None = None  # set by limit_workers


def cores() -> int:
    """The cores this process may use, whatever ``limit_workers`` says."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers() -> int:
    """A worker per core this process may use (at most the limit set by ``limit_workers``)."""
    return min(cores(), _LIMIT) if _LIMIT else cores()


def forkserver_helps() -> bool:
    """Whether a worker started by a forkserver (the way a process with threads may start one) would run on
    a core of its own."""
    return cores() > 1 and "forkserver" in multiprocessing.get_all_start_methods()


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
    """Work that only writes files (the search index), started early in another process so it runs while
    the pages are rendered, and moved into the output folder when the pages are done.

    ``make(folder)`` writes into ``folder``. ``start`` is how the process is made: "fork" (it inherits this
    process's memory: nothing is pickled), "forkserver" (a fresh server process that has imported
    ``preload`` forks it; ``make`` is pickled, so it must rebuild what it needs — safe in a process that has
    threads, as ``mkdocs serve`` has), or None: ``finish`` simply runs it there and then. The worker runs
    at ``niceness`` (a lower priority: by default the pages are waited on first, so they get the cores first).
    """

    def __init__(
        self,
        make: Callable[[Path], object],
        scratch: Path,
        start: Literal["fork", "forkserver"] | None,
        *,
        preload: Sequence[str] = (),
        niceness: int = BACKGROUND_NICENESS,
    ) -> None:
        self.make = make
        self.scratch = scratch
        self.process: multiprocessing.process.BaseProcess | None = None
        self.failure: Connection | None = None  # the worker's error, if it has one
        _remove_abandoned(scratch.parent)
        if start is not None and start in multiprocessing.get_all_start_methods():
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            if start == "forkserver":
                context: ForkContext | ForkServerContext = multiprocessing.get_context("forkserver")
                # heeded when the server first starts; with the main module, workers need not import it again
                context.set_forkserver_preload(["__main__", *preload])
            else:
                context = multiprocessing.get_context("fork")
            self.failure, report = context.Pipe(duplex=False)
            # A daemon: an interrupted build (Ctrl-C) ends the worker too instead of waiting for it.
            worker = (make, scratch, report, niceness)
            self.process = context.Process(target=_niced, args=worker, daemon=True)
            self.process.start()
            report.close()  # the worker holds the writing end now

    def finish(self, dest: Path) -> None:
        if self.process is None:
            self.make(dest)
            return
        self.process.join()
        try:
            if self.process.exitcode != 0:
                raise BackgroundFailed(f"a background build step failed: {self._failure()}")
            for entry in sorted(self.scratch.iterdir()):
                target = dest / entry.name
                if target.exists():
                    shutil.rmtree(target) if target.is_dir() else target.unlink()
                shutil.move(entry, target)  # a rename when both are on one file system
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
            if self.failure is not None:
                self.failure.close()

    def _failure(self) -> str:
        """What the worker reported, or how it ended (killed workers report nothing)."""
        assert self.failure is not None and self.process is not None
        try:
            return str(self.failure.recv()) if self.failure.poll() else f"exit code {self.process.exitcode}"
        except EOFError:
            return f"exit code {self.process.exitcode}"


def _niced(make: Callable[[Path], object], scratch: Path, report: Connection, niceness: int) -> None:
    """Run ``make`` at a lower priority: the pages are waited on first, so they get the cores first."""
    _end_with_parent()
    os.nice(niceness)
    try:
        make(scratch)
    except BaseException as exc:
        report.send(f"{type(exc).__name__}: {exc}")
        raise  # multiprocessing prints the traceback and sets the exit code


def _end_with_parent() -> None:
    """End this worker as soon as the process that started it ends, however it ends (even killed, when no
    clean-up of its own runs). A forkserver worker is not its child, so nothing else would stop it."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])  # readable once the parent's end is closed: it is gone
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


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
