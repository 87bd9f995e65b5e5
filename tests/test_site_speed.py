"""Speed machinery of the site build that must not change what is built: the theme shell, the page and
Markdown caches, parallel rendering, and the rebuild after editing one record."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CliResult, write_archive
from conftest_site import SITE_FILES
from test_site import broken_links

from generator.model import Archive
from generator.search import index
from generator.search.index import SearchDoc
from generator.site import mkdocs_theme, writing
from generator.site.cache import STALE_AFTER, place, prune_unlinked
from generator.site.publish import publish
from generator.validate import require_archive


def _tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_parallel_build_writes_the_same_site(
    site_archive: Archive, site_internal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writing, "PARALLEL_MIN_PAGES", 0)  # the small archive, on two processes
    out = tmp_path / "parallel"
    stats = publish(site_archive, out, "internal", tmp_path / "cache", workers=2)
    assert stats.rendered > 0 and stats.reused == 0
    first, second = _tree(site_internal), _tree(out)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_record_pages_match_what_mkdocs_renders_itself(site_internal: Path) -> None:
    """A page from the shell is byte for byte the page MkDocs' own pipeline writes for the same body."""
    html = (site_internal / "speeches" / "s1.html").read_text("utf-8")
    assert html.count("<title>在推进会上的讲话 - ") == 1
    skip = re.search(r'<a href="#([^"]+)" class="md-skip">', html)  # "skip to content": the first heading
    toc = re.search(r'<a href="#([^"]+)" class="md-nav__link">', html)
    assert skip and toc and skip.group(1) == toc.group(1)
    assert 'data-md-component="toc"' in html and "一、提高认识" in html
    assert 'href="../assets/stylesheets/' in html and 'href="../meetings.html"' in html
    assert "DOSSIERSHELL" not in html and "dossiershell" not in html


def test_one_edit_rebuilds_only_what_depends_on_it(tmp_path: Path) -> None:
    data = write_archive(tmp_path / "data", SITE_FILES)
    cache = tmp_path / "cache"
    archive = require_archive(data)[0]
    first = publish(archive, tmp_path / "one", "internal", cache)
    assert first.reused == 0
    again = publish(archive, tmp_path / "two", "internal", cache)
    assert again.rendered == 0 and again.reused == first.rendered  # nothing changed: nothing rendered
    speech = data / "speeches" / "s1.yml"
    speech.write_text(
        speech.read_text("utf-8").replace("在推进会上的讲话", "在推进会上的讲话（修订）"), "utf-8"
    )
    edited = require_archive(data)[0]
    rebuilt = publish(edited, tmp_path / "three", "internal", cache)
    # The speech, the meeting that lists it, its speaker's page, its indicator, its year in the timeline…
    assert 0 < rebuilt.rendered <= 8
    html = (tmp_path / "three" / "meetings" / "m1.html").read_text("utf-8")
    assert "在推进会上的讲话（修订）" in html
    cold = publish(edited, tmp_path / "cold", "internal", tmp_path / "cold-cache")
    assert cold.reused == 0
    assert _tree(tmp_path / "three") == _tree(tmp_path / "cold")  # the cache changes nothing
    assert broken_links(tmp_path / "three") == []


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        # the home page lists the latest meetings; the readiness dashboard and the home page name the
        # overdue rectification and count its days; the units page counts open rectifications
        ("meetings/m1.yml", "创文推进会", "创文推进会（第二次）"),
        ("rectifications/r2.yml", "建设路小广告反弹", "建设路小广告再次反弹"),
        ("rectifications/r2.yml", "deadline: 2024-12-31", "deadline: 2024-12-01"),
        ("rectifications/r2.yml", "status: open", "status: rectified\n        closed_on: 2024-12-20"),
        # coverage of the indicators: the dashboard's figures
        ("summaries/sum1.yml", "indicators: [A.2]", "indicators: [A.1]"),
    ],
)
def test_section_pages_follow_an_edit_like_a_cold_build(
    tmp_path: Path, path: str, old: str, new: str
) -> None:
    """The navigation's own pages (home, dashboard, indexes) come from the cache too: an edit to what they
    show must reach them exactly as a build without any cache would show it."""
    files = dict(SITE_FILES)
    text = files[path]
    assert isinstance(text, str) and old in text
    data = write_archive(tmp_path / "data", files)
    cache = tmp_path / "cache"
    publish(require_archive(data)[0], tmp_path / "one", "internal", cache)
    files[path] = text.replace(old, new)
    edited_data = write_archive(tmp_path / "edited", files)
    edited = require_archive(edited_data)[0]
    rebuilt = publish(edited, tmp_path / "two", "internal", cache)
    assert rebuilt.rendered > 0
    cold = publish(edited, tmp_path / "cold", "internal", tmp_path / "cold-cache")
    assert cold.reused == 0
    two, fresh = _tree(tmp_path / "two"), _tree(tmp_path / "cold")
    assert two.keys() == fresh.keys()
    assert [name for name in two if two[name] != fresh[name]] == []


