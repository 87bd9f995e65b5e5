"""Fixtures for the website tests: a small archive made for the site, and real MkDocs builds of it.

Builds are expensive (MkDocs + Material), so each (archive, audience) is built once per test session and
shared; tests only read the output.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ARCHIVE_YML, DEMO, write_archive
from PIL import Image

from generator.model import Archive, Audience
from generator.site.publish import publish
from generator.validate import require_archive

RESTRICTED_MARKER = "QX7ZRESTRICTED"
INTERNAL_MARKER = "IN4KINTERNAL"
PHRASE = "坚决不能出现做了大量工作却没有资料佐证的情况"  # in exactly one record body


def _jpeg(colour: tuple[int, int, int], comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG", comment=comment)
    return buffer.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

SITE_FILES: dict[str, str | bytes | None] = {
    "archive.yml": ARCHIVE_YML + "today: 2025-01-15\n",
    "files/photo.jpg": _jpeg((200, 40, 40)),
    "files/photo2.jpg": _jpeg((40, 120, 200)),
    "files/ledger.pdf": PDF,
    f"files/{RESTRICTED_MARKER}.jpg": _jpeg((10, 10, 10), RESTRICTED_MARKER.encode()),
    "meetings/m1.yml": """\
        title: 创文推进会
        date: 2024-05-08
        location: 市政府第一会议室
        host: 李某
        attendees: [王某, 赵某]
        recorder: 钱某
        agenda: [通报进展]
        minutes: |
          ## 一、会议议程

          会议通报了门前三包责任制落实情况。
        speeches: [s1, s2, secret-qx7zrestricted]
        evidence: [e1, e2]
        units: [wmb]
        access: public
    """,
    "speeches/s1.yml": """\
        title: 在推进会上的讲话
        speaker: 王某
        speaker_role: 市委副书记
        date: 2024-05-08
        meeting: m1
        indicators: [A.1]
        access: public
        body: |
          同志们：

          ## 一、提高认识

          ### （一）统一思想

          创建工作千头万绪，要抓住重点。

          #### 1. 抓好门前三包

          ##### （1）明确责任

          沿街商户要落实门前三包责任。

          ## 二、狠抓落实

          城市牛皮癣要坚决清理，小广告不能反弹。
    """,
    "speeches/s2.yml": f"""\
        title: 在档案资料工作会上的讲话
        speaker: 赵某
        date: 2024-06-10
        meeting: m1
        body: |
          ## 一、档案工作要做细

          各单位{PHRASE}。档案资料一定要做精、做优、做细。
    """,
    # Holds 牛皮 and 皮癣 many times, but never 牛皮癣: must rank below the record that has the phrase.
    "speeches/s3.yml": """\
        title: 关于牛皮纸档案袋和皮癣防治宣传的说明
        speaker: 孙某
        date: 2024-07-01
        access: public
        body: |
          牛皮纸档案袋统一采购。牛皮纸档案袋按卷使用。牛皮纸档案袋不得混用。
          皮癣防治宣传进社区。皮癣防治知识进校园。皮癣防治义诊进广场。
          大量工作要有资料佐证，做了工作却没有资料是不行的。
    """,
    "summaries/sum1.yml": """\
        title: 2024年志愿服务工作总结
        unit: wmb
        period: {start: 2024-01-01, end: 2024-06-30}
        author: 周某
        date: 2024-07-05
        indicators: [A.2]
        access: public
        body: |
          ## 一、基本情况

          全年开展志愿服务活动120场次，注册志愿者8000人。
        figures:
          - {label: 注册志愿者, value: 8000, unit: 人}
    """,
    # Hostile text: must show as text, never run, in the page and in search results.
    "summaries/sum2.yml": """\
        title: <img src=x onerror="window.__pwned=1">标题注入测试
        unit: cgj
        period: {start: 2024-01-01, end: 2024-03-31}
        date: 2024-04-02
        body: |
          <script>window.__pwned=2</script>注入正文测试 <a href="javascript:window.__pwned=3">点此</a>
    """,
    "evidence/e2.yml": """\
        title: 门前三包责任书台账
        kind: ledger
        date: 2024-05-20
        files:
          - {path: files/ledger.pdf, pages: 1}
          - {path: files/photo2.jpg, caption: 2024年5月20日，建设路商户签订责任书}
        units: [cgj]
        indicators: [A.1]
        access: public
    """,
    "rectifications/r2.yml": f"""\
        title: 建设路小广告反弹 {INTERNAL_MARKER}
        problem: 建设路电线杆小广告反复出现 {INTERNAL_MARKER}
        found_by: 第二督查组
        found_on: 2024-11-01
        unit: cgj
        deadline: 2024-12-31
        status: open
        access: internal
    """,
    "speeches/secret-qx7zrestricted.yml": f"""\
        title: 内部研判讲话 {RESTRICTED_MARKER}
        speaker: 保密人{RESTRICTED_MARKER}
        date: 2024-05-08
        meeting: m1
        access: restricted
        body: |
          ## 一、研判 {RESTRICTED_MARKER}

          门前三包 {RESTRICTED_MARKER} 不得外传。
    """,
    "evidence/e-qx7zrestricted.yml": f"""\
        title: 受限照片 {RESTRICTED_MARKER}
        kind: photo
        date: 2024-05-10
        files:
          - {{path: files/{RESTRICTED_MARKER}.jpg, caption: 受限 {RESTRICTED_MARKER}}}
        access: restricted
    """,
}


@pytest.fixture(scope="session")
def site_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small site archive (valid; every kind; one restricted and one internal record with markers)."""
    return write_archive(tmp_path_factory.mktemp("site-data") / "data", SITE_FILES)


@pytest.fixture(scope="session")
def site_archive(site_data: Path) -> Archive:
    return require_archive(site_data)[0]


@pytest.fixture(scope="session")
def build_site_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Archive, Audience], Path]:
    """build(archive, audience) → the built site folder; each pair is built once per session."""
    built: dict[tuple[str, str], Path] = {}
    cache = tmp_path_factory.mktemp("site-cache")

    def build(archive: Archive, audience: Audience) -> Path:
        key = (str(archive.root), audience)
        if key not in built:
            out = tmp_path_factory.mktemp(f"site-{audience}")
            publish(archive, out, audience, cache)
            built[key] = out
        return built[key]

    return build


@pytest.fixture(scope="session")
def site_internal(site_archive: Archive, build_site_once: Callable[[Archive, Audience], Path]) -> Path:
    return build_site_once(site_archive, "internal")


@pytest.fixture(scope="session")
def demo_archive() -> Archive:
    archive, _ = require_archive(DEMO)  # an invalid demo archive fails here with every problem listed
    return archive


@pytest.fixture(scope="session")
def demo_site(demo_archive: Archive, build_site_once: Callable[[Archive, Audience], Path]) -> Path:
    return build_site_once(demo_archive, "internal")
