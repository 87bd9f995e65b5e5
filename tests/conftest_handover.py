"""Fixtures for the handover tests: the demo archive's package, built once per test session.

Building it renders every 件 as a PDF/A (tens of seconds), so tests read it, and those that tamper with a
package work on a copy (``package_copy``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DEMO

from generator.handover.package import HandoverOptions, HandoverResult, build_handover
from generator.model import Archive
from generator.validate import require_archive


@pytest.fixture(scope="session")
def demo_archive() -> Archive:
    archive, _warnings = require_archive(DEMO)
    return archive


@pytest.fixture(scope="session")
def demo_package(tmp_path_factory: pytest.TempPathFactory, demo_archive: Archive) -> HandoverResult:
    """The demo archive's handover package (audience full, every year), dated by archive.yml ``today``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        out = tmp_path_factory.mktemp("handover") / "package"
        return build_handover(demo_archive, out, HandoverOptions())


@pytest.fixture
def package_copy(demo_package: HandoverResult, tmp_path: Path) -> Callable[[], Path]:
    """``package_copy()``: a fresh copy of the demo package to tamper with."""

    def copy() -> Path:
        target = tmp_path / "package"
        shutil.copytree(demo_package.out_dir, target, symlinks=True)
        return target

    return copy
