"""Background build steps (generator.parallel.Background): forked, or started by a forkserver as under
`mkdocs serve`; their files land in the output, their failures fail the build, and they die with the build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest

from generator import parallel

REPO = Path(__file__).resolve().parent.parent
Start = Literal["fork", "forkserver"]
STARTS: list[Start] = ["fork", "forkserver"]


# Jobs are module functions: a forkserver worker unpickles them by name.
def _write_hello(folder: Path) -> None:
    (folder / "hello").mkdir()
    (folder / "hello" / "a.txt").write_text("你好", encoding="utf-8")


def _fail(folder: Path) -> None:
    raise ValueError("目录写不下去")


@pytest.mark.parametrize("start", [*STARTS, None])
def test_files_made_in_the_background_land_in_the_output(tmp_path: Path, start: Start | None) -> None:
    site = tmp_path / "site"
    site.mkdir()
    job = parallel.Background(_write_hello, tmp_path / "work" / f"hello-{os.getpid()}", start=start)
    assert (job.process is None) == (start is None)
    job.finish(site)
    assert (site / "hello" / "a.txt").read_text(encoding="utf-8") == "你好"
    assert list((tmp_path / "work").glob("*")) == []  # no scratch folder left


@pytest.mark.parametrize("start", STARTS)
def test_a_failed_background_step_fails_with_its_error(tmp_path: Path, start: Start) -> None:
    job = parallel.Background(_fail, tmp_path / "work" / f"fail-{os.getpid()}", start=start)
    with pytest.raises(parallel.BackgroundFailed, match="failed: ValueError: 目录写不下去"):
        job.finish(tmp_path / "site")
    assert list((tmp_path / "work").iterdir()) == []


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for whoever adopted it has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] not in {"Z", "X"}


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("start", STARTS)
def test_a_worker_ends_when_its_build_is_killed(tmp_path: Path, start: str) -> None:
    """A build killed outright runs no clean-up; its worker (for a forkserver, not even its child) must
    still not keep running."""
    (tmp_path / "jobs.py").write_text(
        textwrap.dedent(
            """
            import os, time
            def sleep(folder):
                (folder.parent / "worker.pid").write_text(str(os.getpid()))
                time.sleep(600)
            """
        ),
        encoding="utf-8",
    )
    build = tmp_path / "build.py"
    build.write_text(
        textwrap.dedent(
            f"""
            import time
            from pathlib import Path
            import jobs
            from generator import parallel
            if __name__ == "__main__":
                work = Path({str(tmp_path)!r}) / "work"
                job = parallel.Background(jobs.sleep, work / "sleep-1", start={start!r})
                time.sleep(600)
            """
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    process = subprocess.Popen([sys.executable, str(build)], env=env)
    pid_file = tmp_path / "work" / "worker.pid"
    try:
        assert _wait_for(pid_file.exists, 60), "the worker never started"
        time.sleep(0.1)
        worker = int(pid_file.read_text())
        assert _running(worker)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert _wait_for(lambda: not _running(worker), 20), "the worker outlived its build"