def test_search_index_segments_and_their_cache_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [
        SearchDoc(
            f"r/{n}.html",
            f"第{n}次推进会",
            "会议",
            f"门前三包 志愿服务 第{n}项 abc{n % 3} 牛皮癣" * (n % 4 + 1),
        )
        for n in range(23)
    ]
    whole = index.build_index(docs)  # one segment
    monkeypatch.setattr(index, "SEGMENT_DOCS", 4)
    assert index.build_index(docs) == whole
    cache = tmp_path / "search"
    assert index.build_index(docs, cache) == whole
    assert index.build_index(docs, cache) == whole  # every segment from the cache
    docs[9] = SearchDoc(docs[9].url, docs[9].title + "（修订）", docs[9].meta, "全新的内容 门前三包")
    monkeypatch.setattr(index, "SEGMENT_DOCS", 10**6)
    edited = index.build_index(docs)
    monkeypatch.setattr(index, "SEGMENT_DOCS", 4)
    assert index.build_index(docs, cache) == edited  # the edited segment rebuilt, the others reused


def test_cache_forgets_pages_no_build_used_for_a_day(tmp_path: Path) -> None:
    root = tmp_path / "pages"
    (root / "ab").mkdir(parents=True)
    used, orphan, fresh = (root / "ab" / "used.html", root / "ab" / "orphan.html", root / "ab" / "fresh.html")
    for path in (used, orphan, fresh):
        path.write_text("<p>x</p>")
    day_old = time.time() - STALE_AFTER - 60
    for path in (used, orphan):
        os.utime(path, (day_old, day_old))
    place(used, tmp_path / "site.html")  # a build copies it into a site today
    assert prune_unlinked(root, time.time()) == 1
    assert used.exists() and fresh.exists() and not orphan.exists()
    # the copy keeps the entry's (old) modification time, so rsync sees an unchanged page
    assert (tmp_path / "site.html").stat().st_mtime == used.stat().st_mtime


def test_editing_the_built_site_never_alters_the_cache(tmp_path: Path) -> None:
    entry = tmp_path / "cache" / "page.html"
    entry.parent.mkdir()
    entry.write_text("<p>original</p>", encoding="utf-8")
    out = tmp_path / "site" / "page.html"
    place(entry, out)
    out.write_text("<p>edited in the site</p>", encoding="utf-8")
    assert entry.read_text(encoding="utf-8") == "<p>original</p>"


