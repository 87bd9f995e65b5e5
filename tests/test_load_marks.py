"""A YAML syntax error is reported where the mistake is — the '[' or quote left open, the line without its ':'
— with the place where the parser noticed it kept in the message; through the loader and `dossier check`, in
Chinese by default and in English, with and without the parse cache."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import generator.load
from generator.i18n import set_language
from generator.load import parse_yaml
from generator.validate.cache import ParseCache
from tests.conftest import REPO, CliResult

# A meeting record of eleven lines; each case below breaks one or two of them.
MEETING = [
    "title: 创文推进会",
    "date: 2024-05-08",
    "location: 市政府第一会议室",
    "host: 李某",
    "attendees: [王某, 赵某]",
    "recorder: 钱某",
    "units: [wmb]",
    "speeches: [s1]",
    "agenda: [部署工作, 通报进展]",
    "decisions: [落实责任]",
    "minutes: 会议通报了进展。",
]


def broken(changes: dict[int, str]) -> str:
    """The meeting with the given 1-based lines replaced ("" removes nothing: it leaves an empty line)."""
    return "\n".join(changes.get(number, line) for number, line in enumerate(MEETING, 1)) + "\n"


# case: (changed lines, (line, column) reported, English message, Chinese message)
CASES: dict[str, tuple[dict[int, str], tuple[int, int], str, str]] = {
    "flow-list-left-open": (
        {9: "agenda: [部署工作, 通报进展"},
        (9, 9),
        "'[' opened here is never closed (noticed at line 10, column 10: did not find expected ',' or ']')",
        "这里的 '[' 没有闭合，缺少对应的 ']'（解析器到第 10 行第 10 列才发现：did not find expected ',' or ']'）",
    ),
    "flow-list-left-open-at-the-end": (
        {11: "minutes: [会议通报了进展。"},
        (11, 10),
        "'[' opened here is never closed (noticed at line 12, column 1: did not find expected ',' or ']')",
        "这里的 '[' 没有闭合，缺少对应的 ']'（解析器到第 12 行第 1 列才发现：did not find expected ',' or ']'）",
    ),
    "flow-mapping-left-open": (
        {4: "host: {name: 李某, role: 主任"},
        (4, 7),
        "'{' opened here is never closed (noticed at line 5, column 10: did not find expected ',' or '}')",
        "这里的 '{' 没有闭合，缺少对应的 '}'（解析器到第 5 行第 10 列才发现：did not find expected ',' or '}'）",
    ),
    "double-quote-left-open": (
        {11: 'minutes: "会议通报了进展。'},
        (11, 10),
        "'\"' opened here is never closed (noticed at line 12, column 1: found unexpected end of stream)",
        "这里的 '\"' 没有闭合，缺少对应的 '\"'（解析器到第 12 行第 1 列才发现：found unexpected end of stream）",
    ),
    "single-quote-left-open": (
        {11: "minutes: '会议通报了进展。"},
        (11, 10),
        '"\'" opened here is never closed (noticed at line 12, column 1: found unexpected end of stream)',
        '这里的 "\'" 没有闭合，缺少对应的 "\'"（解析器到第 12 行第 1 列才发现：found unexpected end of stream）',
    ),
    "double-quote-closed-by-the-next-value": (
        {1: 'title: "创文推进会', 4: 'host: "李某"'},
        (1, 8),
        "'\"' opened here is not closed on its line: the text runs on to the '\"' at line 4, column 7 "
        "(noticed at line 4, column 8: did not find expected key)",
        "这里的 '\"' 在本行没有闭合，引号内的文字一直延续到第 4 行第 7 列的 '\"'"
        "（解析器到第 4 行第 8 列才发现：did not find expected key）",
    ),
    "single-quote-closed-by-the-next-value": (
        {3: "location: '市政府第一会议室", 6: "recorder: '钱某'"},
        (3, 11),
        '"\'" opened here is not closed on its line: the text runs on to the "\'" at line 6, column 11 '
        "(noticed at line 6, column 12: did not find expected key)",
        '这里的 "\'" 在本行没有闭合，引号内的文字一直延续到第 6 行第 11 列的 "\'"'
        "（解析器到第 6 行第 12 列才发现：did not find expected key）",
    ),
    "line-without-its-colon": (
        {6: "recorder 钱某"},
        (6, 1),
        "this line is neither 'key: value' nor, indented, part of the value above: its ':' is missing "
        "(noticed at line 7, column 1: could not find expected ':')",
        "这一行既不是“键: 值”，也不是上一项值的（缩进的）续行：缺少冒号“:”"
        "（解析器到第 7 行第 1 列才发现：could not find expected ':'）",
    ),
    "colon-inside-a-value": (
        {1: "title: 创文推进会: 第一次"},
        (1, 13),
        "YAML syntax error: mapping values are not allowed in this context; ': ' inside a value starts a new key: "
        "put the value in quotes or, if a new key was meant, start it on a line of its own without indentation",
        "YAML 语法错误：mapping values are not allowed in this context；值中的“: ”会被当作新的键："
        "请给这个值加上引号；如果本意是新的键，请另起一行并取消缩进",
    ),
    "mistake-inside-a-closed-list": (
        {5: "attendees: [王某, 赵某}"},
        (5, 19),
        "YAML syntax error: did not find expected ',' or ']' (inside the '[' opened at line 5, column 12)",
        "YAML 语法错误：did not find expected ',' or ']'（位于第 5 行第 12 列开始的 '[' 之内）",
    ),
    "bad-indentation-stays-where-the-parser-stopped": (
        {6: "  - 钱某"},
        (6, 3),
        "YAML syntax error: did not find expected key",
        "YAML 语法错误：did not find expected key",
    ),
}


@pytest.fixture(autouse=True)
def libyaml() -> None:
    # the messages' parser notes are libyaml's words, which PyYAML's wheels bundle
    assert yaml.__with_libyaml__ and generator.load._Loader is yaml.CSafeLoader


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_loader_reports_where_the_mistake_is(case: str, lang: str) -> None:
    changes, (line, column), english, chinese = CASES[case]
    doc, problems = parse_yaml(Path("m.yml"), broken(changes))
    assert doc is None
    set_language(lang)
    try:
        assert [p.format() for p in problems] == [
            f"m.yml:{line}:{column}: {'error' if lang == 'en' else '错误'}: "
            f"{english if lang == 'en' else chinese} [yaml-syntax]"
        ]
    finally:
        set_language(None)


@pytest.mark.parametrize("case", list(CASES))
def test_the_pure_python_parser_gives_the_same_places(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml the parser's words differ; where the mistake is reported does not."""
    changes, (line, column), _english, _chinese = CASES[case]
    monkeypatch.setattr(generator.load, "_Loader", yaml.SafeLoader)
    _doc, problems = parse_yaml(Path("m.yml"), broken(changes))
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-syntax", line, column)]


