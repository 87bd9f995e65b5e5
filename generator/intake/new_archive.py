"""``dossier new``: a new archive folder that ``dossier check`` passes at once.

archive.yml carries the campaign, fonds, period, assessment window, scores and office code, each commented
in Chinese so the office can edit it; units.yml and indicators.yml are empty lists until the units sheet and
the 测评体系 are imported; the record folders and ``files/`` are there, empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError
from generator.i18n import t
from generator.importers.store import PlannedFile, write_all
from generator.load import parse_yaml
from generator.schema import KIND_FOLDERS, SELF_SCORE_FOLDER, ArchiveInfo
from generator.validate.readers import ARCHIVE_FILE, INDICATORS_FILE, UNITS_FILE

FILES_FOLDER = "files"


@dataclass(frozen=True)
class NewArchive:
    title: str
    campaign: str
    fonds_code: str
    fonds_name: str
    period: tuple[dt.date, dt.date]
    window: tuple[dt.date, dt.date]
    max_score: float = 100
    target_score: float = 90
    office_code: str = "BGS"


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """A three-year campaign cycle (创建周期) from the start of this year."""
    return dt.date(today.year, 1, 1), dt.date(today.year + 2, 12, 31)


def default_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months ending one month before an August test: last August to this July."""
    return dt.date(today.year - 1, 8, 1), dt.date(today.year, 7, 31)


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: float) -> str:
    return f"{value:g}"


def archive_yml(spec: NewArchive) -> str:
    return f"""\
# 档案基本信息（由 dossier new 生成，可直接修改；字段说明见 docs/records.md）
title: {_yaml_text(spec.title)}  # 档案名称
campaign: {_yaml_text(spec.campaign)}  # 创建项目
fonds:
  code: {_yaml_text(spec.fonds_code)}  # 全宗号：每个档号以它开头
  name: {_yaml_text(spec.fonds_name)}  # 全宗名称（立档单位）
period:  # 创建周期：日期在此范围之外的记录会有警告
  start: {spec.period[0].isoformat()}
  end: {spec.period[1].isoformat()}
assessment_window:  # 测评材料时间范围：只有此范围内的材料计入测评（按当年测评通知修改）
  start: {spec.window[0].isoformat()}
  end: {spec.window[1].isoformat()}
max_score: {_number(spec.max_score)}  # 满分：各版块分值之和应等于它
target_score: {_number(spec.target_score)}  # 目标分
office_code: {_yaml_text(spec.office_code)}  # 机构(问题)代码：不属于任何责任单位的记录（创建办）用它
"""


UNITS_YML = """\
# 责任单位：导入单位名单即可填好（dossier import 单位名单.xlsx --data 本文件夹），也可手工按下例填写
# - id: cgj            # 编号，供其他记录引用
#   name: 市城市管理局  # 全称
#   short: 城管局       # 简称
[]
"""
INDICATORS_YML = """\
# 测评体系：导入测评体系表即可填好（dossier import 测评体系.xlsx --data 本文件夹），也可手工按下例填写
# - id: A
#   title: 公共秩序
#   score: 10
#   children:
#     - {id: A.1, title: 门前三包, score: 2, standard: 沿街商户落实门前三包责任制}
[]
"""


def plan_new_archive(root: Path, spec: NewArchive) -> list[PlannedFile]:
    """The files of a new archive at ``root``; refuses a folder that holds anything."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageError(t("new-not-empty", path=root))
    text = archive_yml(spec)
    document, problems = parse_yaml(root / ARCHIVE_FILE, text)
    if document is None:
        raise UsageError("; ".join(p.message for p in problems))
    try:
        ArchiveInfo.model_validate(document.data)
    except ValueError as exc:  # pydantic's ValidationError: a value given on the command line
        raise UsageError(t("new-invalid", detail=str(exc))) from None
    if spec.period[1] < spec.period[0] or spec.window[1] < spec.window[0]:
        raise UsageError(t("new-bad-range"))
    return [
        PlannedFile(Path(ARCHIVE_FILE), text.encode("utf-8"), "archive"),
        PlannedFile(Path(UNITS_FILE), UNITS_YML.encode("utf-8"), "units"),
        PlannedFile(Path(INDICATORS_FILE), INDICATORS_YML.encode("utf-8"), "indicators"),
    ]


def folders() -> list[str]:
    return [*KIND_FOLDERS.values(), SELF_SCORE_FOLDER, FILES_FOLDER]


def create_new_archive(root: Path, spec: NewArchive) -> list[str]:
    """Write the new archive; returns what was made (files, then folders), relative to ``root``."""
    files = plan_new_archive(root, spec)
    root.mkdir(parents=True, exist_ok=True)
    write_all(root, files)
    for folder in folders():
        (root / folder).mkdir(exist_ok=True)
    return [f.relative.as_posix() for f in files] + [f"{folder}/" for folder in folders()]
