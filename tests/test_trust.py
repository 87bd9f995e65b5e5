"""SECURITY.md, proven across outputs: nothing hidden leaks into a public build (§1), no file outside the archive
is copied (§2), hostile Markdown runs no script (§3), huge YAML is refused (§4), interrupted builds leave the
previous output untouched and rebuilds are byte-identical (§5).

The leak test builds one small archive whose internal and restricted records carry unique marker strings
(title, body, id, attached file name and caption, free-text fields, bytes inside the attached file), builds
every output for ``--audience public`` and searches every byte of it — text files, ZIP members of .docx/.xlsx,
``pdftotext`` of every PDF, and file names. The same builds for ``--audience full`` must contain the markers,
so the search is shown to be able to find them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from conftest import run_child
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from generator.cli import cli
from generator.i18n import set_language
from generator.load import read_yaml
from generator.validate import load_archive
from generator.write import atomic_output

HOSTILE = Path(__file__).parent / "hostile"
DOSSIER = Path(sys.executable).with_name("dossier")

ARCHIVE = """\
title: 信任测试市创建全国文明城市档案
campaign: 创建全国文明城市
fonds: {code: Z901, name: 信任测试市创文办}
period: {start: 2024-01-01, end: 2025-12-31}
assessment_window: {start: 2024-01-01, end: 2025-07-31}
today: 2025-06-30
max_score: 10
"""

UNITS = """\
- {id: wmb, name: 信任测试市文明办, short: 文明办}
- {id: cgj, name: 信任测试市城管局, short: 城管局}
"""

INDICATORS = """\
- id: A
  title: 公共秩序
  score: 10
  children:
    - {id: A.1, title: 市容环境, score: 6, units: [cgj]}
    - {id: A.2, title: 志愿服务, score: 4}
"""

PUBLIC = {
    "speeches/pubtalk.yml": """\
title: 在创文推进会上的讲话
speaker: 王公开
date: 2024-05-08
access: public
meeting: pubmeet
indicators: [A.1]
body: |
  同志们：

  ## 一、提高认识

  公开讲话正文。
""",
    "meetings/pubmeet.yml": """\
title: 创文推进会
date: 2024-05-08
location: 市政府第一会议室
host: 李公开
attendees: [王公开]
recorder: 钱公开
agenda: [通报进展]
minutes: 会议通报了进展。
speeches: [pubtalk, qzspkid]
evidence: [pubphoto, qzintid, qzresid]
access: public
""",
    "evidence/pubphoto.yml": """\
title: 门前三包签约照片
kind: photo
date: 2024-05-09
access: public
units: [cgj]
indicators: [A.1]
files:
  - path: files/public.png
    caption: 2024年5月9日，幸福路，签约
""",
}


def _hidden_evidence(prefix: str, access: str) -> str:
    return f"""\
id: {prefix.lower()}id
title: 关于{prefix}TITLE的佐证材料
kind: photo
date: 2024-06-01
access: {access}
doc_number: {prefix}DOCNO
location: {prefix}PLACE
people: [{prefix}PERSON]
tags: [{prefix}TAG]
units: [cgj]
indicators: [A.1, A.2]
description: |
  {prefix}BODY 这段文字只给内部看。
files:
  - path: files/{prefix.lower()}file.png
    caption: {prefix}CAPTION 时间地点人物事由
"""


HIDDEN = {
    "evidence/qzint.yml": _hidden_evidence("QZINT", "internal"),
    "evidence/qzres.yml": _hidden_evidence("QZRES", "restricted"),
    "speeches/qzspk.yml": """\
id: qzspkid
title: 关于QZSPKTITLE的讲话
speaker: QZSPKPERSON
speaker_role: QZSPKROLE
date: 2024-05-08
access: restricted
meeting: pubmeet
indicators: [A.1]
body: |
  同志们：

  QZSPKBODY 内部讲话正文。
""",
    "rectifications/qzrect.yml": """\
