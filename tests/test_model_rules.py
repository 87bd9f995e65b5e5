"""The domain rules the model defines once for every output: owning units, a record's text, overdue, the
assessment window, years, file kinds and the 档号 of a filtered view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.arrangement import archival_codes, arrange
from generator.model import Archive, file_kind, group_by_year
from generator.schema import RECORD_CLASSES, DateRange, Kind, Record, Rectification
from generator.validate import load_archive

BASE: dict[Kind, dict[str, Any]] = {
    "meeting": {
        "location": "会议室",
        "host": "李某",
        "attendees": ["张某"],
        "recorder": "赵某",
        "agenda": ["部署"],
        "minutes": "纪要正文",
    },
    "speech": {"speaker": "王某", "body": "讲话正文"},
    "summary": {"unit": "cgj", "period": {"start": "2024-01-01", "end": "2024-06-30"}, "body": "总结正文"},
    "evidence": {"kind": "photo", "files": [], "description": "照片说明"},
    "rectification": {
        "problem": "占道经营",
        "found_by": "督查组",
        "found_on": "2024-05-01",
        "unit": "cgj",
        "deadline": "2024-06-30",
        "status": "open",
        "measures": "整改措施",
    },
}


def record(kind: Kind, **fields: Any) -> Record:
    data = {"id": f"{kind}-1", "title": "题名", "date": "2024-05-08", **BASE[kind], **fields}
    return RECORD_CLASSES[kind].model_validate(data)


def rectification(**fields: Any) -> Rectification:
    made = record("rectification", **fields)
    assert isinstance(made, Rectification)
    return made


# ------------------------------------------------------------------------------------------ owning units
@pytest.mark.parametrize(
    ("kind", "units", "owner", "owning"),
    [
        ("meeting", [], None, ()),
        ("meeting", ["wmb", "cgj"], "wmb", ("wmb", "cgj")),
        ("speech", ["cgj"], "cgj", ("cgj",)),
        ("evidence", ["jtj", "wmb", "jtj"], "jtj", ("jtj", "wmb")),
        ("summary", [], "cgj", ("cgj",)),
        ("summary", ["wmb", "cgj"], "cgj", ("cgj", "wmb")),
        ("rectification", ["wmb"], "cgj", ("cgj", "wmb")),
    ],
)
def test_owning_units_of_each_kind(
    kind: Kind, units: list[str], owner: str | None, owning: tuple[str]
) -> None:
    made = record(kind, units=units)
    assert made.owner == owner
    assert made.owning_units == owning


@pytest.mark.parametrize(
    ("kind", "units", "listed"),
    [
        ("speech", ["cgj", "cgj"], ("cgj", "cgj")),
        ("summary", ["wmb"], ("cgj", "wmb")),
        ("summary", ["wmb", "cgj"], ("wmb", "cgj")),  # the own unit already listed: kept where it is
    ],
)
def test_the_website_lists_units_as_written(kind: Kind, units: list[str], listed: tuple[str]) -> None:
    assert record(kind, units=units).listed_units == listed


# ------------------------------------------------------------------------------------------- text body
@pytest.mark.parametrize(
    ("kind", "text", "document"),
    [
        ("meeting", "纪要正文", "纪要正文"),
        ("speech", "讲话正文", "讲话正文"),
        ("summary", "总结正文", "总结正文"),
        ("evidence", "照片说明", None),
        ("rectification", "整改措施", None),
    ],
)
def test_text_body_of_each_kind(kind: Kind, text: str, document: str | None) -> None:
    made = record(kind)
    assert made.text_body == text
    assert made.document_text == document


def test_a_record_without_its_optional_text_has_none() -> None:
    assert record("evidence", description=None).text_body is None
    assert rectification(measures=None).text_body is None


# --------------------------------------------------------------------------------------------- overdue
DEADLINE = dt.date(2024, 6, 30)


@pytest.mark.parametrize(
    ("as_of", "overdue", "days"),
    [
        (DEADLINE - dt.timedelta(days=1), False, 0),
        (DEADLINE, False, 0),  # due today is not late yet
        (DEADLINE + dt.timedelta(days=1), True, 1),
        (DEADLINE + dt.timedelta(days=31), True, 31),
    ],
)
def test_an_open_rectification_is_overdue_from_the_day_after_its_deadline(
    as_of: dt.date, overdue: bool, days: int
) -> None:
    item = rectification()
    assert item.is_overdue(as_of) is overdue
    assert item.is_overdue(as_of, recorded_status=True) is overdue
    assert item.days_overdue(as_of) == days


@pytest.mark.parametrize("status", ["rectified", "verified"])
def test_a_closed_rectification_is_open_until_its_closing_day(status: str) -> None:
    item = rectification(status=status, closed_on="2024-07-10")
    assert item.status_on(dt.date(2024, 7, 9)) == "open"
    assert item.is_overdue(dt.date(2024, 7, 9))
    assert item.days_overdue(dt.date(2024, 7, 9)) == 9
    assert item.status_on(dt.date(2024, 7, 10)) == status
    assert not item.is_overdue(dt.date(2024, 7, 10))
    # as written, the record is closed whatever the day: the website's badge
    assert not item.is_overdue(dt.date(2024, 7, 9), recorded_status=True)


def test_a_closed_rectification_without_a_closing_date_is_never_overdue() -> None:
    item = rectification(status="verified")
    assert item.status_on(dt.date(2025, 1, 1)) == "verified"
    assert not item.is_overdue(dt.date(2025, 1, 1))


# --------------------------------------------------------------------------- window, years, file kinds
@pytest.fixture
def archive(archive_dir: Callable[..., Path]) -> Archive:
    extra = {
        "speeches/s2.yml": "title: 内部讲话\nspeaker: 王某\ndate: 2025-02-01\nbody: x\naccess: restricted\n",
        "speeches/s3.yml": "title: 公开讲话\nspeaker: 赵某\ndate: 2024-03-01\nbody: x\naccess: public\n",
    }
    loaded, problems = load_archive(archive_dir(extra))
    assert problems == [] and loaded is not None
    return loaded


def with_window(archive: Archive, window: DateRange | None) -> Archive:
    info = archive.info.model_copy(update={"assessment_window": window})
    return Archive.build(archive.root, info, archive.units.values(), [], archive.records)


def test_in_the_assessment_window_includes_both_ends(archive: Archive) -> None:
    windowed = with_window(archive, DateRange(start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30)))
    days = [dt.date(2023, 12, 31), dt.date(2024, 1, 1), dt.date(2024, 6, 30), dt.date(2024, 7, 1)]
    assert [windowed.in_assessment_window(day) for day in days] == [False, True, True, False]


def test_without_a_window_every_day_is_in_it(archive: Archive) -> None:
    assert with_window(archive, None).in_assessment_window(dt.date(1990, 1, 1))


def test_group_by_year_is_newest_year_first_and_by_date_inside(archive: Archive) -> None:
    groups = group_by_year(reversed(archive.records))
    assert [year for year, _ in groups] == [2025, 2024]
    assert [r.id for r in groups[0][1]] == ["s2"]
    assert [r.id for r in groups[1][1]] == [r.id for r in archive.records if r.date.year == 2024]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("files/2024/a.jpg", "image"),
        ("files/2024/A.JPG", "image"),
        ("files/x.Tiff", "image"),
        ("files/scan.PDF", "pdf"),
        ("files/讲话.DOCX", "word"),
        ("files/old.doc", "word"),
        ("files/台账.XLSX", "office"),
        ("files/汇报.wps", "office"),
        ("files/现场.MP4", "video"),
        ("files/手机.3gp", "video"),
        ("files/notes.txt", "other"),
        ("files/.jpg", "other"),  # a hidden file named ".jpg" has no suffix
        ("files/..jpg", "image"),  # as pathlib reads it: a name of one dot, suffix ".jpg"
        ("files/photo.", "other"),
        ("files/archive.tar.gz", "other"),
        ("files.d/README", "other"),
    ],
)
def test_file_kinds_by_suffix_in_any_case(path: str, kind: str) -> None:
    assert file_kind(path) == kind


# ------------------------------------------------------------------------------------ codes of a view
def test_a_filtered_view_has_the_codes_of_the_whole_archive(archive: Archive) -> None:
    whole = archival_codes(archive)
    public = archive.filtered("public")
    assert public.whole is archive and public.filtered("public").whole is archive
    assert archival_codes(public) == {r.id: whole[r.id] for r in public.records}
    assert arrange(public).items == arrange(archive).items
