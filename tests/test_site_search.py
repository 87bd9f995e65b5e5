"""Chinese search in the built site: the index rules, and real queries typed into headless Chromium.

Each query runs over http://127.0.0.1 (a real HTTP server) and from file:// (the USB-stick case).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import require_tool
from conftest_site import PHRASE
from playwright.sync_api import sync_playwright

from generator.model import Archive, Audience
from generator.schema import KIND_FOLDERS
from generator.search.index import SearchDoc, build_index
from generator.search.tokens import fnv1a, keys, query_keys
from generator.site.search_files import search_text

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def test_keys_are_characters_and_overlapping_pairs() -> None:
    assert keys("门前三包") == {"门": 1, "前": 1, "三": 1, "包": 1, "门前": 1, "前三": 1, "三包": 1}
    assert keys("ＡＢＣ abc，牛") == {"abc": 2, "牛": 1}
    assert query_keys("门前三包 牛") == ["门前", "前三", "三包", "牛"]


def test_index_shards_hold_each_key_once_and_grow_with_the_archive() -> None:
    small = build_index([SearchDoc("a.html", "门前三包", "", "门前三包责任制")])
    assert b'"shards":1' in small["manifest.js"]
    text = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(4000))
    large = build_index([SearchDoc(f"{n}.html", "t", "", text[n:] + text[:n]) for n in range(60)])
    shards = [name for name in large if name.startswith("s/")]
    assert len(shards) > 8
    assert max(len(large[name]) for name in shards) < 200 * 1024


# ------------------------------------------------------------------------------------------- browser
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium (found as tests/programs.py says: PATH, or DOSSIER_CHROMIUM) driven by Playwright."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=require_tool("chromium"), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module", params=["http", "file"])
def site_base(request: pytest.FixtureRequest, site_internal: Path) -> Iterator[str]:
    if request.param == "file":
        yield site_internal.as_uri()
    else:
        with serve(site_internal) as url:
            yield url


def run_query(browser: object, base: str, query: str) -> tuple[list[str], list[str], list[str]]:
    """(result hrefs, result snippet HTML, page errors) of the search page for ``query``."""
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(f"{base}/search.html?q={query}")
        page.wait_for_function(
            "document.getElementById('dossier-search-status').textContent.length > 0 && "
            "!document.getElementById('dossier-search-status').textContent.includes('…')",
            timeout=10_000,
        )
        hrefs = page.eval_on_selector_all(
            ".dossier-hit__title", "els => els.map(e => e.getAttribute('href'))"
        )
        snippets = page.eval_on_selector_all(".dossier-snippet", "els => els.map(e => e.innerHTML)")
    finally:
        page.close()
    return hrefs, snippets, errors


@pytest.mark.browser
@pytest.mark.tools("chromium")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("门前三包", "evidence/e1.html"),  # a title match ranks above body matches (s1, m1)
        ("牛皮癣", "speeches/s1.html"),  # s3 holds 牛皮 and 皮癣 far more often, but never together
        ("志愿服务", "summaries/sum1.html"),
        (PHRASE, "speeches/s2.html"),  # a long phrase whose words s3 also holds, apart
    ],
)
def test_chinese_query_finds_the_record_first_with_a_snippet(
    browser: object, site_base: str, query: str, expected: str
) -> None:
    hrefs, snippets, errors = run_query(browser, site_base, query)
    assert errors == []
    assert hrefs, f"no results for {query}"
    assert hrefs[0].endswith(expected), hrefs
    assert f"<mark>{query}</mark>" in snippets[0]


@pytest.mark.browser
@pytest.mark.tools("chromium")
def test_search_skips_records_the_audience_cannot_see(browser: object, site_base: str) -> None:
    hrefs, _, _ = run_query(browser, site_base, "不得外传")  # only in the restricted speech
    assert hrefs == []


@pytest.mark.browser
@pytest.mark.tools("chromium")
def test_header_box_opens_the_search_page(browser: object, site_base: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(f"{site_base}/speeches/s1.html")
        page.fill(".dossier-header-search input", "志愿服务")
        page.press(".dossier-header-search input", "Enter")
        page.wait_for_selector(".dossier-hit__title", timeout=10_000)
        assert page.eval_on_selector(".dossier-hit__title", "e => e.getAttribute('href')").endswith(
            "summaries/sum1.html"
        )
        assert page.evaluate("dossierSearch.fnv1a('门前')") == fnv1a("门前")  # the browser hashes like Python
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.tools("chromium")
def test_demo_archive_phrase_query_finds_its_record(
    browser: object, demo_archive: Archive, build_site_once: Callable[[Archive, Audience], Path]
) -> None:
    visible = demo_archive.filtered("internal")
    texts = {record.id: search_text(record) for record in visible.records}
    phrase, owner = _unique_phrase(visible, texts)
    site = build_site_once(demo_archive, "internal")
    hrefs, snippets, errors = run_query(browser, site.as_uri(), phrase)
    assert errors == []
    assert hrefs and hrefs[0].endswith(f"{KIND_FOLDERS[visible[owner].kind]}/{owner}.html"), (phrase, hrefs)
    assert f"<mark>{phrase}</mark>" in snippets[0]


def _unique_phrase(archive: Archive, texts: dict[str, str]) -> tuple[str, str]:
    """An 8-character run of Chinese from a speech body that occurs in no other record's text."""
    for speech in archive.speeches:
        for run in re.findall(r"[\u4e00-\u9fff]{12,}", speech.body):
            phrase = run[2:10]
            if sum(phrase in text for text in texts.values()) == 1:
                return phrase, speech.id
    pytest.fail("the demo archive has no speech with a distinctive phrase")


