"""Messy office spreadsheets and photos, made the way offices make them: merged title rows above the header,
notes below, group columns merged down, headers in their own words, dates in every form."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PIL import Image

_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867


def photo(path: Path, taken: dt.date | None, colour: tuple[int, int, int] = (180, 40, 40)) -> Path:
    """A small JPEG with EXIF DateTimeOriginal ``taken``; ``colour`` makes each photo's bytes its own."""
    image = Image.new("RGB", (96, 64), colour)
    for x in range(0, 96, 8):  # a pattern, so the photo is no flat colour
        image.putpixel((x, x % 64), (255 - colour[0], 255 - colour[1], 255 - colour[2]))
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(_EXIF_IFD)[_DATE_TIME_ORIGINAL] = taken.strftime("%Y:%m:%d 09:30:00")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=exif.tobytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


def workbook(
    path: Path,
    sheet: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    titles: Sequence[str] = (),
    notes: Sequence[str] = (),
    merges: Sequence[str] = (),
) -> Path:
    """A sheet with ``titles`` merged across above the header, ``notes`` below, and ``merges`` (ranges
    counted from the first data row as row 1, e.g. "A1:A3") merged down."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    width = len(header)
    last = chr(ord("A") + width - 1)
    for title in titles:
        ws.append([title])
        ws.merge_cells(f"A{ws.max_row}:{last}{ws.max_row}")
    ws.append(list(header))
    first_data = ws.max_row + 1
    for row in rows:
        ws.append(list(row))
    for merge in merges:
        start, end = merge.split(":")
        ws.merge_cells(f"{start[0]}{int(start[1:]) + first_data - 1}:{end[0]}{int(end[1:]) + first_data - 1}")
    ws.append([])
    for note in notes:
        ws.append([note])
        ws.merge_cells(f"A{ws.max_row}:{last}{ws.max_row}")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def units_sheet(path: Path) -> Path:
    return workbook(
        path,
        "责任单位",
        ["序号", "单位名称", "简称", "分管领导", "联络员", "联系电话"],
        [
            [1, "测试市城市管理局", "城管局", "赵局长", "张三", 13800000001],
            [2, "测试市文明办", "文明办", "钱主任", "李四", 13800000002],
            [3, "测试市公安局", "公安局", "孙局长", "王五", 13800000003],
            [4, "测试市教育局", "教育局", "周局长", "吴六", 13800000004],
        ],
        titles=["测试市创建全国文明城市责任单位名单"],
        notes=["注：联络员变动请及时告知创建办。"],
    )


def framework_sheet(path: Path) -> Path:
    """版块 and 测评项目 merged down over their 测评内容 rows; ids as people write them."""
    rows = [
        [
            "A 公共秩序（6分）",
            "A.1 市容环境",
            "A1.1",
            "门前三包",
            "沿街商户落实门前三包责任制",
            2,
            "材料审核、实地考察",
            "城管局",
        ],
        [None, None, "A-1-2", "占道经营", "城区主次干道无占道经营", 2, "实地考察", "城管局、公安局"],
        [None, "A.2 交通秩序", "A.2.1", "文明交通", "主要路口通行秩序良好", 2, "实地考察", "公安局"],
        [
            "B 志愿服务（4分）",
            "B.1 志愿队伍",
            "B.1.1",
            "注册志愿者",
            "注册志愿者占城市常住人口比例达标",
            2,
            "材料审核",
            "文明办",
        ],
        [None, None, "B.1.2", "志愿服务活动", "常态化开展志愿服务活动", 1, "材料审核", "文明办"],
        [None, "B.2 校园志愿", "B.2.1", "学生志愿服务", "中小学生参加志愿服务", 1, "材料审核", "教育局"],
        ["合计", None, None, None, None, 10, None, None],
    ]
    return workbook(
        path,
        "测评体系",
        ["版块", "测评项目", "编号", "测评内容", "测评标准", "分值", "测评方法", "牵头单位"],
        rows,
        titles=["测试市创建全国文明城市测评体系（材料审核部分）"],
        notes=["说明：本表分值合计10分。"],
        merges=["A1:A3", "B1:B2", "A4:A6", "B4:B5"],
    )
