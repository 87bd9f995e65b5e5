"""`dossier verify`: the four-property check on the demo archive's package, clean and tampered with.

Each tampering is done to a copy of the package the way a person (or a faulty copy) would do it, and the
check must name it by its code at the right path."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

from conftest import CliResult
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import NameObject, TextStringObject

from generator.handover import layout
from generator.handover.catalogue_xml import read_catalogue
from generator.handover.entries import Entry
from generator.handover.package import HandoverResult
from generator.handover.verify import Report, verify_package

PackageCopy = Callable[[], Path]


def _entries(package: Path) -> tuple[Entry, ...]:
    return read_catalogue((package / layout.CATALOGUE).read_bytes()).entries


def _item_pdf(entry: Entry) -> str:
    return next(f.path for f in entry.files if f.role == "件")


def _original(package: Path, suffix: str) -> str:
    return next(
        f.path for e in _entries(package) for f in e.files if f.role == "原件" and f.path.endswith(suffix)
    )


def _codes(report: Report) -> set[tuple[str, str]]:
    """(path, code) of every error."""
    return {(f.path, f.code) for f in report.findings if f.severity == "error"}


def _drop_lines(path: Path, needle: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if needle not in line), encoding="utf-8")


# ------------------------------------------------------------------------------------------------ clean
def test_the_demo_package_passes_with_warnings_only_for_originals_not_in_long_term_formats(
    demo_package: HandoverResult,
) -> None:
    report = verify_package(demo_package.out_dir)
    assert report.ok, [f.format(report.package) for f in report.findings if f.severity == "error"]
    assert {f.code for f in report.findings} == {"original-not-pdfa", "original-not-long-term"}
    assert all(f.path.startswith(layout.RECORDS_DIR + "/") for f in report.findings)
    assert report.items == demo_package.figures.items


def test_json_report_has_the_four_checks_and_every_finding(
    dossier: Callable[..., CliResult], demo_package: HandoverResult
) -> None:
    result = dossier("verify", str(demo_package.out_dir), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert set(report) == {"ok", "checks", "errors"} and report["ok"] is True
    assert list(report["checks"]) == ["authenticity", "integrity", "usability", "security"]
    assert report["checks"]["usability"] == {"ok": True, "errors": 0, "warnings": 6}
    assert all(set(e) == {"path", "check", "code", "severity", "message"} for e in report["errors"])
    assert {e["severity"] for e in report["errors"]} == {"warning"}


def test_text_report_in_chinese_by_default_and_english_on_request(
    dossier: Callable[..., CliResult], demo_package: HandoverResult
) -> None:
    zh = dossier("--lang", "zh", "verify", str(demo_package.out_dir))
    assert zh.exit_code == 0
    assert "真实性：通过（错误 0 个，警告 0 个）" in zh.stdout
    assert "四性检测通过" in zh.stdout
    assert re.search(r"\.pdf: 警告: 原件 PDF 不是 PDF/A：按原样移交 \[original-not-pdfa\]$", zh.stderr, re.M)
    en = dossier("--lang", "en", "verify", str(demo_package.out_dir))
    assert "authenticity: passed (0 errors, 0 warnings)" in en.stdout
    assert re.search(r"\.docx: warning: original in DOCX, not a long-term format", en.stderr)
    assert f"文件目录.xml SM3     {demo_package.figures.catalogue_sm3}" in en.stdout


def test_a_missing_package_is_a_usage_error(dossier: Callable[..., CliResult], tmp_path: Path) -> None:
    assert dossier("verify", str(tmp_path / "nowhere")).exit_code == 2


# ------------------------------------------------------------------------------------------------ tampered
def test_one_byte_changed_in_a_pdf_is_an_authenticity_error(package_copy: PackageCopy) -> None:
    package = package_copy()
    pdf = _item_pdf(_entries(package)[3])
    data = bytearray((package / pdf).read_bytes())
    data[len(data) // 2] ^= 0x01
    (package / pdf).write_bytes(bytes(data))
    report = verify_package(package)
    assert not report.ok
    assert _codes(report) == {(pdf, "digest-mismatch")}
    finding = next(f for f in report.findings if f.path == pdf)
    assert finding.check == "authenticity"
    assert "MANIFEST.sha256、MANIFEST.sm3、文件目录.xml SHA256、文件目录.xml SM3" in finding.message


def test_a_deleted_file_is_an_integrity_error(
    package_copy: PackageCopy, dossier: Callable[..., CliResult]
) -> None:
    package = package_copy()
    photo = _original(package, ".jpg")
    (package / photo).unlink()
    report = verify_package(package)
    assert {(photo, "file-missing"), (photo, "catalogue-file-missing")} <= _codes(report)
    assert {f.check for f in report.findings if f.path == photo} == {"integrity"}
    result = dossier("verify", str(package))
    assert result.exit_code == 1
    assert re.search(
        rf"{re.escape(photo)}: error: listed in MANIFEST.sha256、MANIFEST.sm3 but missing \[file-missing\]",
        result.stderr,
    )
    assert "Four-property check failed" in result.stdout


def test_a_stray_file_is_unlisted_and_uncatalogued(package_copy: PackageCopy) -> None:
    package = package_copy()
    folder = Path(_item_pdf(_entries(package)[0])).parent.as_posix()
    (package / folder / "extra.jpg").write_bytes((package / _original(package, ".jpg")).read_bytes())
    report = verify_package(package)
    stray = f"{folder}/extra.jpg"
    assert {(stray, "file-unlisted"), (stray, "file-uncatalogued")} <= _codes(report)
    assert (layout.DESCRIPTION, "description-count-mismatch") in _codes(report)


def test_a_title_changed_in_the_catalogue_is_named_at_its_pdf(package_copy: PackageCopy) -> None:
    package = package_copy()
    entry = _entries(package)[5]
    xml = package / layout.CATALOGUE
    xml.write_text(
        xml.read_text(encoding="utf-8").replace(f"<题名>{entry.title}</题名>", "<题名>改过的题名</题名>", 1),
        encoding="utf-8",
    )
    report = verify_package(package)
    assert {
        (_item_pdf(entry), "pdf-title-mismatch"),
        (layout.CATALOGUE, "digest-mismatch"),
        (layout.DESCRIPTION, "description-digest-mismatch"),
    } == _codes(report)
    mismatch = next(f for f in report.findings if f.code == "pdf-title-mismatch")
    assert mismatch.params == {"catalogue": "改过的题名", "pdf": entry.title}


def test_a_removed_item_folder_is_named_once(package_copy: PackageCopy) -> None:
    package = package_copy()
    entry = _entries(package)[1]
    folder = Path(_item_pdf(entry)).parent.as_posix()
    shutil.rmtree(package / folder)
    report = verify_package(package)
    assert (folder, "item-missing") in _codes(report)
    assert not any(f.path.startswith(folder + "/") for f in report.findings)


def test_an_item_removed_with_its_catalogue_entry_and_manifest_lines_leaves_a_gap_in_item_numbers(
    package_copy: PackageCopy,
) -> None:
    package = package_copy()
    entries = _entries(package)
    entry = next(e for e in entries if e.number == "0002")
    folder = Path(_item_pdf(entry)).parent.as_posix()
    shutil.rmtree(package / folder)
    xml = package / layout.CATALOGUE
    text = xml.read_text(encoding="utf-8")
    start = text.index(f"<档号>{entry.code}</档号>")
    block_start = text.rindex("<件>", 0, start)
    block_end = text.index("</件>", start) + len("</件>")
    xml.write_text(text[:block_start] + text[block_end:], encoding="utf-8")
    for manifest in layout.MANIFESTS:
        _drop_lines(package / manifest, folder + "/")
    report = verify_package(package)
    gap = next(f for f in report.findings if f.code == "item-number-gap")
    assert (gap.path, gap.check, gap.severity) == (layout.CATALOGUE, "integrity", "error")
    assert gap.params["missing"] == "0002"
    assert (gap.params["year"], gap.params["retention"], gap.params["org"]) == (
        entry.year,
        entry.retention,
        entry.org_code,
    )


def test_an_encrypted_pdf_swapped_in_is_a_security_error(package_copy: PackageCopy, tmp_path: Path) -> None:
    package = package_copy()
    pdf = _item_pdf(_entries(package)[2])
    locked = tmp_path / "locked.pdf"
    subprocess.run(
        ["qpdf", "--encrypt", "user", "owner", "256", "--", str(package / pdf), str(locked)], check=True
    )
    shutil.copyfile(locked, package / pdf)
    report = verify_package(package)
    assert {(pdf, "encrypted"), (pdf, "digest-mismatch")} == {c for c in _codes(report) if c[0] == pdf}
    assert next(f for f in report.findings if f.code == "encrypted").check == "security"


def test_swapped_item_pdfs_disagree_with_their_entries_and_stamps(package_copy: PackageCopy) -> None:
    package = package_copy()
    same_class = [e for e in _entries(package) if (e.year, e.retention, e.org_code) == (2023, "永久", "WMB")]
    first, second = same_class[0], same_class[1]
    a, b = package / _item_pdf(first), package / _item_pdf(second)
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    report = verify_package(package)
    codes = {code for path, code in _codes(report) if path == _item_pdf(first)}
    assert {"pdf-title-mismatch", "pdf-code-mismatch", "stamp-mismatch", "digest-mismatch"} <= codes
    stamp = next(f for f in report.findings if f.code == "stamp-mismatch" and f.path == _item_pdf(first))
    assert stamp.params == {"field": "件号", "catalogue": first.number, "pdf": second.number}


def test_a_catalogue_that_breaks_its_schema_is_a_usability_error(package_copy: PackageCopy) -> None:
    package = package_copy()
    xml = package / layout.CATALOGUE
    xml.write_text(
        xml.read_text(encoding="utf-8").replace("<页数>", "<页码>", 1).replace("</页数>", "</页码>", 1),
        encoding="utf-8",
    )
    report = verify_package(package)
    invalid = [f for f in report.findings if f.code == "catalogue-invalid"]
    assert invalid and invalid[0].check == "usability" and "页码" in invalid[0].message


def test_a_catalogue_with_a_doctype_is_refused_and_never_expanded(package_copy: PackageCopy) -> None:
    package = package_copy()
    xml = package / layout.CATALOGUE
    text = xml.read_text(encoding="utf-8").replace(
        "?>\n", '?>\n<!DOCTYPE 文件目录 [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n', 1
    )
    xml.write_text(text.replace("<备注></备注>", "<备注>&x;</备注>", 1), encoding="utf-8")
    report = verify_package(package)
    assert (layout.CATALOGUE, "xml-doctype") in _codes(report)
    assert all("etc/hostname" not in f.message for f in report.findings)


def test_an_item_pdf_that_is_not_pdfa_with_javascript_and_a_web_link(
    package_copy: PackageCopy, tmp_path: Path
) -> None:
    package = package_copy()
    pdf = _item_pdf(_entries(package)[0])
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_open_action(JavaScript("app.alert('hi');"))
    writer.add_uri(0, "https://example.com/", [10, 10, 100, 100])
    writer.add_metadata({NameObject("/Title"): TextStringObject("x")})
    with (package / pdf).open("wb") as handle:
        writer.write(handle)
    report = verify_package(package)
    found = {(f.code, f.severity) for f in report.findings if f.path == pdf}
    assert {("not-pdfa", "error"), ("pdf-javascript", "error"), ("external-link", "warning")} <= found


def test_programs_macros_and_symlinks_are_security_errors(package_copy: PackageCopy) -> None:
    package = package_copy()
    folder = package / Path(_item_pdf(_entries(package)[0])).parent
    (folder / "setup.exe").write_bytes(b"MZ\x90\x00" + bytes(60))
    (folder / "photo.jpg.sh").write_bytes(b"#!/bin/sh\nrm -rf ~\n")
    with zipfile.ZipFile(folder / "report.docx", "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/vbaProject.bin", b"\x00" * 16)
    (folder / "link.pdf").symlink_to("/etc/passwd")
    report = verify_package(package)
    security = {(Path(f.path).name, f.code) for f in report.findings if f.check == "security"}
    assert {
        ("setup.exe", "executable"),
        ("photo.jpg.sh", "executable"),
        ("report.docx", "macro"),
        ("link.pdf", "symlink"),
    } <= security


def test_every_finding_code_is_documented_in_both_languages() -> None:
    from conftest import REPO

    from generator.handover.messages import VERIFY_MESSAGES

    documented = set(
        re.findall(
            r"^\| `([a-z0-9-]+)` \| (?:error|warning) \|",
            (REPO / "docs" / "handover.md").read_text(encoding="utf-8"),
            re.M,
        )
    )
    assert documented == set(VERIFY_MESSAGES)
    assert all(set(entry) == {"zh", "en"} for entry in VERIFY_MESSAGES.values())
