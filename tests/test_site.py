"""The archive website, built for real with MkDocs + Material: pages, links, cross-links, audience, exports."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, CliResult, write_archive
from conftest_site import INTERNAL_MARKER, RESTRICTED_MARKER, SITE_FILES
from markupsafe import escape
from openpyxl import load_workbook
from PIL import Image

from generator.model import Archive, Audience
from generator.reproducible import sha256_of as file_sha256
from generator.schema import KIND_FOLDERS
from generator.site.publish import publish
from generator.site.thumbs import thumbnail
from generator.site.urls import person_page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"href", "src", "data"} and value and tag != "form":
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every internal href/src in every HTML file that points at a missing file or a missing #anchor."""
    problems = []
    parsed = {page: _parse(page) for page in site.rglob("*.html")}
    for page, links in parsed.items():
        for link in links.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_relative_to(site.resolve()) or not target.exists():
                problems.append(f"{page.relative_to(site)}: {link}")
            elif parts.fragment and target in parsed and unquote(parts.fragment) not in parsed[target].ids:
                problems.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return problems


def page(site: Path, src: str) -> str:
    return (site / src.replace(".md", ".html")).read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def test_every_visible_record_has_a_page_with_its_title(site_archive: Archive, site_internal: Path) -> None:
    visible = site_archive.filtered("internal")
    for record in visible.records:
        html = page(site_internal, f"{KIND_FOLDERS[record.kind]}/{record.id}.md")
        assert f"<h1>{escape(record.title)}</h1>" in html  # escaped: record text is never markup


def test_no_broken_internal_links(site_internal: Path) -> None:
    assert broken_links(site_internal) == []


def test_speech_headings_are_real_headings_in_the_table_of_contents(site_internal: Path) -> None:
    html = page(site_internal, "speeches/s1.md")
    toc = html[html.index("md-nav--secondary") : html.index('<div class="md-content"')]
    for heading in ("一、提高认识", "（一）统一思想", "1. 抓好门前三包", "二、狠抓落实"):
        assert heading in toc
    assert re.search(r"<h2 id=\"[^\"]+\">一、提高认识</h2>", html)
    assert re.search(r"<h5 id=\"[^\"]+\">（1）明确责任</h5>", html)


def test_cross_links_go_both_ways_and_skip_records_the_audience_cannot_see(site_internal: Path) -> None:
    meeting = article(page(site_internal, "meetings/m1.md"))
    for target in (
        "../speeches/s1.html",
        "../speeches/s2.html",
        "../evidence/e1.html",
        "../evidence/e2.html",
    ):
        assert f'href="{target}"' in meeting
    assert "secret" not in meeting
    speech = article(page(site_internal, "speeches/s1.md"))
    assert 'href="../meetings/m1.html"' in speech
    assert f'href="../{person_page("王某").replace(".md", ".html")}"' in speech
    evidence = article(page(site_internal, "evidence/e1.md"))
    assert 'href="../meetings/m1.html"' in evidence and 'href="../rectifications/r1.html"' in evidence
    indicator = article(page(site_internal, "indicators/A.1.md"))
    for target in ("../speeches/s1.html", "../evidence/e1.html", "../evidence/e2.html"):
        assert f'href="{target}"' in indicator
    unit = article(page(site_internal, "units/cgj.md"))
    for target in ("../rectifications/r1.html", "../rectifications/r2.html", "../evidence/e2.html"):
        assert f'href="{target}"' in unit


def test_metadata_panel_shows_archival_code_and_fields(site_internal: Path) -> None:
    speech = article(page(site_internal, "speeches/s1.md"))
    assert "档号" in speech and re.search(r"Z900-WS·2024-[A-Z0-9]+-[A-Z0-9]+-\d{4}", speech)
    for text in ("讲话人", "王某", "市委副书记", "所属会议", "创文推进会", "公开", "保管期限"):
        assert text in speech


def test_navigation_lists_sections_not_records(site_archive: Archive, site_internal: Path) -> None:
    html = page(site_internal, "index.md")
    nav = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
    hrefs = [href for href in re.findall(r'href="([^"#]+)"', nav) if href != "index.html"]
    assert 8 <= len(hrefs) <= 20
    assert not any("/" in href.strip("./") for href in hrefs), hrefs  # no record pages (they sit in folders)
    for title in (
        "会议",
        "讲话",
        "工作总结",
        "佐证材料",
        "问题整改",
        "时间轴",
        "人员",
        "测评指标",
        "检索",
        "下载",
    ):
        assert f">{title}<" in nav.replace("\n", "").replace(" ", "") or title in nav


