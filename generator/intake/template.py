"""``dossier template``: the workbook the office sends a unit to fill — and imports back without an error.

Sheets: 填写说明 (how to fill it in, in Chinese), the entry sheet (报送表 / 整改台账 / 自测打分: a title row,
the unit's line, the header with a note on every column, drop-down lists and date formats on the rows),
本单位指标 (the unit's indicators with their standards, for reference; the import skips it) and a hidden
选项 sheet holding the drop-down lists. The headers are the first words of ``headers.SYNONYMS``, so the
import reads them back; every text cell is written as text (``cells.text_cell``), never as a formula.
Same archive, same date, same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from generator.dates import cn_date
from generator.intake.cells import text_cell
from generator.intake.headers import SYNONYMS
from generator.intake.values import ACCESS, EVIDENCE_KIND
from generator.model import Archive, Indicator
from generator.readiness.coverage import responsible_units
from generator.reproducible import fixed_zip

TemplateKind = Literal["evidence", "rectifications", "self-scores"]
FILL_ROWS: Final = 500  # rows that get the drop-downs and formats
OPTIONS_SHEET: Final = "选项"
REFERENCE_SHEET: Final = "本单位指标"
INSTRUCTIONS_SHEET: Final = "填写说明"
_TITLE_LABEL: Final = 28  # characters of an indicator's name in its drop-down label


@dataclass(frozen=True)
class Column:
    field: str
    width: int
    note: str
    date: str = ""  # a number format for a date column
    choices: str = ""  # the options column holding its drop-down list


ENTRY_SHEETS: Final[dict[TemplateKind, str]] = {
    "evidence": "报送表",
    "rectifications": "整改台账",
    "self-scores": "自测打分",
}
COLUMNS: Final[dict[TemplateKind, tuple[Column, ...]]] = {
    "evidence": (
        Column(
            "indicator", 26, "从下拉列表选择本条材料佐证的测评指标（见“本单位指标”）", choices="indicators"
        ),
        Column("date", 12, "材料形成或活动的日期，如 2024-05-08 或 2024年5月8日", date="yyyy-mm-dd"),
        Column("title", 30, "材料名称或活动事由，如：幸福路门前三包签约仪式"),
        Column("kind", 10, "从下拉列表选择：照片、文件、台账、视频、简报、扫描件、统计表", choices="kinds"),
        Column("location", 16, "活动地点（照片必填）"),
        Column("people", 16, "照片中的人物或参加人员，多人用顿号分隔"),
        Column("files", 30, "与本表放在同一文件夹（或其子文件夹）中的文件名，多个文件用顿号分隔或换行"),
        Column("caption", 30, "照片说明：时间、地点、人物、事由；不填则按本行自动生成"),
        Column("unit", 16, "不填即为本表的填报单位；多个单位联合开展时从下拉列表选择", choices="units"),
        Column("access", 10, "从下拉列表选择：公开、内部、受限；不填为内部", choices="access"),
    ),
    "rectifications": (
        Column("problem", 36, "发现的问题，写清地点和具体情况"),
        Column("found_by", 14, "发现问题的督查组、暗访组或单位"),
        Column("found_on", 12, "发现日期，如 2024-05-08", date="yyyy-mm-dd"),
        Column("unit", 16, "负责整改的责任单位，从下拉列表选择", choices="units"),
        Column("deadline", 12, "整改时限（日期）", date="yyyy-mm-dd"),
        Column("status", 10, "从下拉列表选择：未整改、整改中、已整改、已销号", choices="statuses"),
        Column("measures", 30, "采取的整改措施"),
        Column("closed_on", 12, "整改完成日期（已整改、已销号时填写）", date="yyyy-mm-dd"),
        Column("files", 28, "销号佐证材料的文件名（与本表同一文件夹），多个用顿号分隔"),
        Column("indicator", 24, "问题对应的测评指标（可不填）", choices="indicators"),
    ),
    "self-scores": (
        Column("unit", 16, "自评单位，从下拉列表选择", choices="units"),
        Column("month", 10, "自评月份，如 2024-05", date="yyyy-mm"),
        Column("indicator", 26, "自评的测评指标，从下拉列表选择", choices="indicators"),
        Column("score", 10, "自评得分，不超过该指标分值"),
        Column("note", 30, "扣分原因或尚缺的材料"),
    ),
}
_TITLES: Final[dict[TemplateKind, str]] = {
    "evidence": "创建工作佐证材料报送表",
    "rectifications": "问题整改台账",
    "self-scores": "自测打分表",
}


def header_word(kind: TemplateKind, field: str) -> str:
    """The header our templates write for ``field``: the first of its synonyms."""
    return SYNONYMS[kind][field][0]


def unit_indicators(archive: Archive, unit: str | None) -> list[Indicator]:
    """The leaves a unit is responsible for (all leaves when no unit is named, or it is named on none)."""
    leaves = archive.indicators.leaves()
    if unit is None:
        return leaves
    mine = [leaf for leaf in leaves if unit in responsible_units(archive, leaf)]
    return mine or leaves


def indicator_label(node: Indicator) -> str:
    title = node.title if len(node.title) <= _TITLE_LABEL else node.title[: _TITLE_LABEL - 1] + "…"
    return f"{node.id} {title}"


def template_moment(archive: Archive) -> dt.datetime:
    """The date stamped in the workbook: SOURCE_DATE_EPOCH, else the archive's fixed today, else its start."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    day = archive.info.today or archive.info.period.start
    return dt.datetime.combine(day, dt.time())


