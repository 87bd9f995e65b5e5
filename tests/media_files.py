"""Small office documents and a short video, made by the tests themselves (python-docx, openpyxl, PyAV)."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from PIL import Image, ImageDraw

DOCX_SENTENCE = "全市各单位要落实门前三包责任制，实行网格化管理。"
XLSX_CELL = "占道经营整改台账第七项"
VIDEO_SECONDS = 3


def write_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("创建全国文明城市实施方案", level=1)
    document.add_paragraph(DOCX_SENTENCE)
    document.save(path)
    return path


def write_xlsx(path: Path, columns: int = 12) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    sheet.append(["序号", "单位", "问题", *[f"列{n}" for n in range(columns - 3)]])
    for n in range(1, 11):
        problem = XLSX_CELL if n == 7 else f"问题{n}"
        sheet.append([n, "城管局", problem, *["—"] * (columns - 3)])
    sheet.column_dimensions["C"].width = 30
    book.create_sheet("空表")
    book.save(path)
    return path


def write_video(
    path: Path, seconds: int = VIDEO_SECONDS, fps: int = 10, tags: dict[str, str] | None = None
) -> Path:
    """A small H.264 MP4 of moving colour bars that browsers play, with container ``tags`` if given."""
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        container.metadata.update(tags or {})
        for index in range(seconds * fps):
            image = Image.new("RGB", (160, 120), "#20a040")
            ImageDraw.Draw(image).rectangle((0, 0, (index * 5) % 160, 60), fill="#c82828")
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
