"""Hostile record files are refused with a located problem, within bounded time and memory (SECURITY.md §4),
and the Markdown sanitiser lets no script through (§3). Hypothesis fuzzes both."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_child
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import parse_yaml, read_yaml
from generator.markdown_render import render_markdown, sanitise_html
from generator.validate import load_archive

HOSTILE = Path(__file__).parent / "hostile"
DOSSIER = Path(sys.executable).with_name("dossier")

# name of a file in tests/hostile/ → the code `check` must report for it
EXPECTED = {
    "billion-laughs.yml": "yaml-alias-bomb",
    "python-object.yml": "yaml-tag",
    "python-apply.yml": "yaml-tag",
    "gbk-encoded.yml": "not-utf8",
    "duplicate-keys.yml": "duplicate-key",
    "tabs-syntax.yml": "yaml-syntax",
    "merge-key.yml": "yaml-tag",
    "deep-nesting.yml": "yaml-too-deep",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_corpus_is_refused_with_a_located_problem(name: str) -> None:
    doc, problems = read_yaml(HOSTILE / name)
    assert doc is None
    assert [p.code for p in problems] == [EXPECTED[name]]
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.name for p in HOSTILE.glob("*.yml")) == sorted(EXPECTED)


def test_hostile_record_inside_an_archive_is_reported_and_nothing_built(
    archive_dir: Callable[..., Path],
) -> None:
    bomb = (HOSTILE / "billion-laughs.yml").read_text(encoding="utf-8")
    root = archive_dir({"speeches/s9.yml": bomb})
    archive, problems = load_archive(root)
    assert archive is None
    assert [(p.path.name, p.code) for p in problems] == [("s9.yml", "yaml-alias-bomb")]
    # `dossier check` of it, in a process of its own, stays small (expanded: billions of strings)
    check = run_child([str(DOSSIER), "--lang", "en", "check", "--data", str(root)])
    assert check.returncode == 1 and "s9.yml:" in check.stderr and "[yaml-alias-bomb]" in check.stderr
    assert check.peak_mb < 200


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_loader_never_raises_on_arbitrary_text(text: str) -> None:
    doc, problems = parse_yaml(Path("fuzz.yml"), text)
    assert (doc is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message  # every problem can be worded


YAMLISH = st.recursive(
    st.one_of(
        st.sampled_from(
            [
                "a",
                "b: 1",
                "- x",
                "&a",
                "*a",
                "!!str",
                "!!python/name:os",
                "<<",
                "{",
                "[",
                "'",
                '"',
                "|",
                ">",
                "#",
                "---",
                "...",
                "2024-02-30",
                "~",
                "null",
                "yes",
            ]
        ),
        st.text(max_size=5),
    ),
    lambda children: st.lists(children, max_size=6).map(" ".join),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(YAMLISH, max_size=12).map("\n".join))
def test_loader_never_raises_on_yaml_like_text(text: str) -> None:
    doc, problems = parse_yaml(Path("fuzz.yml"), text)
    assert (doc is None) == bool(problems)


class _Markup(HTMLParser):
    """Collects what a browser would treat as markup (escaped text such as ``&lt;script&gt;`` is harmless)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {
            "script",
            "iframe",
            "object",
            "embed",
            "style",
            "svg",
            "math",
            "form",
            "base",
            "link",
            "meta",
        }:
            self.bad.append(tag)
        for name, value in attrs:
            url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if (
                name.startswith("on")
                or name in {"srcdoc", "style"}
                or url.startswith(("javascript:", "vbscript:", "data:"))
            ):
                self.bad.append(f"{tag} {name}={value}")


def dangerous(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.bad


ATTACKS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "<iframe src=//evil></iframe>",
        "<a href='JaVaScRiPt:alert(1)'>x</a>",
        "<svg onload=alert(1)>",
        "<object data=x>",
        "<style>body{}</style>",
        "<div onclick='x()'>d</div>",
        "![x](javascript:alert(1))",
        '<a href="java\nscript:alert(1)">x</a>',
        "<scr<script>ipt>alert(1)</script>",
        "<iframe srcdoc='<script>'>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(ATTACKS, st.text(max_size=20), st.sampled_from(["## 一、", "\n\n", "**", "`", "<", ">"])),
        max_size=15,
    ).map("".join)
)
def test_sanitised_markdown_never_carries_script(text: str) -> None:
    html = render_markdown(text)
    assert dangerous(html) == [], html


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(ATTACKS, st.text(max_size=20)), max_size=10).map("".join))
def test_sanitiser_is_idempotent(html: str) -> None:
    once = sanitise_html(html)
    assert sanitise_html(once) == once
    assert dangerous(once) == []
