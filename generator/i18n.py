"""User-facing text in Chinese (default) and English.

The language comes from ``--lang``, else ``DOSSIER_LANG``, else Chinese. Messages are looked up by key so a
problem keeps its code and parameters and is worded only when shown.
"""

from __future__ import annotations

import os
from typing import Final

LANGUAGES: Final = ("zh", "en")

_current: str | None = None

MESSAGES: Final[dict[str, dict[str, str]]] = {
    # ---- the archive website (`dossier site`); the site's language comes from archive.yml ----
    "site-home": {"en": "Home", "zh": "首页"},
    "site-list-meeting": {"en": "Meetings", "zh": "会议"},
    "site-list-speech": {"en": "Speeches", "zh": "讲话"},
    "site-list-summary": {"en": "Summaries", "zh": "工作总结"},
    "site-list-evidence": {"en": "Evidence", "zh": "佐证材料"},
    "site-list-rectification": {"en": "Rectifications", "zh": "问题整改"},
    "site-list-lead": {
        "en": "{count} records, newest year first. Click a column heading to sort.",
        "zh": "共 {count} 条，按年度分组（最近的年度在前）。点击表头可排序。",
    },
    "site-timeline": {"en": "Timeline", "zh": "时间轴"},
    "site-people": {"en": "People", "zh": "人员"},
    "site-people-lead": {
        "en": "Speakers, hosts, recorders and authors, with what they said, chaired and wrote.",
        "zh": "讲话人、主持人、记录人和撰写人，及其讲话、主持和撰写的材料。",
    },
    "site-units": {"en": "Units", "zh": "责任单位"},
    "site-indicators": {"en": "Indicators", "zh": "测评指标"},
    "site-indicators-lead": {
        "en": "{covered} of {leaves} standards have supporting records (✓); ✗ marks a gap.",
        "zh": "末级指标 {leaves} 项，其中 {covered} 项已有佐证（✓）；✗ 表示尚无材料。",
    },
    "site-gallery": {"en": "Photo gallery", "zh": "图片集"},
    "site-search": {"en": "Search", "zh": "检索"},
    "site-search-placeholder": {"en": "Search the archive", "zh": "检索档案（如：门前三包）"},
    "site-search-button": {"en": "Search", "zh": "检索"},
    "site-search-more": {"en": "More results", "zh": "更多结果"},
    "site-search-noscript": {"en": "Search needs JavaScript.", "zh": "检索功能需要启用 JavaScript。"},
    "site-search-found": {"en": "{count} records found", "zh": "找到 {count} 条记录"},
    "site-search-none": {"en": "Nothing found.", "zh": "没有找到相关记录。"},
    "site-search-partial": {
        "en": "No record holds every word; closest matches:",
        "zh": "没有完全匹配的记录，以下为部分匹配：",
    },
    "site-search-loading": {"en": "Searching…", "zh": "正在检索……"},
    "site-search-failed": {"en": "The search index could not be loaded.", "zh": "检索索引加载失败。"},
    "site-downloads": {"en": "Downloads", "zh": "下载"},
    "site-downloads-lead": {
        "en": "The catalogue of the {count} records in this site.",
        "zh": "本网站 {count} 条记录的目录。",
    },
    "site-download-csv": {"en": "Catalogue (CSV)", "zh": "档案目录（CSV）"},
    "site-download-json": {"en": "Catalogue (JSON)", "zh": "档案目录（JSON）"},
    "site-download-xlsx": {"en": "Catalogue (Excel XLSX)", "zh": "档案目录（Excel XLSX）"},
    "site-binders": {"en": "Binders", "zh": "装订卷宗"},
    "site-binders-where": {
        "en": "The printable PDF binders are built by `dossier binders` into the dist/ folder next to this site.",
        "zh": "可打印的 PDF 卷宗由 dossier binders 生成，位于与本网站同级的 dist/ 文件夹。",
    },
    "site-binders-linked": {
        "en": "The printable PDF binders, as bound for the inspection. Each record's page links to the page where it starts.",
        "zh": "迎检装订的 PDF 卷宗。每条记录的页面都链接到它在卷宗中的起始页。",
    },
    "site-field-binder": {"en": "Binder", "zh": "卷宗"},
    "site-binder-page": {"en": "{title}, page {page}", "zh": "{title} 第 {page} 页"},
    "site-binders-no-index": {
        "en": "Binders not linked: {path} is missing or unreadable (run `dossier binders` first).",
        "zh": "未链接卷宗：找不到或无法读取 {path}（请先运行 dossier binders）。",
    },
    "site-binders-audience": {
        "en": "Binders not copied: {path} was built for audience '{built}', this site is for '{audience}'. "
        "Run `dossier binders --audience {audience}`.",
        "zh": "未复制卷宗：{path} 中的卷宗是按“{built}”范围生成的，本网站的范围是“{audience}”。"
        "请运行 dossier binders --audience {audience}。",
    },
    "site-at-a-glance": {"en": "At a glance", "zh": "概况"},
    "site-readiness": {"en": "Readiness", "zh": "迎检准备"},
    "site-covered-standards": {"en": "standards with evidence", "zh": "已有佐证的末级指标"},
    "site-uncovered-standards": {"en": "standards without evidence", "zh": "尚无佐证的末级指标"},
    "site-open-rect": {"en": "open rectifications", "zh": "未整改问题"},
    "site-overdue-rect": {"en": "overdue (as of {today})", "zh": "已超期（截至{today}）"},
    "site-latest-meetings": {"en": "Latest meetings", "zh": "最近会议"},
    "site-browse": {"en": "Browse", "zh": "浏览"},
    "site-period": {"en": "Campaign period", "zh": "创建周期"},
    "site-window": {"en": "Assessment window", "zh": "测评材料时段"},
    "site-none": {"en": "None.", "zh": "暂无。"},
    "site-year": {"en": "{year}", "zh": "{year}年"},
    "site-month": {"en": "{year}-{month:02d}", "zh": "{year}年{month}月"},
    "site-col-date": {"en": "Date", "zh": "日期"},
    "site-col-kind": {"en": "Kind", "zh": "类别"},
    "site-col-title": {"en": "Title", "zh": "题名"},
    "site-col-unit": {"en": "Unit", "zh": "责任单位"},
    "site-col-indicator": {"en": "Indicators", "zh": "测评指标"},
    "site-col-name": {"en": "Name", "zh": "姓名"},
    "site-col-roles": {"en": "Roles", "zh": "角色"},
    "site-col-count": {"en": "Records", "zh": "记录数"},
    "site-field-kind": {"en": "Kind", "zh": "类别"},
    "site-field-date": {"en": "Date", "zh": "日期"},
    "site-field-code": {"en": "Archival code", "zh": "档号"},
    "site-field-doc-number": {"en": "Document number", "zh": "文号"},
    "site-field-location": {"en": "Location", "zh": "地点"},
    "site-field-host": {"en": "Host", "zh": "主持人"},
    "site-field-attendees": {"en": "Present", "zh": "出席"},
    "site-field-observers": {"en": "Observers", "zh": "列席"},
    "site-field-absent": {"en": "Absent", "zh": "请假"},
    "site-field-recorder": {"en": "Recorder", "zh": "记录人"},
    "site-field-agenda": {"en": "Agenda", "zh": "议题"},
    "site-field-decisions": {"en": "Decisions", "zh": "议定事项"},
    "site-field-minutes": {"en": "Minutes", "zh": "会议记录"},
    "site-field-speaker": {"en": "Speaker", "zh": "讲话人"},
    "site-field-meeting": {"en": "Meeting", "zh": "所属会议"},
    "site-field-occasion": {"en": "Occasion", "zh": "场合"},
    "site-field-period": {"en": "Period", "zh": "时段"},
    "site-field-author": {"en": "Author", "zh": "撰写人"},
    "site-field-people": {"en": "People", "zh": "人物"},
    "site-field-status": {"en": "Status", "zh": "状态"},
    "site-field-found": {"en": "Found by", "zh": "发现"},
    "site-field-deadline": {"en": "Deadline", "zh": "整改时限"},
    "site-field-closed": {"en": "Closed on", "zh": "销号日期"},
    "site-field-problem": {"en": "Problem", "zh": "问题"},
    "site-field-measures": {"en": "Measures", "zh": "整改措施"},
    "site-field-files": {"en": "Files", "zh": "附件"},
    "site-field-figures": {"en": "Key figures", "zh": "主要数据"},
    "site-field-tags": {"en": "Tags", "zh": "标签"},
    "site-field-access": {"en": "Access", "zh": "公开范围"},
    "site-field-retention": {"en": "Retention", "zh": "保管期限"},
    "site-field-short": {"en": "Short name", "zh": "简称"},
    "site-field-leader": {"en": "Leader", "zh": "负责人"},
    "site-field-liaison": {"en": "Liaison", "zh": "联络员"},
    "site-field-phone": {"en": "Phone", "zh": "电话"},
    "site-field-parent": {"en": "Part of", "zh": "上级指标"},
    "site-field-score": {"en": "Score", "zh": "分值"},
    "site-field-standard": {"en": "Standard", "zh": "测评标准"},
    "site-field-methods": {"en": "Methods", "zh": "测评方法"},
    "site-field-coverage": {"en": "Coverage", "zh": "佐证情况"},
    "site-unit-indicators": {"en": "Responsible for", "zh": "牵头指标"},
    "site-retention-Y": {"en": "permanent", "zh": "永久"},
    "site-retention-D30": {"en": "30 years", "zh": "30年"},
    "site-retention-D10": {"en": "10 years", "zh": "10年"},
    "site-status-open": {"en": "open", "zh": "未整改"},
    "site-status-rectified": {"en": "rectified", "zh": "已整改"},
    "site-status-verified": {"en": "verified", "zh": "已销号"},
    "site-overdue": {"en": "overdue", "zh": "已超期"},
    "site-related-named": {"en": "Linked records", "zh": "相关材料"},
    "site-related-back": {"en": "Referred to by", "zh": "引用本件的记录"},
    "site-role-host": {"en": "host", "zh": "主持人"},
    "site-role-recorder": {"en": "recorder", "zh": "记录人"},
    "site-role-speaker": {"en": "speaker", "zh": "讲话人"},
    "site-role-author": {"en": "author", "zh": "撰写人"},
    "site-role-host-records": {"en": "Meetings chaired", "zh": "主持的会议"},
    "site-role-recorder-records": {"en": "Minutes recorded", "zh": "记录的会议"},
    "site-role-speaker-records": {"en": "Speeches", "zh": "讲话"},
    "site-role-author-records": {"en": "Summaries written", "zh": "撰写的总结"},
    "site-children": {"en": "Sub-indicators", "zh": "下级指标"},
    "site-supporting": {"en": "Supporting records", "zh": "佐证记录"},
    "site-covered": {"en": "has evidence", "zh": "已有佐证"},
    "site-missing": {"en": "no evidence yet", "zh": "尚无佐证材料"},
    "site-score": {"en": "{score} pts", "zh": "{score} 分"},
    "site-records-count": {"en": "{count} records", "zh": "{count} 条"},
    "site-pages": {"en": "{count} pages", "zh": "{count} 页"},
    "site-ocr-text": {"en": "Machine-recognised text, for search only", "zh": "机器识别，仅供检索"},
    "site-built": {
        "en": "Site built: {pages} pages, {records} records ({audience}) in {seconds:.1f} s → {out}",
        "zh": "网站已生成：{pages} 个页面，{records} 条记录（{audience}），用时 {seconds:.1f} 秒 → {out}",
    },
    "evidence-type-document": {"en": "document", "zh": "文件"},
    "evidence-type-photo": {"en": "photos", "zh": "照片"},
    "evidence-type-ledger": {"en": "ledger", "zh": "台账"},
    "evidence-type-video": {"en": "video", "zh": "视频"},
    "evidence-type-briefing": {"en": "briefing", "zh": "简报"},
    "evidence-type-scan": {"en": "scan", "zh": "扫描件"},
    "evidence-type-statistics": {"en": "statistics", "zh": "统计表"},
    "export-col-id": {"en": "id", "zh": "编号"},
    "export-col-kind": {"en": "kind", "zh": "类别"},
    "export-col-title": {"en": "title", "zh": "题名"},
    "export-col-date": {"en": "date", "zh": "日期"},
    "export-col-units": {"en": "units", "zh": "责任单位"},
    "export-col-indicators": {"en": "indicators", "zh": "测评指标"},
    "export-col-tags": {"en": "tags", "zh": "标签"},
    "export-col-people": {"en": "people", "zh": "责任者"},
    "export-col-doc_number": {"en": "document number", "zh": "文号"},
    "export-col-access": {"en": "access", "zh": "公开范围"},
    "export-col-retention": {"en": "retention", "zh": "保管期限"},
    "export-col-files": {"en": "files", "zh": "附件"},
    "export-col-source": {"en": "source file", "zh": "来源文件"},
    "export-col-page": {"en": "site page", "zh": "网页"},
    # ---- problems found by `dossier check` (keys are the problem codes) ----
    "yaml-syntax": {"en": "YAML syntax error: {detail}", "zh": "YAML 语法错误：{detail}"},
    # yaml-syntax placed where the mistake is, not where the parser noticed it ({line}:{column})
    "yaml-unclosed": {
        "en": "{opener} opened here is never closed (noticed at line {line}, column {column}: {detail})",
        "zh": "这里的 {opener} 没有闭合，缺少对应的 {closer}（解析器到第 {line} 行第 {column} 列才发现：{detail}）",
    },
    "yaml-quote-runs-on": {
        "en": "{opener} opened here is not closed on its line: the text runs on to the {opener} at line {end_line}, column {end_column} (noticed at line {line}, column {column}: {detail})",
        "zh": "这里的 {opener} 在本行没有闭合，引号内的文字一直延续到第 {end_line} 行第 {end_column} 列的 {opener}（解析器到第 {line} 行第 {column} 列才发现：{detail}）",
    },
    "yaml-no-colon": {
        "en": "this line is neither 'key: value' nor, indented, part of the value above: its ':' is missing (noticed at line {line}, column {column}: {detail})",
        "zh": "这一行既不是“键: 值”，也不是上一项值的（缩进的）续行：缺少冒号“:”（解析器到第 {line} 行第 {column} 列才发现：{detail}）",
    },
    "yaml-syntax-within": {
        "en": "YAML syntax error: {detail} (inside the {opener} opened at line {line}, column {column})",
        "zh": "YAML 语法错误：{detail}（位于第 {line} 行第 {column} 列开始的 {opener} 之内）",
    },
    "yaml-colon-in-value": {
        "en": "YAML syntax error: {detail}; ': ' inside a value starts a new key: put the value in quotes or, if a new key was meant, start it on a line of its own without indentation",
        "zh": "YAML 语法错误：{detail}；值中的“: ”会被当作新的键：请给这个值加上引号；如果本意是新的键，请另起一行并取消缩进",
    },
    "yaml-tag": {
        "en": "tag {tag} is not allowed (only plain YAML values are read)",
        "zh": "不允许使用标签 {tag}（只读取普通 YAML 值）",
    },
    "yaml-alias-bomb": {
        "en": "the document expands to more than {limit} values through aliases; refused",
        "zh": "文档经别名展开后超过 {limit} 个值，拒绝读取",
    },
    "yaml-too-deep": {"en": "nesting deeper than {limit} levels", "zh": "嵌套超过 {limit} 层"},
    "duplicate-key": {
        "en": "key '{key}' appears twice in the same mapping (first at line {first_line})",
        "zh": "同一映射中键“{key}”出现两次（第一次在第 {first_line} 行）",
    },
    "not-utf8": {
        "en": "file is not UTF-8 (byte 0x{byte:02x}); save it as UTF-8",
        "zh": "文件不是 UTF-8 编码（字节 0x{byte:02x}），请另存为 UTF-8",
    },
    "file-too-large": {
        "en": "file is {size} bytes; records are limited to {limit} bytes",
        "zh": "文件有 {size} 字节，单条记录不得超过 {limit} 字节",
    },
    "empty-file": {"en": "file is empty", "zh": "文件为空"},
    "bad-document": {"en": "expected {expected}, got {got}", "zh": "应为{expected}，实为{got}"},
    "missing-file": {"en": "required file {name} is missing", "zh": "缺少必需文件 {name}"},
    "missing-field": {"en": "{field}: required field is missing", "zh": "{field}：缺少必填字段"},
    "unknown-field": {"en": "{field}: unknown field{hint}", "zh": "{field}：未知字段{hint}"},
    "bad-type": {"en": "{field}: expected {expected}, got {got}", "zh": "{field}：应为{expected}，实为{got}"},
    "bad-value": {
        "en": "{field}: expected one of {allowed}, got {got}",
        "zh": "{field}：应为 {allowed} 之一，实为 {got}",
    },
    "bad-date": {
        "en": "{field}: expected YYYY-MM-DD, got {got}",
        "zh": "{field}：日期应为 YYYY-MM-DD，实为 {got}",
    },
    "bad-id": {
        "en": "{field}: {got} is not a valid id (letters, digits, '.', '_' and '-')",
        "zh": "{field}：{got} 不是有效的编号（只能含字母、数字、“.”、“_”和“-”）",
    },
    "bad-sha256": {
        "en": "{field}: expected 64 hex digits, got {got}",
        "zh": "{field}：应为 64 位十六进制，实为 {got}",
    },
    "invalid": {"en": "{field}: {detail}", "zh": "{field}：{detail}"},
    "duplicate-id": {
        "en": "id '{id}' is already used by {other}",
        "zh": "编号“{id}”已被 {other} 使用",
    },
    "unknown-ref": {
        "en": "{field}: no {kind} with id '{ref}'{hint}",
        "zh": "{field}：不存在编号为“{ref}”的{kind}{hint}",
    },
    "wrong-kind-ref": {
        "en": "{field}: '{ref}' is a {actual}, expected a {kind}",
        "zh": "{field}：“{ref}”是{actual}，应为{kind}",
    },
    "file-not-found": {"en": "{field}: file '{file}' does not exist", "zh": "{field}：文件“{file}”不存在"},
    "file-outside": {
        "en": "{field}: '{file}' is outside the data folder (use a path under files/)",
        "zh": "{field}：“{file}”不在资料文件夹内（请使用 files/ 下的路径）",
    },
    "sha256-mismatch": {
        "en": (
            "{field}: '{file}' has changed since it was registered (sha256 {actual}…, recorded {expected}…)"
        ),
        "zh": "{field}：文件“{file}”登记后已被改动（sha256 {actual}…，登记为 {expected}…）",
    },
    "date-outside-period": {
        "en": "{field}: {date} is outside the campaign period {start} – {end}",
        "zh": "{field}：{date} 不在创建周期 {start} 至 {end} 内",
    },
    "date-order": {
        "en": "{field}: {end} is before {start}",
        "zh": "{field}：{end} 早于 {start}",
    },
    "score-sum": {
        "en": "scores of the top-level indicators add up to {total}, but max_score is {max_score}",
        "zh": "一级指标分值合计 {total}，与满分 {max_score} 不符",
    },
    "child-score-sum": {
        "en": "{field}: children's scores add up to {total}, but '{id}' is worth {score}",
        "zh": "{field}：下级指标分值合计 {total}，与“{id}”的分值 {score} 不符",
    },
    "bad-indicator-id": {
        "en": "{field}: '{id}' should start with its parent's id '{parent}.'",
        "zh": "{field}：“{id}”应以上级编号“{parent}.”开头",
    },
    "closed-without-date": {
        "en": "{field}: status is {status} but closed_on is missing",
        "zh": "{field}：状态为 {status}，但缺少 closed_on（销号日期）",
    },
    # ---- self_scores/ (readiness report) ----
    "bad-month": {
        "en": "{field}: expected YYYY-MM, got {got}",
        "zh": "{field}：月份应为 YYYY-MM，实为 {got}",
    },
    "self-score-over": {
        "en": "{field}: self-score {score} is more than indicator '{id}' is worth ({full})",
        "zh": "{field}：自评 {score} 分，超过指标“{id}”的分值 {full}",
    },
    "self-score-twice": {
        "en": "unit '{unit}' scored indicator '{indicator}' for {month} twice (also in '{other}')",
        "zh": "责任单位“{unit}”{month} 对指标“{indicator}”重复自评（另见“{other}”）",
    },
    "image-outside": {
        "en": "{field}: image '{url}' is outside the data folder; it will be left out of every output",
        "zh": "{field}：图片“{url}”不在资料文件夹内，生成时将被略去",
    },
    "image-remote": {
        "en": "{field}: image '{url}' is on the network; outputs never fetch it (save it under files/)",
        "zh": "{field}：图片“{url}”是网络地址，生成时不会下载（请保存到 files/ 下）",
    },
    "image-not-found": {"en": "{field}: image '{url}' does not exist", "zh": "{field}：图片“{url}”不存在"},
    # ---- words used inside messages ----
    "hint-did-you-mean": {"en": " (did you mean '{name}'?)", "zh": "（是否应为“{name}”？）"},
    "hint-known-fields": {"en": " (known fields: {names})", "zh": "（可用字段：{names}）"},
    "kind-unit": {"en": "unit", "zh": "责任单位"},
    "kind-indicator": {"en": "indicator", "zh": "测评指标"},
    "kind-meeting": {"en": "meeting", "zh": "会议"},
    "kind-speech": {"en": "speech", "zh": "讲话"},
    "kind-summary": {"en": "summary", "zh": "工作总结"},
    "kind-evidence": {"en": "evidence", "zh": "佐证材料"},
    "kind-rectification": {"en": "rectification", "zh": "问题整改"},
    "kind-record": {"en": "record", "zh": "记录"},
    "type-string": {"en": "a string", "zh": "字符串"},
    "type-list": {"en": "a list", "zh": "列表"},
    "type-mapping": {"en": "a mapping", "zh": "映射（键: 值）"},
    "type-number": {"en": "a number", "zh": "数字"},
    "type-integer": {"en": "an integer", "zh": "整数"},
    "type-boolean": {"en": "true or false", "zh": "true 或 false"},
    "type-null": {"en": "nothing", "zh": "空值"},
    "type-date": {"en": "a date", "zh": "日期"},
    "type-text": {"en": "text", "zh": "文本"},
    # ---- `dossier check` report ----
    "severity-error": {"en": "error", "zh": "错误"},
    "severity-warning": {"en": "warning", "zh": "警告"},
    "check-ok": {"en": "OK: the archive is valid.", "zh": "通过：档案数据有效。"},
    "check-failed": {
        "en": "{errors} error(s), {warnings} warning(s): the archive is not valid.",
        "zh": "{errors} 个错误，{warnings} 个警告：档案数据未通过校验。",
    },
    "check-warnings": {
        "en": "{warnings} warning(s), no errors.",
        "zh": "{warnings} 个警告，无错误。",
    },
    "summary-title": {"en": "{title} ({fonds})", "zh": "{title}（{fonds}）"},
    "summary-records": {"en": "Records", "zh": "记录"},
    "summary-dates": {"en": "Dates", "zh": "日期范围"},
    "summary-units": {"en": "Units", "zh": "责任单位"},
    "summary-indicators": {
        "en": "Indicators: {count} ({leaves} standards, {score} points)",
        "zh": "测评指标：{count} 项（末级 {leaves} 项，共 {score} 分）",
    },
    "summary-files": {"en": "Attached files: {count}", "zh": "附件：{count} 个"},
    "summary-access": {"en": "Access", "zh": "公开范围"},
    "hash-none-missing": {"en": "Every attached file has its sha256.", "zh": "所有附件均已登记 sha256。"},
    "hash-dry-run": {
        "en": "{count} file(s) without sha256; run with --write to record them.",
        "zh": "{count} 个附件未登记 sha256；加 --write 写入档案记录。",
    },
    "hash-written": {
        "en": "Recorded sha256 in {files} file(s).",
        "zh": "已在 {files} 个记录文件中写入 sha256。",
    },
    "hash-skipped": {"en": "not edited, add by hand: {reason}", "zh": "未自动修改，请手工添加：{reason}"},
    "access-public": {"en": "public", "zh": "公开"},
    "access-internal": {"en": "internal", "zh": "内部"},
    "access-restricted": {"en": "restricted", "zh": "受限"},
    # ---- `dossier import` and `dossier export docx` (Word in, Word out) ----
    "import-unsupported": {
        "en": "cannot import {suffix} files (supported: .docx .doc .wps .rtf .odt .txt .md)",
        "zh": "不支持导入 {suffix} 文件（支持 .docx .doc .wps .rtf .odt .txt .md）",
    },
    "import-unreadable": {"en": "cannot read the file: {detail}", "zh": "无法读取文件：{detail}"},
    "import-too-large": {
        "en": "file is {size} bytes, more than the {limit} bytes import accepts",
        "zh": "文件有 {size} 字节，超过导入上限 {limit} 字节",
    },
    "import-encoding": {
        "en": "cannot tell the text encoding ({detail}); save the file as UTF-8 and import again",
        "zh": "无法确定文本编码（{detail}），请另存为 UTF-8 后重新导入",
    },
    "import-corrupt-docx": {
        "en": "not a readable Word .docx file ({detail}); open it in Word or WPS and save it again as .docx",
        "zh": "不是可读取的 Word .docx 文件（{detail}），请用 Word 或 WPS 打开后重新另存为 .docx",
    },
    "import-zip-bomb": {
        "en": "refused: the .docx would expand to an unreasonable size ({detail}); it may be damaged or malicious",
        "zh": "拒绝导入：该 .docx 解压后体积异常（{detail}），文件可能已损坏或被恶意构造",
    },
    "import-needs-libreoffice": {
        "en": "{suffix} files are converted with LibreOffice, which is not installed: "
        "apt-get install {package} (or save the file as .docx)",
        "zh": "{suffix} 文件需用 LibreOffice 转换，但未安装：请执行 apt-get install {package}（或将文件另存为 .docx）",
    },
    "import-convert-failed": {
        "en": "LibreOffice could not convert the file: {detail}",
        "zh": "LibreOffice 无法转换该文件：{detail}",
    },
    "import-nothing": {
        "en": "no files to import (supported: {suffixes})",
        "zh": "没有可导入的文件（支持：{suffixes}）",
    },
    "import-summary-unit": {
        "en": "'{title}' is a work summary and needs its unit: pass --unit UNIT_ID (units: {units})",
        "zh": "《{title}》是工作总结，需指定责任单位：请加 --unit 单位编号（现有单位：{units}）",
    },
    "import-unknown-unit": {
        "en": "--unit {unit}: no such unit (units: {units})",
        "zh": "--unit {unit}：没有该责任单位（现有单位：{units}）",
    },
    "import-exists": {
        "en": "already exists; nothing was imported",
        "zh": "已存在，本次未导入任何文件",
    },
    "import-changed-meanwhile": {
        "en": "the file changed while it was being imported; nothing was imported — run the import again",
        "zh": "导入过程中该文件被修改，本次未导入任何文件，请重新导入",
    },
    "import-internal-yaml": {
        "en": "the record could not be written as valid YAML ({detail}); please report this",
        "zh": "记录无法写成有效的 YAML（{detail}），请报告此问题",
    },
    "import-date-guessed": {
        "en": "'{title}': no date in the text; used {date} ({origin}) and tagged 日期待核 — check it",
        "zh": "《{title}》：正文中没有日期，暂用 {date}（{origin}），已加标签“日期待核”，请核对",
    },
    "import-speaker-unknown": {
        "en": "'{title}': no speaker found; wrote 不详 and tagged 讲话人待核 — fill it in",
        "zh": "《{title}》：未找到讲话人，暂填“不详”并加标签“讲话人待核”，请补充",
    },
    "import-meeting-missing": {
        "en": "'{title}': no {fields} line found; wrote 不详 — fill it in",
        "zh": "《{title}》：未找到{fields}，暂填“不详”，请补充",
    },
    "import-no-text": {
        "en": "no text found (a scan or an empty file?); nothing imported from it",
        "zh": "未找到正文（扫描件或空文件？），未从中导入任何内容",
    },
    "import-origin-page": {"en": "the web page's posting date", "zh": "网页发布时间"},
    "import-origin-title-year": {"en": "the year in the title", "zh": "标题中的年份"},
    "import-origin-file-time": {"en": "the file's modification date", "zh": "文件修改日期"},
    "import-created": {"en": "created {path}  ({kind}: {title})", "zh": "已创建 {path}（{kind}：{title}）"},
    "import-would-create": {
        "en": "would create {path}  ({kind}: {title})",
        "zh": "将创建 {path}（{kind}：{title}）",
    },
    "import-done": {
        "en": "{records} record(s) and {files} file(s) imported into {data}; run `dossier check` to review",
        "zh": "已导入 {records} 条记录、{files} 个文件到 {data}；可运行 `dossier check` 复核",
    },
    "import-dry-run-done": {
        "en": "dry run: {records} record(s) and {files} file(s) would be created; nothing was written",
        "zh": "试运行：将创建 {records} 条记录、{files} 个文件；未写入任何内容",
    },
    "kind-file": {"en": "file", "zh": "附件"},
    "export-unknown-id": {"en": "no record with id '{id}'{hint}", "zh": "不存在编号为“{id}”的记录{hint}"},
    "export-hidden": {
        "en": "record '{id}' is {access} and not in the '{audience}' audience; it needs --audience {needed}",
        "zh": "记录“{id}”的公开范围为{access}，不在“{audience}”范围内；需要 --audience {needed}",
    },
    "export-unknown-binder": {
        "en": "no binder '{id}' in archive.yml (binders: {known})",
        "zh": "archive.yml 中没有卷“{id}”（现有：{known}）",
    },
    "export-empty-binder": {"en": "binder '{id}' selects no records", "zh": "卷“{id}”未选中任何记录"},
    "export-need-ids": {
        "en": "name record ids or --binder BINDER_ID",
        "zh": "请给出记录编号或 --binder 卷编号",
    },
    "export-out-file": {
        "en": "--out {out} names one .docx file, but {count} records were asked for; give a folder",
        "zh": "--out {out} 是单个 .docx 文件，但要导出 {count} 条记录；请给出文件夹",
    },
    "export-wrote": {"en": "wrote {path}  ({title})", "zh": "已写出 {path}（{title}）"},
    "export-toc": {"en": "Contents", "zh": "目　录"},
    "export-toc-hint": {
        "en": "(right-click → Update Field to fill in page numbers)",
        "zh": "（右键“更新域”可生成页码）",
    },
    # ---- `dossier binders` ----
    "binder-file-missing": {
        "en": "{record}: attached file '{file}' is missing; the binder notes it in the 备考表",
        "zh": "{record}：附件“{file}”不存在，已在备考表中注明",
    },
    "binder-file-unreadable": {
        "en": "{record}: attached file '{file}' cannot be read ({detail}); the binder notes it in the 备考表",
        "zh": "{record}：附件“{file}”无法读取（{detail}），已在备考表中注明",
    },
    "binder-file-unconvertible": {
        "en": "{record}: attached file '{file}' cannot be converted to PDF by LibreOffice ({detail}); the "
        "binder lists it as not included (未收录) and notes it in the 备考表",
        "zh": "{record}：附件“{file}”无法由 LibreOffice 转换为 PDF（{detail}），卷内列为未收录并在备考表中注明",
    },
    "binder-video-unreadable": {
        "en": "{record}: attached video '{file}' cannot be decoded ({detail}); the binder notes it in the 备考表",
        "zh": "{record}：附件视频“{file}”无法解码（{detail}），已在备考表中注明",
    },
    "binder-image-not-found": {
        "en": "{record}: image {src} in the text is not a file in the data folder; the binder leaves it out",
        "zh": "{record}：正文中的图片 {src} 不是资料文件夹内的文件，卷中不收录",
    },
    "binder-missing-glyph": {
        "en": "{record}: font {font} has no glyph for {chars}; it would print from another font or as a box",
        "zh": "{record}：字体 {font} 缺少字符 {chars} 的字形，打印时会换用其他字体或显示为方框",
    },
    "binder-font-missing": {
        "en": "fonts.{role}: font '{family}' is not installed (fc-list); a substitute is used",
        "zh": "fonts.{role}：未安装字体“{family}”（fc-list），将使用替代字体",
    },
    "binders-unknown": {
        "en": "no binder named {wanted}; binders: {known}",
        "zh": "没有名为 {wanted} 的卷；可用：{known}",
    },
    "binders-progress": {"en": "Rendering binders", "zh": "正在生成卷"},
    "binders-progress-line": {"en": "binder {done}/{total}: {id}", "zh": "卷 {done}/{total}：{id}"},
    "binders-libreoffice-missing": {
        "en": "the archive attaches office documents (Word, WPS, Excel, PowerPoint), which the binders print "
        "through LibreOffice, and LibreOffice is not installed: run make setup, or (as root or with sudo) "
        "apt-get install {packages}",
        "zh": "档案附有 Word/WPS/Excel/PowerPoint 文件，卷宗需用 LibreOffice 转换打印，但未安装 LibreOffice："
        "请运行 make setup，或（以 root 或 sudo）apt-get install {packages}",
    },
    "binders-native-missing": {
        "en": "WeasyPrint needs the system libraries {libraries}, which cannot be loaded: run make setup, "
        "or (as root or with sudo) apt-get install {packages}",
        "zh": "WeasyPrint 需要系统库 {libraries}，但无法加载：请运行 make setup，"
        "或（以 root 或 sudo）apt-get install {packages}",
    },
    # build stages (generator/timing.py): the progress line and `--verbose`
    "stage-validate": {"en": "Reading and checking records", "zh": "读取并校验记录"},
    "stage-plan": {"en": "Planning pages (model, keys, lists)", "zh": "规划页面（模型、键、列表）"},
    "stage-mkdocs": {"en": "MkDocs: theme and navigation pages", "zh": "MkDocs：主题与导航页"},
    "stage-pages": {"en": "Pages: reused or rendered", "zh": "页面：沿用或生成"},
    "stage-files": {"en": "Attached files, thumbnails, downloads", "zh": "附件、缩略图、下载文件"},
    "stage-search": {"en": "Search index and catalogue downloads", "zh": "检索索引与目录下载文件"},
    "stage-manifest": {"en": "Checksums (MANIFEST.sha256)", "zh": "校验和（MANIFEST.sha256）"},
    "stage-swap": {"en": "Replacing the previous output", "zh": "替换上一版输出"},
    "stage-binder-inputs": {
        "en": "Comparing the inputs with the last build",
        "zh": "比对输入与上次构建",
    },
    "stage-binder-media": {
        "en": "Converting office documents, making video contact sheets",
        "zh": "转换办公文档、生成视频帧图",
    },
    "stage-binder-html": {
        "en": "Arranging records, writing binder HTML",
        "zh": "整理归档顺序、生成卷宗 HTML",
    },
    "stage-binder-render": {"en": "Rendering PDFs (WeasyPrint)", "zh": "排版 PDF（WeasyPrint）"},
    "timings-header": {"en": "Time per stage:", "zh": "各阶段用时："},
    "timings-line": {"en": "  {seconds:7.2f} s  {stage}", "zh": "  {seconds:7.2f} 秒  {stage}"},
    "timings-pages": {
        "en": "  pages: {rendered} rendered, {reused} reused unchanged",
        "zh": "  页面：新生成 {rendered} 个，沿用未变 {reused} 个",
    },
    "binders-done": {
        "en": "{count} binder(s), {pages} pages ({rendered} rendered, {reused} unchanged) in {out} — {seconds:.1f} s",
        "zh": "共 {count} 卷、{pages} 页（新生成 {rendered} 卷，未变 {reused} 卷），输出到 {out}，用时 {seconds:.1f} 秒",
    },
    "binders-line": {
        "en": "  {id}.pdf  {pages} pages  {title}{note}",
        "zh": "  {id}.pdf  {pages} 页  {title}{note}",
    },
    "binders-reused": {"en": " (unchanged)", "zh": "（未变）"},
}


