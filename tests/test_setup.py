"""`make setup` on a bare Debian: what it installs, what a missing library looks like, and progress shown.

The packages are checked against what WeasyPrint really opens on this machine and what dpkg says ships it;
the missing-library message against a real `dossier binders` whose dynamic loader cannot load the library.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.binders.fonts import DEFAULT_FONTS, locate
from generator.binders.native import WEASYPRINT_LIBRARIES
from generator.media.office import PACKAGES as OFFICE_PACKAGES

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "archive_data"
DOSSIER = [str(Path(sys.executable).with_name("dossier"))]

# Imports WeasyPrint and prints, for every library WeasyPrint opened itself, the name it asked the loader for
# and the file that name resolved to.
_WHAT_WEASYPRINT_OPENS = """\
import json, os, _cffi_backend
opened = []
load = _cffi_backend.load_library
def recording(name, *args):
    library = load(name, *args)
    opened.append(name)
    return library
_cffi_backend.load_library = recording
import weasyprint
with open("/proc/self/maps") as maps:
    files = {line.split()[-1] for line in maps if "/" in line}
print(json.dumps({n: sorted(f for f in files if os.path.basename(f).startswith(os.path.basename(n))) for n in opened}))
"""


def program(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} not found on PATH (a Debian base system has it)"
    return path


def make_variable(name: str) -> list[str]:
    """The words of Makefile variable ``name``, as make itself expands it."""
    out = subprocess.run(
        [program("make"), "-s", "--no-print-directory", "--eval", "print-%: ; @echo $($*)", f"print-{name}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split()


def debian_package(path: str) -> str:
    """The installed Debian package that ships ``path`` (without its architecture)."""
    out = subprocess.run([program("dpkg"), "-S", path], capture_output=True, text=True, check=True).stdout
    return out.split(":", 1)[0].strip()


def test_runtime_packages_ship_every_library_weasyprint_opens() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _WHAT_WEASYPRINT_OPENS], capture_output=True, text=True, check=True
    ).stdout
    opened: dict[str, list[str]] = json.loads(out)
    runtime = make_variable("APT_PACKAGES_RUNTIME")
    checked = {library.soname: library.package for library in WEASYPRINT_LIBRARIES}
    assert len(opened) >= 5, opened  # GObject, Pango, HarfBuzz, fontconfig, PangoFT2 at least
    for name, files in opened.items():
        assert len(files) == 1, (name, files)
        package = debian_package(files[0])
        assert package in runtime, f"{name} ({files[0]}) comes from {package}, not in APT_PACKAGES_RUNTIME"
        assert checked.get(name) == package, (
            f"{name} ({package}) is not checked by generator/binders/native.py"
        )
    # HarfBuzz-Subset is optional to WeasyPrint but keeps the first build fast: it must be there too
    assert "libharfbuzz-subset.so.0" in opened


def test_runtime_packages_ship_the_default_fonts() -> None:
    runtime = make_variable("APT_PACKAGES_RUNTIME")
    for role, family in DEFAULT_FONTS.items():
        font = locate(family)
        assert font is not None, f"{role}: {family} is not installed"
        assert debian_package(str(font.path)) in runtime, (role, family, font.path)


def test_test_packages_are_apart_from_the_runtime_ones() -> None:
    runtime, test_only = make_variable("APT_PACKAGES_RUNTIME"), make_variable("APT_PACKAGES_TEST")
    # libatomic1: Playwright's node driver cannot start without it
    assert {"libatomic1", "chromium", "poppler-utils", "qpdf"} <= set(test_only)
    assert not set(runtime) & set(test_only)


def test_installed_packages_are_not_installed_again() -> None:
    done = subprocess.run(
        [program("make"), "-s", "--no-print-directory", "sysdeps", "testdeps"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_missing_package_without_root_or_sudo_is_named(tmp_path: Path) -> None:
    """Neither root nor sudo: make names the missing package and says how to install it, and fails.

    The recipe runs with a PATH holding only the programs it uses, without sudo, and an ``id`` that answers
    as an ordinary user would (a real unprivileged user cannot even start programs in some build roots)."""
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("dpkg-query", "grep"):
        (tools / name).symlink_to(program(name))
    (tools / "id").write_text("#!/bin/sh\necho 1000\n")
    (tools / "id").chmod(0o755)
    done = subprocess.run(
        [
            program("make"),
            "-s",
            "--no-print-directory",
            "sysdeps",
            "APT_PACKAGES_RUNTIME=libc6 dossier-no-such-package",
        ],
        cwd=REPO,
        env={"PATH": str(tools), "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "dossier-no-such-package" in done.stderr and "libc6" not in done.stderr, done.stderr
    assert "root" in done.stderr and "sudo" in done.stderr and "apt-get install" in done.stderr


def unloadable_library_env(tmp_path: Path, soname: str) -> dict[str, str]:
    """An environment whose dynamic loader finds, first, a file named ``soname`` that is no library: the
    loader stops there, so WeasyPrint (and anything else) cannot load it, as if it were not installed."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / soname).write_text("not a shared library\n")
    return {**os.environ, "LD_LIBRARY_PATH": str(shadow), "DOSSIER_LANG": "en"}


