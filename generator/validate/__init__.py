"""Validate a data folder and build the model: every problem in one run, each with file, line and column.

``load_archive`` is the one entry point: it reads archive.yml, units.yml, indicators.yml and every record
file, checks each against the schema, then checks what no single file can show (duplicate ids, dangling
references, attached files, dates), and returns the model only when there are no errors.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import ArchiveInvalid, Problem, sort_problems
from generator.model import Archive
from generator.reproducible import sha256_of
from generator.validate.body_images import check_body_images
from generator.validate.checks import (
    check_cross_references,
    check_dates,
    check_files,
    check_indicator_scores,
    check_self_scores,
    resolve_inside,
)
from generator.validate.readers import (
    read_archive_info,
    read_indicators,
    read_records,
    read_self_scores,
    read_units,
    record_files,
)
from generator.validate.state import Collected


def load_archive(root: Path) -> tuple[Archive | None, list[Problem]]:
    """Read and validate the data folder ``root``. The archive is None when any problem is an error."""
    collected = Collected()
    read_archive_info(root, collected)
    read_units(root, collected)
    read_indicators(root, collected)
    read_records(root, collected)
    read_self_scores(root, collected)
    check_cross_references(collected)
    check_self_scores(collected)
    check_files(root, collected)
    check_dates(collected)
    check_indicator_scores(collected)
    check_body_images(root, collected)
    problems = sort_problems(collected.problems)
    if collected.info is None or any(p.severity == "error" for p in problems):
        return None, problems
    archive = Archive.build(
        root,
        collected.info,
        (u for u, _ in collected.units),
        collected.indicators,
        (r for r, _ in collected.records),
        self_scores=(s for s, _ in collected.self_scores),
    )
    return archive, problems


def require_archive(root: Path) -> tuple[Archive, list[Problem]]:
    """The archive and its warnings; raises ``ArchiveInvalid`` (with every problem) when it has errors."""
    archive, problems = load_archive(root)
    if archive is None:
        raise ArchiveInvalid(problems)
    return archive, problems


__all__ = ["load_archive", "record_files", "require_archive", "resolve_inside", "sha256_of"]
