"""The OCR command's and check's words, Chinese and English, merged into ``generator.i18n.MESSAGES``."""

from __future__ import annotations

from typing import Final

from generator.i18n import MESSAGES as _SHARED

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "ocr-missing": {
        "en": "{file}: scan has no recognised text (run dossier ocr)",
        "zh": "{file}：扫描件没有识别文本（请运行 dossier ocr）",
    },
    "ocr-progress": {"en": "recognising pages", "zh": "正在识别页面"},
    "ocr-done": {
        "en": "{files} file(s) written, {pages} page(s) recognised ({rate:.2f} pages/s), {cached} page(s) from "
        "the cache, {current} file(s) already up to date",
        "zh": "写入 {files} 个文本文件，识别 {pages} 页（每秒 {rate:.2f} 页），{cached} 页取自缓存，{current} 个文件已是最新",
    },
    "ocr-edited": {
        "en": "{file}: text edited by a person, kept as it is (delete it to recognise again)",
        "zh": "{file}：识别文本已被人工修改，保持不变（删除该文件可重新识别）",
    },
    "ocr-no-engine": {
        "en": "the OCR engine is not installed: run make setup (pip install rapidocr-onnxruntime)",
        "zh": "未安装 OCR 引擎：请运行 make setup（pip install rapidocr-onnxruntime）",
    },
}


def register() -> None:
    for key, entry in MESSAGES.items():
        _SHARED.setdefault(key, entry)


register()
