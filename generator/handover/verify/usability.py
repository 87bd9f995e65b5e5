"""可用性 (usability): the catalogue is well-formed, UTF-8/GB18030 declared and valid against its XSD; every
件 PDF opens, embeds its fonts and declares PDF/A; every original opens (PDFs, images, Office files). An
original that is not in a long-term format is a warning: it is handed over as it was made."""

from __future__ import annotations

import re
from pathlib import Path

from generator.handover import layout
from generator.handover.catalogue_xml import SCHEMA_FILE, SCHEMA_LOCATION, CatalogueUnreadable, schema_errors
from generator.handover.entries import FORMATS

from .context import Package
from .findings import Check, Finding, error, warning
from .inspect import IMAGE_KINDS, FileFacts

CHECK: Check = "usability"
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"'](utf-8|gb18030)[\"']", re.IGNORECASE)
OFFICE_SUFFIXES = {".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".et", ".dps"}
SUFFIX_KINDS = {".pdf": {"pdf"}, ".jpg": {"jpeg"}, ".jpeg": {"jpeg"}, ".png": {"png"}, ".docx": {"zip"}}
SUFFIX_KINDS |= {".xlsx": {"zip"}, ".tif": {"tiff"}, ".tiff": {"tiff"}, ".gif": {"gif"}}
TEXT_FILES = (layout.DESCRIPTION, layout.METADATA_NOTE, layout.NAMING_NOTE, *layout.MANIFESTS)


def check(package: Package) -> list[Finding]:
    findings = _catalogue(package)
    for path, facts in package.facts.items():
        if facts.read_error:
            continue
        if path in package.item_files:
            findings += _item_pdf(path, facts)
        else:
            findings += _other_file(path, facts, is_original=path.startswith(layout.RECORDS_DIR + "/"))
    findings += [
        error(CHECK, name, "text-encoding")
        for name in TEXT_FILES
        if package.contents.holds(name) and not _utf8(package, name)
    ]
    return findings


def _utf8(package: Package, name: str) -> bool:
    try:
        (package.contents.root / name).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return True


def _catalogue(package: Package) -> list[Finding]:
    contents = package.contents
    data = contents.catalogue_bytes
    if data is None:
        return []  # integrity names it missing
    if contents.catalogue_error:
        return [error(CHECK, layout.CATALOGUE, "catalogue-unreadable", detail=contents.catalogue_error)]
    findings = []
    if not _DECLARED.match(data):
        findings.append(warning(CHECK, layout.CATALOGUE, "catalogue-encoding"))
    schema_path = _schema_path(package)
    try:
        problems = schema_errors(data, schema_path.read_bytes())
    except (CatalogueUnreadable, OSError) as exc:
        return [*findings, error(CHECK, layout.SCHEMA, "schema-unreadable", detail=str(exc))]
    findings += [
        error(CHECK, layout.CATALOGUE, "catalogue-invalid", line=line, detail=message)
        for line, message in problems
    ]
    return findings


def _schema_path(package: Package) -> Path:
    """The package's own XSD; ours when it has none, or when it would pull in other files (security names
    that), as the checker reads nothing from outside the package."""
    own = package.contents.root / layout.SCHEMA
    if not package.contents.holds(layout.SCHEMA):
        return SCHEMA_FILE
    try:
        return SCHEMA_FILE if SCHEMA_LOCATION.search(own.read_bytes()) else own
    except OSError:
        return SCHEMA_FILE


def _item_pdf(path: str, facts: FileFacts) -> list[Finding]:
    pdf = facts.pdf
    if pdf is None:
        return [error(CHECK, path, "format-mismatch", expected="PDF")]
    if pdf.encrypted:
        return []  # security names it
    if pdf.error:
        return [error(CHECK, path, "pdf-unreadable", detail=pdf.error)]
    findings = []
    if pdf.pages == 0:
        findings.append(error(CHECK, path, "pdf-unreadable", detail="0 pages"))
    if pdf.fonts_not_embedded:
        findings.append(error(CHECK, path, "font-not-embedded", fonts=", ".join(pdf.fonts_not_embedded)))
    if pdf.pdfa is None:
        findings.append(error(CHECK, path, "not-pdfa"))
    return findings


def _other_file(path: str, facts: FileFacts, *, is_original: bool) -> list[Finding]:
    expected = SUFFIX_KINDS.get(facts.suffix)
    if expected is not None and facts.kind not in expected:
        return [error(CHECK, path, "format-mismatch", expected=FORMATS.get(facts.suffix, facts.suffix))]
    findings: list[Finding] = []
    if facts.pdf is not None:
        findings += _original_pdf(path, facts)
    if facts.image_error:
        findings.append(error(CHECK, path, "image-unreadable", detail=facts.image_error))
    if facts.office is not None and facts.office.error:
        findings.append(error(CHECK, path, "office-unreadable", detail=facts.office.error))
    if is_original and facts.suffix in OFFICE_SUFFIXES:
        findings.append(warning(CHECK, path, "original-not-long-term", format=FORMATS.get(facts.suffix, "")))
    if is_original and facts.suffix not in FORMATS and facts.kind not in IMAGE_KINDS:
        findings.append(warning(CHECK, path, "format-unknown"))
    return findings


def _original_pdf(path: str, facts: FileFacts) -> list[Finding]:
    pdf = facts.pdf
    assert pdf is not None
    if pdf.encrypted:
        return []
    if pdf.error:
        return [error(CHECK, path, "pdf-unreadable", detail=pdf.error)]
    findings = []
    if pdf.fonts_not_embedded:
        fonts = ", ".join(pdf.fonts_not_embedded)
        findings.append(warning(CHECK, path, "original-font-not-embedded", fonts=fonts))
    if pdf.pdfa is None:
        findings.append(warning(CHECK, path, "original-not-pdfa"))
    return findings