@pytest.mark.parametrize(
    ("soname", "package"),
    [("libgobject-2.0.so.0", "libglib2.0-0"), ("libharfbuzz-subset.so.0", "libharfbuzz-subset0")],
)
def test_a_missing_library_is_one_message_naming_its_package(
    tmp_path: Path, soname: str, package: str
) -> None:
    env = unloadable_library_env(tmp_path, soname)
    out = tmp_path / "out"
    args = [*DOSSIER, "binders", "--data", str(DEMO), "--out", str(out)]
    done = subprocess.run(
        args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert output.count("WeasyPrint needs the system libraries") == 1, output
    message = next(line for line in output.splitlines() if "WeasyPrint needs" in line)
    assert soname in message and f"apt-get install {package}" in message and "make setup" in message
    assert "Traceback" not in output and "could not import some external libraries" not in output, output
    assert not (out / "binders").exists()  # nothing rendered, nothing half-written


def test_progress_in_a_log_is_a_line_per_binder(tmp_path: Path) -> None:
    args = [*DOSSIER, "binders", "--data", str(DEMO), "--out", str(tmp_path / "out")]
    args += ["--only", "summaries", "--only", "meetings"]
    env = {**os.environ, "DOSSIER_LANG": "en"}
    done = subprocess.run(
        args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("binder ")]
    assert sorted(lines) == ["binder 1/2: meetings", "binder 2/2: summaries"] or sorted(lines) == [
        "binder 1/2: summaries",
        "binder 2/2: meetings",
    ], done.stderr
    assert "\x1b[" not in done.stderr  # no terminal codes in a log


def test_progress_on_a_terminal_is_a_bar(tmp_path: Path) -> None:
    args = [*DOSSIER, "binders", "--data", str(DEMO), "--out", str(tmp_path / "out"), "--only", "summaries"]
    env = {**os.environ, "DOSSIER_LANG": "en", "COLUMNS": "100", "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    controller, terminal = pty.openpty()
    with subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=terminal) as child:
        os.close(terminal)
        shown = b""
        while chunk := _read(controller):
            shown += chunk
        stdout = child.stdout.read().decode() if child.stdout else ""
    os.close(controller)
    assert child.returncode == 0, shown.decode(errors="replace")
    text = shown.decode(errors="replace")
    assert "Rendering binders" in text and "1/1" in text, text
    assert "binder 1/1: summaries" not in text  # the bar, not the log lines
    assert "summaries.pdf" in stdout


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the child closed the terminal
        return b""


def test_runtime_packages_install_the_libreoffice_the_binders_name() -> None:
    """`make setup` installs Writer, Calc and Impress: the binders print Word, Excel and PowerPoint files."""
    runtime = make_variable("APT_PACKAGES_RUNTIME")
    assert set(OFFICE_PACKAGES.split()) <= set(runtime)
    assert {"libreoffice-writer-nogui", "libreoffice-calc-nogui", "libreoffice-impress-nogui"} <= set(runtime)
