"""完整性 (integrity): everything catalogued and listed is there, nothing is there that is not, 件号 run
without gaps in each class, and the figures of 说明文件.txt are the package's."""

from __future__ import annotations

from collections import Counter, defaultdict

from generator.arrangement import RETENTION_NAMES
from generator.handover import layout
from generator.handover.description import BYTES_LABEL, FILES_LABEL, ITEMS_LABEL, read_counts
from generator.handover.entries import ITEM_ROLE, Entry

from .context import Package
from .findings import Check, Finding, error, warning

CHECK: Check = "integrity"
REQUIRED = (layout.DESCRIPTION, layout.CATALOGUE, layout.SCHEMA)
RECOMMENDED = (layout.METADATA_NOTE, layout.NAMING_NOTE, layout.REGISTER_PDF, layout.REGISTER_XLSX)
RETENTION_CODES = {name: code for code, name in RETENTION_NAMES.items()}


def check(package: Package) -> list[Finding]:
    contents = package.contents
    findings = [error(CHECK, name, "required-missing") for name in REQUIRED if not contents.holds(name)]
    findings += [warning(CHECK, name, "other-missing") for name in RECOMMENDED if not contents.holds(name)]
    findings += [error(CHECK, path, "unreadable", detail=why) for path, why in contents.unreadable.items()]
    missing_items = _missing_items(package)
    findings += [error(CHECK, folder, "item-missing", code=code) for folder, code in missing_items.items()]
    findings += _against_manifests(package, set(missing_items))
    if contents.catalogue is not None:
        findings += _catalogue(package, set(missing_items))
    findings += _described_counts(package)
    return findings


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0]


def _missing_items(package: Package) -> dict[str, str]:
    """Folders of catalogued 件 of which nothing is left (folder → 档号)."""
    held_folders = {_folder(path) for path in package.contents.files}
    missing: dict[str, str] = {}
    for entry in package.entries:
        folders = {_folder(f.path) for f in entry.files}
        if folders and not any(package.contents.holds(f.path) for f in entry.files):
            missing.update((folder, entry.code) for folder in folders if folder not in held_folders)
    return missing


def _under(path: str, folders: set[str]) -> bool:
    return any(path.startswith(folder + "/") for folder in folders)


def _against_manifests(package: Package, missing_items: set[str]) -> list[Finding]:
    """Files listed but absent, and files present but unlisted, each named once with the manifests."""
    absent: dict[str, list[str]] = defaultdict(list)
    unlisted: dict[str, list[str]] = defaultdict(list)
    for name, manifest in package.contents.manifests.items():
        if manifest is None:
            continue
        for path in manifest.digests:
            if not package.contents.holds(path) and not _under(path, missing_items):
                absent[path].append(name)
        for path in package.contents.files:
            if path not in manifest.digests and path not in layout.MANIFESTS:
                unlisted[path].append(name)
    findings = [error(CHECK, p, "file-missing", manifests="、".join(m)) for p, m in absent.items()]
    return findings + [error(CHECK, p, "file-unlisted", manifests="、".join(m)) for p, m in unlisted.items()]


def _catalogue(package: Package, missing_items: set[str]) -> list[Finding]:
    catalogue = package.contents.catalogue
    assert catalogue is not None
    entries = package.entries
    findings = []
    stated = catalogue.attributes.get("件数", "")
    if stated != str(len(entries)):
        findings.append(error(CHECK, layout.CATALOGUE, "count-mismatch", stated=stated, found=len(entries)))
    category = catalogue.attributes.get("门类代码", "")
    for entry in entries:
        findings += _entry(package, entry, category, missing_items)
    findings += _sequence(entries)
    findings += _duplicates(entries)
    findings += _gaps(entries, set(catalogue.withheld))
    findings += [
        error(CHECK, path, "file-uncatalogued")
        for path in package.records_files()
        if path not in package.catalogued
    ]
    return findings


