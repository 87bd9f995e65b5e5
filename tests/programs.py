"""The programs outside Python that the tests (and bench/run.py) run, and where to find each.

One table: the names a program goes by on PATH, the environment variable that names it instead, and the
Debian package that installs it (`make test` installs them all: APT_PACKAGES_TEST in the Makefile). Plain
Python, no pytest, so that bench/run.py finds Chromium the same way the tests do.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Program:
    names: tuple[str, ...]  # tried in order with shutil.which
    package: str  # the Debian package to install
    env: str | None = None  # an environment variable holding its path, used instead of the search


PROGRAMS: dict[str, Program] = {
    "pdftotext": Program(("pdftotext",), "poppler-utils"),
    "pdffonts": Program(("pdffonts",), "poppler-utils"),
    "pdfimages": Program(("pdfimages",), "poppler-utils"),
    "qpdf": Program(("qpdf",), "qpdf"),
    "sha256sum": Program(("sha256sum",), "coreutils"),
    "soffice": Program(("soffice", "libreoffice"), "libreoffice-writer-nogui libreoffice-calc-nogui"),
    "chromium": Program(
        ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"),
        "chromium",
        env="DOSSIER_CHROMIUM",
    ),
}


def find_program(name: str) -> str | None:
    """The path of program ``name`` (a key of PROGRAMS), or None when it is not installed."""
    program = PROGRAMS[name]
    chosen = os.environ.get(program.env, "") if program.env else ""
    if chosen:
        return chosen if Path(chosen).is_file() and os.access(chosen, os.X_OK) else None
    for candidate in program.names:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def missing_message(name: str) -> str:
    """Why program ``name`` was not found, and what to install."""
    program = PROGRAMS[name]
    chosen = os.environ.get(program.env, "") if program.env else ""
    if chosen:
        return f"{name} not found: {program.env}={chosen} is not an executable file"
    looked = ""
    if program.names != (name,) or program.env:
        looked = f" (looked for {', '.join(program.names)} on PATH"
        looked += f"; set {program.env} to its path" if program.env else ""
        looked += ")"
    return f"{name} not found{looked}: install {program.package} (make test installs it)"