# The codes `dossier check` can print in brackets; docs/check.md explains each (a test keeps them in step).
PROBLEM_CODES: Final = (
    "yaml-syntax",
    "yaml-tag",
    "yaml-alias-bomb",
    "yaml-too-deep",
    "duplicate-key",
    "not-utf8",
    "file-too-large",
    "empty-file",
    "bad-document",
    "missing-file",
    "missing-field",
    "unknown-field",
    "bad-type",
    "bad-value",
    "bad-date",
    "bad-id",
    "bad-sha256",
    "invalid",
    "duplicate-id",
    "unknown-ref",
    "wrong-kind-ref",
    "file-not-found",
    "file-outside",
    "sha256-mismatch",
    "date-outside-period",
    "date-order",
    "score-sum",
    "child-score-sum",
    "bad-indicator-id",
    "closed-without-date",
    "bad-month",
    "self-score-over",
    "self-score-twice",
    "image-outside",
    "image-remote",
    "image-not-found",
)


def set_language(lang: str | None) -> None:
    """Choose the language for this process; None falls back to DOSSIER_LANG, then Chinese."""
    global _current  # noqa: PLW0603 — one process, one UI language
    _current = lang


def language() -> str:
    lang = _current or os.environ.get("DOSSIER_LANG", "zh")
    return lang if lang in LANGUAGES else "zh"


def t(key: str, /, **params: object) -> str:
    """The message ``key`` in the current language, with ``params`` filled in."""
    entry = MESSAGES[key]
    return entry.get(language(), entry["en"]).format(**params)
