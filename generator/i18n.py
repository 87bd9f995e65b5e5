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
    # ---- problems found by `dossier check` (keys are the problem codes) ----
    "yaml-syntax": {"en": "YAML syntax error: {detail}", "zh": "YAML 语法错误：{detail}"},
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
    "access-public": {"en": "public", "zh": "公开"},
    "access-internal": {"en": "internal", "zh": "内部"},
    "access-restricted": {"en": "restricted", "zh": "受限"},
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