def test_pages_rendered_in_full_equal_pages_cut_from_the_shell(
    site_internal: Path, site_archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the shell (another theme, or a plugin that post-processes pages) every page is rendered
    through the whole theme as MkDocs would: the site is the same, byte for byte."""
    monkeypatch.setattr(mkdocs_theme.MkDocsTheme, "_cut", lambda self, folder, has_toc: None)
    out = tmp_path / "full"
    publish(site_archive, out, "internal", tmp_path / "cache")
    first, second = _tree(site_internal), _tree(out)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def _inode(path: Path) -> int:
    return path.stat().st_ino


def test_rebuild_links_unchanged_files_from_the_previous_site(
    tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    """`dossier site` over its previous output: what did not change is the very same file (hard-linked, not
    copied again), what changed is new, and the result is the site a cold build makes."""
    data = write_archive(tmp_path / "data", SITE_FILES)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build = ("site", "--data", str(data), "--out", str(out), "--cache", str(cache))
    assert dossier(*build).exit_code == 0
    assert dossier(*build).exit_code == 0  # the second build links what the first one copied
    unchanged = [out / "speeches" / "s2.html", out / "files" / "photo.jpg"]
    unchanged += sorted((out / "search").rglob("t/*"))[:1]
    before = {path: _inode(path) for path in unchanged}
    edited_before = _inode(out / "speeches" / "s1.html")
    speech = data / "speeches" / "s1.yml"
    speech.write_text(
        speech.read_text("utf-8").replace("在推进会上的讲话", "在推进会上的讲话（修订）"), "utf-8"
    )
    assert dossier(*build).exit_code == 0
    assert {path: _inode(path) for path in unchanged} == before
    assert _inode(out / "speeches" / "s1.html") != edited_before
    assert "在推进会上的讲话（修订）" in (out / "speeches" / "s1.html").read_text("utf-8")
    cold = tmp_path / "cold"
    assert (
        dossier("site", "--data", str(data), "--out", str(cold), "--cache", str(tmp_path / "c2")).exit_code
        == 0
    )
    assert _tree(out) == _tree(cold)


def test_a_page_edited_in_the_built_site_is_not_carried_into_the_next(
    tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    data = write_archive(tmp_path / "data", SITE_FILES)
    out, cache = tmp_path / "site", tmp_path / "cache"
    build = ("site", "--data", str(data), "--out", str(out), "--cache", str(cache))
    assert dossier(*build).exit_code == 0
    page, photo = out / "speeches" / "s2.html", out / "files" / "photo.jpg"
    good_page, good_photo = page.read_bytes(), photo.read_bytes()
    page.write_bytes(good_page.replace("推进会".encode(), "改过了".encode()))  # same size, new time
    photo.write_bytes(b"not the photo")
    assert dossier(*build).exit_code == 0
    assert page.read_bytes() == good_page and photo.read_bytes() == good_photo


def test_verbose_shows_where_the_time_went(tmp_path: Path, dossier: Callable[..., CliResult]) -> None:
    data = write_archive(tmp_path / "data", SITE_FILES)
    out, cache = tmp_path / "site", tmp_path / "cache"
    first = dossier("site", "--data", str(data), "--out", str(out), "--cache", str(cache), "--verbose")
    assert first.exit_code == 0
    for stage in ("Reading and checking records", "Planning pages", "Search index", "Checksums"):
        assert re.search(rf"\d+\.\d\d s  {stage}", first.stderr), stage
    pages = int(re.search(r"pages: (\d+) rendered, 0 reused", first.stderr).group(1))  # type: ignore[union-attr]
    again = dossier("site", "--data", str(data), "--out", str(out), "--cache", str(cache), "-v")
    assert f"pages: 0 rendered, {pages} reused unchanged" in again.stderr
    quiet = dossier("site", "--data", str(data), "--out", str(out), "--cache", str(cache))
    assert "Time per stage" not in quiet.stderr + quiet.stdout


def test_search_documents_of_cached_segments_are_never_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index, "SEGMENT_DOCS", 4)
    docs = [SearchDoc(f"r/{n}.html", f"第{n}次推进会", "会议", f"门前三包 第{n}项") for n in range(10)]
    made: list[int] = []

    def lazy(n: int, doc: SearchDoc) -> index.LazyDoc:
        def make() -> SearchDoc:
            made.append(n)
            return doc

        return index.LazyDoc(f"v1-{doc.title}-{doc.text}", make)

    cache = tmp_path / "search"
    first = index.build_index([lazy(n, d) for n, d in enumerate(docs)], cache)
    assert first == index.build_index(docs) and sorted(made) == list(range(10))
    made.clear()
    assert index.build_index([lazy(n, d) for n, d in enumerate(docs)], cache) == first
    assert made == []  # every segment from the cache: no text rendered
    docs[5] = SearchDoc(docs[5].url, docs[5].title, docs[5].meta, "全新的内容")
    edited = index.build_index([lazy(n, d) for n, d in enumerate(docs)], cache)
    assert sorted(made) == [4, 5, 6, 7]  # only the edited record's segment
    assert edited == index.build_index(docs)
