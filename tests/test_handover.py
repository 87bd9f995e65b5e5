"""`dossier handover`: the package the archives receive, checked from outside as they would check it —
sha256sum, OpenSSL, poppler, lxml against the XSD, openpyxl — and rebuilt to prove it is the same bytes."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DEMO, CliResult
from lxml import etree
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from generator.arrangement import arrange
from generator.binders.html import responsible
from generator.dates import compact_date
from generator.handover import layout, sm3
from generator.handover.catalogue_xml import read_catalogue
from generator.handover.description import read_counts
from generator.handover.manifests import digests_of_file, parse_manifest
from generator.handover.package import HandoverOptions, HandoverResult, build_handover
from generator.handover.verify import verify_package
from generator.model import Archive
from generator.validate import require_archive

PACKAGE_DATE = "20250915"  # archive_data/archive.yml today


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def small_data(archive_dir: Callable[..., Path]) -> Path:
    """The tests' small archive with a real photo and one restricted speech."""
    return archive_dir(
        {
            "files/photo.jpg": _jpeg(),
            "speeches/s2.yml": "title: 内部讲话稿\nspeaker: 赵某\ndate: 2024-05-08\naccess: restricted\nbody: 内部。\n",
        }
    )


# ------------------------------------------------------------------------------------------------ SM3
def test_sm3_gives_the_published_test_vectors_with_the_chosen_implementation_and_with_gmssl() -> None:
    for make in (sm3.implementation(), sm3.GmsslSM3):
        for message, expected in sm3.TEST_VECTORS:
            digest = make()
            digest.update(message)
            assert digest.hexdigest() == expected
    assert sm3.sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_an_sm3_that_misses_the_test_vectors_is_never_used() -> None:
    assert not sm3.gives_test_vectors(hashlib.sha256)
    assert not sm3.gives_test_vectors(lambda: hashlib.new("no-such-digest"))
    assert sm3.gives_test_vectors(sm3.GmsslSM3)


def test_openssl_and_gmssl_agree_on_a_file_digested_in_blocks(tmp_path: Path) -> None:
    data = os.urandom(3000) * 7  # not a multiple of SM3's 64-byte block
    (tmp_path / "f.bin").write_bytes(data)
    fallback = sm3.GmsslSM3()
    fallback.update(data[:1000])
    fallback.update(data[1000:])
    assert digests_of_file(tmp_path / "f.bin").sm3 == fallback.hexdigest()


# ------------------------------------------------------------------------------------------------ layout
def test_every_record_is_an_item_folder_named_by_its_code_with_its_pdf_and_originals(
    demo_package: HandoverResult, demo_archive: Archive
) -> None:
    root = demo_package.out_dir
    arrangement = arrange(demo_archive)
    for record in demo_archive.records:
        item = arrangement.items[record.id]
        folder = root / layout.RECORDS_DIR / str(item.year) / item.retention / item.org_code / item.code
        assert (folder / f"{item.code}.pdf").is_file(), record.id
        for attached in getattr(record, "files", []):
            copy = folder / Path(attached.path).name
            assert copy.read_bytes() == (DEMO / attached.path).read_bytes()  # byte for byte
    assert len(list((root / layout.RECORDS_DIR).glob("*/*/*/*"))) == len(demo_archive.records)
    top = sorted(p.name for p in root.iterdir())
    assert top == sorted(
        [layout.DESCRIPTION, layout.CATALOGUE, layout.RECORDS_DIR, layout.OTHER_DIR, *layout.MANIFESTS]
    )
    other = sorted(p.name for p in (root / layout.OTHER_DIR).iterdir())
    assert other == ["交接登记表.pdf", "交接登记表.xlsx", "元数据说明.txt", "命名规则.txt", "文件目录.xsd"]


