"""The PDF binders, checked from outside as a reader, printer or archives bureau would: poppler, qpdf, pypdf."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import binders_archive
import pdfplumber
import pytest
from conftest import require_tool
from conftest_binders import Built
from pypdf import PdfReader

from generator.arrangement import arrange
from generator.binders import BuildOptions, build_binders
from generator.binders import build as binders_build
from generator.binders.render import FetchRefused, url_fetcher
from generator.validate import require_archive

MM = 72 / 25.4
pytestmark = pytest.mark.tools("pdftotext", "pdffonts", "pdfimages", "qpdf", "sha256sum")


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = [require_tool("pdftotext"), "-layout"]
    args += ["-f", str(first), "-l", str(last or first)] if first else []
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages_text(pdf: Path) -> list[str]:
    return text(pdf).split("\f")[:-1]


def words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(x0, y0, x1, y1, text) of each poppler word on ``page`` (1-based), in points from the top left."""
    out = subprocess.run(
        [require_tool("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, out)]


def image_pages(pdf: Path) -> list[int]:
    """1-based page number of every image drawn (pdfimages -list), one entry per image."""
    out = subprocess.run(
        [require_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [int(line.split()[0]) for line in out.splitlines()[2:]]


def item_start_pages(pdf: Path, titles: list[str]) -> dict[str, int]:
    """1-based page where each title first appears after the catalogue."""
    pages = pages_text(pdf)
    found: dict[str, int] = {}
    for title in titles:
        for index, page in enumerate(pages[2:], start=3):
            if title in page.replace(" ", ""):
                found[title] = index
                break
    return found


# -------------------------------------------------------------------------------------------- the set
def test_default_binders_are_built(built: Built) -> None:
    ids = [b.binder_id for b in built.result.binders]
    assert ids == [
        "speeches",
        "meetings",
        "summaries",
        "evidence-A",
        "evidence-B",
        "catalogue",
        "spine-labels",
    ]
    for binder in built.result.binders:
        assert binder.path.is_file() and binder.pages == len(PdfReader(binder.path).pages)


def test_two_builds_are_byte_identical(built: Built) -> None:
    for binder in built.result.binders:
        again = built.second.out_dir / binder.path.name
        assert binder.path.read_bytes() == again.read_bytes(), binder.binder_id


def test_qpdf_finds_no_errors(built: Built) -> None:
    for binder in built.result.binders:
        check = subprocess.run(
            [require_tool("qpdf"), "--check", str(binder.path)], capture_output=True, text=True, check=False
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_fonts_are_cjk_embedded_and_subset(built: Built) -> None:
    for binder in built.result.binders:
        out = subprocess.run(
            [require_tool("pdffonts"), str(binder.path)], capture_output=True, text=True, check=True
        ).stdout
        rows = out.splitlines()[2:]
        assert rows, binder.binder_id
        assert any("CJK" in row for row in rows)
        for row in rows:
            emb, sub = row.split()[-5:-3]
            assert (emb, sub) == ("yes", "yes"), row


# -------------------------------------------------------------------------------------------- contents
def test_titles_and_body_extract_as_chinese(built: Built) -> None:
    speeches = text(built.pdf("speeches")).replace(" ", "")
    assert "领导讲话汇编" in speeches
    assert "在全市创建全国文明城市推进大会上的讲话" in speeches
    assert "全市上下要坚持以人民为中心的发展思想" in speeches
    assert "一、统一思想，提高认识" in speeches
    assert "\ufffd" not in speeches


# The records each default binder holds, in 件号 order: read off tests/binders_archive.py, not computed.
BINDER_ITEMS = {
    "speeches": ["s1", "s2"],
    "meetings": ["m1"],
    "summaries": ["u1"],
    "evidence-A": ["e1"],
    "evidence-B": ["e2", "e3", "e4"],
    "catalogue": [],
}


def test_outline_lists_every_item_in_order_at_its_first_page(built: Built) -> None:
    """The bookmarks a reader clicks: cover, catalogue, each item the binder holds (件号 and title, in 件号
    order, opening the page where its text starts), then the 备考表 on the last page."""
    items = arrange(built.archive).items
    for binder_id, record_ids in BINDER_ITEMS.items():
        pdf = built.pdf(binder_id)
        reader = PdfReader(pdf)
        entries = [e for e in reader.outline if not isinstance(e, list)]  # items; their files are nested
        outline = [(e.title, reader.get_destination_page_number(e) + 1) for e in entries]  # type: ignore[union-attr,arg-type]
        titles = [built.archive[record_id].title for record_id in record_ids]
        starts = item_start_pages(pdf, titles)
        contents = "归档文件目录" if binder_id == "catalogue" else "卷内目录"
        expected = [("卷皮", 1), (contents, 2)]
        expected += [
            (f"{items[r].number_text} {t}", starts[t]) for r, t in zip(record_ids, titles, strict=True)
        ]
        expected.append(("备考表", len(reader.pages)))
        assert outline == expected, binder_id


def test_metadata(built: Built) -> None:
    meta = PdfReader(built.pdf("speeches")).metadata
    assert meta is not None
    info = built.archive.info
    assert meta.title == "领导讲话汇编"
    assert meta.author == info.fonds.name
    assert meta.subject == info.title
    assert "领导讲话汇编" in str(meta.get("/Keywords"))
    assert meta.get("/CreationDate") == "D:20250915000000Z"  # archive.yml `today`, not the clock


def test_catalogue_page_numbers_are_where_items_start(built: Built) -> None:
    for binder_id in ("speeches", "evidence-B", "summaries"):
        pdf = built.pdf(binder_id)
        catalogue = text(pdf, 2)
        rows = re.findall(r"Z109-WS·\S+\s.*?(\d{8})\s+\S+\s+(\d+)\s+(\d+)", catalogue)
        assert rows, catalogue
        reader_titles = [built.archive[record_id].title for record_id in BINDER_ITEMS[binder_id]]
        starts = item_start_pages(pdf, reader_titles)
        assert [int(page) for _date, _count, page in rows] == [starts[t] for t in reader_titles]
        # 页数 is the distance to the next item (or to the 备考表, the last page)
        ends = [starts[t] for t in reader_titles[1:]] + [len(PdfReader(pdf).pages)]
        assert [int(count) for _d, count, _p in rows] == [
            e - starts[t] for e, t in zip(ends, reader_titles, strict=True)
        ]


def test_pages_json_gives_the_page_where_each_record_starts(built: Built) -> None:
    index = json.loads((built.result.out_dir / "pages.json").read_text(encoding="utf-8"))
    assert index["audience"] == "internal"
    assert set(index) - {"audience"} == {b.binder_id for b in built.result.binders}
    speeches = index["speeches"]
    assert speeches["file"] == "speeches.pdf" and speeches["title"] == "领导讲话汇编"
    ids = [r.id for r in built.archive.filtered("internal").speeches]
    assert sorted(speeches["items"]) == sorted(ids) and ids
    for record_id, page in speeches["items"].items():
        title = built.archive[record_id].title
        assert title in text(built.pdf("speeches"), page).replace(" ", ""), (record_id, page)
        assert page == item_start_pages(built.pdf("speeches"), [title])[title]  # first page, not a later one
    # the same build twice writes the same file, and the manifest covers it
    assert (built.second.out_dir / "pages.json").read_bytes() == (
        built.result.out_dir / "pages.json"
    ).read_bytes()
    assert "pages.json" in (built.result.out_dir / "MANIFEST.sha256").read_text()


def test_archival_stamp_on_each_item_first_page(built: Built) -> None:
    pdf = built.pdf("speeches")
    arrangement = arrange(built.archive)
    item = arrangement.items["s1"]
    first = text(pdf, 3)
    assert re.search(rf"Z109\s+{item.year}\s+{item.number_text}", first)
    assert re.search(rf"{item.org_code}\s+30年\s+\d+", first)


def test_stamp_page_count_is_the_items_real_page_count(built: Built) -> None:
    for binder_id in ("speeches", "evidence-B", "summaries"):
        pdf = built.pdf(binder_id)
        titles = [built.archive[record_id].title for record_id in BINDER_ITEMS[binder_id]]
        starts = item_start_pages(pdf, titles)
        ends = [starts[t] for t in titles[1:]] + [len(PdfReader(pdf).pages)]
        for title, end in zip(titles, ends, strict=True):
            stamp = text(pdf, starts[title]).split("\n\n")[1]  # the stamp's second row
            assert stamp.split()[-1] == str(end - starts[title]), (binder_id, title, stamp)


def test_speech_page_follows_gbt_9704(built: Built) -> None:
    """A continuation page of a speech, measured on pdfplumber's character boxes: text block from 28 mm,
    156 mm wide, the first line's em box at 37 mm, 22 lines on 225 mm; the page number "— N —" under the
    text block on the outside (even pages left, odd pages right)."""
    pdf = built.pdf("speeches")
    page_number = 4  # the second page of the first speech: body text only
    with pdfplumber.open(pdf) as document:
        page = document.pages[page_number - 1]
        body = [c for c in page.chars if abs(c["size"] - 16) < 0.3]
        baselines = sorted({round(page.height - c["matrix"][5], 1) for c in body})
        folio = "".join(c["text"] for c in page.chars if abs(c["size"] - 14) < 0.3)
        folio_x = min(c["x0"] for c in page.chars if abs(c["size"] - 14) < 0.3)
        odd = document.pages[page_number]
        odd_x = max(c["x1"] for c in odd.chars if abs(c["size"] - 14) < 0.3)
    assert len(baselines) == 22
    assert min(c["x0"] for c in body) / MM == pytest.approx(28, abs=1)
    assert max(c["x1"] for c in body) / MM <= 28 + 156 + 0.3
    assert max(c["x1"] for c in body) / MM == pytest.approx(28 + 156, abs=1)
    em_top = baselines[0] - 0.88 * 16  # CJK glyphs fill the em box: 0.88 em above the baseline
    assert em_top / MM == pytest.approx(37, abs=1)
    assert (baselines[-1] - baselines[0]) / 21 / MM == pytest.approx(225 / 22, abs=0.05)
    assert folio.replace(" ", "") == f"—{page_number}—"
    assert folio_x / MM == pytest.approx(28 + 5, abs=1.5)  # even page: left, one 14 pt character in
    assert odd_x / MM == pytest.approx(28 + 156 - 5, abs=1.5)  # odd page: right, one character in
    # 7 mm under the text block (poppler's box of the page number is centred on its em box)
    number = next(w for w in words(pdf, page_number) if w[4] == str(page_number))
    assert ((number[1] + number[3]) / 2 - 7) / MM == pytest.approx(37 + 225 + 7, abs=1.5)


def test_minutes_end_with_attendance(built: Built) -> None:
    minutes = text(built.pdf("meetings")).replace(" ", "")
    assert "出席：王明、赵敏、钱进" in minutes
    assert "请假：孙立（出差）" in minutes
    assert "列席：各责任单位联络员" in minutes
    assert "2024年3月12日" in minutes


def test_photos_one_per_page_with_caption(built: Built) -> None:
    pdf = built.pdf("evidence-A")
    pages = pages_text(pdf)
    photo_pages = image_pages(pdf)
    assert len(photo_pages) == len(set(photo_pages)) == 2  # two photos, each on its own page
    assert "门前三包责任书签约" in pages[photo_pages[0] - 1].replace(" ", "")


def test_scan_pages_are_merged_and_stamped(built: Built) -> None:
    pdf = built.pdf("evidence-B")
    code = arrange(built.archive).items["e2"].code
    stamped = [i + 1 for i, page in enumerate(pages_text(pdf)) if f"档号 {code}" in page]
    assert len(stamped) == 2  # the ledger has two pages
    assert set(stamped) <= set(image_pages(pdf))  # the scanned image is drawn on the stamped page
    for page in stamped:
        assert re.search(rf"第\s*{page}\s*页", text(pdf, page))


def test_unreadable_and_unconvertible_files_are_reported(built: Built) -> None:
    codes = {(p.code, p.params["record"]) for p in built.result.problems}
    assert ("binder-file-unreadable", "e3") in codes
    assert ("binder-file-unconvertible", "e3") in codes
    evidence = text(built.pdf("evidence-B")).replace(" ", "")
    assert "files/photos/broken.jpg" in evidence and "未收录" in evidence
    assert "files/documents/broken.xlsx：无法转换为PDF，未收录" in evidence
    last_page = pages_text(built.pdf("evidence-B"))[-1].replace(" ", "")
    assert "备考表" in last_page and "broken.jpg" in last_page and "broken.xlsx" in last_page


def test_images_in_text_come_from_the_data_folder_only(built: Built) -> None:
    missing = {
        (p.params["record"], p.params["src"])
        for p in built.result.problems
        if p.code == "binder-image-not-found"
    }
    assert missing == {("u1", "https://example.com/x.png")}  # reported, never fetched
    assert len(image_pages(built.pdf("summaries"))) == 1  # the local photo is printed


def test_missing_glyph_is_reported_with_record_and_character(built: Built) -> None:
    glyphs = [p for p in built.result.problems if p.code == "binder-missing-glyph"]
    found = {(p.params["record"], p.params["chars"], p.params["font"]) for p in glyphs}
    # 𠀀 is in no installed font; 㐀 is in Noto Serif CJK (仿宋 stand-in) but not in AR PL UKai (楷体), and
    # it sits in a （一） heading, which 楷体 typesets
    assert found == {("r1", "𠀀", "Noto Serif CJK SC"), ("m1", "㐀", "AR PL UKai CN")}


def test_catalogue_binder_lists_every_record_with_box(built: Built) -> None:
    pdf = built.pdf("catalogue")
    catalogue = text(pdf).replace(" ", "")
    assert "归档文件目录" in catalogue
    for record_id, item in arrange(built.archive).items.items():
        assert item.code.replace(" ", "") in catalogue, record_id


def test_spine_labels_name_every_box(built: Built) -> None:
    """One strip per box, left to right: its year, first and last 件号 and 盒号 (tests/test_golden.py shows
    the demo archive's whole sheet)."""
    spine = text(built.pdf("spine-labels"))
    boxes = arrange(built.archive).boxes
    assert 1 < len(boxes) <= 9  # one page of strips
    four_digits = [
        line.split() for line in spine.splitlines() if re.fullmatch(r"\s*\d{4}(\s+\d{4})*\s*", line)
    ]
    assert four_digits == [
        [str(box.year) for box in boxes],
        [box.first.number_text for box in boxes],
        [box.last.number_text for box in boxes],
    ]
    box_numbers = [
        line.split() for line in spine.splitlines() if re.fullmatch(r"\s*\d{1,3}(\s+\d{1,3})*\s*", line)
    ]
    assert box_numbers == [[str(box.number) for box in boxes]]
    assert spine.split().count("Z109") == len(boxes) and spine.split().count("盒号") == len(boxes)


# -------------------------------------------------------------------------------------------- behaviour
def test_unchanged_binders_are_not_rendered_again(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    shutil.copytree(built.result.out_dir, out / "binders")
    again = build_binders(built.archive, out, BuildOptions(jobs=1))
    assert all(b.reused for b in again.binders)
    assert (out / "binders" / "speeches.pdf").read_bytes() == built.pdf("speeches").read_bytes()
    assert (out / "binders" / "pages.json").read_bytes() == (built.result.out_dir / "pages.json").read_bytes()


def test_unchanged_inputs_make_no_html_and_print_the_same_warnings(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, out = tmp_path / "data", tmp_path / "dist"
    shutil.copytree(built.archive.root, data)
    shutil.copytree(built.result.out_dir, out / "binders")
    before = {p.name: p.stat().st_mtime_ns for p in (out / "binders").iterdir()}

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the binders were made again")

    monkeypatch.setattr(binders_build, "documents", refuse)
    monkeypatch.setattr(binders_build, "prepare_media", refuse)
    archive, _ = require_archive(data)
    again = build_binders(archive, out, BuildOptions(jobs=1))
    assert [(b.binder_id, b.pages, b.reused) for b in again.binders] == [
        (b.binder_id, b.pages, True) for b in built.result.binders
    ]
    assert [p.message for p in again.problems] == [p.message for p in built.result.problems]
    assert {p.name: p.stat().st_mtime_ns for p in (out / "binders").iterdir()} == before
    # an attached file whose bytes changed (its sha256 is not in the record) is noticed
    plan = data / "files" / "documents" / "plan.docx"
    plan.write_bytes(plan.read_bytes() + b"\0")
    with pytest.raises(AssertionError, match="made again"):
        build_binders(require_archive(data)[0], out, BuildOptions(jobs=1))


def test_editing_one_record_rerenders_only_its_binders(built: Built, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.archive.root, data)
    out = tmp_path / "dist"
    shutil.copytree(built.result.out_dir, out / "binders")
    speech = data / "speeches" / "s2.yml"
    speech.write_text(speech.read_text(encoding="utf-8").replace("李华", "李华同志"), encoding="utf-8")
    archive, _ = require_archive(data)
    again = build_binders(archive, out, BuildOptions(jobs=1))
    rendered = {b.binder_id for b in again.binders if not b.reused}
    assert rendered == {"speeches", "catalogue"}
    assert "李华同志" in text(out / "binders" / "speeches.pdf")


def test_only_rebuilds_the_named_binder_and_keeps_the_others(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    shutil.copytree(built.result.out_dir, out / "binders")
    before = {p.name: p.read_bytes() for p in (out / "binders").glob("*.pdf")}
    again = build_binders(built.archive, out, BuildOptions(only=("speeches",), jobs=1))
    assert [b.binder_id for b in again.binders] == ["speeches"]
    after = {p.name: p.read_bytes() for p in (out / "binders").glob("*.pdf")}
    assert after == before  # nothing changed, and no other binder was dropped
    assert (out / "binders" / "pages.json").read_bytes() == (built.result.out_dir / "pages.json").read_bytes()
    sha256sum = require_tool("sha256sum")
    subprocess.run([sha256sum, "--quiet", "-c", "MANIFEST.sha256"], cwd=out / "binders", check=True)


def test_a_replaced_photo_rerenders_its_binder(built: Built, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.archive.root, data)
    out = tmp_path / "dist"
    shutil.copytree(built.result.out_dir, out / "binders")
    (data / "files" / "photos" / "wide.png").write_bytes(binders_archive.photo(800, 1200, "#aa3333", "PNG"))
    archive, _ = require_archive(data)
    again = build_binders(archive, out, BuildOptions(jobs=1))
    assert {b.binder_id for b in again.binders if not b.reused} == {"evidence-A", "catalogue"}


def test_public_audience_leaves_out_internal_records(built: Built, tmp_path: Path) -> None:
    result = build_binders(
        built.archive, tmp_path, BuildOptions(only=("speeches",), audience="public", jobs=1)
    )
    speeches = text(result.binders[0].path).replace(" ", "")
    assert "在全市创建全国文明城市推进大会上的讲话" in speeches  # access: public
    assert "在志愿服务工作调度会上的讲话" not in speeches  # internal
    # the 档号 stays the one of the whole archive
    assert arrange(built.archive).items["s1"].code in text(result.binders[0].path, 2)


def test_pdfa_variant(built: Built, tmp_path: Path) -> None:
    result = build_binders(built.archive, tmp_path, BuildOptions(only=("summaries",), pdfa=True, jobs=1))
    reader = PdfReader(result.binders[0].path)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_fetcher_serves_only_allowed_folders(tmp_path: Path) -> None:
    inside = tmp_path / "data" / "a.txt"
    inside.parent.mkdir()
    inside.write_text("x")
    outside = tmp_path / "secret.txt"
    outside.write_text("y")
    fetch = url_fetcher([str(inside.parent)])
    assert fetch.fetch(inside.as_uri()).read() == b"x"
    with pytest.raises(FetchRefused):
        fetch.fetch(outside.as_uri())
    with pytest.raises(FetchRefused):
        fetch.fetch("https://example.com/logo.png")


def test_cli_refuses_an_invalid_archive_and_keeps_previous_output(
    dossier: Callable[..., object], archive_dir: Callable[..., Path], tmp_path: Path
) -> None:
    data = archive_dir({"speeches/bad.yml": "title: 没有日期\nspeaker: 王某\nbody: 正文\n"})
    previous = tmp_path / "dist" / "binders" / "old.pdf"
    previous.parent.mkdir(parents=True)
    previous.write_bytes(b"%PDF old")
    result = dossier("binders", "--data", str(data), "--out", str(tmp_path / "dist"))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "bad.yml" in result.stderr and "date" in result.stderr  # type: ignore[attr-defined]
    assert previous.read_bytes() == b"%PDF old"


def test_cli_unknown_binder(
    dossier: Callable[..., object], archive_dir: Callable[..., Path], tmp_path: Path
) -> None:
    result = dossier("binders", "--data", str(archive_dir()), "--out", str(tmp_path), "--only", "nope")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "nope" in result.stderr and "speeches" in result.stderr  # type: ignore[attr-defined]


def test_cli_builds_and_reports(built: Built, dossier: Callable[..., object], tmp_path: Path) -> None:
    args = ("binders", "--data", str(built.archive.root), "--out", str(tmp_path), "--only", "summaries")
    result = dossier(*args, "--jobs", "1", "--verbose")
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert "summaries.pdf" in result.stdout and "1 rendered" in result.stdout  # type: ignore[attr-defined]
    assert (tmp_path / "binders" / "summaries.pdf").is_file()
    for stage in ("Reading and checking records", "Rendering PDFs", "Checksums"):
        assert re.search(rf"\d+\.\d\d s  {stage}", result.stderr), stage  # type: ignore[attr-defined]
    pdf = tmp_path / "binders" / "summaries.pdf"
    inode = pdf.stat().st_ino
    again = dossier(*args, "--verbose")
    assert "(unchanged)" in again.stdout  # type: ignore[attr-defined]
    assert pdf.stat().st_ino == inode  # the unchanged binder is the same file, not a copy
    # nothing changed: decided from the inputs, nothing written or rendered
    assert "Comparing the inputs with the last build" in again.stderr  # type: ignore[attr-defined]
    assert "Rendering PDFs" not in again.stderr  # type: ignore[attr-defined]


def test_source_date_epoch_sets_the_document_dates(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = build_binders(built.archive, tmp_path, BuildOptions(only=("summaries",), jobs=1))
    meta = PdfReader(result.binders[0].path).metadata
    assert meta is not None and meta.get("/CreationDate") == "D:20231114221320Z"


# -------------------------------------------------------------------------------------------- trust
def test_manifests_verify_with_sha256sum(built: Built) -> None:
    """Every file of the binders folder, and the evidence the build used, check out with sha256sum -c."""
    sha256sum = require_tool("sha256sum")
    out = built.result.out_dir
    listed = (out / "MANIFEST.sha256").read_text(encoding="utf-8")
    for binder in built.result.binders:
        assert f"  {binder.path.name}\n" in listed
    check = subprocess.run(
        [sha256sum, "-c", "MANIFEST.sha256"], cwd=out, capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    evidence = subprocess.run(
        [sha256sum, "-c", str(out / "EVIDENCE.sha256")],
        cwd=built.archive.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert evidence.returncode == 0, evidence.stdout + evidence.stderr
    assert "files/scans/ledger.pdf: OK" in evidence.stdout


MARKERS = {  # planted in records the public must never see, each in a title, a body, a file name, a caption
    "internal": ("QXINTTITLE", "QXINTBODY", "qxintfile", "QXINTCAPTION"),
    "restricted": ("QXRESTITLE", "QXRESBODY", "qxresfile", "QXRESCAPTION"),
}


def _leaky_archive(root: Path) -> Path:
    binders_archive.write(root)
    for access, (title, body, file_name, caption) in MARKERS.items():
        (root / "files" / "photos" / f"{file_name}.png").write_bytes(
            binders_archive.photo(600, 400, "#777777", "PNG")
        )
        (root / "evidence" / f"e-{access}.yml").write_text(
            f"title: 内部照片{title}\nkind: photo\ndate: 2024-05-10\nunits: [cgj]\nindicators: [A.1]\n"
            f"access: {access}\ndescription: 说明{body}\n"
            f"files:\n  - path: files/photos/{file_name}.png\n    caption: 说明{caption}\n",
            encoding="utf-8",
        )
        (root / "speeches" / f"s-{access}.yml").write_text(
            f"title: 讲话{title}\nspeaker: 王某\ndate: 2024-05-11\naccess: {access}\nbody: 正文{body}\n",
            encoding="utf-8",
        )
    return root


def _everything(folder: Path) -> bytes:
    """Every byte a reader of ``folder`` can get at: file names, raw files, PDFs with their streams
    uncompressed, and the PDFs' extracted text."""
    seen = [b"\n".join(str(p.relative_to(folder)).encode() for p in sorted(folder.rglob("*")))]
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        seen.append(path.read_bytes())
        if path.suffix == ".pdf":
            plain = subprocess.run(
                [
                    require_tool("qpdf"),
                    "--stream-data=uncompress",
                    "--object-streams=disable",
                    str(path),
                    "-",
                ],
                capture_output=True,
                check=True,
            ).stdout
            seen += [plain, text(path).replace(" ", "").encode()]
    return b"\n".join(seen)


def _found(haystack: bytes, marker: str) -> bool:
    # PDF strings (outline, metadata) hold non-ASCII text as UTF-16BE
    return any(marker.encode(codec) in haystack for codec in ("utf-8", "utf-16-be"))


def test_public_binders_leak_nothing_of_internal_or_restricted_records(tmp_path: Path) -> None:
    archive, _ = require_archive(_leaky_archive(tmp_path / "data"))
    public = build_binders(archive, tmp_path / "public", BuildOptions(audience="public", jobs=2))
    full = build_binders(archive, tmp_path / "full", BuildOptions(audience="full", jobs=2))
    public_bytes, full_bytes = _everything(public.out_dir), _everything(full.out_dir)
    for access, markers in MARKERS.items():
        for marker in markers:
            assert not _found(public_bytes, marker), (access, marker)
            assert _found(full_bytes, marker), (access, marker)  # the check can see what it looks for
    assert "qxresfile" in (full.out_dir / "EVIDENCE.sha256").read_text(encoding="utf-8")


def test_binders_fetch_nothing_outside_the_archive(tmp_path: Path) -> None:
    """Images in a record body that point at a system file, outside the data folder or at the network are
    reported and left out, and nothing is ever requested from the network."""
    import http.server
    import threading

    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(binders_archive.photo(40, 40, "#ff0000", "PNG"))

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        root = tmp_path / "a" / "b" / "data"
        binders_archive.write(root)
        (tmp_path / "a" / "outside.png").write_bytes(binders_archive.photo(300, 300, "#00ff00", "PNG"))
        sources = [
            "file:///etc/passwd",
            "../../outside.png",
            f"http://127.0.0.1:{server.server_port}/x.png",
        ]
        body = "\\n\\n".join(f"![x]({src})" for src in sources)
        (root / "speeches" / "s9.yml").write_text(
            f'title: 越界图片测试\nspeaker: 王某\ndate: 2024-05-11\naccess: public\nbody: "正文\\n\\n{body}"\n',
            encoding="utf-8",
        )
        archive, warnings = require_archive(root)
        result = build_binders(archive, tmp_path / "out", BuildOptions(only=("speeches",), jobs=1))
    finally:
        server.shutdown()
        server.server_close()
    warned = {p.params["url"]: p.code for p in warnings if p.path.name == "s9.yml"}
    assert warned == {
        sources[0]: "image-outside",
        sources[1]: "image-outside",
        sources[2]: "image-remote",
    }
    # the binder build names again those still in the sanitised HTML (it drops the file: URL itself)
    reported = {
        p.params["src"]
        for p in result.problems
        if p.code == "binder-image-not-found" and p.params["record"] == "s9"
    }
    assert reported == set(sources[1:])
    assert image_pages(result.binders[0].path) == []  # no image embedded
    assert "越界图片测试" in text(result.binders[0].path).replace(" ", "")
    assert requests == []


def test_each_binder_is_laid_out_once(built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Speed: 页数 comes from the one layout that prints the binder, not from a second layout."""
    import weasyprint

    layouts: list[int] = []
    real = weasyprint.HTML.render

    def counted(self: weasyprint.HTML, *args: object, **kwargs: object) -> object:
        layouts.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", counted)
    only = ("speeches", "evidence-B")
    result = build_binders(built.archive, tmp_path, BuildOptions(only=only, jobs=1))
    assert len(layouts) == len(only)
    for binder in result.binders:  # and the numbers are the same as in the session's build
        assert text(binder.path) == text(built.pdf(binder.binder_id))
