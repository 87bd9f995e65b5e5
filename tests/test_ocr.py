"""`dossier ocr`: scans of known text become text beside the file, in the site's search and record page,
in the binders' invisible text layer; a two-worker Dask cluster gives the same bytes as one machine."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require_tool
from dask_cluster import local_cluster
from test_site_search import CHROMIUM_ARGS, run_query

from generator.handover.verify.inspect import pdf_facts
from generator.ocr.engine import model_files
from generator.ocr.store import state_path, text_path
from generator.synth.scans import write_scan_pdf

BIN = Path(sys.executable).parent
SCAN = "files/scans/tongzhi.pdf"

ARCHIVE = """\
title: 样例市创文档案
campaign: 创建全国文明城市
fonds: {code: "Z109", name: 样例市创文办}
period: {start: 2024-01-01, end: 2025-12-31}
today: 2025-09-15
"""
RECORD = """\
title: 关于推进创建工作的通知（扫描件）
date: 2024-05-08
kind: scan
indicators: [A]
access: public
files:
  - {path: files/scans/tongzhi.pdf}
"""
PHOTO = """\
title: 志愿服务现场照片
date: 2024-05-09
kind: photo
access: public
files:
  - {path: files/photos/scene.png, caption: 2024年5月9日 志愿者在广场服务}
"""


def write_archive(root: Path) -> list[list[str]]:
    (root / "evidence").mkdir(parents=True)
    (root / "archive.yml").write_text(ARCHIVE, encoding="utf-8")
    (root / "units.yml").write_text("- {id: wmb, name: 样例市文明办}\n", encoding="utf-8")
    (root / "indicators.yml").write_text("- {id: A, title: 公共秩序, score: 10}\n", encoding="utf-8")
    (root / "evidence" / "tongzhi.yml").write_text(RECORD, encoding="utf-8")
    (root / "evidence" / "scene.yml").write_text(PHOTO, encoding="utf-8")
    from PIL import Image

    (root / "files" / "photos").mkdir(parents=True)
    Image.new("RGB", (64, 48), "green").save(root / "files" / "photos" / "scene.png")
    return write_scan_pdf(root / SCAN, seed=7, pages=1)


def dossier(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "dossier"), *args], capture_output=True, text=True, timeout=600, env=env, check=False
    )


def accuracy(expected: str, found: str) -> float:
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(expected)


@pytest.fixture(scope="module")
def recognised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[str]]]:
    """An archive whose scan was recognised on this machine, with the network closed."""
    root = tmp_path_factory.mktemp("ocr") / "data"
    truth = write_archive(root)
    closed = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    closed |= {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "NO_PROXY": ""}
    cache = root.parent / "cache"
    done = dossier("ocr", "--data", str(root), "--cache", str(cache), "--format", "json", env=closed)
    assert done.returncode == 0, done.stderr
    return root, truth


def test_models_are_files_of_the_installed_package() -> None:
    files = model_files()
    assert len(files) == 3
    assert all(f.is_file() and "site-packages" in str(f) for f in files)


def test_scan_text_is_written_beside_it_and_read_right(recognised: tuple[Path, list[list[str]]]) -> None:
    root, truth = recognised
    text = text_path(root / SCAN).read_text(encoding="utf-8")
    assert accuracy("".join(truth[0]), text.replace("\n", "")) >= 0.97
    assert state_path(root / SCAN).is_file()
    assert not text_path(root / "files/photos/scene.png").exists()  # a photo of a scene is not read


def test_an_edited_text_is_never_overwritten(
    recognised: tuple[Path, list[list[str]]], tmp_path: Path
) -> None:
    root = tmp_path / "data"
    shutil.copytree(recognised[0], root)
    target = text_path(root / SCAN)
    target.write_text("人工校对后的文本\n", encoding="utf-8")
    again = dossier("ocr", "--data", str(root), "--force", "--cache", str(tmp_path / "c"))
    assert again.returncode == 0, again.stderr
    assert target.read_text(encoding="utf-8") == "人工校对后的文本\n"
    assert "tongzhi.pdf" in again.stderr


def test_an_unchanged_file_is_not_read_twice(recognised: tuple[Path, list[list[str]]]) -> None:
    root, _ = recognised
    before = text_path(root / SCAN).stat().st_mtime_ns
    again = dossier("ocr", "--data", str(root), "--format", "json", "--cache", str(root.parent / "cache"))
    assert '"pages": 0' in again.stdout and '"current_files": 1' in again.stdout
    assert text_path(root / SCAN).stat().st_mtime_ns == before


def test_check_warns_about_a_scan_without_text_once_ocr_has_run(
    recognised: tuple[Path, list[list[str]]], tmp_path: Path
) -> None:
    root = tmp_path / "data"
    shutil.copytree(recognised[0], root)
    shutil.copy(root / SCAN, root / "files/scans/second.pdf")
    record = RECORD.replace("tongzhi.pdf", "second.pdf").replace("title: 关于", "title: 又一份关于")
    (root / "evidence" / "second.yml").write_text(record, encoding="utf-8")
    checked = dossier("--lang", "en", "check", "--data", str(root), "--cache", str(tmp_path / "c"))
    assert (
        "files/scans/second.pdf: scan has no recognised text (run dossier ocr) [ocr-missing]"
        in checked.stderr
    )
    assert "tongzhi.pdf: scan has no" not in checked.stderr


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Dask scheduler and two workers on 127.0.0.1 (subprocesses of the installed `dask` command)."""
    with local_cluster(tmp_path_factory.mktemp("dask")) as address:
        yield address