id: qzrectid
title: QZRECTTITLE整改
problem: QZRECTBODY 占道经营
found_by: 第一督查组
found_on: 2024-06-01
unit: cgj
deadline: 2024-06-30
status: open
""",
}

# Every string that identifies hidden material (matched case-insensitively; ids are lower case).
MARKERS = sorted(
    {f"{p}{part}" for p in ("QZINT", "QZRES") for part in ("TITLE", "BODY", "ID", "FILE", "CAPTION")}
    | {f"{p}{part}" for p in ("QZINT", "QZRES") for part in ("DOCNO", "PLACE", "PERSON", "TAG")}
    | {"QZSPKTITLE", "QZSPKBODY", "QZSPKID", "QZSPKPERSON", "QZSPKROLE", "QZRECTTITLE", "QZRECTBODY"}
)


def _png(colour: str, text: str | None = None) -> bytes:
    info = PngInfo()
    if text:
        info.add_text("Comment", text)  # stored uncompressed: a copied file shows the marker in its bytes
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def write_trust_archive(root: Path) -> Path:
    files: dict[str, str | bytes] = {
        "archive.yml": ARCHIVE,
        "units.yml": UNITS,
        "indicators.yml": INDICATORS,
        **PUBLIC,
        **HIDDEN,
        "files/public.png": _png("#3366aa"),
        "files/qzintfile.png": _png("#aa3333", "QZINTFILE secret bytes"),
        "files/qzresfile.png": _png("#33aa33", "QZRESFILE secret bytes"),
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


# ------------------------------------------------------------------------------------------ reading outputs
def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=True)
    text = done.stdout.decode("utf-8", "replace")
    return text + "".join(text.split())  # pdftotext may break a line inside a marker


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            name + "\n" + archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )


def searchable(path: Path) -> str:
    """Everything a reader of ``path`` could see: its name, its bytes, and the text inside PDFs and ZIPs."""
    data = path.read_bytes()
    parts = [path.name, data.decode("utf-8", "replace")]
    if data.startswith(b"%PDF"):
        parts.append(_pdf_text(path))
    elif data.startswith(b"PK"):
        parts.append(_zip_text(data))
    elif data.startswith(b"\x1f\x8b"):
        parts.append(gzip.decompress(data).decode("utf-8", "replace"))
    return "\n".join(parts)


def output_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def found_markers(root: Path) -> dict[str, list[str]]:
    """marker → the output files (relative to ``root``) it appears in."""
    hits: dict[str, list[str]] = {}
    for path in output_files(root):
        text = (str(path.relative_to(root)) + "\n" + searchable(path)).upper()
        for marker in MARKERS:
            if marker in text:
                hits.setdefault(marker, []).append(str(path.relative_to(root)))
    return hits


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------------ building
def invoke(*args: str) -> Result:
    """The CLI in-process. CliRunner turns any exception into exit code 1, so a crash would pass for a
    refusal: an exception other than the SystemExit of a clean exit or refusal is raised here instead."""
    try:
        result = CliRunner().invoke(cli, ["--lang", "en", *args])
    finally:
        set_language(None)  # --lang sets a process-wide language; other tests expect the default
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def run(*args: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.output


def build_everything(data: Path, out: Path, audience: str) -> Path:
    """Every output of the archive for ``audience`` under ``out``: site/, dist/, docx/, report.*."""
    common = ["--data", str(data)]
    run(
        "site",
        *common,
        "--out",
        str(out / "site"),
        "--audience",
        audience,
        "--cache",
        str(out.parent / "cache"),
    )
    run("binders", *common, "--out", str(out / "dist"), "--audience", audience, "--jobs", "1")
    docx_out = out / "docx"
    run("export", "docx", "--binder", "speeches", *common, "--out", str(docx_out), "--audience", audience)
    run(
        "export",
        "docx",
        "pubtalk",
        "pubmeet",
        "pubphoto",
        *common,
        "--out",
        str(docx_out),
        "--audience",
        audience,
    )
    for fmt in ("json", "html", "xlsx", "text"):
        run("report", *common, "--format", fmt, "--out", str(out / f"report.{fmt}"), "--audience", audience)
    return out


@dataclass(frozen=True)
class Builds:
    data: Path
    public: Path
    full: Path


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("trust")
    data = write_trust_archive(root / "data")
    full = build_everything(data, root / "full", "full")
    # The hardest case for the public build: it replaces a full build's site and binders (whose caches hold
    # hidden items' pages and PDFs) and shares the thumbnail cache with it. Nothing may be reused from them.
    public = root / "public"
    shutil.copytree(full / "site", public / "site")
    shutil.copytree(full / "dist", public / "dist")
    return Builds(data, build_everything(data, public, "public"), full)


# ------------------------------------------------------------------------------------------ §1 access levels
def test_public_outputs_hold_no_marker_of_hidden_records(builds: Builds) -> None:
    assert found_markers(builds.public) == {}


def test_public_outputs_hold_no_copy_of_a_hidden_file(builds: Builds) -> None:
    hidden = {sha256(builds.data / "files" / name) for name in ("qzintfile.png", "qzresfile.png")}
    assert not [p for p in output_files(builds.public) if sha256(p) in hidden]


def test_every_output_was_built_and_public_material_is_in_it(builds: Builds) -> None:
    """The search above looked at real outputs: each kind exists and shows the public records."""
    for name in ("site/index.html", "dist/binders", "docx/speeches.docx", "report.json", "report.xlsx"):
        assert (builds.public / name).exists(), name
    pdfs = list((builds.public / "dist").rglob("*.pdf"))
    assert pdfs and any("创文推进会" in _pdf_text(p) for p in pdfs)
    assert "在创文推进会上的讲话" in searchable(builds.public / "docx" / "speeches.docx")
    assert "pubphoto" in (builds.public / "report.json").read_text(encoding="utf-8")


def test_full_outputs_hold_every_marker_so_the_search_can_fail(builds: Builds) -> None:
    hits = found_markers(builds.full)
    assert sorted(hits) == MARKERS
    where = {path.split("/")[0] for paths in hits.values() for path in paths}
    assert {"site", "dist", "docx", "report.json", "report.html", "report.xlsx"} <= where


def test_internal_report_counts_restricted_records_without_naming_them(
    builds: Builds, tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    run("report", "--data", str(builds.data), "--format", "json", "--out", str(out))  # default: internal
    text = out.read_text(encoding="utf-8")
    assert "qzintid" in text and "qzrectid" in text
    assert "QZRES" not in text.upper() and "QZSPK" not in text.upper()
    assert '"hidden_records": 2' in text and '"audience": "internal"' in text


def test_public_report_counts_public_records_only(builds: Builds) -> None:
    public = json.loads((builds.public / "report.json").read_text(encoding="utf-8"))
    full = json.loads((builds.full / "report.json").read_text(encoding="utf-8"))
    assert public["audience"] == "public" and public["hidden_records"] == 0
    # A.2 is proven only by hidden evidence: missing in public, not missing in full.
    status = {leaf["id"]: leaf["status"] for leaf in public["indicators"]}
    assert status["A.2"] == "missing"
    assert {leaf["id"]: leaf["status"] for leaf in full["indicators"]}["A.2"] != "missing"
    assert public["rectifications"] == []


@pytest.mark.parametrize(("record_id", "needed"), [("qzintid", "internal"), ("qzspkid", "full")])
def test_exporting_a_hidden_record_for_the_public_is_refused(
    builds: Builds, tmp_path: Path, record_id: str, needed: str
) -> None:
    args = ["export", "docx", record_id, "--data", str(builds.data), "--audience", "public"]
    result = invoke(*args, "--out", str(tmp_path))
    assert result.exit_code == 1
    assert f"record '{record_id}'" in result.output and "'public' audience" in result.output
    assert f"needs --audience {needed}" in result.output
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------------ §5 atomic builds
def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): sha256(p) for p in output_files(folder)}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.*"))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("synth") / "data"
    run("synth", "--records", "300", "--out", str(data))
    return data


def kill_mid_build(args: list[str], staging_glob: Path, min_files: int, delay: float = 0.0) -> None:
    """Start ``dossier ARGS``; SIGKILL it (and its workers) ``delay`` seconds after its staging folder holds
    ``min_files`` files or folders."""
    env = {**os.environ, "DOSSIER_LANG": "en"}
    proc = subprocess.Popen(
        [str(DOSSIER), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            staged = [p for s in staging_glob.parent.glob(staging_glob.name) for p in s.rglob("*")]
            if len(staged) >= min_files:
                break
            time.sleep(0.01)
        time.sleep(delay)
        assert proc.poll() is None, "the build finished before it could be interrupted"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_killed_site_build_leaves_the_previous_site_untouched(synthetic: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "site", tmp_path / "cache"
    args = ["site", "--data", str(synthetic), "--out", str(out), "--cache", str(cache)]
    run(*args)
    before = snapshot(out)
    kill_mid_build(args, tmp_path / ".site.building-*", min_files=100)
    assert snapshot(out) == before
    assert [name.split("-")[0] for name in leftovers(out)] == [".site.building"]  # killed mid-build
    run(*args)  # the next build tidies what the killed one left
    assert leftovers(out) == [] and snapshot(out) == before


def test_killed_binder_build_leaves_the_previous_binders_untouched(synthetic: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    common = ["binders", "--data", str(synthetic), "--out", str(out), "--jobs", "2"]
    run(*common, "--only", "meetings")
    target = out / "binders"
    before = snapshot(target)
    # a fresh 350-page binder takes ~7 s: kill it a second into rendering
    kill_mid_build([*common, "--only", "speeches"], out / ".binders.building-*", min_files=1, delay=1.0)
    assert snapshot(target) == before
    assert [name.split("-")[0] for name in leftovers(target)] == [".binders.building"]
    run(*common, "--only", "meetings")
    assert leftovers(target) == [] and snapshot(target) == before


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_next_build_removes_a_dead_builds_staging_but_not_a_live_one(tmp_path: Path) -> None:
    out = tmp_path / "site"
    dead, alive = _dead_pid(), os.getpid()
    for name in (f".site.building-{dead}-x1", f".site.building-{alive}-x2", f".site.old-{dead}"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("stale")
    out.mkdir()
    with atomic_output(out) as staging:
        (staging / "index.html").write_text("new")
    assert leftovers(out) == [f".site.building-{alive}-x2"]
    assert (out / "index.html").read_text() == "new"


def test_output_lost_between_the_two_renames_is_put_back(tmp_path: Path) -> None:
    """Killed after the old output was moved aside and before the new one was moved in: nothing is lost."""
    out = tmp_path / "site"
    aside = tmp_path / f".site.old-{_dead_pid()}"
    aside.mkdir()
    (aside / "index.html").write_text("previous")
    with pytest.raises(RuntimeError), atomic_output(out):
        raise RuntimeError("this build fails")
    assert (out / "index.html").read_text() == "previous" and leftovers(out) == []


# ------------------------------------------------------------------------------------------ §5 reproducible
def test_docx_and_report_builds_are_byte_identical(builds: Builds, tmp_path: Path) -> None:
    again = tmp_path / "again"
    common = ["--data", str(builds.data), "--audience", "public"]
    run("export", "docx", "--binder", "speeches", *common, "--out", str(again / "docx"))
    run("export", "docx", "pubtalk", "pubmeet", "pubphoto", *common, "--out", str(again / "docx"))
    for fmt in ("html", "xlsx", "json"):
        run("report", *common, "--format", fmt, "--out", str(again / f"report.{fmt}"))
    made = sorted(str(path.relative_to(again)) for path in output_files(again))
    assert made == [
        "docx/pubmeet.docx",
        "docx/pubphoto.docx",
        "docx/pubtalk.docx",
        "docx/speeches.docx",
        "report.html",
        "report.json",
        "report.xlsx",
    ]
    for name in made:
        assert (again / name).read_bytes() == (builds.public / name).read_bytes(), name


# ------------------------------------------------------------------------------------------ hostile inputs
def _public_archive(root: Path, extra: dict[str, str]) -> Path:
    """The trust archive without its hidden records (so every record is public), plus ``extra`` files."""
    data = write_trust_archive(root)
    for name in HIDDEN:
        (data / name).unlink()
    meeting = data / "meetings" / "pubmeet.yml"
    text = meeting.read_text(encoding="utf-8").replace(", qzspkid", "").replace(", qzintid, qzresid", "")
    meeting.write_text(text, encoding="utf-8")
    for name, content in extra.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(textwrap.dedent(content), encoding="utf-8")
    return data


def test_evidence_symlinked_to_etc_passwd_is_refused_and_never_copied(tmp_path: Path) -> None:
    data = _public_archive(tmp_path / "data", {})
    common = ["--data", str(data), "--audience", "public"]
    site, dist = tmp_path / "site", tmp_path / "dist"
    run("site", *common, "--out", str(site), "--cache", str(tmp_path / "cache"))
    run("binders", *common, "--out", str(dist), "--only", "evidence-A")
    before = {**snapshot(site), **{f"dist/{k}": v for k, v in snapshot(dist).items()}}
    (data / "files" / "passwd.png").symlink_to("/etc/passwd")
    evidence = (data / "evidence" / "pubphoto.yml").read_text(encoding="utf-8")
    (data / "evidence" / "pubphoto.yml").write_text(
        evidence + "  - {path: files/passwd.png, caption: 账号}\n", encoding="utf-8"
    )
    check = invoke("check", "--data", str(data))
    assert check.exit_code == 1 and "[file-outside]" in check.output and "passwd.png" in check.output
    for refused in (
        invoke("site", *common, "--out", str(site), "--cache", str(tmp_path / "cache")),
        invoke("binders", *common, "--out", str(dist), "--only", "evidence-A"),
        invoke("export", "docx", "pubphoto", *common, "--out", str(tmp_path / "w")),
    ):
        assert refused.exit_code == 1  # the problem itself is printed by the console script (see `check`)
        assert refused.output == "Error: 1 error(s), 0 warning(s): the archive is not valid.\n"
    after = {**snapshot(site), **{f"dist/{k}": v for k, v in snapshot(dist).items()}}
    assert after == before
    passwd = Path("/etc/passwd").read_bytes()
    for root in (site, dist):
        assert not [
            p for p in output_files(root) if p.read_bytes() == passwd or b"root:x:0:" in p.read_bytes()
        ]
    assert not (tmp_path / "w").exists()


def test_markdown_images_pointing_outside_the_archive_are_never_copied(tmp_path: Path) -> None:
    body = (
        "正文 ![a](../../../../../etc/passwd) ![b](/etc/passwd) ![c](files/link.png) "
        "![d](file:///etc/passwd) ![e](files/../../../etc/passwd)"
    )
    summary = f"""\
        title: 图片路径测试
        unit: cgj
        period: {{start: 2024-01-01, end: 2024-06-30}}
        author: 某
        date: 2024-07-01
        access: public
        body: "{body}"
    """
    data = _public_archive(tmp_path / "data", {"summaries/paths.yml": summary})
    (data / "files" / "link.png").symlink_to("/etc/passwd")
    common = ["--data", str(data), "--audience", "public"]
    run("site", *common, "--out", str(tmp_path / "out" / "site"), "--cache", str(tmp_path / "cache"))
    run("binders", *common, "--out", str(tmp_path / "out" / "dist"), "--only", "summaries")
    run("export", "docx", "paths", *common, "--out", str(tmp_path / "out" / "docx"))
    built = output_files(tmp_path / "out")
    assert any(p.name == "summaries.pdf" for p in built) and any(p.name == "paths.html" for p in built)
    assert not [p for p in built if "root:x:0:" in searchable(p)]


class _Markup(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "style")


def test_hostile_markdown_body_runs_nothing_in_page_or_search(tmp_path: Path) -> None:
    body = (HOSTILE / "files" / "script-body.md").read_text(encoding="utf-8")
    summary = (
        "title: <img src=x onerror=alert('QZXSS-title')>脚本注入测试\nunit: cgj\n"
        "period: {start: 2024-01-01, end: 2024-06-30}\nauthor: 某\ndate: 2024-07-01\naccess: public\n"
        "body: |\n" + textwrap.indent(body, "  ")
    )
    data = _public_archive(tmp_path / "data", {"summaries/xss.yml": summary})
    site = tmp_path / "site"
    run(
        "site",
        "--data",
        str(data),
        "--out",
        str(site),
        "--audience",
        "public",
        "--cache",
        str(tmp_path / "c"),
    )
    page = (site / "summaries" / "xss.html").read_text(encoding="utf-8")
    assert "QZXSSBODY" in page  # the record's text is on its page …
    for path in site.rglob("*.html"):
        markup = _Markup()
        markup.feed(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(site))
        assert not [s for s in markup.scripts if "QZXSS" in s or "alert(" in s], name
        for tag, attrs in markup.tags:
            assert tag not in {"iframe", "object", "embed"}, name
            assert not [a for a in attrs if a.startswith("on")], (name, tag, attrs)
            for attribute in URL_ATTRIBUTES:
                value = "".join(attrs.get(attribute, "").split()).lower()
                assert "javascript:" not in value and not value.startswith("data:text"), (name, tag, attrs)
            assert "QZXSS" not in attrs.get("src", "") + attrs.get("srcdoc", ""), (name, tag, attrs)
    index = "".join(p.read_text(encoding="utf-8") for p in (site / "search").rglob("*.js"))
    index = index.encode().decode("unicode_escape", "replace").lower()  # \u003c → <
    assert "qzxssbody" in index  # … and in the search index, as text with no markup left in it
    # (search.js inserts results with textContent only; tests/test_site_search.py runs it in Chromium)
    for markup_text in ("<script", "<iframe", "<svg", "<object", "<embed", "<a ", "javascript:"):
        assert markup_text not in index, markup_text


def test_five_megabyte_yaml_record_is_refused_quickly(tmp_path: Path) -> None:
    line = "  " + "创建全国文明城市" * 16 + "\n"
    huge = "title: 超大文件\nspeaker: 某\ndate: 2024-05-08\nbody: |\n" + line * (
        5 * 1024 * 1024 // len(line.encode())
    )
    data = _public_archive(tmp_path / "data", {"speeches/huge.yml": huge})
    assert (data / "speeches" / "huge.yml").stat().st_size > 5_000_000
    started = time.monotonic()
    doc, problems = read_yaml(data / "speeches" / "huge.yml")
    assert doc is None and [p.code for p in problems] == ["file-too-large"]
    result = invoke("check", "--data", str(data))
    assert result.exit_code == 1 and "huge.yml:1:1" in result.output and "[file-too-large]" in result.output
    assert time.monotonic() - started < 5
    archive, _ = load_archive(data)
    assert archive is None


def _docx_with_document_xml(path: Path, xml_padding: int, *, declared_size: int | None = None) -> Path:
    """A Word file whose word/document.xml expands to ``xml_padding`` bytes of whitespace (a zip bomb);
    with ``declared_size`` the zip's headers lie about that size, as a crafted bomb's would."""
    source = io.BytesIO()
    docx.Document().save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as template, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in template.infolist():
            content = template.read(info)
            if info.filename == "word/document.xml":
                head, tail = content.split(b"<w:body>", 1)
                with target.open("word/document.xml", "w") as bomb:
                    bomb.write(head + b"<w:body>")
                    for _ in range(xml_padding >> 20):
                        bomb.write(b" " * (1 << 20))
                    bomb.write(tail)
            else:
                target.writestr(info.filename, content)
    data = bytearray(out.getvalue())
    if declared_size is not None:
        name = b"word/document.xml"
        local = next(i for i in _all(data, b"PK\x03\x04") if data[i + 30 : i + 30 + len(name)] == name)
        central = next(i for i in _all(data, b"PK\x01\x02") if data[i + 46 : i + 46 + len(name)] == name)
        data[local + 22 : local + 26] = declared_size.to_bytes(4, "little")
        data[central + 24 : central + 28] = declared_size.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def _all(data: bytearray, needle: bytes) -> Iterator[int]:
    start = data.find(needle)
    while start >= 0:
        yield start
        start = data.find(needle, start + 1)


@pytest.mark.parametrize("declared_size", [None, 4096], ids=["honest-headers", "lying-headers"])
def test_docx_whose_document_xml_is_a_zip_bomb_is_refused(tmp_path: Path, declared_size: int | None) -> None:
    data = _public_archive(tmp_path / "data", {})
    before = snapshot(data)
    bomb = _docx_with_document_xml(tmp_path / "bomb.docx", 400 << 20, declared_size=declared_size)
    assert bomb.stat().st_size < 2 << 20  # 400 MB of XML in under 2 MB
    result = run_child([str(DOSSIER), "--lang", "en", "import", str(bomb), "--data", str(data)])
    assert result.returncode == 1, result.stderr
    assert f"Error: {bomb}: refused: the .docx would expand to an unreasonable size" in result.stderr
    assert result.seconds < 10
    assert result.peak_mb < 200  # the whole `dossier import` process: the 400 MB of XML are never held
    assert snapshot(data) == before