def expected_code(entry: Entry, category: str) -> str:
    """The 档号 its parts spell (DA/T 22: 全宗号-门类代码·年度-保管期限-机构(问题)代码-件号)."""
    retention = RETENTION_CODES.get(entry.retention, entry.retention)
    return f"{entry.fonds}-{category}·{entry.year}-{retention}-{entry.org_code}-{entry.number}"


def _entry(package: Package, entry: Entry, category: str, missing_items: set[str]) -> list[Finding]:
    findings = []
    if entry.code != expected_code(entry, category):
        findings.append(
            error(
                CHECK,
                layout.CATALOGUE,
                "code-mismatch",
                code=entry.code,
                expected=expected_code(entry, category),
            )
        )
    if not any(f.role == ITEM_ROLE for f in entry.files):
        findings.append(error(CHECK, layout.CATALOGUE, "item-without-pdf", code=entry.code))
    retention = RETENTION_CODES.get(entry.retention, entry.retention)
    folder = layout.item_folder(entry.year, retention, entry.org_code, entry.code)
    for file in entry.files:
        if not package.contents.holds(file.path) and not _under(file.path, missing_items):
            findings.append(error(CHECK, file.path, "catalogue-file-missing", code=entry.code))
        if not file.path.startswith(folder + "/"):
            findings.append(warning(CHECK, file.path, "item-misplaced", code=entry.code, folder=folder))
    return findings


def _runs(numbers: list[int]) -> str:
    """[3, 4, 5, 9] → "3–5、9"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(f"{r[0]:04d}–{r[-1]:04d}" if len(r) > 1 else f"{r[0]:04d}" for r in runs)


def _sequence(entries: tuple[Entry, ...]) -> list[Finding]:
    numbers = [e.sequence for e in entries]
    missing = sorted(set(range(1, len(entries) + 1)) - set(numbers))
    twice = sorted(n for n, count in Counter(numbers).items() if count > 1)
    if not missing and not twice:
        return []
    return [
        error(
            CHECK, layout.CATALOGUE, "sequence-gap", missing=_runs(missing) or "—", twice=_runs(twice) or "—"
        )
    ]


def _duplicates(entries: tuple[Entry, ...]) -> list[Finding]:
    counts = Counter(e.code for e in entries)
    return [error(CHECK, layout.CATALOGUE, "code-duplicate", code=c) for c, n in counts.items() if n > 1]


def _gaps(entries: tuple[Entry, ...], withheld: set[str]) -> list[Finding]:
    """件号 run 0001… without a gap in each class (年度, 保管期限, 机构(问题)); a 件 listed as withheld
    (<未移交>) is a deliberate gap."""
    classes: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    prefixes: dict[tuple[int, str, str], str] = {}
    for entry in entries:
        key = (entry.year, entry.retention, entry.org_code)
        if entry.number.isdigit():
            classes[key].add(int(entry.number))
            prefixes[key] = entry.code[: -len(entry.number)]
    findings = []
    for key, numbers in sorted(classes.items()):
        held = {int(code[-4:]) for code in withheld if code.startswith(prefixes[key]) and code[-4:].isdigit()}
        missing = sorted(set(range(1, max(numbers) + 1)) - numbers - held)
        if missing:
            year, retention, org = key
            findings.append(
                error(
                    CHECK, layout.CATALOGUE, "item-number-gap",
                    year=year, retention=retention, org=org, missing=_runs(missing),
                )
            )  # fmt: skip
    return findings


def _described_counts(package: Package) -> list[Finding]:
    text = package.contents.description
    if text is None:
        return []
    stated = read_counts(text)
    records = package.records_files()
    found = {
        ITEMS_LABEL: len(package.entries) if package.contents.catalogue is not None else None,
        FILES_LABEL: len(records),
        BYTES_LABEL: sum(package.contents.files[p] for p in records),
    }
    findings = []
    for label, actual in found.items():
        if label not in stated:
            findings.append(warning(CHECK, layout.DESCRIPTION, "description-count-missing", label=label))
        elif actual is not None and stated[label] != actual:
            findings.append(
                error(
                    CHECK, layout.DESCRIPTION, "description-count-mismatch",
                    label=label, stated=stated[label], found=actual,
                )
            )  # fmt: skip
    return findings
