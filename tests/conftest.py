"""Fixtures shared by every test module: tiny archives written on the fly, and the CLI run in-process.

Also the suite's two rules on what it needs: a test that runs an outside program (pdftotext, qpdf,
Chromium, LibreOffice…) names it with ``@pytest.mark.tools(...)`` or asks ``require_tool`` for its path, and
fails, naming the package to install, when the program is missing; and no test may skip, except for the
seed texts of ../shared/seeds being absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from programs import find_program, missing_message

from generator.cli import main
from generator.i18n import set_language

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "archive_data"
# DOSSIER_SEEDS points elsewhere (tests/test_suite_rules.py hides the seeds this way).
SEEDS = Path(os.environ.get("DOSSIER_SEEDS") or REPO.parent / "shared" / "seeds")
SEEDS_ABSENT = "../shared/seeds absent"  # the one reason a test may skip: its reason starts so

# Fixture modules of each area (tests/conftest_<area>.py).
pytest_plugins = ["conftest_binders", "conftest_handover", "conftest_readiness", "conftest_site"]

ARCHIVE_YML = """\
title: 测试市创建全国文明城市档案
campaign: 创建全国文明城市
fonds:
  code: Z900
  name: 测试市创文办
period:
  start: 2024-01-01
  end: 2025-12-31
assessment_window:
  start: 2024-08-01
  end: 2025-07-31
max_score: 10
"""

UNITS_YML = """\
- id: wmb
  name: 测试市文明办
  short: 文明办
- id: cgj
  name: 测试市城管局
  short: 城管局
"""

INDICATORS_YML = """\
- id: A
  title: 公共秩序
  score: 10
  children:
    - id: A.1
      title: 市容环境
      score: 6
      units: [cgj]
    - id: A.2
      title: 志愿服务
      score: 4
"""

SPEECH_YML = """\
title: 在推进会上的讲话
speaker: 王某
date: 2024-05-08
meeting: m1
indicators: [A.1]
body: |
  同志们：

  ## 一、提高认识
"""

MEETING_YML = """\
title: 创文推进会
date: 2024-05-08
location: 市政府第一会议室
host: 李某
attendees: [王某, 赵某]
recorder: 钱某
agenda: [通报进展]
minutes: 会议通报了进展。
speeches: [s1]
evidence: [e1]
units: [wmb]
"""

EVIDENCE_YML = """\
title: 门前三包签约照片
kind: photo
date: 2024-05-09
files:
  - path: files/photo.jpg
    caption: 2024年5月9日，幸福路，城管局与商户签约
indicators: [A.1]
"""

RECTIFICATION_YML = """\
title: 幸福路占道经营
problem: 幸福路早市占道经营
found_by: 第一督查组
found_on: 2024-06-01
unit: cgj
deadline: 2024-06-30
status: rectified
closed_on: 2024-06-20
evidence: [e1]
"""


def write_archive(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """A valid small archive at ``root``; ``files`` adds, replaces (str/bytes) or removes (None) files."""
    base: dict[str, str | bytes | None] = {
        "archive.yml": ARCHIVE_YML,
        "units.yml": UNITS_YML,
        "indicators.yml": INDICATORS_YML,
        "speeches/s1.yml": SPEECH_YML,
        "meetings/m1.yml": MEETING_YML,
        "evidence/e1.yml": EVIDENCE_YML,
        "rectifications/r1.yml": RECTIFICATION_YML,
        "files/photo.jpg": b"\xff\xd8\xff\xe0 not really a jpeg, but a file",
    }
    base.update(files or {})
    for name, content in base.items():
        path = root / name
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture
def archive_dir(tmp_path: Path) -> Callable[..., Path]:
    """``archive_dir({"meetings/m1.yml": "..."})`` writes a small valid archive with the given changes."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        return write_archive(tmp_path / "data", files)

    return make


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def dossier(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run the `dossier` CLI in-process, exactly as the console script does; English unless --lang given.

    The console script turns a crash into exit code 1 and one "internal error" line, as it turns a refusal; a
    crash fails the test here instead, so that ``exit_code == 1`` means a refusal."""
    monkeypatch.setenv("DOSSIER_LANG", "en")

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            set_language(None)
        out, err = capsys.readouterr()
        if "internal error: " in err:
            pytest.fail(f"dossier {' '.join(args)} crashed (rerun it with --debug for the traceback):\n{err}")
        return CliResult(code, out, err)

    return run


@dataclass
class ChildRun:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float  # the peak resident memory of that one process
    seconds: float


# Runs the command given after the file name and writes its peak memory there. A process forked from pytest
# starts with pytest's own peak (Linux keeps it across exec); one forked from this small launcher does not.
_MEASURING_LAUNCHER = """\
import resource, subprocess, sys
try:
    code = subprocess.call(sys.argv[3:], timeout=float(sys.argv[2]))
except subprocess.TimeoutExpired:
    code = 124
    print(f"timed out after {sys.argv[2]} s: {sys.argv[3:]}", file=sys.stderr)
with open(sys.argv[1], "w") as peak:
    peak.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


def run_child(args: Sequence[str], *, cwd: Path | None = None, timeout: float = 120) -> ChildRun:
    """Run ``args`` as a fresh process and measure its own peak memory (not the test process's, nor that of
    any other process the tests ran)."""
    with tempfile.TemporaryDirectory() as folder:
        peak = Path(folder) / "peak"
        launcher = [sys.executable, "-I", "-c", _MEASURING_LAUNCHER, str(peak), str(timeout)]
        started = time.monotonic()
        done = subprocess.run([*launcher, *args], cwd=cwd, capture_output=True, text=True, check=False)
        seconds = time.monotonic() - started
        peak_kb = int(peak.read_text(encoding="ascii"))  # kilobytes on Linux
    return ChildRun(done.returncode, done.stdout, done.stderr, peak_kb / 1024, seconds)


# ------------------------------------------------------------------------------------------ suite rules
def require_tool(name: str) -> str:
    """The path of outside program ``name`` (see tests/programs.py); fails the test when it is missing."""
    path = find_program(name)
    if path is None:
        pytest.fail(missing_message(name), pytrace=False)
    return path


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "tools(*names): outside programs the test runs; a missing one fails it before its fixtures"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Check the programs a test names before any fixture is built (a session build can take a minute)."""
    for mark in item.iter_markers("tools"):
        for name in mark.args:
            require_tool(name)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    """A skip for any reason but absent seeds is a failure: a skipped test would let a broken feature pass."""
    report = yield
    _fail_a_forbidden_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> object:
    report = yield
    _fail_a_forbidden_skip(report)
    return report


def _fail_a_forbidden_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if not reason.removeprefix("Skipped: ").startswith(SEEDS_ABSENT):
        report.outcome = "failed"
        report.longrepr = f"skipped, which this suite does not allow (only for {SEEDS_ABSENT}): {reason}"
