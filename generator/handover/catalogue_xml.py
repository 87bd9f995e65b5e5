"""文件目录.xml: write it from the catalogue entries, read it back, validate it against its XSD.

Reading goes through one hardened lxml parser: no DTD, no entities, no network, so a package edited by hand
cannot make the checker fetch or expand anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from generator.arrangement import Item

from .entries import CatalogueHeader, Entry, FileEntry, Indicator

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "templates" / "handover" / "catalogue.xsd"
ROOT = "文件目录"
WITHHELD_REASON = "公开范围限制，本次未移交"
# an XSD that pulls in other schema files (include, import, redefine, override)
SCHEMA_LOCATION = re.compile(rb"<(?:\w+:)?(?:include|import|redefine|override)\b[^>]*schemaLocation", re.I)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: str) -> str:
    """XML 1.0 cannot hold control characters: a record's stray one becomes U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def _child(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = _text(text)
    return element


def to_xml(header: CatalogueHeader, entries: Sequence[Entry], withheld: Sequence[Item]) -> bytes:
    """The catalogue, UTF-8 declared, indented, one <件> per entry in 顺序号 order."""
    root = etree.Element(ROOT)
    for name, value in (
        ("全宗号", header.fonds),
        ("全宗名称", header.fonds_name),
        ("门类代码", header.category),
        ("档案名称", header.title),
        ("件数", str(len(entries))),
        ("移交日期", header.date.strftime("%Y%m%d")),
        ("生成软件", header.software),
    ):
        root.set(name, _text(value))
    for item in entries:
        _entry_element(root, item)
    if withheld:
        held = etree.SubElement(root, "未移交", {"原因": WITHHELD_REASON})
        for w in withheld:
            _child(held, "档号", w.code)
    etree.indent(root, space="  ")
    body = etree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def _entry_element(root: etree._Element, entry: Entry) -> None:
    element = etree.SubElement(root, "件")
    for tag, value in (
        ("顺序号", str(entry.sequence)),
        ("档号", entry.code),
        ("全宗号", entry.fonds),
        ("年度", str(entry.year)),
        ("保管期限", entry.retention),
        ("机构或问题", entry.org_code),
        ("件号", entry.number),
        ("责任者", entry.responsible),
        ("题名", entry.title),
        ("文号", entry.doc_number),
        ("日期", entry.date),
        ("密级", entry.classification),
        ("页数", str(entry.pages)),
        ("文种", entry.doc_type),
    ):
        _child(element, tag, value)
    for keyword in entry.keywords:
        _child(element, "主题词", keyword)
    for indicator in entry.indicators:
        _child(element, "测评指标", indicator.title).set("编号", _text(indicator.id))
    _child(element, "记录标识", entry.record_id)
    for file in entry.files:
        node = _child(element, "电子文件名", file.path)
        node.attrib.update(
            {"类别": file.role, "格式": file.format, "字节数": str(file.size), "SHA256": file.sha256}
        )
        node.set("SM3", file.sm3)
    _child(element, "备注", entry.note)


# ------------------------------------------------------------------------------------------ reading
class CatalogueUnreadable(ValueError):
    """The file is not well-formed XML (or not a 文件目录); the message says where."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_xml(data: bytes) -> etree._Element:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise CatalogueUnreadable(f"{exc.lineno}: {exc.msg}") from exc
    if root.tag != ROOT:
        raise CatalogueUnreadable(f"1: root element <{root.tag}>, expected <{ROOT}>")
    return root


def has_doctype(data: bytes) -> bool:
    """Whether the document declares a DTD (entities and external references come in that way)."""
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError:
        return b"<!DOCTYPE" in data
    return bool(tree.docinfo.doctype) or b"<!ENTITY" in data


@dataclass(frozen=True)
class Catalogue:
    attributes: dict[str, str]
    entries: tuple[Entry, ...]
    withheld: tuple[str, ...]  # 档号


def read_catalogue(data: bytes) -> Catalogue:
    """The entries as written; a missing element reads as empty (the XSD check names it)."""
    root = parse_xml(data)
    entries = tuple(_entry(element) for element in root.iterfind("件"))
    withheld = tuple((e.text or "").strip() for e in root.iterfind("未移交/档号"))
    return Catalogue(dict(root.attrib), entries, withheld)


def _get(element: etree._Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _entry(element: etree._Element) -> Entry:
    return Entry(
        sequence=_int(_get(element, "顺序号")),
        code=_get(element, "档号"),
        fonds=_get(element, "全宗号"),
        year=_int(_get(element, "年度")),
        retention=_get(element, "保管期限"),
        org_code=_get(element, "机构或问题"),
        number=_get(element, "件号"),
        responsible=_get(element, "责任者"),
        title=_get(element, "题名"),
        doc_number=_get(element, "文号"),
        date=_get(element, "日期"),
        classification=_get(element, "密级"),
        pages=_int(_get(element, "页数")),
        doc_type=_get(element, "文种"),
        keywords=tuple((k.text or "").strip() for k in element.iterfind("主题词")),
        indicators=tuple(
            Indicator(i.get("编号", ""), (i.text or "").strip()) for i in element.iterfind("测评指标")
        ),
        record_id=_get(element, "记录标识"),
        files=tuple(_file(f) for f in element.iterfind("电子文件名")),
        note=_get(element, "备注"),
    )


def _file(element: etree._Element) -> FileEntry:
    return FileEntry(
        path=(element.text or "").strip(),
        role=element.get("类别", ""),
        format=element.get("格式", ""),
        size=_int(element.get("字节数", "")),
        sha256=element.get("SHA256", "").lower(),
        sm3=element.get("SM3", "").lower(),
    )


def schema_errors(data: bytes, schema: bytes) -> list[tuple[int, str]]:
    """(line, message) of each way ``data`` breaks the XSD ``schema``; a broken schema is one error."""
    try:
        xsd = etree.XMLSchema(etree.fromstring(schema, _parser()))
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise CatalogueUnreadable(f"XSD: {exc}") from exc
    document = etree.fromstring(data, _parser())
    try:
        if xsd.validate(document):
            return []
    except etree.XMLSchemaValidateError as exc:  # e.g. an entity reference left unexpanded
        return [(0, str(exc))]
    return [(error.line, error.message) for error in xsd.error_log]
