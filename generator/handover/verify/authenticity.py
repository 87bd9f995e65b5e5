"""真实性 (authenticity): every file is the one the manifests and the catalogue describe, and each 件's PDF
says what its catalogue entry says (its metadata and its 归档章)."""

from __future__ import annotations

import re
import unicodedata

from generator.handover import layout
from generator.handover.entries import Entry
from generator.handover.manifests import digests_of_bytes

from .context import Package
from .findings import Check, Finding, error, warning
from .inspect import FileFacts, PdfFacts

CHECK: Check = "authenticity"
_ALGORITHMS = {layout.MANIFEST_SHA256: "sha256", layout.MANIFEST_SM3: "sm3"}
# the 归档章 as text: 全宗号 年度 件号 / 机构(问题) 保管期限 页数 (two rows of three cells)
_STAMP = re.compile(r"(\S+)\s+(\d{4})\s+(\d{4})\s*\n\s*(\S+)\s+(永久|30年|10年)\s+(\d+)")
_DESCRIBED_DIGEST = re.compile(r"^文件目录\.xml 的 (SHA-256|SM3)[:：]\s*([0-9a-fA-F]{64})\s*$", re.MULTILINE)


def check(package: Package) -> list[Finding]:
    findings = _manifests(package)
    findings += _file_digests(package)
    findings += _described_catalogue(package)
    for path, (entry, _file) in package.item_files.items():
        facts = package.facts.get(path)
        pdf = facts.pdf if facts is not None else None
        if pdf is not None and not pdf.error and not pdf.encrypted and entry.sequence:
            findings += _item_matches(path, entry, pdf)
    return findings


def _manifests(package: Package) -> list[Finding]:
    findings = []
    for name, manifest in package.contents.manifests.items():
        if manifest is None:
            findings.append(error(CHECK, name, "manifest-missing"))
            continue
        findings += [error(CHECK, name, "manifest-bad-line", line=n) for n in manifest.bad_lines]
        findings += [warning(CHECK, name, "manifest-repeated", file=p) for p in manifest.repeated]
    return findings


def _file_digests(package: Package) -> list[Finding]:
    """One finding per file whose bytes disagree with anything that describes them."""
    described = {f.path: f for e in package.entries for f in e.files}
    findings = []
    for path, facts in package.facts.items():
        if facts.read_error:
            continue
        sources = _disagreeing(package, path, facts)
        listed = described.get(path)
        if listed is not None:
            sources += [
                f"{layout.CATALOGUE} {what}"
                for what, stated, actual in (
                    ("字节数", listed.size, facts.size),
                    ("SHA256", listed.sha256, facts.sha256),
                    ("SM3", listed.sm3, facts.sm3),
                )
                if stated != actual
            ]
        if sources:
            findings.append(error(CHECK, path, "digest-mismatch", sources="、".join(sources)))
    return findings


def _disagreeing(package: Package, path: str, facts: FileFacts) -> list[str]:
    sources = []
    for name, manifest in package.contents.manifests.items():
        stated = manifest.digests.get(path) if manifest is not None else None
        if stated is not None and stated != getattr(facts, _ALGORITHMS[name]):
            sources.append(name)
    return sources


def _described_catalogue(package: Package) -> list[Finding]:
    """说明文件.txt states the catalogue's digests (so does the signed 交接登记表): they must be its own."""
    text, data = package.contents.description, package.contents.catalogue_bytes
    if text is None or data is None:
        return []
    actual = digests_of_bytes(data)
    findings = []
    for algorithm, stated in _DESCRIBED_DIGEST.findall(text):
        real = actual.sha256 if algorithm == "SHA-256" else actual.sm3
        if stated.lower() != real:
            findings.append(
                error(CHECK, layout.DESCRIPTION, "description-digest-mismatch", algorithm=algorithm)
            )
    return findings


def _same(a: str, b: str) -> bool:
    """Equal as text: the same characters, whitespace runs counted as one space."""

    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).split())

    return norm(a) == norm(b)


def _item_matches(path: str, entry: Entry, pdf: PdfFacts) -> list[Finding]:
    findings = []
    for field, stated, found, code in (
        ("Title", entry.title, pdf.title, "pdf-title-mismatch"),
        ("Subject", entry.code, pdf.subject, "pdf-code-mismatch"),
        ("CreationDate", entry.date, pdf.created, "pdf-date-mismatch"),
    ):
        if found is None:
            findings.append(warning(CHECK, path, "pdf-metadata-missing", field=field))
        elif not _same(found, stated):
            findings.append(error(CHECK, path, code, catalogue=stated, pdf=found))
    if entry.pages and pdf.pages != entry.pages:
        findings.append(error(CHECK, path, "page-count-mismatch", catalogue=entry.pages, pdf=pdf.pages))
    return findings + _stamp(path, entry, pdf)


def _stamp(path: str, entry: Entry, pdf: PdfFacts) -> list[Finding]:
    """The 归档章 on the first page against the catalogue entry, cell by cell."""
    found = _STAMP.search(pdf.first_page_text)
    if found is None:
        return [warning(CHECK, path, "stamp-not-found")]
    expected = (entry.fonds, str(entry.year), entry.number, entry.org_code, entry.retention, str(pdf.pages))
    names = ("全宗号", "年度", "件号", "机构(问题)", "保管期限", "页数")
    return [
        error(CHECK, path, "stamp-mismatch", field=name, catalogue=want, pdf=got)
        for name, want, got in zip(names, expected, found.groups(), strict=True)
        if want != got
    ]
