"""安全性 (security): nothing encrypted or password-protected, nothing that runs (programs, scripts, PDF
JavaScript and launch actions, Office macros), nothing that reaches outside the package (remote actions,
linked templates, external entities in the XML), no symbolic links or special files.

No virus scanner is run: the receiving side scans the carrier with its own (docs/handover.md)."""

from __future__ import annotations

from generator.handover import layout
from generator.handover.catalogue_xml import SCHEMA_LOCATION, has_doctype

from .context import Package
from .findings import Check, Finding, error, warning
from .inspect import EXECUTABLE_SUFFIXES, MACRO_SUFFIXES, FileFacts

CHECK: Check = "security"
MAX_NAMED = 3  # links named in one finding; the rest are counted


def check(package: Package) -> list[Finding]:
    contents = package.contents
    findings = [error(CHECK, path, "symlink") for path in contents.links]
    findings += [error(CHECK, path, "special-file") for path in contents.specials]
    for path, facts in package.facts.items():
        findings += _file(path, facts)
    if contents.catalogue_bytes is not None and has_doctype(contents.catalogue_bytes):
        findings.append(error(CHECK, layout.CATALOGUE, "xml-doctype"))
    if contents.holds(layout.SCHEMA):
        findings += _schema(package)
    return findings


def _named(targets: list[str]) -> str:
    shown = "、".join(dict.fromkeys(targets[:MAX_NAMED]))
    return shown + (f" (+{len(targets) - MAX_NAMED})" if len(targets) > MAX_NAMED else "")


def _file(path: str, facts: FileFacts) -> list[Finding]:
    findings = []
    if facts.kind == "executable" or facts.suffix in EXECUTABLE_SUFFIXES:
        findings.append(error(CHECK, path, "executable"))
    if facts.script:
        findings.append(error(CHECK, path, "script"))
    pdf, office = facts.pdf, facts.office
    if (pdf is not None and pdf.encrypted) or (office is not None and office.encrypted):
        findings.append(error(CHECK, path, "encrypted"))
    if pdf is not None:
        findings += _pdf(path, facts)
    if (office is not None and office.macros) or facts.suffix in MACRO_SUFFIXES:
        findings.append(error(CHECK, path, "macro"))
    if office is not None and office.external:
        findings.append(error(CHECK, path, "external-reference", targets=_named(office.external)))
    if office is not None and office.hyperlinks:
        findings.append(warning(CHECK, path, "external-link", targets=_named(office.hyperlinks)))
    return findings


def _pdf(path: str, facts: FileFacts) -> list[Finding]:
    pdf = facts.pdf
    assert pdf is not None
    findings = []
    if pdf.javascript:
        findings.append(error(CHECK, path, "pdf-javascript"))
    if pdf.launch:
        findings.append(error(CHECK, path, "pdf-launch"))
    if pdf.remote:
        findings.append(error(CHECK, path, "external-action", actions=_named(pdf.remote)))
    if pdf.embedded_files:
        findings.append(error(CHECK, path, "embedded-file"))
    if pdf.uris:
        findings.append(warning(CHECK, path, "external-link", targets=_named(pdf.uris)))
    return findings


def _schema(package: Package) -> list[Finding]:
    try:
        data = (package.contents.root / layout.SCHEMA).read_bytes()
    except OSError:
        return []
    findings = []
    if SCHEMA_LOCATION.search(data):
        findings.append(error(CHECK, layout.SCHEMA, "external-reference", targets="schemaLocation"))
    if has_doctype(data):
        findings.append(error(CHECK, layout.SCHEMA, "xml-doctype"))
    return findings
