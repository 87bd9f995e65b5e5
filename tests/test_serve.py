"""`mkdocs serve` of an archive: a real server, a real edit, the rebuilt page over HTTP."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import write_archive
from conftest_site import SITE_FILES

REPO = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
BUILT = re.compile(r"Documentation built in \d+\.\d+ seconds")


def _config(tmp_path: Path, data: Path) -> Path:
    """The repository's own mkdocs.yml, pointed at ``data`` and a cache of its own."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace(
        "docs_dir: generator/templates/site/pages", f"docs_dir: {REPO}/generator/templates/site/pages"
    )
    text = text.replace(
        "      data_dir: archive_data", f"      data_dir: {data}\n      cache_dir: {tmp_path / 'cache'}"
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_rebuilds_an_edited_record(tmp_path: Path) -> None:
    data = write_archive(tmp_path / "data", SITE_FILES)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path)}  # where serve builds
    address = f"127.0.0.1:{_free_port()}"
    server = subprocess.Popen(
        [MKDOCS, "serve", "-a", address, "-f", str(_config(tmp_path, data))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    log: list[str] = []
    try:
        assert server.stderr is not None
        builds = 0
        for line in server.stderr:
            log.append(line)
            if "Serving on" in line:  # logged once, after the first build
                page = _get(f"http://{address}/speeches/s1.html")
                assert "在推进会上的讲话" in page and "（修订）" not in page
                speech = data / "speeches" / "s1.yml"
                time.sleep(1.1)  # a distinct modification time for the watcher
                speech.write_text(
                    speech.read_text("utf-8").replace("在推进会上的讲话", "在推进会上的讲话（修订）"), "utf-8"
                )
            elif BUILT.search(line):
                builds += 1
                if builds == 2:
                    break
        assert builds == 2, "".join(log)
        time.sleep(0.5)  # the server answers from the rebuilt folder once the build has logged
        assert "在推进会上的讲话（修订）" in _get(f"http://{address}/speeches/s1.html")
        assert "在推进会上的讲话（修订）" in _get(f"http://{address}/meetings/m1.html")
        assert "<html" in _get(f"http://{address}/speeches/s2.html")  # unchanged pages still served
        # the previous build's files, set aside for linking during the rebuild, are gone after it
        assert [p.name for p in tmp_path.glob("mkdocs_*")] != []
        assert list(tmp_path.glob("mkdocs_*.previous")) == []
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
