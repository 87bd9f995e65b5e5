"""Page keys come from the same view the template renders: no input of a page can be left out of its key
(a forgotten input would be a silently stale page in every later build)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import write_archive
from conftest_site import SITE_FILES

from generator.model import Archive
from generator.site.keys import Keys
from generator.site.pages import SitePage
from generator.site.plan import plan_site
from generator.site.views import PageView
from generator.validate import require_archive


@pytest.fixture(scope="module")
def planned(site_archive: Archive, tmp_path_factory: pytest.TempPathFactory) -> list[SitePage]:
    return plan_site(site_archive, "internal", tmp_path_factory.mktemp("keys-cache")).pages


def test_every_field_of_every_page_view_is_in_its_key(planned: list[SitePage]) -> None:
    keys = Keys("base")
    kinds = set()
    for page in planned:
        view = page.view
        assert isinstance(view, PageView), page.src
        kinds.add(type(view).__name__)
        key = keys.of(view)
        for field in dataclasses.fields(view):
            changed = dataclasses.replace(view, **{field.name: "\u27c2 another value"})
            assert keys.of(changed) != key, f"{page.src}: {field.name} is not in the key"
    assert len(kinds) >= 15  # every kind of page was checked: home, records, lists, indexes, dashboard…


def _view(pages: list[SitePage], src: str) -> PageView:
    (view,) = [page.view for page in pages if page.src == src]
    assert isinstance(view, PageView)
    return view


def _keys_after(tmp_path: Path, old: str, new: str) -> dict[str, str | None]:
    files = dict(SITE_FILES)
    text = files["speeches/s1.yml"]
    assert isinstance(text, str) and old in text
    files["speeches/s1.yml"] = text.replace(old, new)
    archive = require_archive(write_archive(tmp_path / "data", files))[0]
    return {page.src: page.key for page in plan_site(archive, "internal", tmp_path / "cache").pages}


@pytest.mark.parametrize(
    ("old", "new", "list_renewed"),
    [
        ("城市牛皮癣要坚决清理", "城市牛皮癣要彻底清理", False),
        ("title: 在推进会上的讲话", "title: 在推进会上的讲话（修订）", True),
    ],
)
def test_an_edit_renews_the_record_page_and_the_lists_only_when_they_show_it(
    planned: list[SitePage], tmp_path: Path, old: str, new: str, list_renewed: bool
) -> None:
    before = {page.src: page.key for page in planned}
    after = _keys_after(tmp_path, old, new)
    assert after["speeches/s1.md"] != before["speeches/s1.md"]
    # a list shows rows (title, date, units…), not bodies
    assert (after["speeches.md"] != before["speeches.md"]) is list_renewed
    assert (after["meetings/m1.md"] != before["meetings/m1.md"]) is list_renewed  # it lists the speech
    assert after["speeches/s2.md"] == before["speeches/s2.md"]


def test_a_view_holding_something_the_key_cannot_read_fails(planned: list[SitePage]) -> None:
    listing = _view(planned, "speeches.md")
    with pytest.raises(TypeError, match="cannot digest"):
        Keys().of(dataclasses.replace(listing, title=object()))  # type: ignore[arg-type]