def build_template(archive: Archive, kind: TemplateKind, unit: str | None = None) -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415 — only `dossier template` pays for it

    book = Workbook()
    unit_name = archive.units[unit].name if unit else ""
    indicators = unit_indicators(archive, unit)
    instructions = book.active
    instructions.title = INSTRUCTIONS_SHEET
    entry = book.create_sheet(ENTRY_SHEETS[kind])
    reference = book.create_sheet(REFERENCE_SHEET)
    options = book.create_sheet(OPTIONS_SHEET)
    lists = _fill_options(options, archive, indicators)
    _fill_instructions(instructions, archive, kind, unit_name)
    _fill_entry(entry, archive, kind, unit_name, lists)
    _fill_reference(reference, archive, indicators)
    options.sheet_state = "hidden"
    book.active = 1
    moment = template_moment(archive)
    book.properties.created = moment
    book.properties.modified = moment
    book.properties.creator = "dossier"
    book.properties.title = _TITLES[kind]
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_zip(buffer.getvalue(), moment)


# ------------------------------------------------------------------------------------------ sheets
def _fill_options(sheet: Any, archive: Archive, indicators: Sequence[Indicator]) -> dict[str, str]:
    """The drop-down lists, one column each; returns list name → its cell range."""
    units = [u.short or u.name for u in archive.units.values()]
    columns = {
        "indicators": [indicator_label(node) for node in indicators],
        "units": units,
        "access": _words(ACCESS.shown()),
        "kinds": _words(EVIDENCE_KIND.shown()),
        "statuses": ["未整改", "整改中", "已整改", "已销号"],
    }
    ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(columns.items(), start=1):
        letter = chr(ord("A") + index - 1)
        for row, value in enumerate(values or ["-"], start=1):
            text_cell(sheet, row, index, value)
        ranges[name] = f"'{OPTIONS_SHEET}'!${letter}$1:${letter}${max(len(values), 1)}"
    return ranges


def _words(shown: str) -> list[str]:
    return shown.split("、")


