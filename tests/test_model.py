"""The read-only Archive model: lookups, indexes and audience filtering that every renderer relies on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.model import Archive, visible_to
from generator.validate import load_archive

EXTRA = {
    "speeches/s2.yml": "title: 内部通报讲话\nspeaker: 王某\ndate: 2024-07-01\nbody: x\naccess: restricted\nunits: [cgj]\n",
    "speeches/s3.yml": "title: 公开讲话\nspeaker: 赵某\ndate: 2024-03-01\nbody: x\naccess: public\nindicators: [A]\n",
}


@pytest.fixture
def archive(archive_dir: Callable[..., Path]) -> Archive:
    loaded, problems = load_archive(archive_dir(EXTRA))
    assert problems == [] and loaded is not None
    return loaded


def test_records_are_sorted_by_date_then_id(archive: Archive) -> None:
    assert [r.id for r in archive.records] == ["s3", "m1", "s1", "e1", "r1", "s2"]
    assert [r.id for r in archive.speeches] == ["s3", "s1", "s2"]


def test_lookup_by_id(archive: Archive) -> None:
    assert archive["m1"].title == "创文推进会"
    assert archive.get("nope") is None
    assert "e1" in archive and len(archive) == 6


def test_indexes(archive: Archive) -> None:
    assert [r.id for r in archive.by_unit["cgj"]] == ["r1", "s2"]  # owner via `unit`, and via `units`
    assert [r.id for r in archive.by_unit["wmb"]] == ["m1"]
    assert [r.id for r in archive.by_indicator["A.1"]] == ["s1", "e1"]
    assert [r.id for r in archive.records_for_indicator("A")] == ["s3", "s1", "e1"]
    assert [r.id for r in archive.records_for_indicator("A", subtree=False)] == ["s3"]
    assert [(role, r.id) for role, r in archive.by_person["王某"]] == [("speaker", "s1"), ("speaker", "s2")]
    assert [(role, r.id) for role, r in archive.by_person["李某"]] == [("host", "m1")]
    assert list(archive.by_year) == [2024]
    assert sorted(r.id for r in archive.referenced_by["e1"]) == ["m1", "r1"]
    assert [r.id for r in archive.referenced_by["s1"]] == ["m1"]


def test_indicator_tree_is_flattened_with_its_shape(archive: Archive) -> None:
    assert list(archive.indicators) == ["A", "A.1", "A.2"]
    assert archive.indicators["A"].children == ("A.1", "A.2")
    assert archive.indicators["A.1"].parent == "A" and archive.indicators["A.1"].depth == 1
    assert [n.id for n in archive.indicators.leaves()] == ["A.1", "A.2"]
    assert [n.id for n in archive.indicators.top()] == ["A"]
    assert [n.id for n in archive.indicators.subtree("A")] == ["A", "A.1", "A.2"]
    assert [n.id for n in archive.indicators.ancestors("A.2")] == ["A"]
    assert archive.indicators.ancestors("A") == ()
    assert "A.2" in archive.indicators and "B" not in archive.indicators
    # the same tree in a filtered view: its records change, its framework does not
    assert archive.filtered("public").indicators == archive.indicators


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        ("public", ["s3"]),
        ("internal", ["s3", "m1", "s1", "e1", "r1"]),
        ("full", ["s3", "m1", "s1", "e1", "r1", "s2"]),
    ],
)
def test_audience_filtering(archive: Archive, audience: str, expected: list[str]) -> None:
    filtered = archive.filtered(audience)  # type: ignore[arg-type]
    assert [r.id for r in filtered.records] == expected
    assert all(visible_to(r, audience) for r in filtered.records)  # type: ignore[arg-type]
    # indexes of the filtered archive hold only visible records
    assert all(r.id in expected for records in filtered.by_unit.values() for r in records)
    assert all(r.id in expected for pairs in filtered.by_person.values() for _, r in pairs)


def test_records_are_read_only(archive: Archive) -> None:
    with pytest.raises(ValidationError):
        archive["s1"].title = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        archive.units["x"] = archive.units["wmb"]  # type: ignore[index]


def test_rectification_date_defaults_to_found_on_and_retention_to_the_kind_default(archive: Archive) -> None:
    assert str(archive["r1"].date) == "2024-06-01"
    assert archive.retention_of(archive["r1"]) == "Y"
