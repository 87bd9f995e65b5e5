"""The handover's and the check's words, Chinese and English, merged into ``generator.i18n.MESSAGES`` on
import (as the readiness report's are); ``register`` never overwrites a key the shared table has."""

from __future__ import annotations

from typing import Final

from generator.i18n import MESSAGES as _SHARED

# ``dossier verify`` finding codes; the message of code C is ``verify-C`` (docs/handover.md lists each one)
VERIFY_MESSAGES: Final[dict[str, dict[str, str]]] = {
    # ---- 真实性 authenticity ----
    "manifest-missing": {"en": "manifest missing: no file's digest can be checked against it", "zh": "缺少摘要清单，无法据此校验文件摘要"},
    "manifest-bad-line": {"en": "line {line} is not '<digest>  <path>'", "zh": "第 {line} 行不是“摘要  路径”格式"},
    "manifest-repeated": {"en": "'{file}' is listed more than once", "zh": "“{file}”被重复列出"},
    "digest-mismatch": {"en": "the file's bytes differ from what {sources} state: it was altered or replaced", "zh": "文件内容与 {sources} 记载的不符：文件已被改动或替换"},
    "description-digest-mismatch": {"en": "the {algorithm} of 文件目录.xml stated here is not the catalogue's: one of the two was altered", "zh": "此处记载的文件目录.xml 的 {algorithm} 摘要与目录文件不符：二者之一已被改动"},
    "pdf-metadata-missing": {"en": "the PDF's metadata has no {field}: cannot compare it with the catalogue", "zh": "PDF 文档信息中没有 {field}，无法与文件目录核对"},
    "pdf-title-mismatch": {"en": "题名 in 文件目录.xml is '{catalogue}', the PDF's title is '{pdf}'", "zh": "文件目录.xml 中的题名为“{catalogue}”，PDF 的标题为“{pdf}”"},
    "pdf-code-mismatch": {"en": "档号 in 文件目录.xml is '{catalogue}', the PDF's subject is '{pdf}'", "zh": "文件目录.xml 中的档号为“{catalogue}”，PDF 的主题（档号）为“{pdf}”"},
    "pdf-date-mismatch": {"en": "日期 in 文件目录.xml is {catalogue}, the PDF's creation date is {pdf}", "zh": "文件目录.xml 中的日期为 {catalogue}，PDF 的创建日期为 {pdf}"},
    "page-count-mismatch": {"en": "页数 in 文件目录.xml is {catalogue}, the PDF has {pdf} pages", "zh": "文件目录.xml 中的页数为 {catalogue}，PDF 实有 {pdf} 页"},
    "stamp-not-found": {"en": "no 归档章 found in the first page's text: its cells cannot be compared with the catalogue", "zh": "首页文字中找不到归档章，无法与文件目录核对"},
    "stamp-mismatch": {"en": "归档章 {field} is '{pdf}', the catalogue says '{catalogue}'", "zh": "归档章中的{field}为“{pdf}”，文件目录为“{catalogue}”"},
    # ---- 完整性 integrity ----
    "required-missing": {"en": "missing: every package has this file", "zh": "缺少此文件（移交包必备）"},
    "other-missing": {"en": "missing from 其他/ (the handover rules expect it)", "zh": "其他/ 中缺少此文件（移交要求包含）"},
    "unreadable": {"en": "cannot be read: {detail}", "zh": "无法读取：{detail}"},
    "item-missing": {"en": "件 {code} is catalogued but its folder is missing", "zh": "文件目录中有件 {code}，但其文件夹不存在"},
    "file-missing": {"en": "listed in {manifests} but missing", "zh": "{manifests} 中列有此文件，但文件不存在"},
    "file-unlisted": {"en": "not listed in {manifests}: a file added after the package was made", "zh": "{manifests} 中没有此文件：是移交包生成后加入的"},
    "count-mismatch": {"en": "件数 says {stated}, the catalogue holds {found} 件", "zh": "件数记为 {stated}，目录实有 {found} 件"},
    "code-mismatch": {"en": "档号 {code} does not match its parts ({expected})", "zh": "档号 {code} 与其各项不符（应为 {expected}）"},
    "item-without-pdf": {"en": "件 {code} lists no 件 PDF (类别=\"件\")", "zh": "件 {code} 没有类别为“件”的电子文件"},
    "catalogue-file-missing": {"en": "file of 件 {code} in 文件目录.xml is missing", "zh": "文件目录.xml 中件 {code} 的电子文件不存在"},
    "item-misplaced": {"en": "file of 件 {code} is not in its folder {folder}/ (naming rule)", "zh": "件 {code} 的文件不在其文件夹 {folder}/ 中（不符合命名规则）"},
    "sequence-gap": {"en": "顺序号 do not run 1… without gaps: missing {missing}, repeated {twice}", "zh": "顺序号不连续：缺 {missing}，重复 {twice}"},
    "code-duplicate": {"en": "档号 {code} is catalogued more than once", "zh": "档号 {code} 在目录中重复出现"},
    "item-number-gap": {"en": "件号 of {year} {retention} {org} has a gap: {missing} missing", "zh": "{year} 年度 {retention} {org} 的件号不连续：缺 {missing}"},
    "file-uncatalogued": {"en": "not in any 件 of 文件目录.xml", "zh": "文件目录.xml 的各件中都没有此文件"},
    "description-count-missing": {"en": "no '{label}：N' line: the count cannot be checked", "zh": "没有“{label}：数字”一行，无法核对"},
    "description-count-mismatch": {"en": "{label} says {stated}, the package holds {found}", "zh": "{label}记为 {stated}，移交包实有 {found}"},
    # ---- 可用性 usability ----
    "catalogue-unreadable": {"en": "not well-formed XML (line {detail})", "zh": "不是格式正确的 XML（第 {detail}）"},
    "catalogue-encoding": {"en": "the XML declaration names no encoding (UTF-8 or GB18030)", "zh": "XML 声明中没有注明编码（UTF-8 或 GB18030）"},
    "schema-unreadable": {"en": "the XSD cannot be used: {detail}", "zh": "XSD 无法使用：{detail}"},
    "catalogue-invalid": {"en": "line {line}: not valid against 其他/文件目录.xsd: {detail}", "zh": "第 {line} 行不符合 其他/文件目录.xsd：{detail}"},
    "format-mismatch": {"en": "named as {expected} but the content is not", "zh": "扩展名为 {expected}，但内容不是该格式"},
    "pdf-unreadable": {"en": "the PDF does not open: {detail}", "zh": "PDF 无法打开：{detail}"},
    "font-not-embedded": {"en": "fonts not embedded: {fonts}", "zh": "字体未嵌入：{fonts}"},
    "not-pdfa": {"en": "declares no PDF/A conformance (XMP pdfaid)", "zh": "未声明 PDF/A（XMP pdfaid）"},
    "image-unreadable": {"en": "the image does not decode: {detail}", "zh": "图像无法解码：{detail}"},
    "office-unreadable": {"en": "the Office file does not open: {detail}", "zh": "Office 文件无法打开：{detail}"},
    "original-not-long-term": {"en": "original in {format}, not a long-term format: handed over as made (keep a PDF/A or OFD copy)", "zh": "原件为 {format} 格式，不是长期保存格式：按原样移交（宜另存 PDF/A 或 OFD）"},
    "format-unknown": {"en": "format not recognised: it could not be checked", "zh": "无法识别的格式，未能检测"},
    "original-font-not-embedded": {"en": "original PDF without embedded fonts ({fonts}): may display differently elsewhere", "zh": "原件 PDF 字体未嵌入（{fonts}）：在其他计算机上可能显示不同"},
    "original-not-pdfa": {"en": "original PDF is not PDF/A: handed over as made", "zh": "原件 PDF 不是 PDF/A：按原样移交"},
    "text-encoding": {"en": "not valid UTF-8", "zh": "不是有效的 UTF-8 文本"},
    # ---- 安全性 security ----
    "symlink": {"en": "a symbolic link: a package holds files only", "zh": "符号链接：移交包中只能有文件"},
    "special-file": {"en": "not a regular file (device, pipe or socket)", "zh": "不是普通文件（设备、管道或套接字）"},
    "executable": {"en": "a program or script: executable content is not accepted", "zh": "程序或脚本：不接收可执行内容"},
    "script": {"en": "markup that carries script", "zh": "含有脚本的网页或图形文件"},
    "encrypted": {"en": "encrypted or password-protected: the archives cannot open it", "zh": "已加密或设有密码：档案馆无法打开"},
    "macro": {"en": "an Office file with macros (VBA)", "zh": "含宏（VBA）的 Office 文件"},
    "external-reference": {"en": "fetches content from outside the package: {targets}", "zh": "引用移交包以外的内容：{targets}"},
    "external-link": {"en": "links outside the package: {targets}", "zh": "含指向移交包以外的链接：{targets}"},
    "pdf-javascript": {"en": "the PDF holds JavaScript", "zh": "PDF 中含有 JavaScript"},
    "pdf-launch": {"en": "the PDF can launch programs (Launch action)", "zh": "PDF 中含有启动程序的动作（Launch）"},
    "external-action": {"en": "the PDF has actions reaching outside the package: {actions}", "zh": "PDF 中含有访问移交包以外的动作：{actions}"},
    "embedded-file": {"en": "the PDF carries embedded files", "zh": "PDF 中嵌有附加文件"},
    "xml-doctype": {"en": "declares a DOCTYPE (entities, external references): not accepted", "zh": "含有 DOCTYPE 声明（实体、外部引用）：不予接收"},
}  # fmt: skip

