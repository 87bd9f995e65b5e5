"""What a user sees, compared with golden files in tests/golden/: the spine labels of the demo archive's
binders (``pdftotext -layout`` of spine-labels.pdf, as printed and cut for the boxes) and the readiness report
`dossier report --format html` writes by default (its file name, and its text as a browser shows it).

After a change meant to alter what these show, rewrite the golden files, then review and commit the change:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import difflib
import os
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DEMO, CliResult, require_tool

GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2025-07-20"  # a fixed day: two rectifications overdue, the window still open


def assert_matches_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        if os.environ.get("CI"):
            pytest.fail("UPDATE_GOLDEN=1 under CI would accept any output", pytrace=False)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.is_file() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"tests/golden/{name}",
                "this run",
            )
        )
        hint = "if the change is meant, UPDATE_GOLDEN=1 rewrites it (see tests/test_golden.py)"
        pytest.fail(f"{name} differs from its golden file ({hint}):\n{diff}", pytrace=False)


def layout_text(pdf: Path) -> str:
    """``pdftotext -layout``, page by page under a heading, without trailing blanks (which editors drop)."""
    out = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = out.split("\f")[:-1]  # every page ends with a form feed
    return "".join(
        f"=== page {number} ===\n" + "".join(line.rstrip() + "\n" for line in page.strip("\n").splitlines())
        for number, page in enumerate(pages, start=1)
    )


class _VisibleText(HTMLParser):
    """The text a browser shows: a line per block, table cells separated by " | ", no style or script."""

    BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "thead", "tbody",
                        "section", "header", "footer", "nav", "article", "main", "br", "dt", "dd", "ul", "ol",
                        "caption", "figure", "figcaption", "title", "svg", "details", "summary"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("style", "script")
        self.parts.append("\n" if tag in self.BLOCKS else " | " if tag in ("td", "th") else "")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script")
        self.parts.append("\n" if tag in self.BLOCKS else "")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return "".join(line + "\n" for line in lines if line)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.text()


@pytest.mark.tools("pdftotext")
def test_spine_labels_of_the_demo_archive(dossier: Callable[..., CliResult], tmp_path: Path) -> None:
    args = ("binders", "--data", str(DEMO), "--out", str(tmp_path), "--only", "spine-labels", "--jobs", "1")
    result = dossier(*args)
    assert result.exit_code == 0, result.stderr
    assert_matches_golden("spine-labels.txt", layout_text(tmp_path / "binders" / "spine-labels.pdf"))


def test_default_report_file_of_the_demo_archive(
    dossier: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the default file, and the default cache, go to the current folder
    result = dossier("--lang", "zh", "report", "--data", str(DEMO), "--format", "html", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    name = "readiness-20250720.html"
    assert result.stderr == f"已写入：{name}\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [name]
    assert_matches_golden("readiness-report.txt", visible_text((tmp_path / name).read_text(encoding="utf-8")))
