"""The safe YAML reader: values, positions, and every refusal as a located problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import MAX_FILE_BYTES, Mark, parse_yaml, read_yaml

P = Path("x.yml")


def test_values_and_positions_are_kept() -> None:
    doc, problems = parse_yaml(P, "title: 会议\ndate: 2024-05-08\nitems:\n  - a\n  - b: 1\n")
    assert problems == []
    assert doc is not None
    assert doc.data == {"title": "会议", "date": "2024-05-08", "items": ["a", {"b": 1}]}
    assert doc.position(("date",)) == Mark(2, 7)
    assert doc.position(("date",), key=True) == Mark(2, 1)
    assert doc.position(("items", 1, "b")) == Mark(5, 8)
    # a location that does not exist falls back to its nearest ancestor
    assert doc.position(("items", 1, "nope")) == Mark(5, 5)


def test_dates_stay_text_so_the_schema_can_name_bad_ones() -> None:
    doc, _ = parse_yaml(P, "date: 2024-02-30\n")
    assert doc is not None and doc.data == {"date": "2024-02-30"}


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: 1\na: 2\n", "duplicate-key", 2, 1),
        ("a: !!python/object/apply:os.system ['true']\n", "yaml-tag", 1, 4),
        ("a: !custom x\n", "yaml-tag", 1, 4),
        ("a: [1, 2\nb: 3\n", "yaml-syntax", 1, 4),  # where the unclosed [ opens
        ("a: 1\n---\nb: 2\n", "bad-document", 3, 1),
        ("", "empty-file", 1, 1),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "yaml-tag", 3, 3),
    ],
)
def test_refusals_are_located(text: str, code: str, line: int, column: int) -> None:
    doc, problems = parse_yaml(P, text)
    assert doc is None
    assert [(p.code, p.line, p.column) for p in problems] == [(code, line, column)]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        lines.append(f"{chr(i)}: &{chr(i)} [{', '.join(['*' + prev] * 9)}]")
    doc, problems = parse_yaml(P, "\n".join(lines) + "\n")
    assert doc is None
    assert [p.code for p in problems] == ["yaml-alias-bomb"]


def test_non_utf8_is_refused_with_the_position_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yml"
    path.write_bytes(b"title: ok\nbody: " + "会议".encode("gbk") + b"\n")
    doc, problems = read_yaml(path)
    assert doc is None
    assert [(p.code, p.line, p.column) for p in problems] == [("not-utf8", 2, 7)]


def test_utf8_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.yml"
    path.write_bytes(b"\xef\xbb\xbftitle: \xe4\xbc\x9a\n")
    doc, problems = read_yaml(path)
    assert problems == [] and doc is not None and doc.data == {"title": "会"}


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    doc, problems = read_yaml(path)
    assert doc is None
    assert [p.code for p in problems] == ["file-too-large"]


def test_deep_nesting_is_refused() -> None:
    doc, problems = parse_yaml(P, "a: " + "[" * 100 + "]" * 100 + "\n")
    assert doc is None
    assert [p.code for p in problems] == ["yaml-too-deep"]
