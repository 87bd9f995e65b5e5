"""DA/T 22 arrangement: classes, 件号, 档号 and boxes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from generator.arrangement import BOX_MAX_MM, SHEET_MM, archival_codes, arrange
from generator.model import Archive
from generator.validate import require_archive

CODE = re.compile(r"^Z900-WS·(\d{4})-(Y|D30|D10)-([A-Z0-9]+)-(\d{4})$")


def speech(record_id: str, date: str, *, units: str = "[]", retention: str = "", body: str = "正文。") -> str:
    extra = f"retention: {retention}\n" if retention else ""
    return f"title: 讲话{record_id}\nspeaker: 王某\ndate: {date}\nunits: {units}\n{extra}body: {body}\n"


def load(make: Callable[..., Path], files: dict[str, str | bytes | None]) -> Archive:
    archive, _ = require_archive(make(files))
    return archive


def test_every_record_gets_a_well_formed_code(archive_dir: Callable[..., Path]) -> None:
    archive = load(archive_dir, {})
    codes = archival_codes(archive)
    assert set(codes) == {r.id for r in archive.records}
    for record_id, code in codes.items():
        match = CODE.match(code)
        assert match, code
        record = archive[record_id]
        assert match[1] == str(record.date.year)
        assert match[2] == archive.retention_of(record)


def test_classes_are_year_retention_unit_and_numbered_by_date_then_id(
    archive_dir: Callable[..., Path],
) -> None:
    archive = load(
        archive_dir,
        {
            "speeches/b.yml": speech("b", "2024-03-01", units="[wmb]"),
            "speeches/a.yml": speech("a", "2024-03-01", units="[wmb]"),
            "speeches/c.yml": speech("c", "2024-02-01", units="[wmb]"),
            "speeches/d.yml": speech("d", "2025-01-01", units="[wmb]"),
            "speeches/e.yml": speech("e", "2024-01-01", units="[wmb]", retention="D10"),
            "speeches/f.yml": speech("f", "2024-01-01", units="[cgj]"),
        },
    )
    items = arrange(archive).items
    assert [items[i].code for i in ("c", "a", "b")] == [
        "Z900-WS·2024-Y-WMB-0001",
        "Z900-WS·2024-Y-WMB-0002",
        "Z900-WS·2024-Y-WMB-0003",
    ]
    assert items["d"].code == "Z900-WS·2025-Y-WMB-0001"  # a new year starts again at 0001
    assert items["e"].code == "Z900-WS·2024-D10-WMB-0001"  # another retention is another class
    assert items["f"].code == "Z900-WS·2024-Y-CGJ-0001"  # another unit is another class
    # the rectification's `unit` owns it; the speech s1 names no unit and belongs to the office
    assert items["r1"].org_code == "CGJ"
    assert items["s1"].org_code == "BGS"


def test_org_code_and_category_come_from_the_data(archive_dir: Callable[..., Path]) -> None:
    archive = load(
        archive_dir,
        {
            "units.yml": "- {id: wmb, name: 文明办, org_code: WMB01}\n- {id: cgj, name: 城管局}\n",
            "speeches/x.yml": speech("x", "2024-04-01", units="[wmb]"),
        },
    )
    assert arrange(archive).items["x"].code.endswith("-WMB01-0001")
    text = (archive.root / "archive.yml").read_text(encoding="utf-8")
    (archive.root / "archive.yml").write_text(
        text + "category_code: KJ\noffice_code: ZHB\n", encoding="utf-8"
    )
    archive, _ = require_archive(archive.root)
    retention = archive.retention_of(archive["s1"])
    assert arrange(archive).items["s1"].code == f"Z900-KJ·2024-{retention}-ZHB-0001"


def test_numbers_are_stable_when_another_class_grows(archive_dir: Callable[..., Path]) -> None:
    before = archival_codes(load(archive_dir, {"speeches/x.yml": speech("x", "2024-04-01", units="[wmb]")}))
    after = archival_codes(
        load(
            archive_dir,
            {
                "speeches/x.yml": speech("x", "2024-04-01", units="[wmb]"),
                "speeches/y.yml": speech("y", "2025-01-01", units="[cgj]"),
            },
        )
    )
    assert all(after[record_id] == code for record_id, code in before.items())


def test_boxes_never_mix_classes_and_respect_the_spine(archive_dir: Callable[..., Path]) -> None:
    long_body = "全市上下要坚持以人民为中心的发展思想。" * 400  # ~16 pages each
    files: dict[str, str | bytes | None] = {
        f"speeches/p{n:02d}.yml": speech(
            f"p{n:02d}", f"2024-{n // 28 + 5:02d}-{n % 28 + 1:02d}", units="[wmb]", body=long_body
        )
        for n in range(40)
    }
    files["speeches/q.yml"] = speech("q", "2025-05-01", units="[wmb]")
    files["speeches/r.yml"] = speech("r", "2024-05-01", units="[cgj]")
    arrangement = arrange(load(archive_dir, files))
    assert [box.number for box in arrangement.boxes] == list(range(1, len(arrangement.boxes) + 1))
    for box in arrangement.boxes:
        assert {(i.year, i.retention, i.org_code) for i in box.items} == {
            (box.year, box.retention, box.org_code)
        }
        assert box.estimated_pages * SHEET_MM <= BOX_MAX_MM or len(box.items) == 1
        assert box.spine_mm in (20, 30, 40, 50)
        assert [i.number for i in box.items] == list(range(box.first.number, box.last.number + 1))
    wmb_2024 = [b for b in arrangement.boxes if (b.year, b.org_code) == (2024, "WMB")]
    assert len(wmb_2024) >= 2  # ~640 pages of speeches do not fit one 50 mm box
    assert wmb_2024[1].first.number == wmb_2024[0].last.number + 1  # numbering runs on across boxes
    assert all(arrangement.items[i.record_id].box == b.number for b in arrangement.boxes for i in b.items)


def test_archival_codes_are_the_arrangement_codes_in_its_order(archive_dir: Callable[..., Path]) -> None:
    """The website's shortcut (no page estimates, no boxes) gives what the binders print, unit by unit:
    an org_code, a unit named only in ``units``, one units.yml does not know, a set retention."""
    archive = load(
        archive_dir,
        {
            "units.yml": "- {id: wmb, name: 文明办, org_code: WMB01}\n- {id: cgj, name: 城管局}\n",
            "speeches/a.yml": speech("a", "2024-04-01", units="[wmb]"),
            "speeches/b.yml": speech("b", "2024-03-01", units="[cgj, wmb]"),
            "speeches/c.yml": speech("c", "2023-03-01", units="[cgj]", retention="D30"),
            "speeches/d.yml": speech("d", "2024-04-01", units="[wmb]", retention="D10"),
            "speeches/e.yml": speech("e", "2024-04-01", units="[wmb]"),
        },
    )
    codes = archival_codes(archive)
    assert list(codes.items()) == [(rid, item.code) for rid, item in arrange(archive).items.items()]
    assert codes["a"].endswith("-Y-WMB01-0001") and codes["e"].endswith("-Y-WMB01-0002")
    assert codes["b"].endswith("-CGJ-0001") and codes["d"].endswith("-D10-WMB01-0001")
    assert codes["c"] == "Z900-WS·2023-D30-CGJ-0001"
