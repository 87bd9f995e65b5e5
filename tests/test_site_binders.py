"""`dossier site --binders`: the website links each record to the binder page where it starts (卷宗页码)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, require_tool
from test_site import broken_links

from generator.binders import BuildOptions, build_binders
from generator.model import Archive
from generator.site.urls import output_path, record_page

pytestmark = pytest.mark.tools("pdftotext")


@pytest.fixture(scope="module")
def binders_dir(site_archive: Archive, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The speeches binder of the site test archive, built for the internal audience."""
    out = tmp_path_factory.mktemp("site-binders-dist")
    build_binders(site_archive, out, BuildOptions(only=("speeches",), jobs=1))
    return out / "binders"


def _pdf_page_text(pdf: Path, first: int, last: int) -> str:
    args = [require_tool("pdftotext"), "-layout", "-f", str(first), "-l", str(last), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout.replace(" ", "")


def test_record_pages_link_to_the_binder_page_where_the_record_starts(
    site_data: Path,
    site_archive: Archive,
    binders_dir: Path,
    tmp_path: Path,
    dossier: Callable[..., CliResult],
) -> None:
    out = tmp_path / "site"
    args = ["site", "--data", str(site_data), "--out", str(out), "--cache", str(tmp_path / "cache")]
    result = dossier(*args, "--binders", str(binders_dir))
    assert result.exit_code == 0, result.stderr
    speech = site_archive.get("s1")
    assert speech is not None
    page_path = out / output_path(record_page(speech))
    html = page_path.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#]*binders/speeches\.pdf)#page=(\d+)"', html)
    assert len(links) == 1, html
    href, page = links[0][0], int(links[0][1])
    pdf = out / "binders" / "speeches.pdf"
    assert (page_path.parent / href).resolve() == pdf.resolve()
    # the site's copy is the binder, and page N of it is where the speech starts
    assert pdf.read_bytes() == (binders_dir / "speeches.pdf").read_bytes()
    after_catalogue = _pdf_page_text(pdf, 3, page)  # pages 1–2: cover and 卷内目录, which lists every title
    assert speech.title in after_catalogue.split("\f")[-2]
    assert speech.title not in "".join(after_catalogue.split("\f")[:-2])
    index = json.loads((binders_dir / "pages.json").read_text(encoding="utf-8"))
    assert page == index["speeches"]["items"]["s1"]
    assert f"{index['speeches']['title']} 第 {page} 页" in html  # the metadata panel's 卷宗 line
    # the home page links the PDF, the site's checksums cover it, and no internal link is broken
    assert 'href="binders/speeches.pdf"' in (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r"^[0-9a-f]{64}  binders/speeches\.pdf$", (out / "MANIFEST.sha256").read_text(), re.M)
    assert broken_links(out) == []


def test_a_public_site_refuses_binders_built_for_another_audience(
    site_data: Path, binders_dir: Path, tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    out = tmp_path / "site"
    args = ["site", "--data", str(site_data), "--out", str(out), "--cache", str(tmp_path / "cache")]
    result = dossier(*args, "--audience", "public", "--binders", str(binders_dir))
    assert result.exit_code == 0, result.stderr
    assert "Binders not copied" in result.stderr and "internal" in result.stderr
    assert not (out / "binders").exists()
    assert "#page=" not in "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
