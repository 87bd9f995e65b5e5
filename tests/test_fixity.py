"""`dossier hash`: fills in missing sha256 lines without disturbing the rest of the file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from generator.validate import load_archive
from tests.conftest import CliResult

PHOTO = b"photo bytes for fixity"
DIGEST = hashlib.sha256(PHOTO).hexdigest()
EVIDENCE = """\
# 照片由城管局提供
title: 门前三包签约照片
kind: photo
date: 2024-05-09
files:
  - path: files/photo.jpg   # 原图
    caption: 2024年5月9日，幸福路
  - path: files/second.jpg
indicators: [A.1]
"""


def test_dry_run_lists_and_changes_nothing(
    archive_dir: Callable[..., Path], dossier: Callable[..., CliResult]
) -> None:
    root = archive_dir({"evidence/e1.yml": EVIDENCE, "files/photo.jpg": PHOTO, "files/second.jpg": b"2"})
    result = dossier("hash", "--data", str(root))
    assert result.exit_code == 0
    assert f"files/photo.jpg {DIGEST}" in result.stdout
    assert "2 file(s) without sha256; run with --write" in result.stdout
    assert (root / "evidence/e1.yml").read_text(encoding="utf-8") == EVIDENCE


def test_write_adds_only_the_hash_lines(
    archive_dir: Callable[..., Path], dossier: Callable[..., CliResult]
) -> None:
    root = archive_dir({"evidence/e1.yml": EVIDENCE, "files/photo.jpg": PHOTO, "files/second.jpg": b"2"})
    result = dossier("hash", "--data", str(root), "--write")
    assert result.exit_code == 0, result.stderr
    second = hashlib.sha256(b"2").hexdigest()
    assert (root / "evidence/e1.yml").read_text(encoding="utf-8") == EVIDENCE.replace(
        "  - path: files/photo.jpg   # 原图\n", f"  - path: files/photo.jpg   # 原图\n    sha256: {DIGEST}\n"
    ).replace("  - path: files/second.jpg\n", f"  - path: files/second.jpg\n    sha256: {second}\n")
    # and now check catches a later change to the photo
    (root / "files/photo.jpg").write_bytes(b"retouched")
    _archive, problems = load_archive(root)
    assert [p.code for p in problems] == ["sha256-mismatch"]
    assert dossier("hash", "--data", str(root)).exit_code == 1  # refuses an archive with errors


def test_flow_style_entries_are_left_for_a_hand_edit(
    archive_dir: Callable[..., Path], dossier: Callable[..., CliResult]
) -> None:
    flow = "title: t\nkind: photo\ndate: 2024-05-09\nfiles: [{path: files/photo.jpg}]\n"
    root = archive_dir({"evidence/e1.yml": flow, "files/photo.jpg": PHOTO})
    result = dossier("hash", "--data", str(root), "--write")
    assert result.exit_code == 1
    assert "flow mapping" in result.stderr
    assert (root / "evidence/e1.yml").read_text(encoding="utf-8") == flow
