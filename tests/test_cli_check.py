"""`dossier check` as a user runs it: exit codes, the text lines, the JSON report, the summary."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult

LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+) \[(?P<code>[a-z0-9-]+)\]$"
)


def test_valid_archive_exits_0_with_a_summary(
    archive_dir: Callable[..., Path], dossier: Callable[..., CliResult]
) -> None:
    root = archive_dir()
    result = dossier("check", "--data", str(root))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "Records: meeting 1 · speech 1 · summary 0 · evidence 1 · rectification 1 (4)" in result.stdout
    assert "Dates: 2024-05-08 – 2024-06-01" in result.stdout
    assert "Indicators: 3 (2 standards, 10 points)" in result.stdout
    assert result.stdout.rstrip().endswith("OK: the archive is valid.")


def test_summary_is_chinese_by_default(
    archive_dir: Callable[..., Path], dossier: Callable[..., CliResult]
) -> None:
    root = archive_dir()
    result = dossier("--lang", "zh", "check", "--data", str(root))
    assert "日期范围: 2024年5月8日 – 2024年6月1日" in result.stdout
    assert "通过：档案数据有效。" in result.stdout


def test_errors_exit_1_one_line_each(
    archive_dir: Callable[..., Path], dossier: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = archive_dir(
        {
            "speeches/s1.yml": "title: 讲话\nspeaker: 王某\ndate: 2024-02-30\nbody: x\n",
            "evidence/e1.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: files/gone.jpg\n",
        }
    )
    monkeypatch.chdir(root.parent)
    result = dossier("check", "--data", "data")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "data/evidence/e1.yml:5:11: error: files[0].path: file 'files/gone.jpg' does not exist [file-not-found]",
        "data/speeches/s1.yml:3:7: error: date: expected YYYY-MM-DD, got '2024-02-30' [bad-date]",
    ]
    assert all(LINE.match(line) for line in lines)
    assert result.stdout.strip().endswith("2 error(s), 0 warning(s): the archive is not valid.")


def test_warnings_alone_exit_0(archive_dir: Callable[..., Path], dossier: Callable[..., CliResult]) -> None:
    root = archive_dir({"speeches/s1.yml": "title: 讲话\nspeaker: 王某\ndate: 2023-05-08\nbody: x\n"})
    result = dossier("check", "--data", str(root))
    assert result.exit_code == 0
    assert "warning: date: 2023-05-08 is outside the campaign period 2024-01-01 – 2025-12-31" in result.stderr
    assert "1 warning(s), no errors." in result.stdout


def test_usage_errors_exit_2(dossier: Callable[..., CliResult], tmp_path: Path) -> None:
    assert dossier("check", "--data", str(tmp_path / "nope")).exit_code == 2
    assert dossier("check", "--format", "yaml").exit_code == 2
    assert dossier("no-such-command").exit_code == 2


def test_json_report_schema(archive_dir: Callable[..., Path], dossier: Callable[..., CliResult]) -> None:
    root = archive_dir({"speeches/s1.yml": "title: 讲话\nspeakr: 王某\ndate: 2024-05-08\nbody: x\n"})
    result = dossier("check", "--data", str(root), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"ok", "errors", "counts"}
    assert report["ok"] is False
    assert all(set(e) == {"path", "line", "column", "severity", "code", "message"} for e in report["errors"])
    assert [(e["line"], e["column"], e["code"]) for e in report["errors"]] == [
        (1, 1, "missing-field"),
        (2, 1, "unknown-field"),
    ]
    assert report["counts"] == {
        "meetings": 0,
        "speeches": 0,
        "summaries": 0,
        "evidence": 0,
        "rectifications": 0,
        "units": 0,
        "indicators": 0,
        "files": 0,
        "errors": 2,
        "warnings": 0,
    }
    ok = json.loads(
        dossier(
            "check",
            "--data",
            str(archive_dir({"speeches/s1.yml": None, "meetings/m1.yml": None})),
            "--format",
            "json",
        ).stdout
    )
    assert ok["ok"] is True and ok["errors"] == []
    assert ok["counts"]["evidence"] == 1 and ok["counts"]["units"] == 2 and ok["counts"]["indicators"] == 3


def test_console_script_prints_problems_not_tracebacks(archive_dir: Callable[..., Path]) -> None:
    root = archive_dir({"speeches/s1.yml": "title: [unclosed\n"})
    exe = Path(sys.executable).with_name("dossier")
    done = subprocess.run(
        [str(exe), "--lang", "en", "check", "--data", str(root)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "s1.yml:1:8: error: '[' opened here is never closed (noticed at line 2, column 1" in done.stderr