VERIFY_CODES: Final = tuple(VERIFY_MESSAGES)

MESSAGES: Final[dict[str, dict[str, str]]] = {
    **{f"verify-{code}": entry for code, entry in VERIFY_MESSAGES.items()},
    # ---- `dossier handover` ----
    "handover-progress": {"en": "Rendering 件 PDF/A", "zh": "正在生成件的 PDF/A"},
    "handover-done": {
        "en": "Handover package: {items} 件 ({reused} unchanged, taken from the previous package), {files} files ({originals} originals), {size} in {seconds:.1f} s → {out}",
        "zh": "移交包已生成：{items} 件（其中 {reused} 件未变，取自上一版移交包），电子文件 {files} 个（原件 {originals} 个），{size}，用时 {seconds:.1f} 秒 → {out}",
    },
    "handover-withheld": {
        "en": "{count} 件 of these years withheld (audience '{audience}'); their 档号 are listed in 文件目录.xml <未移交>",
        "zh": "按“{audience}”范围，本次年度内有 {count} 件未移交；其档号列于 文件目录.xml 的 <未移交>",
    },
    "handover-next": {"en": "Check it with: dossier verify {out}", "zh": "检测：dossier verify {out}"},
    "handover-foreign": {
        "en": "{out} holds files that are not a handover package: choose an empty or new folder (it is never overwritten)",
        "zh": "{out} 中已有文件且不是移交包：请指定空文件夹或新文件夹（不会覆盖已有文件）",
    },
    "handover-nothing": {
        "en": "nothing to hand over: no record of the years {years} is visible to this audience",
        "zh": "没有可移交的记录：所选年度 {years} 中没有此范围可见的记录",
    },
    # ---- `dossier verify` ----
    "verify-check-authenticity": {"en": "authenticity", "zh": "真实性"},
    "verify-check-integrity": {"en": "integrity", "zh": "完整性"},
    "verify-check-usability": {"en": "usability", "zh": "可用性"},
    "verify-check-security": {"en": "security", "zh": "安全性"},
    "verify-check-line": {
        "en": "{name}: {status} ({errors} errors, {warnings} warnings)",
        "zh": "{name}：{status}（错误 {errors} 个，警告 {warnings} 个）",
    },
    "verify-passed": {"en": "passed", "zh": "通过"},
    "verify-not-passed": {"en": "FAILED", "zh": "未通过"},
    "verify-catalogue-digest": {
        "en": "文件目录.xml SHA-256 {sha256}\n文件目录.xml SM3     {sm3}\n(compare with the 交接登记表)",
        "zh": "文件目录.xml SHA-256 {sha256}\n文件目录.xml SM3     {sm3}\n（与交接登记表上的摘要核对）",
    },
    "verify-ok": {
        "en": "Four-property check passed: {items} 件, {files} files{warnings}",
        "zh": "四性检测通过：{items} 件，{files} 个文件{warnings}",
    },
    "verify-with-warnings": {"en": " ({count} warnings)", "zh": "（警告 {count} 个）"},
    "verify-failed": {
        "en": "Four-property check failed: {errors} errors, {warnings} warnings",
        "zh": "四性检测未通过：错误 {errors} 个，警告 {warnings} 个",
    },
    # ---- stages (--verbose) ----
    "stage-handover-html": {"en": "件 HTML", "zh": "件的 HTML"},
    "stage-handover-items": {"en": "件 PDF/A", "zh": "件的 PDF/A"},
    "stage-handover-originals": {"en": "originals and catalogue", "zh": "原件与目录"},
    "stage-handover-register": {"en": "交接登记表 and notes", "zh": "交接登记表与说明"},
    "stage-verify-read": {"en": "reading and digests", "zh": "读取与摘要"},
    "stage-verify-authenticity": {"en": "authenticity", "zh": "真实性"},
    "stage-verify-integrity": {"en": "integrity", "zh": "完整性"},
    "stage-verify-usability": {"en": "usability", "zh": "可用性"},
    "stage-verify-security": {"en": "security", "zh": "安全性"},
}


def register() -> None:
    """Add these keys to the shared table (a key already there is kept: the shared table wins)."""
    for key, entry in MESSAGES.items():
        _SHARED.setdefault(key, entry)