def test_home_page_shows_counts_readiness_and_latest_meetings(site_internal: Path) -> None:
    home = article(page(site_internal, "index.md"))
    assert "测试市创建全国文明城市档案" in home
    assert "2024年1月1日" in home  # the campaign period
    # r2 is open with deadline 2024-12-31 and archive.yml's today is 2025-01-15: one overdue.
    overdue = re.search(r'dossier-card__num">(\d+)</span><span class="dossier-card__label">已超期', home)
    assert overdue and overdue.group(1) == "1"
    assert 'href="meetings/m1.html"' in home


def test_lists_are_grouped_by_year_and_sortable(site_internal: Path) -> None:
    html = article(page(site_internal, "speeches.md"))
    assert '<h2 id="y2024">2024年' in html
    assert "dossier-sortable" in html and 'data-sort="text"' in html
    assert html.count("<tr>") == 1 + 3  # header + s1, s2, s3 (the restricted speech is not listed)


def test_timeline_people_units_indicators_pages(site_internal: Path) -> None:
    timeline = article(page(site_internal, "timeline.md"))  # years and months, each year a page of its own
    assert "2024年5月" in timeline and "2024年11月" in timeline
    year = article(page(site_internal, "years/timeline-2024.md"))
    assert '<h2 id="m2024-05">2024年5月' in year and 'href="../meetings/m1.html"' in year
    people = article(page(site_internal, "people.md"))
    assert "王某" in people and "李某" in people
    host = article(page(site_internal, person_page("李某")))
    assert "主持的会议" in host and "../meetings/m1.html" in host
    tree = article(page(site_internal, "indicators.md"))
    assert "dossier-mark--ok" in tree
    assert tree.count("<li") == 3


def test_gallery_has_cached_thumbnails_linked_to_originals(site_internal: Path) -> None:
    gallery = article(page(site_internal, "gallery.md"))
    assert 'href="years/gallery-2024.html"' in gallery and 'href="files/photo.jpg"' in gallery
    year = article(page(site_internal, "years/gallery-2024.md"))  # a page per year
    thumbs = re.findall(r'<img src="\.\./(thumbs/[0-9a-f]+\.jpg)"', year)
    assert len(thumbs) == 2  # photo.jpg and photo2.jpg; the restricted photo has none
    for thumb in thumbs:
        with Image.open(site_internal / thumb) as image:
            assert max(image.size) <= 360
    assert 'href="../files/photo.jpg"' in year
    assert (site_internal / "files" / "photo.jpg").read_bytes() == SITE_FILES["files/photo.jpg"]
    ledger = article(page(site_internal, "evidence/e2.md"))
    assert 'href="../files/ledger.pdf"' in ledger and 'type="application/pdf"' in ledger


