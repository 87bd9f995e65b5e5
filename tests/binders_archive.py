"""A small archive with every kind of record and attachment, written for the binder tests."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import docx
import media_files
from PIL import Image, ImageDraw

ARCHIVE = """\
title: 样例市创建全国文明城市工作档案
campaign: 样例市创建全国文明城市
fonds: {code: "Z109", name: 样例市创建全国文明城市工作指挥部办公室}
period: {start: 2024-01-01, end: 2025-12-31}
today: 2025-09-15
max_score: 10
retention_defaults: {speech: D30, evidence: D30, rectification: D10}
"""

UNITS = """\
- {id: wmb, name: 样例市文明办, short: 文明办, org_code: WMB}
- {id: cgj, name: 样例市城市管理局, short: 城管局}
"""

INDICATORS = """\
- id: A
  title: 公共秩序
  score: 6
  children:
    - {id: A.1, title: 市容环境, score: 6}
- id: B
  title: 志愿服务
  score: 4
  children:
    - {id: B.1, title: 志愿服务站点, score: 4}
"""

PARAGRAPH = (
    "全市上下要坚持以人民为中心的发展思想，把创建全国文明城市作为推动高质量发展的重要抓手，"
    "对照测评体系逐项梳理短板弱项，做到问题不解决不放过、整改不到位不放过、群众不满意不放过。"
)


def speech_body(paragraphs: int) -> str:
    parts = [
        "同志们：",
        PARAGRAPH,
        "## 一、统一思想，提高认识",
        PARAGRAPH * 2,
        "### （一）明确目标任务",
        PARAGRAPH,
    ]
    parts += ["#### 1. 压实责任", PARAGRAPH, "##### （1）强化督查", PARAGRAPH]
    parts += ["## 二、突出重点，补齐短板"] + [PARAGRAPH * 2] * paragraphs
    return "\n\n".join(parts)


def _yaml_block(text: str) -> str:
    return "|\n" + textwrap.indent(text, "  ")


def photo(width: int, height: int, colour: str, fmt: str) -> bytes:
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, width - 20, height - 20), outline="black", width=8)
    draw.line((0, 0, width, height), fill="white", width=6)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def scan_pdf(pages: int) -> bytes:
    images = []
    for n in range(pages):
        image = Image.new("RGB", (850, 1100), "#f4f1e8")
        draw = ImageDraw.Draw(image)
        draw.rectangle((60, 60, 790, 1040), outline="#333", width=6)
        draw.text((100, 100), f"SCANNED PAGE {n + 1}", fill="black")
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=100)
    return out.getvalue()


def word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("志愿服务活动方案")
    document.add_paragraph(media_files.DOCX_SENTENCE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def records() -> dict[str, str]:
    return {
        "speeches/s1.yml": f"""\
title: 在全市创建全国文明城市推进大会上的讲话
speaker: 王明
speaker_role: 市委副书记
date: 2024-03-12
meeting: m1
units: [wmb]
indicators: [A.1]
access: public
body: {_yaml_block(speech_body(6))}
""",
        "speeches/s2.yml": f"""\
title: 在志愿服务工作调度会上的讲话
speaker: 李华
date: 2025-04-02
units: [wmb]
body: {_yaml_block("同志们：" + chr(10) + chr(10) + PARAGRAPH)}
""",
        "meetings/m1.yml": f"""\
title: 全市创建全国文明城市推进大会
date: 2024-03-12
time: "09:00"
location: 市政府第一会议室
host: 张强
attendees: [王明, 赵敏, 钱进]
absent: [孙立（出差）]
observers: [各责任单位联络员]
recorder: 周洁
agenda: [通报创建工作进展, 部署下一阶段任务]
decisions: [各单位于3月底前完成自查, 建立周调度制度]
minutes: {_yaml_block("### （一）㐀溪片区" + chr(10) + chr(10) + PARAGRAPH * 3)}
speeches: [s1]
units: [wmb]
access: public
""",
        "summaries/u1.yml": f"""\
title: 城市管理局2024年创建工作总结
unit: cgj
period: {{start: 2024-01-01, end: 2024-12-31}}
author: 吴刚
date: 2024-12-20
indicators: [A.1]
body: {_yaml_block(speech_body(2) + chr(10) * 2 + "![整治现场](files/photos/wide.png)" + chr(10) * 2 + "![外链](https://example.com/x.png)")}
figures:
  - {{label: 整治点位, value: 128, unit: 个}}
""",
        "evidence/e1.yml": """\
title: 幸福路门前三包签约现场照片
kind: photo
date: 2024-05-09
location: 幸福路
people: [城管局执法人员, 沿街商户]
units: [cgj]
indicators: [A.1]
access: public
files:
  - path: files/photos/wide.png
    caption: 时间：2024年5月9日；地点：幸福路；人物：城管局执法人员、沿街商户；事由：门前三包责任书签约
  - path: files/photos/tall.jpg
""",
        "evidence/e2.yml": """\
title: 志愿服务站点建设台账（扫描件）
kind: scan
date: 2024-06-18
units: [wmb]
indicators: [B.1]
files:
  - path: files/scans/ledger.pdf
""",
        "evidence/e3.yml": """\
title: 志愿服务活动照片
kind: photo
date: 2024-07-01
units: [wmb]
indicators: [B.1]
files:
  - path: files/photos/broken.jpg
  - path: files/documents/broken.xlsx
""",
        "evidence/e4.yml": """\
title: 志愿服务站点实施方案、台账与活动视频
kind: document
date: 2024-08-01
units: [wmb]
indicators: [B.1]
files:
  - path: files/documents/plan.docx
  - path: files/documents/ledger.xlsx
  - path: files/video/activity.mp4
""",
        "rectifications/r1.yml": """\
title: 幸福路早市占道经营整改
problem: 幸福路早市占道经营，影响通行
found_by: 第一督查组
found_on: 2024-06-01
unit: cgj
deadline: 2024-06-30
status: verified
closed_on: 2024-06-20
measures: 设置临时疏导点，安排专人值守，疏导点位于𠀀字巷。
""",
    }


def write(root: Path) -> Path:
    """Write the archive under ``root`` and return it."""
    files: dict[str, str | bytes] = {
        "archive.yml": ARCHIVE,
        "units.yml": UNITS,
        "indicators.yml": INDICATORS,
        **records(),
        "files/photos/wide.png": photo(1600, 1000, "#5a8fbf", "PNG"),
        "files/photos/tall.jpg": photo(900, 1400, "#6aa84f", "JPEG"),
        "files/photos/broken.jpg": b"\xff\xd8\xff\xe0 this is not a picture",
        "files/scans/ledger.pdf": scan_pdf(2),
        "files/documents/plan.docx": word_file(),
        "files/documents/broken.xlsx": b"PK\x03\x04 not a workbook",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    media_files.write_xlsx(root / "files/documents/ledger.xlsx")
    (root / "files/video").mkdir(parents=True)
    media_files.write_video(root / "files/video/activity.mp4")
    return root