def test_a_two_worker_cluster_gives_the_same_bytes(
    recognised: tuple[Path, list[list[str]]], cluster: str, tmp_path: Path
) -> None:
    root = tmp_path / "data"
    shutil.copytree(recognised[0], root)
    for kept in (text_path(root / SCAN), state_path(root / SCAN)):
        kept.unlink()
    done = dossier(
        "ocr", "--data", str(root), "--scheduler", cluster, "--cache", str(tmp_path / "c"), "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    assert '"pages": 1' in done.stdout
    for kept in (text_path, state_path):
        assert kept(root / SCAN).read_bytes() == kept(recognised[0] / SCAN).read_bytes()


@pytest.mark.tools("pdftotext")
def test_binder_page_of_the_scan_has_its_text_under_the_image(
    recognised: tuple[Path, list[list[str]]], tmp_path: Path
) -> None:
    root, truth = recognised
    built = dossier(
        "binders",
        "--data",
        str(root),
        "--out",
        str(tmp_path),
        "--audience",
        "full",
        "--jobs",
        "1",
    )
    assert built.returncode == 0, built.stderr
    pdftotext = require_tool("pdftotext")
    binder = next(p for p in (tmp_path / "binders").glob("evidence*.pdf"))
    pages = subprocess.run(
        [pdftotext, "-layout", str(binder), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    sentence = truth[0][3]
    shown = [n for n, page in enumerate(pages) if sentence[:12] in page.replace(" ", "")]
    assert len(shown) == 1
    assert "档号" in pages[shown[0]]  # the red stamp is still on the page
    # the text layer's font is embedded, as PDF/A and the archives' four-property check want every font
    assert pdf_facts(binder).fonts_not_embedded == []


def test_a_corrected_text_reaches_the_binder_on_the_next_run(
    recognised: tuple[Path, list[list[str]]], tmp_path: Path
) -> None:
    """The binders' nothing-changed check covers the OCR text kept beside a scan: a person's correction is a
    change, and the next run prints it in the scan's text layer."""
    root = tmp_path / "data"
    shutil.copytree(recognised[0], root)
    args = [
        "binders",
        "--data",
        str(root),
        "--out",
        str(tmp_path / "out"),
        "--audience",
        "full",
        "--jobs",
        "1",
    ]
    assert dossier(*args).returncode == 0
    kept = next(root.rglob("*.pdf.ocr.txt"))
    lines = kept.read_text(encoding="utf-8").split("\n")
    lines[0] = "校对后的第一行文字"  # same number of lines: the correction is placed where the line was
    kept.write_text("\n".join(lines), encoding="utf-8")
    again = dossier(*args)
    assert again.returncode == 0, again.stderr
    binder = next((tmp_path / "out" / "binders").glob("evidence*.pdf"))
    text = subprocess.run(
        [require_tool("pdftotext"), str(binder), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "校对后的第一行文字" in text.replace(" ", "")


@pytest.mark.browser
@pytest.mark.tools("chromium")
def test_site_search_finds_a_sentence_printed_on_the_scan(
    recognised: tuple[Path, list[list[str]]], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    root, truth = recognised
    site = tmp_path / "site"
    built = dossier("site", "--data", str(root), "--out", str(site), "--cache", str(tmp_path / "c"))
    assert built.returncode == 0, built.stderr
    page_html = (site / "evidence" / "tongzhi.html").read_text(encoding="utf-8")
    assert '<details class="dossier-ocr"><summary>机器识别，仅供检索' in page_html
    query = truth[0][5][2:10]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_tool("chromium"), args=CHROMIUM_ARGS)
        try:
            hrefs, _snippets, errors = run_query(browser, site.as_uri(), query)
        finally:
            browser.close()
    assert query not in RECORD  # found by the words on the scan, not by the record's fields
    assert hrefs and hrefs[0].endswith("/evidence/tongzhi.html"), (query, hrefs)
    assert not errors


def test_recognised_text_is_shown_as_text_never_as_markup(
    recognised: tuple[Path, list[list[str]]], tmp_path: Path
) -> None:
    root = tmp_path / "data"
    shutil.copytree(recognised[0], root)
    text_path(root / SCAN).write_text(
        "<script>alert(1)</script><img src=x onerror=alert(2)>\n", encoding="utf-8"
    )
    site = tmp_path / "site"
    built = dossier("site", "--data", str(root), "--out", str(site), "--cache", str(tmp_path / "c"))
    assert built.returncode == 0, built.stderr
    page_html = (site / "evidence" / "tongzhi.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page_html
    assert "<script>alert(1)" not in page_html


def test_report_counts_pages_recognised(recognised: tuple[Path, list[list[str]]], tmp_path: Path) -> None:
    root, _ = recognised
    report = dossier("report", "--data", str(root), "--format", "json", "--cache", str(tmp_path / "c"))
    import json

    assert json.loads(report.stdout)["ocr"] == {"files": 1, "files_with_text": 1, "pages_recognised": 1}
