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
import uuid
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
        # made by the background worker, beside the pages
        (served,) = [p for p in tmp_path.glob("mkdocs_*") if not p.name.endswith(".previous")]
        texts = [p.read_text("utf-8") for p in (served / "search" / "t").iterdir()]
        assert [t for t in texts if "在推进会上的讲话（修订）" in t] != []
        assert "在推进会上的讲话（修订）" in _get(f"http://{address}/downloads/catalogue.csv")
        # the previous build's files, set aside for linking during the rebuild, are gone after it
        assert [p.name for p in tmp_path.glob("mkdocs_*")] != []
        assert list(tmp_path.glob("mkdocs_*.previous")) == []
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)


def _processes_marked(marker: str) -> list[int]:
    """Live processes whose environment holds ``marker`` (children inherit it, grandchildren too)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            marked = marker.encode() in (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
        except (OSError, IndexError):  # not a process, gone meanwhile, or not ours to read
            continue
        if marked and state not in {"Z", "X"}:
            found.append(int(entry.name))
    return found


def test_serve_leaves_no_process_behind(tmp_path: Path) -> None:
    """The search index and the catalogue are made by workers of a forkserver beside serve; stopping serve
    stops them all."""
    data = write_archive(tmp_path / "data", SITE_FILES)
    marker = f"DOSSIER_SERVE_TEST={uuid.uuid4()}"
    name, value = marker.split("=")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path), name: value}
    server = subprocess.Popen(
        [MKDOCS, "serve", "-a", f"127.0.0.1:{_free_port()}", "-f", str(_config(tmp_path, data))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stderr is not None
        log = []
        for line in server.stderr:
            log.append(line)
            if "Serving on" in line:
                break
        helpers = set(_processes_marked(marker)) - {server.pid}
        assert helpers, "".join(log)  # the forkserver (and its resource tracker) run beside serve
    finally:
        server.terminate()  # SIGTERM: serve runs no clean-up of its own
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()
    deadline = time.monotonic() + 20
    while _processes_marked(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_marked(marker) == []


def test_serve_fails_a_build_whose_background_step_fails(tmp_path: Path) -> None:
    data = write_archive(tmp_path / "data", SITE_FILES)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "downloads").write_text("not a folder", encoding="utf-8")  # the catalogue's cache
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [MKDOCS, "serve", "-a", f"127.0.0.1:{_free_port()}", "-f", str(_config(tmp_path, data))],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "BackgroundFailed: a background build step failed: NotADirectoryError" in result.stderr
    assert "Serving on" not in result.stderr


def test_an_edit_that_breaks_the_archive_leaves_the_last_site_and_the_next_edit_rebuilds(
    tmp_path: Path,
) -> None:
    """A rebuild that fails (a record that no longer validates) leaves the last good build's files in the
    served folder, nothing set aside beside it, and the next good edit rebuilds the site."""
    data = write_archive(tmp_path / "data", SITE_FILES)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_path)}
    address = f"127.0.0.1:{_free_port()}"
    server = subprocess.Popen(
        [MKDOCS, "serve", "-a", address, "-f", str(_config(tmp_path, data))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    speech = data / "speeches" / "s1.yml"
    good = speech.read_text("utf-8")
    log: list[str] = []
    try:
        assert server.stderr is not None
        failed = False
        for line in server.stderr:
            log.append(line)
            if "Serving on" in line:
                time.sleep(1.1)  # a distinct modification time for the watcher
                speech.write_text(good.replace("date: 2024-05-08", "date: 2024-13-45"), "utf-8")
            elif "An error happened during the rebuild" in line:
                failed = True
                (served,) = [p for p in tmp_path.glob("mkdocs_*") if p.is_dir()]  # nothing set aside
                assert "在推进会上的讲话" in (served / "speeches" / "s1.html").read_text("utf-8")
                assert (served / "search").is_dir() and (served / "index.html").is_file()
                time.sleep(1.1)
                speech.write_text(good.replace("在推进会上的讲话", "在推进会上的讲话（修订）"), "utf-8")
            elif failed and BUILT.search(line):
                break
        assert failed, "".join(log)
        time.sleep(0.5)
        assert "在推进会上的讲话（修订）" in _get(f"http://{address}/speeches/s1.html")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr is not None:
            server.stderr.close()
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)
