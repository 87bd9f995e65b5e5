"""The intake's words, Chinese and English, merged into ``generator.i18n.MESSAGES`` on import.

Problem messages are keyed ``intake-<code>``; the code is what users see in brackets (docs/intake.md lists
every one). ``register`` never overwrites a key that already exists in the shared table.
"""

from __future__ import annotations

from typing import Final

from generator.i18n import MESSAGES as _SHARED

# The codes an import prints in brackets (beside those of `dossier check`); docs/intake.md explains each.
INTAKE_CODES: Final = (
    "not-an-archive",
    "no-sheets",
    "unreadable",
    "too-large",
    "not-xlsx",
    "csv-encoding",
    "needs-libreoffice",
    "no-header",
    "missing-column",
    "duplicate-column",
    "column-ignored",
    "no-rows",
    "missing-value",
    "bad-date",
    "bad-month",
    "bad-number",
    "bad-choice",
    "unknown-unit",
    "unknown-indicator",
    "file-not-found",
    "file-ambiguous",
    "file-unreadable",
    "file-too-large",
    "file-in-archive",
    "photo-outside-window",
    "photo-date",
    "row-changed",
    "not-empty",
    "duplicate-unit",
    "bad-indicator-id",
    "indicator-conflict",
    "indicator-no-title",
    "no-found-by",
    "score-twice",
    "photos-need-folder",
    "photo-no-date",
)

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "intake-hint": {"en": " (did you mean {name}?)", "zh": "（您是否要写 {name}？）"},
    # ---- problems (keys are intake-<code>) ----
    "intake-not-an-archive": {
        "en": "{data} is not an archive (no archive.yml): make one with `dossier new {data}`",
        "zh": "{data} 不是档案文件夹（没有 archive.yml）：请先运行 `dossier new {data}`",
    },
    "intake-no-sheets": {
        "en": "no spreadsheets to import (.xlsx .xlsm .xls .et .ods .csv)",
        "zh": "没有可导入的表格（.xlsx .xlsm .xls .et .ods .csv）",
    },
    "intake-unreadable": {"en": "cannot read the file: {detail}", "zh": "无法读取文件：{detail}"},
    "intake-too-large": {
        "en": "file is {size} bytes, more than the {limit} bytes a sheet may have",
        "zh": "文件有 {size} 字节，超过表格上限 {limit} 字节",
    },
    "intake-not-xlsx": {
        "en": "not a readable Excel workbook ({detail}); open it in Excel, WPS or LibreOffice and save it again as .xlsx",
        "zh": "不是可读取的 Excel 工作簿（{detail}），请用 Excel、WPS 或 LibreOffice 打开后另存为 .xlsx",
    },
    "intake-csv-encoding": {
        "en": "cannot tell the CSV file's encoding ({detail}); save it as UTF-8 CSV and import again",
        "zh": "无法确定 CSV 文件的编码（{detail}），请另存为 UTF-8 CSV 后重新导入",
    },
    "intake-needs-libreoffice": {
        "en": "{suffix} files are converted with LibreOffice, which is not installed: "
        "apt-get install {package} (or save the file as .xlsx)",
        "zh": "{suffix} 文件需用 LibreOffice 转换，但未安装：请执行 apt-get install {package}（或将文件另存为 .xlsx）",
    },
    "intake-no-header": {
        "en": "no header row found for {kinds} (see docs/intake.md for the column names)",
        "zh": "未找到{kinds}的表头行（列名见 docs/intake.md）",
    },
    "intake-missing-column": {
        "en": "the sheet needs a column {column}",
        "zh": "表格缺少“{column}”列",
    },
    "intake-duplicate-column": {
        "en": "column '{column}' names the same thing as an earlier column; only the first is read",
        "zh": "“{column}”列与前面的列含义相同，只读取前一列",
    },
    "intake-column-ignored": {
        "en": "column '{column}' is not imported (no such field; see docs/intake.md)",
        "zh": "“{column}”列未导入（无对应字段，见 docs/intake.md）",
    },
    "intake-no-rows": {"en": "the table has no rows", "zh": "表格没有数据行"},
    "intake-missing-value": {"en": "{column} is empty", "zh": "“{column}”未填写"},
    "intake-bad-date": {
        "en": "'{value}' is not a date (write 2024-05-08, 2024/5/8, 2024.5.8 or 2024年5月8日)",
        "zh": "“{value}”不是有效日期（应写作 2024-05-08、2024/5/8、2024.5.8 或 2024年5月8日）",
    },
    "intake-bad-month": {
        "en": "'{value}' is not a month (write 2024-05 or 2024年5月)",
        "zh": "“{value}”不是有效月份（应写作 2024-05 或 2024年5月）",
    },
    "intake-bad-number": {"en": "'{value}' is not a number", "zh": "“{value}”不是数字"},
    "intake-bad-choice": {
        "en": "'{value}' is not one of: {choices}",
        "zh": "“{value}”不是可选值（可选：{choices}）",
    },
    "intake-unknown-unit": {
        "en": "no unit '{unit}' in units.yml{hint}",
        "zh": "责任单位“{unit}”不存在{hint}",
    },
    "intake-unknown-indicator": {
        "en": "indicator '{indicator}' does not exist{hint}",
        "zh": "指标“{indicator}”不存在{hint}",
    },
    "intake-file-not-found": {
        "en": "file '{file}' not found in {folder}{hint}",
        "zh": "在 {folder} 中找不到文件“{file}”{hint}",
    },
    "intake-file-ambiguous": {
        "en": "several files are called '{file}': {found}; write the folder too",
        "zh": "有多个文件名为“{file}”：{found}；请写明所在文件夹",
    },
    "intake-file-unreadable": {"en": "cannot read '{file}': {detail}", "zh": "无法读取“{file}”：{detail}"},
    "intake-file-too-large": {
        "en": "'{file}' is larger than {limit} bytes",
        "zh": "“{file}”超过 {limit} 字节",
    },
    "intake-file-in-archive": {
        "en": "'{file}' is already in the archive (in {id}); the new record refers to that file",
        "zh": "“{file}”已在档案中（见 {id}），新记录引用该文件，不再复制",
    },
    "intake-photo-outside-window": {
        "en": "photo '{file}' was taken {taken} (EXIF), outside the assessment window {start} – {end}; "
        "it will not count (时间不符)",
        "zh": "照片“{file}”拍摄于 {taken}（EXIF），不在测评周期 {start} 至 {end} 内，不计入佐证（时间不符）",
    },
    "intake-photo-date": {
        "en": "photo '{file}' was taken {taken} (EXIF) but the row says {date}: {days} days apart",
        "zh": "照片“{file}”拍摄于 {taken}（EXIF），本行日期为 {date}，相差 {days} 天",
    },
    "intake-row-changed": {
        "en": "row {rows} differs from {id}, imported before from the same event; not changed "
        "(edit {id}, or import with --replace to update it)",
        "zh": "第 {rows} 行与此前导入的 {id} 内容不同，未作修改（请直接修改 {id}，或加 --replace 重新导入以更新）",
    },
    "intake-not-empty": {
        "en": "{file} already holds {count} entries that differ from this sheet; import with --replace to "
        "replace them",
        "zh": "{file} 中已有 {count} 项，且与本表不同；如需替换请加 --replace",
    },
    "intake-duplicate-unit": {
        "en": "unit '{unit}' is listed twice (also at {other})",
        "zh": "责任单位“{unit}”重复（另见 {other}）",
    },
    "intake-bad-indicator-id": {
        "en": "'{id}' is not an indicator number (write A.1.1, A1.1 or A-1-1)",
        "zh": "“{id}”不是有效的指标编号（应写作 A.1.1、A1.1 或 A-1-1）",
    },
    "intake-indicator-conflict": {
        "en": "indicator {id} is called '{title}' here but '{other}' at {cell}",
        "zh": "指标 {id} 在此处名为“{title}”，在 {cell} 名为“{other}”",
    },
    "intake-indicator-no-title": {
        "en": "indicator {id} has no name (测评项目/测评内容)",
        "zh": "指标 {id} 没有名称（测评项目/测评内容）",
    },
    "intake-no-found-by": {
        "en": "no column saying who found each problem (发现单位/督查组); written as {value}",
        "zh": "没有“发现单位/督查组”列，发现单位暂填“{value}”",
    },
    "intake-score-twice": {
        "en": "unit {unit} scored indicator {indicator} for {month} twice; the first row is kept",
        "zh": "责任单位 {unit} {month} 对指标 {indicator} 重复自评，保留第一行",
    },
    "intake-photos-need-folder": {
        "en": "--kind photos imports folders of photos; this is not a folder",
        "zh": "--kind photos 用于导入照片文件夹，此处不是文件夹",
    },
    "intake-photo-no-date": {
        "en": "no date for this folder's photos (no EXIF date, none in the file or folder names); "
        "start the folder's name with the date, e.g. 2024-05-08 门前三包签约",
        "zh": "无法确定该文件夹照片的日期（无 EXIF 日期，文件名和文件夹名中也没有日期）；"
        "请以日期开头命名文件夹，如“2024-05-08 门前三包签约”",
    },
    # ---- notes ----
    "intake-units-unchanged": {
        "en": "units.yml already lists these {count} units: nothing to change",
        "zh": "units.yml 已是这 {count} 个责任单位，无需更改",
    },
    "intake-indicators-unchanged": {
        "en": "indicators.yml already holds these {count} indicators: nothing to change",
        "zh": "indicators.yml 已是这 {count} 项指标，无需更改",
    },
    "intake-reference-sheet": {
        "en": "a reference list for the person filling in the sheet; not imported",
        "zh": "供填表人参考的清单，不导入",
    },
    "intake-file-skipped": {
        "en": "no table to import in this file (found in a folder given); skipped",
        "zh": "该文件中没有可导入的表格（在所给文件夹中找到），已跳过",
    },
    "intake-sheet-skipped": {"en": "no table to import in this sheet", "zh": "该工作表中没有可导入的表格"},
    "intake-present": {
        "en": "{where}: already imported as {id}; nothing created",
        "zh": "{where}：已导入为 {id}，未重复创建",
    },
    "intake-rows": {"en": "rows {rows}", "zh": "第 {rows} 行"},
    "intake-done": {
        "en": "{created} created ({files} files copied), {present} already present, {changed} changed and not "
        "updated, {updated} updated, in {data}",
        "zh": "已在 {data} 创建 {created} 项（复制 {files} 个文件），{present} 项此前已导入，{changed} 项有改动未更新，"
        "{updated} 项已更新",
    },
    "intake-dry-run-done": {
        "en": "dry run: {created} would be created ({files} files copied), {present} already present, {changed} "
        "changed, {updated} would be updated; nothing was written",
        "zh": "试运行：将创建 {created} 项（复制 {files} 个文件），{present} 项此前已导入，{changed} 项有改动，"
        "将更新 {updated} 项；未写入任何内容",
    },
    "intake-nothing-new": {
        "en": "nothing new: everything in these sheets is already in the archive",
        "zh": "没有新内容：表中内容均已在档案中",
    },
    "intake-failed": {
        "en": "{errors} error(s), {warnings} warning(s): nothing was imported",
        "zh": "{errors} 个错误，{warnings} 个警告：未导入任何内容",
    },
    # ---- `dossier new` ----
    "new-not-empty": {
        "en": "{path} is not empty; a new archive needs a new or empty folder",
        "zh": "{path} 不是空文件夹；新建档案需要一个新的或空的文件夹",
    },
    "new-invalid": {"en": "invalid archive settings: {detail}", "zh": "档案设置无效：{detail}"},
    "new-bad-range": {
        "en": "a period or window ends before it starts",
        "zh": "创建周期或测评材料时间范围的结束日期早于开始日期",
    },
    "new-created": {"en": "created {path}", "zh": "已创建 {path}"},
    "new-done": {
        "en": "New archive in {path}. Next: import the units list and the 测评体系 (see docs/intake.md), "
        "then `dossier check --data {path}`",
        "zh": "已在 {path} 新建档案。下一步：导入责任单位名单和测评体系表（见 docs/intake.md），"
        "然后运行 `dossier check --data {path}`",
    },
    # ---- `dossier template` ----
    "template-xlsx": {
        "en": "--out {out}: the template is an .xlsx file",
        "zh": "--out {out}：模板须为 .xlsx 文件",
    },
    "template-exists": {
        "en": "{out} exists; give another name, or --force to replace it",
        "zh": "{out} 已存在；请换一个文件名，或加 --force 覆盖",
    },
    "template-written": {
        "en": "Written {out}: send it to the unit; import it back with `dossier import`",
        "zh": "已写出 {out}：发给责任单位填写，收回后用 `dossier import` 导入",
    },
    # ---- words ----
    "intake-kind-units": {"en": "a units list", "zh": "责任单位名单"},
    "intake-kind-indicators": {"en": "an assessment framework", "zh": "测评体系表"},
    "intake-kind-evidence": {"en": "a submission sheet (报送表)", "zh": "报送表"},
    "intake-kind-rectifications": {"en": "a rectification ledger", "zh": "问题整改台账"},
    "intake-kind-self-scores": {"en": "a self-assessment sheet", "zh": "自测打分表"},
    "kind-self-score": {"en": "self-score", "zh": "自测打分"},
    "kind-units": {"en": "units", "zh": "责任单位"},
    "kind-indicators": {"en": "indicators", "zh": "测评指标"},
    "kind-self-scores": {"en": "self-scores", "zh": "自测打分"},
}


def register() -> None:
    for key, entry in MESSAGES.items():
        _SHARED.setdefault(key, entry)
