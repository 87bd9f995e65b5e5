"""The suite's own rules, proven by running pytest as `make test` would: a missing outside program fails the
run and names what to install; the only skip allowed is for ../shared/seeds being absent."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from programs import PROGRAMS, find_program, missing_message


def pytest_run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m pytest ARGS`` in the repository, in its own temporary folder, with ``env`` added."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}  # nothing of this run's
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--basetemp",
        str(tmp_path / "t"),
        *args,
    ]
    return subprocess.run(
        command,
        cwd=REPO,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def path_without(tmp_path: Path, *missing: str) -> str:
    """A PATH holding the venv's bin and links to every other program on PATH, except ``missing``."""
    links = tmp_path / "bin"
    links.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not Path(folder).is_dir():
            continue
        for program in Path(folder).iterdir():
            link = links / program.name
            if program.name not in missing and not link.exists() and os.access(program, os.X_OK):
                link.symlink_to(program)
    return os.pathsep.join([str(Path(sys.executable).parent), str(links)])


def test_a_missing_program_fails_the_run_and_names_the_package(tmp_path: Path) -> None:
    done = pytest_run(
        tmp_path, "tests/test_site_binders.py", env={"PATH": path_without(tmp_path, "pdftotext")}
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "pdftotext not found: install poppler-utils (make test installs it)" in output
    assert re.search(r"^=+ 2 errors in ", output, re.MULTILINE), output


def test_the_seeds_absent_are_the_one_allowed_skip(tmp_path: Path) -> None:
    done = pytest_run(
        tmp_path, "tests/test_demo_archive.py", env={"DOSSIER_SEEDS": str(tmp_path / "nowhere")}
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"^=+ \d+ passed, 1 skipped in ", output, re.MULTILINE), output
    assert "SKIPPED [1] tests/test_demo_archive.py:" in output and "../shared/seeds absent" in output


def test_any_other_skip_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "test_skips.py").write_text(
        "import pytest\n\n"
        "def test_without_a_browser():\n    pytest.skip('chromium not installed')\n\n"
        "def test_without_seeds():\n    pytest.skip('../shared/seeds absent')\n",
        encoding="utf-8",
    )
    in_tmp_path = ("-p", "conftest", "--rootdir", str(tmp_path), str(tmp_path / "test_skips.py"))  # our rules
    done = pytest_run(tmp_path, *in_tmp_path, env={"PYTHONPATH": str(REPO / "tests")})
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert re.search(r"^=+ 1 failed, 1 skipped in ", output, re.MULTILINE), output
    refusal = "skipped, which this suite does not allow (only for ../shared/seeds absent): "
    assert f"{refusal}Skipped: chromium not installed" in output
    # a whole module skipped as it is collected (a missing Python package, say) is refused too
    (tmp_path / "test_skips.py").write_text(
        "import pytest\n\npytest.importorskip('no_such_package')\n\ndef test_anything():\n    pass\n",
        encoding="utf-8",
    )
    done = pytest_run(tmp_path, *in_tmp_path, env={"PYTHONPATH": str(REPO / "tests")})
    output = done.stdout + done.stderr
    assert done.returncode == 2, output  # a collection error interrupts the run
    assert f"{refusal}Skipped: could not import 'no_such_package'" in output


def test_chromium_is_found_under_its_other_names_or_where_dossier_chromium_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = tmp_path / "bin" / "chromium-browser"
    browser.parent.mkdir()
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.delenv("DOSSIER_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(browser.parent))
    assert find_program("chromium") == str(browser)
    elsewhere = tmp_path / "chrome" / "chrome"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(browser.read_bytes())
    elsewhere.chmod(0o755)
    monkeypatch.setenv("DOSSIER_CHROMIUM", str(elsewhere))
    assert find_program("chromium") == str(elsewhere)
    monkeypatch.setenv("DOSSIER_CHROMIUM", str(tmp_path / "none"))
    assert find_program("chromium") is None
    assert (
        missing_message("chromium")
        == f"chromium not found: DOSSIER_CHROMIUM={tmp_path / 'none'} is not an executable file"
    )
    monkeypatch.delenv("DOSSIER_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert find_program("chromium") is None
    assert missing_message("chromium") == (
        "chromium not found (looked for chromium, chromium-browser, google-chrome, google-chrome-stable"
        " on PATH;"
        " set DOSSIER_CHROMIUM to its path): install chromium (make test installs it)"
    )


def test_every_program_the_tests_need_is_installed_by_make_test() -> None:
    """The failure message says `make test` installs the package: the Makefile must name it."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for name, program in PROGRAMS.items():
        essential = program.package == "coreutils"  # on every Debian system
        assert essential or re.search(rf"(?<![\w-]){re.escape(program.package)}(?![\w-])", makefile), name