def test_the_catalogue_is_utf8_declared_valid_against_its_xsd_and_says_what_the_records_say(
    demo_package: HandoverResult, demo_archive: Archive
) -> None:
    root = demo_package.out_dir
    data = (root / layout.CATALOGUE).read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    schema = etree.XMLSchema(etree.parse(str(root / layout.SCHEMA)))
    assert schema.validate(etree.fromstring(data)), schema.error_log
    catalogue = read_catalogue(data)
    arrangement = arrange(demo_archive)
    records = arrangement.ordered(demo_archive.records)
    assert [e.sequence for e in catalogue.entries] == list(range(1, len(records) + 1))
    for entry, record in zip(catalogue.entries, records, strict=True):
        assert entry.code == arrangement.code(record.id)
        assert (entry.title, entry.date, entry.record_id) == (
            record.title,
            compact_date(record.date),
            record.id,
        )
        assert entry.responsible == responsible(demo_archive, record)
        assert entry.keywords == tuple(record.tags)
        assert [i.id for i in entry.indicators] == record.indicators
        assert (
            entry.retention == {"Y": "永久", "D30": "30年", "D10": "10年"}[demo_archive.retention_of(record)]
        )
    speech = next(e for e in catalogue.entries if e.record_id == "s-2023-03-15-wang-dongyuan")
    assert (speech.doc_type, speech.responsible) == ("讲话", "王永安")
    assert catalogue.attributes["移交日期"] == PACKAGE_DATE
    assert catalogue.withheld == ()


