"""The binder test archive's binders (tests/binders_archive.py), built once per session and shared by the
binder test modules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import binders_archive
import pytest

from generator.binders import BuildOptions, BuildResult, build_binders
from generator.model import Archive
from generator.validate import require_archive


@dataclass
class Built:
    archive: Archive
    result: BuildResult
    second: BuildResult  # the same records built again into another folder

    def pdf(self, binder_id: str) -> Path:
        return self.result.out_dir / f"{binder_id}.pdf"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The test archive's binders, built once per session (and a second time to compare bytes)."""
    root = binders_archive.write(tmp_path_factory.mktemp("binder-data"))
    archive, _warnings = require_archive(root)
    first = build_binders(archive, tmp_path_factory.mktemp("out-a"), BuildOptions(jobs=2))
    second = build_binders(archive, tmp_path_factory.mktemp("out-b"), BuildOptions(jobs=1))
    return Built(archive, first, second)
