"""Source positions travel from the loader through the parse cache into the model: a problem found after
loading (`check --strict`) is placed at its field without reading the YAML again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest_readiness import write_readiness_archive

from generator.errors import Problem
from generator.i18n import set_language
from generator.load import Loc, Mark, YamlDocument, parse_yaml
from generator.readiness.strict import readiness_problems
from generator.validate import load_archive, require_archive
from generator.validate.cache import ParseCache

YAML = """\
title: 会议
date: 2024-05-08
attendees: [王某, 李某]
anchor: &who
  - name: 张某
    roles: [主持, 记录]
  - 赵某
again: *who
minutes: |
  一、总体情况

  二、下一步
empty:
nested: {a: {b: [1, 2.5, true, null]}}
"""


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def placed(problems: list[Problem], root: Path) -> list[tuple[str, int, int, str]]:
    return [(p.path.relative_to(root).as_posix(), p.line, p.column, p.code) for p in problems]


def _value_at(document: YamlDocument, loc: Loc) -> object:
    value: object = document.data
    for part in loc:
        value = value[part]  # type: ignore[index]
    return value


def test_every_key_and_value_is_placed_where_the_text_has_it(tmp_path: Path) -> None:
    parsed, problems = parse_yaml(tmp_path / "m.yml", YAML)
    assert parsed is not None and not problems
    lines = YAML.splitlines()
    for document in (parsed, parsed.packed().document()):  # as read, and as the cache and the model keep it
        assert ("again", 0, "roles", 1) in document.raw_value_marks  # an alias: placed at its anchor's text
        for loc in document.raw_key_marks:
            mark = document.key_mark(loc)
            assert mark is not None
            assert lines[mark.line - 1][mark.column - 1 :].startswith(str(loc[-1])), loc
        for loc in document.raw_value_marks:
            value, mark = _value_at(document, loc), document.value_mark(loc)
            assert mark is not None
            if isinstance(value, str) and "\n" not in value and value:
                assert lines[mark.line - 1][mark.column - 1 :].startswith(value), loc
    assert parsed.value_mark(("minutes",)) == Mark(9, 10)  # the block scalar's "|"
    assert parsed.key_mark(("nested", "a", "b")) == Mark(14, 14)


def test_strict_problems_are_placed_without_reading_the_files_again(tmp_path: Path) -> None:
    root = write_readiness_archive(tmp_path / "data")
    expected = placed(readiness_problems(require_archive(root)[0]), root)
    assert any(line > 1 for _file, line, _column, _code in expected)
    archive, _warnings = require_archive(root)
    for yaml_file in root.rglob("*.yml"):  # the model alone must place them now
        yaml_file.unlink()
    assert placed(readiness_problems(archive), root) == expected


def test_strict_problems_from_the_parse_cache_are_placed_as_from_the_files(tmp_path: Path) -> None:
    root = write_readiness_archive(tmp_path / "data")
    cold = placed(readiness_problems(require_archive(root)[0]), root)
    past = time.time_ns() - 60 * 1_000_000_000  # edited a while ago: the cache keeps only settled files
    for path in root.rglob("*"):
        os.utime(path, ns=(past, past))
    cache = tmp_path / "cache"
    for _run in range(2):  # the second run takes every file from the cache
        archive, _problems = load_archive(root, cache)
        assert archive is not None
    assert ParseCache.open(root, cache).entries > 0
    assert placed(readiness_problems(archive), root) == cold