def test_each_item_pdf_is_pdfa_with_embedded_fonts_its_catalogue_entry_as_metadata_and_stamp(
    demo_package: HandoverResult,
) -> None:
    root = demo_package.out_dir
    catalogue = read_catalogue((root / layout.CATALOGUE).read_bytes())
    for entry in catalogue.entries:
        pdf = root / next(f.path for f in entry.files if f.role == "件")
        reader = PdfReader(pdf)
        assert reader.metadata is not None
        assert (reader.metadata.title, reader.metadata["/Subject"]) == (entry.title, entry.code)
        assert str(reader.metadata["/CreationDate"]).startswith(f"D:{entry.date}")
        assert len(reader.pages) == entry.pages
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
        assert b'pdfaid:part="3"' in xmp
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(re.search(r"\byes\s+yes\s+yes\s+\d+\s+\d+$", row) for row in rows), fonts
        first = subprocess.run(
            ["pdftotext", "-l", "1", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        stamp = rf"{entry.fonds}\s+{entry.year}\s+{entry.number}\s+{entry.org_code}\s+{entry.retention}\s+{entry.pages}"
        assert re.search(stamp, " ".join(first.split())), first[:400]


def test_the_manifests_check_with_sha256sum_and_openssl_sm3(demo_package: HandoverResult) -> None:
    root = demo_package.out_dir
    run = subprocess.run(
        ["sha256sum", "--check", "--strict", layout.MANIFEST_SHA256],
        cwd=root,
        capture_output=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-500:]
    listed = parse_manifest((root / layout.MANIFEST_SM3).read_text(encoding="utf-8")).digests
    every_file = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    assert set(listed) == every_file - set(layout.MANIFESTS)
    assert set(parse_manifest((root / layout.MANIFEST_SHA256).read_text()).digests) == set(listed)
    for name in (layout.CATALOGUE, layout.REGISTER_PDF):
        out = subprocess.run(
            ["openssl", "dgst", "-sm3", "-r", str(root / name)], capture_output=True, text=True, check=True
        )
        assert out.stdout.split()[0] == listed[name]


def test_the_description_states_the_packages_figures(
    demo_package: HandoverResult, demo_archive: Archive
) -> None:
    root = demo_package.out_dir
    text = (root / layout.DESCRIPTION).read_text(encoding="utf-8")
    records = [p for p in (root / layout.RECORDS_DIR).rglob("*") if p.is_file()]
    assert read_counts(text) == {
        "件数": len(demo_archive.records),
        "电子文件数": len(records),
        "电子档案字节数": sum(p.stat().st_size for p in records),
    }
    catalogue = hashlib.sha256((root / layout.CATALOGUE).read_bytes()).hexdigest()
    assert f"文件目录.xml 的 SHA-256：{catalogue}" in text
    assert "字符编码：UTF-8" in text and "移交日期：2025年9月15日" in text
    assert re.search(r"生成软件：dossier \d", text)


def test_the_register_is_a_one_page_pdfa_and_an_xlsx_with_the_figures_and_blanks_to_sign(
    demo_package: HandoverResult,
) -> None:
    root, figures = demo_package.out_dir, demo_package.figures
    text = subprocess.run(
        ["pdftotext", "-layout", str(root / layout.REGISTER_PDF), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(PdfReader(root / layout.REGISTER_PDF).pages) == 1
    assert f"{figures.items} 件" in text and f"{figures.bytes:,} 字节" in text
    assert (
        figures.catalogue_sm3 in " ".join(text.split()).replace(" ", "") or figures.catalogue_sm3[:20] in text
    )
    assert "接收单位" in text and "审核人" in text
    sheet = load_workbook(root / layout.REGISTER_XLSX).active
    values = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=2) if row[0].value}
    assert values["移交电子档案数量"].startswith(f"{figures.items} 件")
    assert values["文件目录.xml SM3"] == figures.catalogue_sm3
    assert values["填表人"] in (None, "")


def test_the_same_records_give_the_same_package_byte_for_byte(
    demo_package: HandoverResult, demo_archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    again = build_handover(demo_archive, tmp_path / "again", HandoverOptions(jobs=1))
    first, second = _files(demo_package.out_dir), _files(again.out_dir)
    assert list(first) == list(second)
    assert [name for name in first if first[name] != second[name]] == []
    stamps = {p.stat().st_mtime for p in [again.out_dir, *again.out_dir.rglob("*")]}
    assert len(stamps) == 1  # every file and folder dated the handover date
    assert again.out_dir.stat().st_mode & 0o777 == 0o755


def test_source_date_epoch_dates_the_package_and_keeps_it_reproducible(
    small_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    archive, _ = require_archive(small_data)
    one = build_handover(archive, tmp_path / "one", HandoverOptions(jobs=1))
    two = build_handover(archive, tmp_path / "two", HandoverOptions(jobs=1))
    assert _files(one.out_dir) == _files(two.out_dir)
    assert read_catalogue((one.out_dir / layout.CATALOGUE).read_bytes()).attributes["移交日期"] == "20260101"
    with zipfile.ZipFile(one.out_dir / layout.REGISTER_XLSX) as book:
        core = book.read("docProps/core.xml").decode()
        assert {info.date_time for info in book.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2026-01-01T00:00:00Z"] * 2


def test_register_cells_are_text_even_when_a_value_looks_like_a_formula(
    archive_dir: Callable[..., Path], tmp_path: Path
) -> None:
    from conftest import ARCHIVE_YML

    hostile = ARCHIVE_YML.replace(
        "title: 测试市创建全国文明城市档案", 'title: "=HYPERLINK(\\"http://x\\",\\"点击\\")"'
    )
    data = archive_dir({"archive.yml": hostile, "files/photo.jpg": _jpeg()})
    archive, _ = require_archive(data)
    result = build_handover(archive, tmp_path / "p", HandoverOptions(jobs=1))
    with zipfile.ZipFile(result.out_dir / layout.REGISTER_XLSX) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet
    cells = [
        c for row in load_workbook(result.out_dir / layout.REGISTER_XLSX).active.iter_rows() for c in row
    ]
    hyperlink = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert hyperlink and all(c.data_type == "s" for c in hyperlink)


def test_internal_audience_withholds_restricted_items_and_lists_their_codes(
    small_data: Path, tmp_path: Path
) -> None:
    archive, _ = require_archive(small_data)
    result = build_handover(archive, tmp_path / "p", HandoverOptions(audience="internal", jobs=1))
    catalogue = read_catalogue((result.out_dir / layout.CATALOGUE).read_bytes())
    restricted = arrange(archive).code("s2")
    assert catalogue.withheld == (restricted,)
    assert restricted not in {e.code for e in catalogue.entries}
    assert "内部讲话稿" not in "".join(p.read_text("utf-8", "replace") for p in result.out_dir.rglob("*.txt"))
    assert result.figures.withheld == 1
    report = verify_package(result.out_dir)  # the withheld 件号 are no gap
    assert report.ok and not [f for f in report.findings if f.check == "integrity"]


def test_year_option_hands_over_those_years_only(small_data: Path, tmp_path: Path) -> None:
    archive, _ = require_archive(small_data)
    result = build_handover(archive, tmp_path / "p", HandoverOptions(years=(2024,), jobs=1))
    years = {e.year for e in read_catalogue((result.out_dir / layout.CATALOGUE).read_bytes()).entries}
    assert years == {2024}


# ------------------------------------------------------------------------------------------------ CLI
def test_cli_writes_the_package_and_says_how_to_check_it(
    dossier: Callable[..., CliResult], small_data: Path, tmp_path: Path
) -> None:
    out, cache = tmp_path / "移交包", str(tmp_path / "cache")
    result = dossier(
        "handover", "--data", str(small_data), "--out", str(out), "--jobs", "1", "--cache", cache
    )
    assert result.exit_code == 0, result.stderr
    assert "Handover package: 5 件 (0 unchanged" in result.stdout
    assert f"dossier verify {out}" in result.stdout
    args = (
        "handover",
        "--data",
        str(small_data),
        "--out",
        str(out),
        "--audience",
        "internal",
        "--cache",
        cache,
    )
    again = dossier(*args)
    assert again.exit_code == 0, again.stderr  # an earlier package is replaced
    assert "Handover package: 4 件 (4 unchanged" in again.stdout
    assert "1 件 of these years withheld" in again.stdout


def test_cli_never_replaces_a_folder_that_is_not_a_package(
    dossier: Callable[..., CliResult], small_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "mine.docx").write_bytes(b"my work")
    result = dossier("handover", "--data", str(small_data), "--out", str(out))
    assert result.exit_code == 2
    assert "not a handover package" in result.stderr
    assert (out / "mine.docx").read_bytes() == b"my work"


def test_cli_says_so_when_no_record_is_of_the_chosen_years(
    dossier: Callable[..., CliResult], small_data: Path, tmp_path: Path
) -> None:
    result = dossier(
        "--lang", "zh", "handover", "--data", str(small_data), "--out", str(tmp_path / "p"), "--year", "1999"
    )
    assert result.exit_code == 2
    assert "没有可移交的记录" in result.stderr
    assert not (tmp_path / "p").exists()


def test_a_second_handover_renders_only_the_changed_items_and_gives_the_same_bytes(
    small_data: Path, tmp_path: Path
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "p"
    archive, _ = require_archive(small_data)
    first = build_handover(archive, out, HandoverOptions(jobs=1, cache_dir=cache))
    before = _files(out)
    assert first.reused == 0
    speech = small_data / "speeches" / "s1.yml"
    speech.write_text(
        speech.read_text(encoding="utf-8").replace("提高认识", "提高思想认识"), encoding="utf-8"
    )
    edited, _ = require_archive(small_data)
    second = build_handover(edited, out, HandoverOptions(jobs=1, cache_dir=cache))
    assert second.reused == first.figures.items - 1
    changed = {name for name, data in _files(out).items() if before.get(name) != data}
    speech_pdf = next(name for name in before if name.endswith(f"{arrange(edited).code('s1')}.pdf"))
    described = {layout.CATALOGUE, layout.DESCRIPTION, layout.REGISTER_PDF, layout.REGISTER_XLSX}
    assert changed == {speech_pdf, *layout.MANIFESTS, *described}
    fresh = build_handover(edited, tmp_path / "fresh", HandoverOptions(jobs=1))
    assert _files(fresh.out_dir) == _files(out)  # reusing gives the bytes a full render gives


def test_a_pdf_edited_inside_the_previous_package_is_rendered_again(small_data: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "p"
    archive, _ = require_archive(small_data)
    build_handover(archive, out, HandoverOptions(jobs=1, cache_dir=cache))
    pdf = next(out.rglob(f"{arrange(archive).code('s1')}.pdf"))
    good = pdf.read_bytes()
    pdf.write_bytes(good[:-10] + b"tampered\n")
    again = build_handover(archive, out, HandoverOptions(jobs=1, cache_dir=cache))
    assert again.reused == again.figures.items - 1
    assert pdf.read_bytes() == good
