"""A readiness test archive whose coverage, gaps, overdue items, duplicates and window violations are known.

Indicators (points): A 60 → A.1 30 (cgj) → A.1.1 20, A.1.2 10; A.2 30 → A.2.1, A.2.2 (unscored: 15 each);
B 40 (jyj) → B.1 25, B.2 15 (wmb). Window 2024-08-01 – 2025-07-31; today 2025-06-15.
Tests spell out what each as-of date must show; this module only writes the files.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from generator import filefacts
from generator.model import Archive
from generator.readiness import nearpairs
from generator.validate import require_archive

ARCHIVE = """\
title: 样例市创文档案
campaign: 创建全国文明城市
fonds: {code: Z901, name: 样例市创文办}
period: {start: 2024-01-01, end: 2025-12-31}
assessment_window: {start: 2024-08-01, end: 2025-07-31}
max_score: 100
target_score: 90
today: 2025-06-15
plan:
  - {date: 2025-01-31, percent: 80}
  - {date: 2025-04-30, percent: 95}
  - {date: 2025-07-31, percent: 100}
"""

UNITS = """\
- {id: wmb, name: 样例市文明办, short: 文明办}
- {id: cgj, name: 样例市城管局, short: 城管局}
- {id: jyj, name: 样例市教育局, short: 教育局}
"""

INDICATORS = """\
- id: A
  title: 公共环境
  score: 60
  units: [wmb]
  children:
    - id: A.1
      title: 市容市貌
      score: 30
      units: [cgj]
      children:
        - {id: A.1.1, title: 主次干道整洁, score: 20}
        - {id: A.1.2, title: 门前三包, score: 10}
    - id: A.2
      title: 志愿服务
      score: 30
      children:
        - {id: A.2.1, title: 志愿服务站点}
        - {id: A.2.2, title: 志愿者注册率}
- id: B
  title: 未成年人思想道德建设
  score: 40
  units: [jyj]
  children:
    - {id: B.1, title: 校园文明, score: 25}
    - {id: B.2, title: 家庭教育, score: 15, units: [wmb]}