def _fill_entry(
    sheet: Any, archive: Archive, kind: TemplateKind, unit_name: str, lists: dict[str, str]
) -> None:
    from openpyxl.comments import Comment  # noqa: PLC0415
    from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    columns = COLUMNS[kind]
    last = get_column_letter(len(columns))
    title = text_cell(sheet, 1, 1, f"{archive.info.campaign}{_TITLES[kind]}")
    title.font = Font(bold=True, size=16)
    title.alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A1:{last}1")
    text_cell(sheet, 2, 1, f"填报单位：{unit_name}" if unit_name else "填报单位：")
    sheet.merge_cells(f"A2:{last}2")
    header_row = 3
    first, end = header_row + 1, header_row + FILL_ROWS
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = text_cell(sheet, header_row, index, header_word(kind, column.field))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.comment = Comment(column.note, "dossier", width=220, height=90)
        sheet.column_dimensions[letter].width = column.width
        if column.date:
            for row in range(first, end + 1):
                sheet.cell(row=row, column=index).number_format = column.date
        if column.choices:
            validation = DataValidation(type="list", formula1=lists[column.choices], allow_blank=True)
            validation.error = "请从下拉列表中选择"
            validation.errorTitle = "输入值无效"
            sheet.add_data_validation(validation)
            validation.add(f"{letter}{first}:{letter}{end}")
    sheet.freeze_panes = f"A{first}"


def _fill_reference(sheet: Any, archive: Archive, indicators: Sequence[Indicator]) -> None:
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415

    headers = ("编号", "版块", "测评项目", "测评内容", "测评标准", "分值")
    for index, word in enumerate(headers, start=1):
        text_cell(sheet, 1, index, word).font = Font(bold=True)
    for row, node in enumerate(indicators, start=2):
        ancestors = _ancestors(archive, node)
        values = (node.id, ancestors[0], ancestors[1], node.title, node.standard or "")
        for index, value in enumerate(values, start=1):
            text_cell(sheet, row, index, value).alignment = Alignment(wrap_text=True, vertical="top")
        if node.score is not None:
            sheet.cell(row=row, column=6, value=node.score)
    for letter, width in zip("ABCDEF", (10, 14, 16, 24, 50, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def _ancestors(archive: Archive, node: Indicator) -> tuple[str, str]:
    chain = [ancestor.title for ancestor in archive.indicators.ancestors(node.id)]
    top = chain[0] if chain else ""
    middle = chain[-1] if len(chain) > 1 else ""
    return top, middle


def _fill_instructions(sheet: Any, archive: Archive, kind: TemplateKind, unit_name: str) -> None:
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415

    window = archive.info.assessment_window
    lines = [
        f"{archive.info.title}——{_TITLES[kind]}填写说明",
        f"填报单位：{unit_name or f'（请在“{ENTRY_SHEETS[kind]}”表第2行填写）'}",
        "",
        f"1. 在“{ENTRY_SHEETS[kind]}”表第4行起逐行填写，一行一份材料（或一个问题、一项自评）；不要修改表头。",
        "2. 带下拉箭头的列请从列表中选择；日期可写作 2024-05-08、2024/5/8、2024.5.8 或 2024年5月8日。",
        "3. 文件名列填写与本表放在同一文件夹（或其子文件夹）中的照片、扫描件、文档的文件名，多个用顿号分隔。",
        "4. 同一日期、同一标题、同一地点的多行视为同一活动，合并为一条材料。",
        "5. 鼠标移到表头单元格上可看到该列的填写要求。",
        f"6. 测评材料时间范围：{cn_date(window.start)}至{cn_date(window.end)}，范围外的材料不计入测评。"
        if window
        else "6. 材料日期应在本次创建周期内。",
        "7. 填好后将本表连同文件夹一并报送创建办；创建办导入时会逐格核对，有误之处会指明到单元格。",
        "",
        f"“{REFERENCE_SHEET}”表列出本单位负责的测评指标及其测评标准，仅供参考，无需填写。",
    ]
    for row, line in enumerate(lines, start=1):
        cell = text_cell(sheet, row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 110
