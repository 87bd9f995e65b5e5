"""Every site build carries checksum manifests that `sha256sum -c` verifies (fixity for the archives bureau)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, require_tool


@pytest.mark.tools("sha256sum")
def test_site_manifests_verify_with_sha256sum(
    archive_dir: Callable[..., Path], dossier: Callable[..., CliResult], tmp_path: Path
) -> None:
    sha256sum = require_tool("sha256sum")
    root = archive_dir()
    out = tmp_path / "site"
    result = dossier("site", "--data", str(root), "--out", str(out), "--cache", str(tmp_path / "cache"))
    assert result.exit_code == 0, result.stderr
    manifest = (out / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    assert any(line.endswith("  index.html") for line in manifest)
    assert not any(line.endswith("MANIFEST.sha256") for line in manifest)
    assert (out / "EVIDENCE.sha256").read_text(encoding="utf-8").endswith("  files/photo.jpg\n")
    subprocess.run([sha256sum, "--quiet", "-c", "MANIFEST.sha256"], cwd=out, check=True)
    subprocess.run([sha256sum, "--quiet", "-c", str(out / "EVIDENCE.sha256")], cwd=root, check=True)
    # an altered output file is caught
    (out / "index.html").write_text("altered", encoding="utf-8")
    done = subprocess.run(
        [sha256sum, "--quiet", "-c", "MANIFEST.sha256"], cwd=out, capture_output=True, check=False
    )
    assert done.returncode == 1 and b"index.html: FAILED" in done.stdout


@pytest.mark.tools("sha256sum")
def test_manifest_stays_true_after_an_edit_and_a_cached_rebuild(
    archive_dir: Callable[..., Path], dossier: Callable[..., CliResult], tmp_path: Path
) -> None:
    sha256sum = require_tool("sha256sum")
    root = archive_dir()
    out, cache = tmp_path / "site", tmp_path / "cache"
    build = ("site", "--data", str(root), "--out", str(out), "--cache", str(cache))
    assert dossier(*build).exit_code == 0
    speech = root / "speeches" / "s1.yml"
    speech.write_text(
        speech.read_text(encoding="utf-8").replace("提高认识", "提高政治站位"), encoding="utf-8"
    )
    assert dossier(*build).exit_code == 0
    assert "提高政治站位" in (out / "speeches" / "s1.html").read_text(encoding="utf-8")
    subprocess.run([sha256sum, "--quiet", "-c", "MANIFEST.sha256"], cwd=out, check=True)
