"""The readiness library on an archive whose gaps are known in advance (tests/conftest_readiness.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest_readiness import scene

from generator.errors import ArchiveInvalid
from generator.filefacts import dhash
from generator.model import Archive
from generator.readiness import build_report
from generator.readiness.nearpairs import NEAR_BITS
from generator.validate import require_archive

D = dt.date.fromisoformat


def statuses(archive: Archive, as_of: str) -> dict[str, str]:
    return {leaf.indicator.id: leaf.status for leaf in build_report(archive, D(as_of)).leaves}


@pytest.mark.parametrize(
    ("as_of", "points", "status"),
    [
        # before the photo, the rules and the school's material exist
        ("2025-03-01", (100, 20, 10, 70), "covered thin missing missing missing missing"),
        # today: B.1 has one document; A.2.2's ledger and B.2's meeting are outside the window
        ("2025-06-15", (100, 35, 35, 30), "covered thin covered missing thin missing"),
        # the window's last day: the July speech makes B.1 covered
        ("2025-07-31", (100, 60, 10, 30), "covered thin covered missing covered missing"),
    ],
)
def test_coverage_and_points_by_as_of_date(
    readiness_archive: Archive, as_of: str, points: tuple[int, ...], status: str
) -> None:
    report = build_report(readiness_archive, D(as_of))
    p = report.points
    assert (p.total, p.covered, p.thin, p.missing) == points
    expected = dict(zip(["A.1.1", "A.1.2", "A.2.1", "A.2.2", "B.1", "B.2"], status.split(), strict=True))
    assert statuses(readiness_archive, as_of) == expected


def test_default_as_of_is_archive_today(readiness_archive: Archive) -> None:
    assert build_report(readiness_archive).as_of == D("2025-06-15")


def test_leaf_records_weights_and_units(readiness_archive: Archive) -> None:
    leaves = {leaf.indicator.id: leaf for leaf in build_report(readiness_archive).leaves}
    assert {k: v.records for k, v in leaves.items()} == {
        "A.1.1": ("e-photo1", "m-1"),
        "A.1.2": ("s-1", "sum-1"),  # two records but text only: thin
        "A.2.1": ("e-photo2", "e-doc1"),
        "A.2.2": (),  # e-old is dated before the window
        "B.1": ("e-doc2",),  # sp-2 is dated after the as-of date
        "B.2": (),  # m-late is dated after the window
    }
    # A.2's 30 points are shared by its two unscored standards
    assert {k: v.weight for k, v in leaves.items()} == {
        "A.1.1": 20,
        "A.1.2": 10,
        "A.2.1": 15,
        "A.2.2": 15,
        "B.1": 25,
        "B.2": 15,
    }
    assert {k: v.units for k, v in leaves.items()} == {
        "A.1.1": ("cgj",),
        "A.1.2": ("cgj",),
        "A.2.1": ("wmb",),
        "A.2.2": ("wmb",),
        "B.1": ("jyj",),
        "B.2": ("wmb",),
    }


def test_subtree_rollups_count_general_material_but_cover_no_leaf(readiness_archive: Archive) -> None:
    rollups = {s.indicator.id: s for s in build_report(readiness_archive).subtrees}
    assert list(rollups) == ["A", "A.1", "A.2", "B"]
    a = rollups["A"]
    assert (a.points.total, a.points.covered, a.points.thin, a.points.missing) == (60, 35, 10, 15)
    assert a.general_records == ("e-gen",)  # linked to A itself
    assert (a.leaves, a.missing_leaves) == (4, 1)
    b = rollups["B"]
    assert (b.points.total, b.points.covered, b.points.thin, b.points.missing) == (40, 0, 25, 15)


def test_window_violations_and_future_records(readiness_archive: Archive) -> None:
    today = build_report(readiness_archive)
    assert [r.id for r in today.window_violations] == ["e-old", "m-late"]
    assert [r.id for r in today.future] == ["r-4", "sp-2", "m-late"]
    assert [r.id for r in build_report(readiness_archive, D("2025-12-31")).future] == []


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # (id, status on that day, overdue, days overdue, closed without evidence)
        (
            "2025-03-01",
            [
                ("r-1", "open", False, 0, False),
                ("r-2", "open", False, 0, False),
                ("r-3", "open", False, 0, False),
            ],
        ),
        # r-2 was closed on 05-20: on 05-10 it was still open and ten days late
        (
            "2025-05-10",
            [
                ("r-1", "open", True, 40, False),
                ("r-2", "open", True, 10, False),
                ("r-3", "open", False, 0, False),
            ],
        ),
        (
            "2025-06-15",
            [
                ("r-1", "open", True, 76, False),
                ("r-2", "verified", False, 0, False),
                ("r-3", "rectified", False, 0, True),
            ],
        ),
        (
            "2025-07-31",
            [
                ("r-1", "open", True, 122, False),
                ("r-2", "verified", False, 0, False),
                ("r-4", "open", True, 11, False),
                ("r-3", "rectified", False, 0, True),
            ],
        ),
    ],
)
def test_rectification_ledger_by_as_of_date(
    readiness_archive: Archive, as_of: str, expected: list[tuple[object, ...]]
) -> None:
    report = build_report(readiness_archive, D(as_of))
    got = [
        (e.record.id, e.status, e.overdue, e.days_overdue, e.missing_closing_evidence) for e in report.ledger
    ]
    assert got == expected


def test_unit_rollups_weighted_by_score(readiness_archive: Archive) -> None:
    units = {u.id: u for u in build_report(readiness_archive).units}
    assert list(units) == ["wmb", "cgj", "jyj"]
    got = {
        k: (u.points.covered, u.points.thin, u.points.missing, u.overdue, u.open) for k, u in units.items()
    }
    assert got == {"wmb": (15, 0, 30, 0, 0), "cgj": (20, 10, 0, 1, 1), "jyj": (0, 25, 0, 0, 0)}


def test_duplicates_by_sha256_and_by_perceptual_hash(readiness_archive: Archive) -> None:
    groups = build_report(readiness_archive).duplicates
    assert [(g.records, g.match) for g in groups] == [
        (("e-doc1", "e-doc2"), "sha256"),  # the same bytes under two names
        (("e-photo1", "e-photo2"), "phash"),  # the photo shrunk and re-saved
    ]
    assert groups[1].files == ("files/p1.jpg", "files/p2.jpg")
    # before the copies were filed there is nothing to find
    assert build_report(readiness_archive, D("2025-03-01")).duplicates == ()


def test_dhash_tells_copies_from_other_photos() -> None:
    first, other = scene(1), scene(2)
    copy = first.resize((200, 150)).convert("L")
    assert bin(dhash(first) ^ dhash(copy)).count("1") <= NEAR_BITS
    assert bin(dhash(first) ^ dhash(other)).count("1") > NEAR_BITS * 2


def test_photo_dates_against_tolerance(readiness_archive: Archive) -> None:
    default = build_report(readiness_archive)
    assert [(p.record, p.file, p.taken, p.days) for p in default.photo_dates] == [
        ("e-photo2", "files/p2.jpg", D("2024-09-10"), 176)
    ]
    assert default.photo_tolerance == 7
    strict = build_report(readiness_archive, photo_tolerance=2)  # e-photo3 was taken 3 days before its date
    assert [(p.record, p.days) for p in strict.photo_dates] == [("e-photo2", 176), ("e-photo3", 3)]


def copy_data(readiness_data: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(readiness_data, tmp_path / "data"))


def test_photo_tolerance_from_archive_yml(readiness_data: Path, tmp_path: Path) -> None:
    data = copy_data(readiness_data, tmp_path)
    archive_yml = data / "archive.yml"
    archive_yml.write_text(archive_yml.read_text(encoding="utf-8") + "photo_date_tolerance: 200\n", "utf-8")
    archive, _ = require_archive(data)
    assert build_report(archive).photo_dates == ()
    assert [p.record for p in build_report(archive, photo_tolerance=0).photo_dates] == [
        "e-photo2",
        "e-photo3",
    ]


def test_recorded_sha256_is_used_and_missing_one_computed(readiness_data: Path, tmp_path: Path) -> None:
    import hashlib

    data = copy_data(readiness_data, tmp_path)
    digest = hashlib.sha256((data / "files/old.pdf").read_bytes()).hexdigest()
    # e-gen now attaches the old ledger too, once with its hash written down and once computed
    (data / "evidence/e-gen.yml").write_text(
        "title: 公共环境总体方案\nkind: document\ndate: 2024-11-11\nindicators: [A]\n"
        f"files:\n  - path: files/gen.pdf\n  - path: files/old.pdf\n    sha256: {digest}\n",
        "utf-8",
    )
    archive, _ = require_archive(data)
    records = [g.records for g in build_report(archive).duplicates]
    assert ("e-gen", "e-old") in records


def test_unit_filter(readiness_archive: Archive) -> None:
    report = build_report(readiness_archive, unit="cgj")
    assert [leaf.indicator.id for leaf in report.leaves] == ["A.1.1", "A.1.2"]
    assert (report.points.total, report.points.covered, report.points.thin) == (30, 20, 10)
    assert [e.record.id for e in report.ledger] == ["r-1"]
    assert [u.id for u in report.units] == ["cgj"]
    assert [s.indicator.id for s in report.subtrees] == ["A", "A.1"]
    assert report.window_violations == ()  # e-old and m-late are not the city administration's
    with pytest.raises(KeyError):
        build_report(readiness_archive, unit="nobody")


def test_self_assessment_progress_against_plan(readiness_archive: Archive) -> None:
    assert [s.id for s in readiness_archive.self_scores_of("cgj")] == [
        "cgj-2025-01-1",
        "cgj-2025-01-2",
        "cgj-2025-04-1",
        "cgj-2025-04-2",
    ]
    units = {u.id: u.progress for u in build_report(readiness_archive).units}
    cgj = units["cgj"]
    # 21 of 30 points is 70 %, i.e. 77.78 % of the 90-of-100 target; the plan then asked for 80 %
    assert [(m.month, m.score, m.full, round(m.percent, 2), m.planned) for m in cgj.months] == [
        ("2025-01", 21, 30, 77.78, 80),
        ("2025-04", 27, 30, 100, 95),
    ]
    assert (cgj.required, cgj.behind) == (95, False)
    wmb = units["wmb"]
    assert (round(wmb.months[0].percent, 2), wmb.behind) == (74.07, True)
    assert (units["jyj"].months, units["jyj"].behind) == ((), False)
    # in February cgj's January score was behind the 80 % step
    early = {u.id: u.progress for u in build_report(readiness_archive, D("2025-02-15")).units}
    assert early["cgj"].behind and len(early["cgj"].months) == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("unit: cgj\nmonth: 2025-13\nindicator: A.1.1\nscore: 3\n", "bad-month"),
        ("unit: xxx\nmonth: 2025-02\nindicator: A.1.1\nscore: 3\n", "unknown-ref"),
        ("unit: cgj\nmonth: 2025-02\nindicator: A.9\nscore: 3\n", "unknown-ref"),
        ("unit: cgj\nmonth: 2025-02\nindicator: A.1.1\nscore: -1\n", "invalid"),
        ("unit: cgj\nmonth: 2025-02\nindicator: A.1.1\nscore: 3\ncolour: red\n", "unknown-field"),
    ],
)
def test_self_score_validation_errors(readiness_data: Path, tmp_path: Path, content: str, code: str) -> None:
    data = copy_data(readiness_data, tmp_path)
    (data / "self_scores/bad.yml").write_text(content, "utf-8")
    with pytest.raises(ArchiveInvalid) as caught:
        require_archive(data)
    problems = [(p.path.name, p.code) for p in caught.value.problems if p.severity == "error"]
    assert problems == [("bad.yml", code)]


def test_self_score_warnings(readiness_data: Path, tmp_path: Path) -> None:
    data = copy_data(readiness_data, tmp_path)
    (data / "self_scores/extra.yml").write_text(
        "- {unit: cgj, month: 2025-01, indicator: A.1.1, score: 25}\n", "utf-8"
    )  # A.1.1 is worth 20
    archive, warnings = require_archive(data)
    assert sorted(p.code for p in warnings if p.path.name == "extra.yml") == [
        "self-score-over",
        "self-score-twice",
    ]
    assert len(archive.self_scores) == 6


def test_archive_without_window_counts_every_date(readiness_data: Path, tmp_path: Path) -> None:
    data = copy_data(readiness_data, tmp_path)
    text = (data / "archive.yml").read_text("utf-8")
    (data / "archive.yml").write_text(
        text.replace("assessment_window: {start: 2024-08-01, end: 2025-07-31}\n", ""), "utf-8"
    )
    archive, _ = require_archive(data)
    report = build_report(archive)
    assert report.window_violations == ()
    assert statuses(archive, "2025-06-15")["A.2.2"] == "thin"  # e-old counts now
    assert report.points.missing == 15  # only B.2, whose meeting is still in the future


def test_report_messages_have_both_languages_with_the_same_placeholders() -> None:
    import string

    from generator.i18n import MESSAGES as SHARED
    from generator.readiness.messages import MESSAGES

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, entry in MESSAGES.items():
        assert set(entry) == {"zh", "en"}, key
        assert fields(entry["zh"]) == fields(entry["en"]), key
        assert SHARED[key] is entry or key not in SHARED, key  # registered, never shadowing a shared key


def test_near_photo_search_finds_exactly_what_comparing_every_pair_finds() -> None:
    import random

    from generator.readiness.nearpairs import near as _near
    from generator.readiness.nearpairs import search as _near_pairs

    rng = random.Random(7)
    hashes = {f"h{i:04d}": rng.getrandbits(64) for i in range(400)}
    flips = rng.sample(range(64), NEAR_BITS + 1)
    hashes["near"] = hashes["h0001"] ^ sum(1 << b for b in flips[:NEAR_BITS])  # just close enough
    hashes["far"] = hashes["h0002"] ^ sum(1 << b for b in flips)  # one bit too many
    names = sorted(hashes)
    brute = {(a, b) for i, a in enumerate(names) for b in names[i + 1 :] if _near(hashes[a], hashes[b])}
    assert _near_pairs(hashes) == brute
    assert ("h0001", "near") in brute
    assert not any("far" in pair for pair in brute)
