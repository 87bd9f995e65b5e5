"""`dossier synth`: deterministic, valid, and shaped like a real archive."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from generator.readiness import build_report
from generator.synth.scans import SCAN_PAGES, page_lines, scan_seed
from generator.validate import load_archive
from tests.conftest import CliResult


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_synth_writes_a_valid_archive_of_the_asked_size(
    tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    out = tmp_path / "big"
    result = dossier("synth", "--records", "120", "--out", str(out), "--photos", "6")
    assert result.exit_code == 0, result.stderr
    archive, problems = load_archive(out)
    assert [p.format() for p in problems] == []
    assert archive is not None and len(archive) == 120
    assert {r.kind for r in archive.records} == {"meeting", "speech", "summary", "evidence", "rectification"}
    assert len(archive.units) == 46
    assert sum(n.score or 0 for n in archive.indicators.top()) == 100
    assert any("## 一、" in r.body for r in archive.speeches)  # type: ignore[attr-defined]
    assert len(list((out / "files").rglob("*.jpg"))) == 6


def test_same_seed_same_bytes(tmp_path: Path, dossier: Callable[..., CliResult]) -> None:
    for name in ("a", "b"):
        assert (
            dossier("synth", "--records", "40", "--out", str(tmp_path / name), "--photos", "2").exit_code == 0
        )
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_synth_refuses_a_non_empty_folder(tmp_path: Path, dossier: Callable[..., CliResult]) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = dossier("synth", "--records", "5", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_by_default_each_evidence_record_has_a_photo_of_its_own(
    tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    out = tmp_path / "own"
    assert dossier("synth", "--records", "200", "--out", str(out)).exit_code == 0
    archive, _ = load_archive(out)
    assert archive is not None
    attached = [(r, r.files[0].path) for r in archive.evidence if r.files]  # type: ignore[attr-defined]
    assert len(attached) >= len(archive.evidence) * 0.85
    distinct = {path for _, path in attached}
    assert len(distinct) >= len(attached) * 0.95  # shared only by the few recycled records
    assert len(list((out / "files").rglob("*.jpg"))) == sum(1 for p in distinct if p.endswith(".jpg"))
    report = build_report(archive, dt.date(2099, 1, 1))
    assert report.duplicates and all(
        g.match == "sha256" and len(g.records) == 2 for g in report.duplicates
    )  # the recycled files, and no two distinct drawn photos taken for one
    assert len(report.photo_dates) <= len(attached) * 0.1  # a photo's date is its record's, bar a few


def test_scans_are_image_only_a4_pages_of_known_text(
    tmp_path: Path, dossier: Callable[..., CliResult]
) -> None:
    out = tmp_path / "scans"
    result = dossier("synth", "--records", "10", "--out", str(out), "--photos", "1", "--scans", "1")
    assert result.exit_code == 0, result.stderr
    archive, problems = load_archive(out)
    assert [p.format() for p in problems] == []
    assert archive is not None and len(archive) == 11
    (scan,) = [r for r in archive.evidence if r.id == "ocr0000"]
    assert scan.type == "scan"
    pdf = PdfReader(out / scan.files[0].path)
    assert len(pdf.pages) == SCAN_PAGES
    assert [round(float(p.mediabox.width) / 72 * 25.4) for p in pdf.pages] == [210] * SCAN_PAGES  # A4 wide
    assert all(not p.extract_text().strip() for p in pdf.pages)  # no text layer: only OCR can read it
    image = pdf.pages[0].images[0].image
    assert image is not None and image.width == round(210 / 25.4 * 200)  # 200 dpi
    assert page_lines(scan_seed(1, 0), 0)[0] != page_lines(scan_seed(1, 1), 0)[0]  # each scan its own text
