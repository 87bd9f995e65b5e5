"""One test per validation rule, each with the exact file, line, column and code a user would see."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.i18n import set_language
from generator.validate import load_archive

Found = tuple[str, int, int, str, str]


def problems_of(root: Path) -> list[Found]:
    _archive, problems = load_archive(root)
    return [(p.path.relative_to(root).as_posix(), p.line, p.column, p.severity, p.code) for p in problems]


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def test_the_small_archive_is_valid(archive_dir: Callable[..., Path]) -> None:
    root = archive_dir()
    archive, problems = load_archive(root)
    assert problems == []
    assert archive is not None
    assert [r.id for r in archive.records] == ["m1", "s1", "e1", "r1"]


CASES: list[tuple[str, dict[str, str | bytes | None], list[Found]]] = [
    (
        "missing required field",
        {"speeches/s1.yml": "title: 讲话\ndate: 2024-05-08\nbody: x\n"},
        [("speeches/s1.yml", 1, 1, "error", "missing-field")],
    ),
    (
        "unknown field",
        {"speeches/s1.yml": "title: 讲话\nspeakr: 王某\nspeaker: 王某\ndate: 2024-05-08\nbody: x\n"},
        [("speeches/s1.yml", 2, 1, "error", "unknown-field")],
    ),
    (
        "wrong type",
        {"speeches/s1.yml": "title: [a, b]\nspeaker: 王某\ndate: 2024-05-08\nbody: x\n"},
        [("speeches/s1.yml", 1, 8, "error", "bad-type")],
    ),
    (
        "value not among the allowed ones",
        {"evidence/e1.yml": "title: t\nkind: picture\ndate: 2024-05-09\nfiles: []\n"},
        [("evidence/e1.yml", 2, 7, "error", "bad-value")],
    ),
    (
        "impossible date",
        {"speeches/s1.yml": "title: 讲话\nspeaker: 王某\ndate: 2024-02-30\nbody: x\n"},
        [("speeches/s1.yml", 3, 7, "error", "bad-date")],
    ),
    (
        "date not in ISO form",
        {"speeches/s1.yml": "title: 讲话\nspeaker: 王某\ndate: 2024年5月8日\nbody: x\n"},
        [("speeches/s1.yml", 3, 7, "error", "bad-date")],
    ),
    (
        "bad id",
        {"speeches/s2.yml": "id: 'a b'\ntitle: 讲话\nspeaker: 王某\ndate: 2024-05-08\nbody: x\n"},
        [("speeches/s2.yml", 1, 5, "error", "bad-id")],
    ),
    (
        "bad sha256",
        {
            "evidence/e1.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: files/photo.jpg\n"
            "    sha256: abc\n"
        },
        [("evidence/e1.yml", 6, 13, "error", "bad-sha256")],
    ),
    (
        "duplicate id across kinds",
        {
            "summaries/s1.yml": "title: 总结\nunit: wmb\nperiod: {start: 2024-01-01, end: 2024-06-30}\n"
            "date: 2024-07-01\nbody: x\n"
        },
        [("summaries/s1.yml", 1, 1, "error", "duplicate-id")],
    ),
    (
        "unknown unit",
        {"evidence/e1.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles: []\nunits: [wmb, cgjj]\n"},
        [("evidence/e1.yml", 5, 14, "error", "unknown-ref")],
    ),
    (
        "unknown indicator",
        {"evidence/e1.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles: []\nindicators: [A.9]\n"},
        [("evidence/e1.yml", 5, 14, "error", "unknown-ref")],
    ),
    (
        "meeting names a speech that does not exist",
        {"speeches/s1.yml": None},
        [("meetings/m1.yml", 9, 12, "error", "unknown-ref")],
    ),
    (
        "reference to a record of the wrong kind",
        {
            "rectifications/r1.yml": "title: t\nproblem: p\nfound_by: f\nfound_on: 2024-06-01\nunit: cgj\n"
            "deadline: 2024-06-30\nstatus: open\nevidence: [s1]\n"
        },
        [("rectifications/r1.yml", 8, 12, "error", "wrong-kind-ref")],
    ),
    (
        "attached file missing",
        {"files/photo.jpg": None},
        [("evidence/e1.yml", 5, 11, "error", "file-not-found")],
    ),
    (
        "absolute path",
        {"evidence/e1.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: /etc/passwd\n"},
        [("evidence/e1.yml", 5, 11, "error", "file-outside")],
    ),
    (
        "path leaving the data folder",
        {"evidence/e1.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: files/../../x.jpg\n"},
        [("evidence/e1.yml", 5, 11, "error", "file-outside")],
    ),
    (
        "file changed since registered",
        {
            "evidence/e1.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: files/photo.jpg\n"
            f"    sha256: {'ab' * 32}\n"
        },
        [("evidence/e1.yml", 6, 13, "error", "sha256-mismatch")],
    ),
    (
        "date outside the campaign period (a warning)",
        {"speeches/s1.yml": "title: 讲话\nspeaker: 王某\ndate: 2023-05-08\nbody: x\n"},
        [("speeches/s1.yml", 3, 7, "warning", "date-outside-period")],
    ),
    (
        "summary period ends before it starts",
        {
            "summaries/u1.yml": "title: 总结\nunit: wmb\nperiod:\n  start: 2024-06-30\n  end: 2024-01-01\n"
            "date: 2024-07-01\nbody: x\n"
        },
        [("summaries/u1.yml", 5, 8, "error", "date-order")],
    ),
    (
        "closed rectification without closed_on (a warning)",
        {
            "rectifications/r1.yml": "title: t\nproblem: p\nfound_by: f\nfound_on: 2024-06-01\nunit: cgj\n"
            "deadline: 2024-06-30\nstatus: verified\n"
        },
        [("rectifications/r1.yml", 7, 9, "warning", "closed-without-date")],
    ),
    (
        "indicator scores do not add up",
        {
            "indicators.yml": "- id: A\n  title: 公共秩序\n  score: 10\n  children:\n    - id: A.1\n      title: 市容\n"
            "      score: 5\n    - id: A.2\n      title: 志愿\n      score: 4\n"
        },
        [("indicators.yml", 3, 10, "warning", "child-score-sum")],
    ),
    (
        "top-level scores do not add up to max_score",
        {"indicators.yml": "- id: A\n  title: 公共秩序\n  score: 8\n"},
        [
            ("archive.yml", 12, 12, "warning", "score-sum"),
            ("evidence/e1.yml", 7, 14, "error", "unknown-ref"),
            ("speeches/s1.yml", 5, 14, "error", "unknown-ref"),
        ],
    ),
    (
        "child id not under its parent",
        {
            "indicators.yml": "- id: A\n  title: 公共秩序\n  score: 10\n  children:\n    - id: A.1\n      title: 市容\n"
            "      score: 6\n    - id: B.2\n      title: 志愿\n      score: 4\n"
        },
        [("indicators.yml", 8, 11, "warning", "bad-indicator-id")],
    ),
    (
        "duplicate key",
        {"speeches/s1.yml": "title: 讲话\ntitle: 讲话二\nspeaker: 王某\ndate: 2024-05-08\nbody: x\n"},
        [("speeches/s1.yml", 2, 1, "error", "duplicate-key")],
    ),
    (
        "a record file that is a list",
        {"speeches/s1.yml": "- title: 讲话\n"},
        [("speeches/s1.yml", 1, 1, "error", "bad-document")],
    ),
    (
        "archive.yml missing",
        {"archive.yml": None},
        [("archive.yml", 0, 0, "error", "missing-file")],
    ),
]


@pytest.mark.parametrize(("name", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_is_reported_at_its_place(
    archive_dir: Callable[..., Path], name: str, change: dict[str, str | bytes | None], expected: list[Found]
) -> None:
    root = archive_dir(change)
    assert problems_of(root) == expected, name


def test_symlink_out_of_the_data_folder_is_refused(archive_dir: Callable[..., Path], tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"outside")
    root = archive_dir({"files/photo.jpg": None})
    (root / "files").mkdir(exist_ok=True)
    (root / "files" / "photo.jpg").symlink_to(secret)
    assert problems_of(root) == [("evidence/e1.yml", 5, 11, "error", "file-outside")]


def test_matching_sha256_is_accepted(archive_dir: Callable[..., Path]) -> None:
    data = b"photo bytes"
    digest = hashlib.sha256(data).hexdigest()
    root = archive_dir(
        {
            "files/photo.jpg": data,
            "evidence/e1.yml": f"title: t\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: files/photo.jpg\n"
            f"    sha256: {digest.upper()}\n",
        }
    )
    assert problems_of(root) == []


def test_every_problem_is_reported_in_one_run(archive_dir: Callable[..., Path]) -> None:
    root = archive_dir(
        {
            "speeches/s1.yml": "title: 讲话\nspeakr: 王某\ndate: 2024-13-01\nbody: x\n",
            "evidence/e1.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles:\n  - path: files/nope.jpg\n"
            "units: [nobody]\n",
            "meetings/broken.yml": "title: [unclosed\n",
            "rectifications/r1.yml": "title: t\nproblem: p\nfound_by: f\nfound_on: 2024-06-01\nunit: cgj\n"
            "deadline: 2024-06-30\nstatus: done\n",
        }
    )
    found = problems_of(root)
    assert found == [
        ("evidence/e1.yml", 5, 11, "error", "file-not-found"),
        ("evidence/e1.yml", 6, 9, "error", "unknown-ref"),
        ("meetings/broken.yml", 1, 8, "error", "yaml-syntax"),  # the unclosed [ itself
        ("rectifications/r1.yml", 7, 9, "error", "bad-value"),
        ("speeches/s1.yml", 1, 1, "error", "missing-field"),
        ("speeches/s1.yml", 2, 1, "error", "unknown-field"),
        ("speeches/s1.yml", 3, 7, "error", "bad-date"),
    ]


def test_messages_name_field_expected_and_found(archive_dir: Callable[..., Path]) -> None:
    root = archive_dir(
        {
            "speeches/s1.yml": "title: 讲话\nspeakr: 王某\ndate: 2024-02-30\nbody: x\n",
            "evidence/e1.yml": "title: t\nkind: picture\ndate: 2024-05-09\nfiles: []\n",
            "evidence/e2.yml": "title: t\nkind: photo\ndate: 2024-05-09\nfiles: []\nunits: [cgjj]\n",
        }
    )
    _archive, problems = load_archive(root)
    messages = {p.code: p.message for p in problems}
    assert messages["unknown-field"] == "speakr: unknown field (did you mean 'speaker'?)"
    assert messages["bad-date"] == "date: expected YYYY-MM-DD, got '2024-02-30'"
    assert messages["missing-field"] == "speaker: required field is missing"
    assert messages["bad-value"] == (
        "kind: expected one of 'document', 'photo', 'ledger', 'video', 'briefing', 'scan', 'statistics', "
        "got 'picture'"
    )
    assert messages["unknown-ref"] == "units[0]: no unit with id 'cgjj' (did you mean 'cgj'?)"


def test_messages_are_chinese_by_default(archive_dir: Callable[..., Path]) -> None:
    set_language(None)
    os.environ.pop("DOSSIER_LANG", None)
    root = archive_dir({"speeches/s1.yml": "title: 讲话\nspeaker: 王某\ndate: 2024-02-30\nbody: x\n"})
    _archive, problems = load_archive(root)
    assert (
        problems[0]
        .format()
        .endswith("speeches/s1.yml:3:7: 错误: date：日期应为 YYYY-MM-DD，实为 '2024-02-30' [bad-date]")
    )


def test_id_defaults_to_the_file_stem_and_may_be_given(archive_dir: Callable[..., Path]) -> None:
    root = archive_dir(
        {"speeches/other-name.yml": "id: s9\ntitle: 讲话\nspeaker: 王某\ndate: 2024-05-08\nbody: x\n"}
    )
    archive, problems = load_archive(root)
    assert problems == [] and archive is not None
    assert "s9" in archive and "other-name" not in archive
    assert archive["s9"].source_path == "speeches/other-name.yml"
