"""Word, Excel and video evidence in the printed binders: office files converted by LibreOffice and merged
on stamped pages, spreadsheets with every column on the page, a video's contact sheet with its facts."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import binders_archive
import media_files
import pytest
from conftest_binders import Built
from pypdf import PdfReader
from test_binders import pages_text, text

from generator.arrangement import arrange
from generator.media.office import PACKAGES, OfficeConverter, libreoffice_version, prepare_workbook

pytestmark = pytest.mark.tools("pdftotext", "soffice")


def _catalogue_row(built: Built, record_id: str) -> tuple[int, int]:
    """(页数, 页号) of the record in the catalogue of evidence-B."""
    code = arrange(built.archive).items[record_id].code
    catalogue = text(built.pdf("evidence-B"), 2)
    row = re.search(rf"{re.escape(code)}.*?\d{{8}}\s+\S+\s+(\d+)\s+(\d+)", catalogue, re.S)
    assert row, catalogue
    return int(row[1]), int(row[2])


def test_word_and_excel_pages_are_merged_stamped_and_counted(built: Built) -> None:
    pdf = built.pdf("evidence-B")
    code = arrange(built.archive).items["e4"].code
    pages = pages_text(pdf)
    docx_page = next(i + 1 for i, page in enumerate(pages) if media_files.DOCX_SENTENCE[:12] in page)
    xlsx_page = next(i + 1 for i, page in enumerate(pages) if media_files.XLSX_CELL in page)
    for number in (docx_page, xlsx_page):
        stamp = pages[number - 1].replace(" ", "")
        assert f"档号{code}" in stamp and f"第{number}页" in stamp
    count, start = _catalogue_row(built, "e4")
    # the item's pages run from its catalogue page number for its 页数: the converted pages among them
    assert start < docx_page < xlsx_page < start + count
    assert start + count == len(pages)  # then the 备考表


def test_spreadsheet_prints_every_column_in_landscape(built: Built) -> None:
    pdf = built.pdf("evidence-B")
    pages = pages_text(pdf)
    number = next(i for i, page in enumerate(pages) if media_files.XLSX_CELL in page)
    assert "列8" in pages[number]  # the last column is on the same page as the first
    assert "档号" in pages[number]  # stamped like every merged page


def test_converted_files_are_bookmarked_under_their_item(built: Built) -> None:
    reader = PdfReader(built.pdf("evidence-B"))
    nested = [e for entry in reader.outline if isinstance(entry, list) for e in entry]
    titles = [e.title for e in nested]  # type: ignore[union-attr]
    assert {"plan.docx", "ledger.xlsx", "activity.mp4"} <= set(titles)


def test_video_gets_a_contact_sheet_page_with_its_facts(built: Built) -> None:
    pdf = built.pdf("evidence-B")
    page = next(p for p in pages_text(pdf) if "视频帧图" in p).replace(" ", "")
    assert f"00:00:0{media_files.VIDEO_SECONDS}" in page
    assert "160×120" in page and "activity.mp4" in page
    assert "电子文件随卷移交，光盘标注测评标准编号（B.1）" in page
    digest = built.archive["e4"].files[2].sha256 or ""  # type: ignore[attr-defined]
    assert not digest or digest[:16] in page
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True)
    assert "jpeg" in listing.stdout  # the sheet is drawn as an image


def test_workbook_copy_is_set_up_and_the_original_left_alone(tmp_path: Path) -> None:
    import openpyxl

    source = media_files.write_xlsx(tmp_path / "wide.xlsx", columns=20)
    before = source.read_bytes()
    assert prepare_workbook(source, tmp_path / "prepared.xlsx")
    assert source.read_bytes() == before
    book = openpyxl.load_workbook(tmp_path / "prepared.xlsx")
    assert book.sheetnames == ["台账"]  # the empty sheet is left out
    sheet = book["台账"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_conversions_are_cached_and_failures_give_the_reason(tmp_path: Path) -> None:
    converter = OfficeConverter(tmp_path / "cache")
    good = media_files.write_docx(tmp_path / "plan.docx")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    first = converter.convert_all({"a" * 64: good, "b" * 64: bad}, jobs=2)
    assert first["a" * 64].pages == 1 and not first["a" * 64].reason
    assert first["b" * 64].reason and not first["b" * 64].pdf
    good.unlink()  # a cached conversion needs no file and no LibreOffice run
    again = converter.convert(good, "a" * 64)
    assert again == first["a" * 64]


def test_without_libreoffice_one_message_names_the_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dossier: Callable[..., Any]
) -> None:
    root = binders_archive.write(tmp_path / "data")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no soffice on PATH
    libreoffice_version.cache_clear()
    result = dossier("binders", "--data", str(root), "--out", str(tmp_path / "out"))
    libreoffice_version.cache_clear()  # the next test finds LibreOffice again
    assert result.exit_code == 1
    assert "LibreOffice" in result.stderr and result.stderr.count(PACKAGES) == 1, result.stderr
    assert not (tmp_path / "out" / "binders").exists()