@pytest.mark.browser
@pytest.mark.tools("chromium")
def test_hostile_record_text_never_runs(browser: object, site_base: str) -> None:
    hrefs, snippets, errors = run_query(browser, site_base, "注入正文测试")
    assert errors == []
    assert hrefs and hrefs[0].endswith("summaries/sum2.html")
    assert "<script" not in snippets[0] and "<a" not in snippets[0]
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(f"{site_base}/search.html?q=标题注入测试")
        page.wait_for_selector(".dossier-hit__title", timeout=10_000)
        assert page.inner_text(".dossier-hit__title").startswith("<img src=x")  # shown as text
        page.goto(f"{site_base}/summaries/sum2.html")
        link = page.locator(".dossier-body a", has_text="点此")  # kept as text, its javascript: href dropped
        assert link.count() == 1 and link.get_attribute("href") is None
        link.click(timeout=5_000)
        assert page.evaluate("window.__pwned") is None
        assert "<img src=x" in page.inner_text("h1")
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.tools("chromium")
@pytest.mark.parametrize("query", ["门前三包", "牛皮癣", "志愿服务"])
def test_demo_archive_campaign_terms_find_a_record_that_holds_them(
    browser: object,
    demo_archive: Archive,
    build_site_once: Callable[[Archive, Audience], Path],
    query: str,
) -> None:
    """The first hit holds the query, in its title: each term is in some visible record's title."""
    visible = demo_archive.filtered("internal")
    holders = {r.id: r for r in visible.records if query in search_text(r)}
    if not holders:
        pytest.fail(f"the demo archive no longer mentions {query}")
    site = build_site_once(demo_archive, "internal")
    hrefs, snippets, errors = run_query(browser, site.as_uri(), query)
    assert errors == []
    first = hrefs[0].rsplit("/", 1)[-1].removesuffix(".html")
    assert first in holders, (query, hrefs[:3])
    assert any(query in r.title for r in holders.values()), f"no visible title holds {query}"
    assert query in holders[first].title
    assert f"<mark>{query}</mark>" in snippets[0]
