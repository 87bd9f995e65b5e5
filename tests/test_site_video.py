"""A video attached to an evidence record plays in its page, with a poster frame, from file:// as from a USB
stick — checked in headless Chromium on the demo archive's site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import media_files
import pytest
from conftest import require_tool
from playwright.sync_api import sync_playwright
from test_site_search import CHROMIUM_ARGS

from generator.media.video import clean_copy
from generator.model import Archive

pytestmark = pytest.mark.tools("chromium")
VIDEO = "files/video/2024-12-05-zhiyuanzhe-ri.mp4"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=require_tool("chromium"), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _video_page(demo_archive: Archive, demo_site: Path) -> Path:
    record = next(r for r in demo_archive.evidence if any(f.path == VIDEO for f in r.files))
    page = demo_site / "evidence" / f"{record.id}.html"
    assert page.is_file(), page
    return page


def test_record_page_plays_its_video_from_file_urls(
    browser: object, demo_archive: Archive, demo_site: Path
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(_video_page(demo_archive, demo_site).as_uri())
        video = page.locator("video.dossier-video")
        assert video.count() == 1
        assert video.get_attribute("controls") is not None
        assert video.get_attribute("preload") == "metadata"
        page.wait_for_function("document.querySelector('video').readyState > 0", timeout=15_000)
        duration = page.evaluate("document.querySelector('video').duration")
        assert 5.5 < duration < 6.5
        poster = page.evaluate("document.querySelector('video').poster")
        assert poster.startswith("file://") and poster.endswith(".jpg")
        assert Path(poster.removeprefix("file://")).is_file()
    finally:
        page.close()


def test_published_video_copy_has_no_place_or_device_tags(tmp_path: Path) -> None:
    import av

    tags = {"location": "+30.2741+120.1551/", "make": "PhoneMaker", "model": "X-100", "artist": "张三"}
    source = media_files.write_video(tmp_path / "clip.mp4", tags=tags)
    with av.open(str(source)) as original:
        assert original.metadata.get("location") == tags["location"]  # the test file does carry them
    clean = clean_copy(source, "d" * 64, tmp_path / "cache")
    assert clean is not None and source.read_bytes() != clean.read_bytes()
    assert clean.read_bytes().find(b"120.1551") == -1 and clean.read_bytes().find(b"PhoneMaker") == -1
    with av.open(str(clean)) as copy:
        assert not set(tags) & set(copy.metadata)
        assert sum(1 for _ in copy.decode(video=0)) == media_files.VIDEO_SECONDS * 10  # every frame kept
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video")
    assert clean_copy(broken, "e" * 64, tmp_path / "cache") is None  # then not published