def problem_lines(output: str) -> list[str]:
    return [line[line.index("meetings/") :] for line in output.splitlines() if "[yaml-syntax]" in line]


@pytest.mark.parametrize("case", list(CASES))
def test_check_prints_the_place_and_the_parsers_note(
    case: str, archive_dir: Callable[..., Path], dossier: Callable[..., CliResult]
) -> None:
    changes, (line, column), english, chinese = CASES[case]
    root = archive_dir({"meetings/m9.yml": broken(changes)})
    result = dossier("check", "--data", str(root))
    assert result.exit_code == 1
    assert problem_lines(result.stderr) == [
        f"meetings/m9.yml:{line}:{column}: error: {english} [yaml-syntax]"
    ]
    chinese_result = dossier("--lang", "zh", "check", "--data", str(root))
    assert problem_lines(chinese_result.stderr) == [
        f"meetings/m9.yml:{line}:{column}: 错误: {chinese} [yaml-syntax]"
    ]


def test_check_speaks_chinese_by_default(archive_dir: Callable[..., Path]) -> None:
    root = archive_dir({"meetings/m9.yml": broken({9: "agenda: [部署工作, 通报进展"})})
    env = {key: value for key, value in os.environ.items() if key != "DOSSIER_LANG"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("dossier")), "check", "--data", str(root)],
        capture_output=True, text=True, cwd=REPO, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert problem_lines(done.stderr) == [
        "meetings/m9.yml:9:9: 错误: 这里的 '[' 没有闭合，缺少对应的 ']'"
        "（解析器到第 10 行第 10 列才发现：did not find expected ',' or ']'） [yaml-syntax]"
    ]


def test_the_parse_cache_reports_the_same(
    archive_dir: Callable[..., Path], dossier: Callable[..., CliResult], tmp_path: Path
) -> None:
    root = archive_dir({"meetings/m9.yml": broken({1: 'title: "创文推进会', 4: 'host: "李某"'})})
    old = 1_600_000_000  # older than the cache's two-second rule, so the valid files are stored
    for path in root.rglob("*"):
        os.utime(path, (old, old))
    cache = tmp_path / "cache"
    without = dossier("check", "--data", str(root))
    runs = [dossier("check", "--data", str(root), "--cache", str(cache)) for _ in range(3)]
    assert ParseCache.open(root, cache).entries > 0  # the later runs read the other files from the cache
    expected = [
        "meetings/m9.yml:1:8: error: '\"' opened here is not closed on its line: the text runs on to the '\"' "
        "at line 4, column 7 (noticed at line 4, column 8: did not find expected key) [yaml-syntax]"
    ]
    assert problem_lines(without.stderr) == expected
    assert [problem_lines(run.stderr) for run in runs] == [expected] * 3
