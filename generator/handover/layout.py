"""Where everything sits in a handover package (移交包): the names both the writer and the checker use.

说明文件.txt                         what the package holds
文件目录.xml                         the catalogue, one <件> per item
电子档案/年度/保管期限/机构(问题)/档号/  per item: 档号.pdf (PDF/A) and its original files
其他/                               文件目录.xsd, 元数据说明.txt, 命名规则.txt, 交接登记表.pdf/.xlsx
MANIFEST.sha256, MANIFEST.sm3       every other file's digest, as ``sha256sum -c`` reads them
"""

from __future__ import annotations

import re
import unicodedata

DESCRIPTION = "说明文件.txt"
CATALOGUE = "文件目录.xml"
RECORDS_DIR = "电子档案"
OTHER_DIR = "其他"
SCHEMA = f"{OTHER_DIR}/文件目录.xsd"
METADATA_NOTE = f"{OTHER_DIR}/元数据说明.txt"
NAMING_NOTE = f"{OTHER_DIR}/命名规则.txt"
REGISTER_PDF = f"{OTHER_DIR}/交接登记表.pdf"
REGISTER_XLSX = f"{OTHER_DIR}/交接登记表.xlsx"
MANIFEST_SHA256 = "MANIFEST.sha256"
MANIFEST_SM3 = "MANIFEST.sm3"
MANIFESTS = (MANIFEST_SHA256, MANIFEST_SM3)
ENCODING = "UTF-8"

# A file name the package may carry: no folder separators, no control characters, nothing Windows refuses.
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)


def item_folder(year: int, retention: str, org_code: str, code: str) -> str:
    """``电子档案/2024/Y/BGS/Z109-WS·2024-Y-BGS-0001``: 年度/保管期限/机构(问题)/档号, as in the 档号."""
    return f"{RECORDS_DIR}/{year}/{retention}/{org_code}/{code}"


def item_pdf(code: str) -> str:
    """The 件's own PDF/A, named by its 档号."""
    return f"{code}.pdf"


def safe_name(name: str) -> str:
    """An original's file name as it can sit in the package on any system: NFC, characters no file system
    takes replaced by "_", no leading or trailing dots or spaces, not a reserved Windows device name."""
    cleaned = _UNSAFE_NAME.sub("_", unicodedata.normalize("NFC", name)).strip(" .")
    if not cleaned or _WINDOWS_RESERVED.match(cleaned):
        cleaned = f"_{cleaned}"
    return cleaned
