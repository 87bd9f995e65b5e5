"""The embedded demo archive: valid, and rich enough to show every feature (the minimums of the brief)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from generator.model import Archive
from generator.schema import Evidence, Meeting, Rectification, Speech, Summary
from generator.validate import load_archive
from tests.conftest import DEMO, SEEDS


@pytest.fixture(scope="module")
def demo() -> Archive:
    archive, problems = load_archive(DEMO)
    assert [p.format() for p in problems if p.severity == "error"] == []
    assert archive is not None
    return archive


def test_demo_has_no_warnings_either() -> None:
    _archive, problems = load_archive(DEMO)
    assert [p.format() for p in problems] == []


def test_demo_size(demo: Archive) -> None:
    assert len(demo.units) >= 10
    assert len(demo.indicators) >= 35
    assert len(demo.meetings) >= 10
    assert len(demo.speeches) >= 10
    assert len(demo.summaries) >= 5
    assert len(demo.evidence) >= 25
    assert len(demo.rectifications) >= 8


def test_indicator_tree_has_three_levels_and_scores_add_up(demo: Archive) -> None:
    assert max(node.depth for node in demo.indicators.values()) == 2
    assert sum(node.score or 0 for node in demo.indicators.top()) == demo.info.max_score


def test_speeches_have_full_multi_section_bodies(demo: Archive) -> None:
    for speech in demo.speeches:
        assert isinstance(speech, Speech)
        assert len(re.findall(r"^## [一二三四五六七八九十]+、", speech.body, flags=re.MULTILINE)) >= 2, (
            speech.id
        )
        assert len(speech.body) >= 1200, speech.id
    assert any(
        re.search(r"^### （[一二三四五六七八九十]+）", s.body, flags=re.MULTILINE) for s in demo.speeches
    )


def test_meetings_have_minutes_and_summaries_have_figures(demo: Archive) -> None:
    assert all(isinstance(m, Meeting) and m.minutes and m.attendees for m in demo.meetings)
    assert all(isinstance(s, Summary) and s.figures for s in demo.summaries)


def test_evidence_has_real_files_of_every_sort(demo: Archive) -> None:
    evidence = [e for e in demo.evidence if isinstance(e, Evidence)]
    suffixes = Counter(f.path.rsplit(".", 1)[-1].lower() for e in evidence for f in e.files)
    assert suffixes["jpg"] + suffixes["jpeg"] + suffixes["png"] >= 10
    assert suffixes["pdf"] >= 1 and suffixes["docx"] >= 1 and (suffixes["xlsx"] + suffixes["csv"]) >= 1
    assert all(f.sha256 for e in evidence for f in e.files), "demo files carry their sha256 (fixity)"
    photos = [f for e in evidence if e.type == "photo" for f in e.files]
    assert photos and all(f.caption for f in photos)


def test_rectifications_in_every_state_and_some_overdue(demo: Archive) -> None:
    rectifications = [r for r in demo.rectifications if isinstance(r, Rectification)]
    assert {r.status for r in rectifications} == {"open", "rectified", "verified"}
    today = demo.today()
    assert any(r.status == "open" and r.deadline < today for r in rectifications)


def test_some_indicators_lack_evidence_on_purpose(demo: Archive) -> None:
    assert any(not demo.records_for_indicator(leaf.id) for leaf in demo.indicators.leaves())


def test_access_levels_are_mixed(demo: Archive) -> None:
    levels = Counter(r.access for r in demo.records)
    assert levels["internal"] > levels["public"] > levels["restricted"] >= 2


def test_demo_text_is_ours_not_the_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds absent: cannot compare the demo text with the seeds")
    demo_text = "".join(p.read_text(encoding="utf-8") for p in DEMO.rglob("*.yml"))
    for seed in sorted(SEEDS.glob("*.txt")):
        sentences = [s for s in re.split(r"[。！？\n]", seed.read_text(encoding="utf-8")) if len(s) >= 20]
        copied = [s for s in sentences if s in demo_text]
        assert copied == [], f"{seed.name}: {copied[:2]}"