"""


def _evidence(title: str, date: str, files: list[str], indicators: list[str], kind: str = "photo") -> str:
    listed = "".join(f"\n  - path: {f}" for f in files)
    return f"title: {title}\nkind: {kind}\ndate: {date}\nunits: [wmb]\nindicators: {indicators}\nfiles:{listed}\n"


def _meeting(title: str, date: str, indicators: list[str]) -> str:
    return textwrap.dedent(f"""\
        title: {title}
        date: {date}
        location: 市政府会议室
        host: 李某
        attendees: [王某]
        recorder: 钱某
        agenda: [通报进展]
        minutes: 会议通报了进展。
        indicators: {indicators}
        """)


def _rectification(  # noqa: PLR0917 — one ledger row, its columns in order
    unit: str, found: str, deadline: str, status: str, closed: str | None, evidence: str
) -> str:
    text = (
        f"title: 整改 {unit} {found}\nproblem: 发现的问题\nfound_by: 督查组\nfound_on: {found}\n"
        f"unit: {unit}\ndeadline: {deadline}\nstatus: {status}\nevidence: {evidence}\n"
    )
    return text + (f"closed_on: {closed}\n" if closed else "")


RECORDS: dict[str, str] = {
    "evidence/e-photo1.yml": _evidence("道路保洁", "2024-09-10", ["files/p1.jpg"], ["A.1.1"]),
    "meetings/m-1.yml": _meeting("市容推进会", "2024-09-10", ["A.1.1"]),
    "speeches/s-1.yml": "title: 讲话\nspeaker: 王某\ndate: 2024-10-01\nindicators: [A.1.2]\nbody: 同志们：\n",
    "summaries/sum-1.yml": (
        "title: 城管局小结\nunit: cgj\nperiod: {start: 2024-09-01, end: 2024-11-30}\ndate: 2024-12-01\n"
        "indicators: [A.1.2]\nbody: 三个月来……\n"
    ),
    # p2.jpg is p1.jpg shrunk and re-compressed: a recycled photo, with p1's camera date
    "evidence/e-photo2.yml": _evidence("志愿服务站", "2025-03-05", ["files/p2.jpg"], ["A.2.1"]),
    "evidence/e-doc1.yml": _evidence("志愿服务制度", "2025-03-06", ["files/d1.pdf"], ["A.2.1"], "document"),
    "evidence/e-doc2.yml": _evidence(
        "校园文明制度", "2025-05-20", ["files/d1-copy.pdf"], ["B.1"], "document"
    ),
    "evidence/e-old.yml": _evidence("旧台账", "2024-03-01", ["files/old.pdf"], ["A.2.2"], "ledger"),
    "meetings/m-late.yml": _meeting("家庭教育会", "2025-08-15", ["B.2"]),
    "evidence/e-gen.yml": _evidence("公共环境总体方案", "2024-11-11", ["files/gen.pdf"], ["A"], "document"),
    "speeches/sp-2.yml": "title: 校园讲话\nspeaker: 赵某\ndate: 2025-07-01\nindicators: [B.1]\nbody: 同学们：\n",
    "evidence/e-photo3.yml": _evidence("宣传栏", "2025-04-02", ["files/p3.jpg"], []),
    "rectifications/r-1.yml": _rectification("cgj", "2025-01-10", "2025-03-31", "open", None, "[]"),
    "rectifications/r-2.yml": _rectification(
        "wmb", "2025-02-01", "2025-04-30", "verified", "2025-05-20", "[e-doc1]"
    ),
    "rectifications/r-3.yml": _rectification(
        "jyj", "2025-03-01", "2025-07-31", "rectified", "2025-06-01", "[]"
    ),
    "rectifications/r-4.yml": _rectification("cgj", "2025-07-01", "2025-07-20", "open", None, "[]"),
    "self_scores/cgj-2025-01.yml": (
        "- {unit: cgj, month: 2025-01, indicator: A.1.1, score: 14}\n"
        "- {unit: cgj, month: 2025-01, indicator: A.1.2, score: 7, note: 门前三包签约未完成}\n"
    ),
    "self_scores/cgj-2025-04.yml": (
        "- {unit: cgj, month: 2025-04, indicator: A.1.1, score: 18}\n"
        "- {unit: cgj, month: 2025-04, indicator: A.1.2, score: 9}\n"
    ),
    "self_scores/wmb-2025-05.yml": "unit: wmb\nmonth: 2025-05\nindicator: A.2\nscore: 20\n",
}


def scene(seed: int) -> Image.Image:
    """A photo-like picture: soft shapes on a gradient, different for every seed."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((320, 240)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(0, 300), rng.randrange(0, 220)
        w, h = rng.randrange(30, 140), rng.randrange(30, 120)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x, y, x + w, y + h), fill=colour)
    return image


def save_photo(image: Image.Image, path: Path, taken: str | None, quality: int = 90) -> None:
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[36867] = taken
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=quality, exif=exif)


def write_readiness_archive(root: Path) -> Path:
    for name, text in {
        "archive.yml": ARCHIVE,
        "units.yml": UNITS,
        "indicators.yml": INDICATORS,
        **RECORDS,
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    files = root / "files"
    first = scene(1)
    save_photo(first, files / "p1.jpg", "2024:09:10 09:30:00")
    save_photo(first.resize((200, 150)), files / "p2.jpg", "2024:09:10 09:30:00", quality=60)
    save_photo(scene(2), files / "p3.jpg", "2025:03:30 15:00:00")
    (files / "d1.pdf").write_bytes(b"%PDF-1.4 volunteer rules\n")
    (files / "d1-copy.pdf").write_bytes(b"%PDF-1.4 volunteer rules\n")
    (files / "old.pdf").write_bytes(b"%PDF-1.4 old ledger\n")
    (files / "gen.pdf").write_bytes(b"%PDF-1.4 general plan\n")
    return root


@pytest.fixture(scope="session")
def readiness_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The readiness archive's data folder (shared: tests must not change it; copy it first)."""
    return write_readiness_archive(tmp_path_factory.mktemp("readiness") / "data")


@pytest.fixture(scope="session")
def readiness_archive(readiness_data: Path) -> Archive:
    archive, _warnings = require_archive(readiness_data)
    return archive


# The file facts and near-pair stores keep what they read in the process (for `mkdocs serve`); tests that
# count what is read again start each test, and each simulated new `dossier` run, without those memories.
@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty in-process memories, as a new `dossier` process would start with."""
    monkeypatch.setattr(filefacts, "_memory", {})
    monkeypatch.setattr(filefacts, "_files", {})
    monkeypatch.setattr(nearpairs, "_memory", {})


def new_process() -> None:
    filefacts._memory.clear()
    filefacts._files.clear()
    nearpairs._memory.clear()