def test_catalogue_downloads_open_in_their_readers(site_archive: Archive, site_internal: Path) -> None:
    visible = {r.id for r in site_archive.filtered("internal").records}
    downloads = article(page(site_internal, "downloads.md"))
    for name in ("catalogue.csv", "catalogue.json", "catalogue.xlsx"):
        assert f'href="downloads/{name}"' in downloads
    rows = list(csv.reader(io.StringIO((site_internal / "downloads/catalogue.csv").read_text("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "类别", "题名"] and {row[0] for row in rows[1:]} == visible
    data = json.loads((site_internal / "downloads/catalogue.json").read_text("utf-8"))
    assert {row["id"] for row in data["records"]} == visible
    book = load_workbook(site_internal / "downloads/catalogue.xlsx", read_only=True)
    try:  # a read-only workbook keeps its file open until closed
        ids = {row[0] for row in book.active.iter_rows(min_row=2, values_only=True)}
    finally:
        book.close()
    assert ids == visible


def _all_bytes(site: Path) -> Iterator[tuple[str, bytes]]:
    """Every file's name and bytes, with .gz and zip (xlsx) members unpacked, so nothing hides compressed."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        name = str(path.relative_to(site))
        data = path.read_bytes()
        yield name, name.encode()
        yield name, data
        if path.suffix == ".gz":
            yield name, gzip.decompress(data)
        if data[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for member in archive.namelist():
                    yield f"{name}:{member}", archive.read(member)


def _leaks(site: Path, marker: str) -> list[str]:
    needles = [marker.encode(), marker.lower().encode()]
    return sorted({name for name, data in _all_bytes(site) if any(n in data for n in needles)})


@pytest.mark.parametrize(
    ("audience", "absent", "present"),
    [
        ("public", [RESTRICTED_MARKER, INTERNAL_MARKER], []),
        ("internal", [RESTRICTED_MARKER], [INTERNAL_MARKER]),
        ("full", [], [RESTRICTED_MARKER, INTERNAL_MARKER]),
    ],
)
def test_records_outside_the_audience_leave_no_trace(
    site_archive: Archive,
    build_site_once: Callable[[Archive, Audience], Path],
    audience: Audience,
    absent: list[str],
    present: list[str],
) -> None:
    site = build_site_once(site_archive, audience)
    for marker in absent:
        assert _leaks(site, marker) == [], f"{marker} leaked into the {audience} site"
    for marker in present:  # proves the search would have found it
        assert _leaks(site, marker)
    assert broken_links(site) == []
    if audience == "public":
        assert not (site / "rectifications" / "r2.html").exists()
        assert "保密人" not in (site / "people.html").read_text("utf-8")


def test_material_search_and_its_index_are_not_shipped(site_internal: Path) -> None:
    assert not (site_internal / "search" / "search_index.json").exists()
    assert not list(site_internal.glob("assets/javascripts/lunr/*"))
    assert "unpkg.com" not in page(site_internal, "index.md")
    assert "fonts.googleapis.com" not in page(site_internal, "index.md")


def test_cli_refuses_an_invalid_archive_and_keeps_the_previous_site(
    tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    data = write_archive(tmp_path / "data")
    out = tmp_path / "out"
    first = dossier("site", "--data", str(data), "--out", str(out), "--cache", str(tmp_path / "cache"))
    assert first.exit_code == 0, first.stderr
    before = (out / "index.html").read_bytes()
    (data / "speeches" / "s1.yml").write_text("title: x\ndate: 2024-02-30\n", encoding="utf-8")
    second = dossier("site", "--data", str(data), "--out", str(out), "--cache", str(tmp_path / "cache"))
    assert second.exit_code == 1
    assert re.search(r"s1\.yml:2:7: error: date: expected YYYY-MM-DD", second.stderr), second.stderr
    assert (out / "index.html").read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_english_site_when_archive_language_is_en(tmp_path: Path, dossier: Callable[..., CliResult]) -> None:
    data = write_archive(tmp_path / "data", {"archive.yml": SITE_FILES["archive.yml"] + "language: en\n"})  # type: ignore[operator]
    result = dossier(
        "site", "--data", str(data), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "c")
    )
    assert result.exit_code == 0, result.stderr
    home = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert '<html lang="en"' in home and ">Meetings<" in home.replace("\n", "").replace(" ", "")
    assert "Readiness" in home


def test_plain_mkdocs_build_uses_the_plugin(tmp_path: Path, site_data: Path, site_internal: Path) -> None:
    """`mkdocs build` (MkDocs runs the build, the plugin hands its events to the build service) writes the
    very site `dossier site` writes (the service runs MkDocs as its theme's host)."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"data_dir: .*", f"data_dir: {site_data}", config)
    config = config.replace("docs_dir: generator/", f"docs_dir: {REPO}/generator/")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent))
    assert mkdocs
    done = subprocess.run(
        [mkdocs, "build", "-q", "-d", str(tmp_path / "built")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": str(Path(sys.executable).parent), "NO_MKDOCS_2_WARNING": "1", "HOME": str(tmp_path)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "built" / "speeches" / "s1.html").is_file()
    assert not (tmp_path / "built" / "speeches" / "secret-qx7zrestricted.html").exists()
    built, published = _files(tmp_path / "built"), _files(site_internal)
    assert built.keys() == published.keys()
    assert [name for name in built if built[name] != published[name]] == []


def test_demo_archive_site_has_every_record_and_no_broken_links(
    demo_archive: Archive, demo_site: Path
) -> None:
    for record in demo_archive.filtered("internal").records:
        assert (demo_site / KIND_FOLDERS[record.kind] / f"{record.id}.html").is_file(), record.id
    assert broken_links(demo_site) == []


def test_thumbnails_are_made_once_and_reused(tmp_path: Path) -> None:
    source = tmp_path / "photo.jpg"
    source.write_bytes(SITE_FILES["files/photo.jpg"])  # type: ignore[arg-type]
    digest = file_sha256(source)
    first = thumbnail(source, digest, tmp_path / "cache")
    assert first is not None and first.name.startswith(digest)
    stamp = first.stat().st_mtime_ns
    assert thumbnail(source, digest, tmp_path / "cache") == first
    assert first.stat().st_mtime_ns == stamp
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    assert thumbnail(broken, file_sha256(broken), tmp_path / "cache") is None  # linked, just no thumbnail


def _files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_two_builds_of_the_same_archive_are_byte_identical(
    site_archive: Archive, site_internal: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    publish(site_archive, again, "internal", tmp_path / "cache")
    first = {p.relative_to(site_internal): p.read_bytes() for p in site_internal.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
