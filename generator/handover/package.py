"""Build the handover package (移交包) into a folder: the whole job, from the model to the manifests.

Everything is written into a staging folder that replaces ``out`` only when the package is complete
(``generator.write.atomic_output``), so a failed build leaves the previous package as it was. The same
records give the same bytes: the dates come from the data (``SOURCE_DATE_EPOCH``, else archive.yml
``today``, else the end of the campaign period), files are listed in 档号 order, each 件 PDF's identifier is
a hash of its content, and every file's modification time is the handover date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.arrangement import arrange
from generator.binders.fonts import font_map
from generator.binders.html import BinderDocument, metadata_date
from generator.errors import Problem
from generator.model import Archive, Audience
from generator.reproducible import source_date_epoch
from generator.timing import stage
from generator.write import atomic_output

from . import layout
from .catalogue_xml import SCHEMA_FILE, to_xml
from .description import Figures, description_text
from .entries import (
    ITEM_FORMAT,
    ITEM_ROLE,
    ORIGINAL_ROLE,
    CatalogueHeader,
    Entry,
    FileEntry,
    Plan,
    PlannedItem,
    entry,
    original_format,
    plan,
)
from .items import item_documents, render_items
from .manifests import Digests, copy_with_digests, digests_of_bytes, manifests_of
from .register import register_pdf, register_xlsx
from .reuse import base_key, item_key, previous_items, save_keys, take_previous
from .templates import environment

# what the binders' 归档文件目录 prints in 备注 for an item whose attachment could not be laid out
NOTE_FILES_MISSING = "有附件未收录"
_FILE_PROBLEMS = {"binder-file-missing", "binder-file-unreadable"}

Tick = Callable[[str, int, int], None]  # (record id, done, total)


@dataclass(frozen=True)
class HandoverOptions:
    audience: Audience = "full"
    years: tuple[int, ...] = ()
    jobs: int = 0  # 0: one process per core
    cache_dir: Path | None = None  # where the 件 PDFs' keys are kept, to reuse them next time (reuse.py)


@dataclass
class HandoverResult:
    out_dir: Path
    figures: Figures
    problems: list[Problem] = field(default_factory=list)
    reused: int = 0  # 件 PDFs taken from the previous package, unchanged


class ForeignFolder(ValueError):
    """``out`` holds something that is not a handover package: it is never replaced."""


class NothingToHandOver(ValueError):
    """No record of the chosen years is visible to the audience."""


def is_package(folder: Path) -> bool:
    return all((folder / name).is_file() for name in (layout.DESCRIPTION, layout.MANIFEST_SHA256))


def refuse_foreign(out: Path) -> None:
    """A package replaces an earlier package, or fills an empty or new folder — nothing else."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ForeignFolder(str(out))
    if out.is_dir() and any(out.iterdir()) and not is_package(out):
        raise ForeignFolder(str(out))


def build_handover(
    full: Archive, out: Path, options: HandoverOptions, tick: Tick | None = None
) -> HandoverResult:
    """Write the handover package of ``full`` (the audience's records of ``options.years``) into ``out``."""
    refuse_foreign(out)
    arrangement = arrange(full)  # of the whole archive: a 件's 档号 never depends on what is handed over
    view = full.filtered(options.audience)
    chosen = plan(full, view, arrangement, options.years)
    if not chosen.items:
        raise NothingToHandOver(", ".join(str(y) for y in options.years))
    epoch = source_date_epoch()
    moment = metadata_date(full, epoch)
    fonts = font_map(full.info.fonts)
    with stage("stage-handover-html"):
        docs = item_documents(view, [p.record for p in chosen.items], arrangement, fonts, epoch)
    problems = _problems(docs)
    with atomic_output(out) as staging:
        with stage("stage-handover-items"):
            facts, keys, reused = _write_items(
                staging, out, chosen, docs, options=options, fonts=fonts, tick=tick
            )
        with stage("stage-handover-originals"):
            entries = _entries(view, staging, chosen, facts, _notes(docs))
        header = CatalogueHeader(
            fonds=full.info.fonds.code,
            fonds_name=full.info.fonds.name,
            category=full.info.category_code,
            title=full.info.title,
            date=moment.date(),
            software=f"dossier {__version__}",
        )
        catalogue = to_xml(header, entries, chosen.withheld)
        figures = _figures(header, chosen, entries, options.audience, digests_of_bytes(catalogue))
        with stage("stage-handover-register"):
            others = _other_files(figures, entries, fonts, moment)
        written = {layout.CATALOGUE: catalogue, **others, layout.DESCRIPTION: description_text(figures)}
        for name, data in written.items():
            _write(staging, name, data)
        with stage("stage-manifest"):
            listed = [(f.path, Digests(f.size, f.sha256, f.sm3)) for e in entries for f in e.files]
            listed += [(name, digests_of_bytes(data)) for name, data in written.items()]
            sha256_text, sm3_text = manifests_of(listed)
            _write(staging, layout.MANIFEST_SHA256, sha256_text.encode("utf-8"))
            _write(staging, layout.MANIFEST_SM3, sm3_text.encode("utf-8"))
        _stamp_times(staging, moment.timestamp())
    save_keys(options.cache_dir, out, keys)
    return HandoverResult(out, figures, problems, reused)


def _problems(docs: list[BinderDocument]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for doc in docs:
        for problem in doc.problems:
            seen.setdefault(problem.format(), problem)
    return list(seen.values())


def _notes(docs: list[BinderDocument]) -> dict[str, str]:
    """备注 per record: as the binders' catalogue says it, when an attachment could not be laid out."""
    return {
        doc.binder_id: NOTE_FILES_MISSING
        for doc in docs
        if any(problem.code in _FILE_PROBLEMS for problem in doc.problems)
    }


def _write(staging: Path, name: str, data: bytes) -> None:
    path = staging / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


ItemFacts = dict[str, tuple[int, Digests]]  # record id → the pages and digests of its 件 PDF


def _write_items(
    staging: Path,
    out: Path,
    chosen: Plan,
    docs: list[BinderDocument],
    *,
    options: HandoverOptions,
    fonts: dict[str, str],
    tick: Tick | None,
) -> tuple[ItemFacts, dict[str, str], int]:
    """Every 件 PDF in its folder: the previous package's where its key is unchanged, else rendered.
    Returns the facts, each PDF's key (by path) and how many were reused."""
    where = {p.record.id: p for p in chosen.items}
    base = base_key(fonts)
    previous = previous_items(out, options.cache_dir)
    facts: ItemFacts = {}
    keys: dict[str, str] = {}
    todo = []
    for doc in docs:
        path = where[doc.binder_id].pdf_path
        keys[path] = item_key(base, doc)
        earlier = previous.get(path)
        taken = take_previous(out, path, earlier, keys[path], staging / path)
        if taken is None or earlier is None:
            todo.append(doc)
            continue
        facts[doc.binder_id] = (earlier.pages, taken)
        _ticked(tick, doc.binder_id, len(facts), len(docs))
    reused = len(facts)
    for rendered in render_items(todo, options.jobs):
        _write(staging, where[rendered.binder_id].pdf_path, rendered.pdf)
        facts[rendered.binder_id] = (rendered.pages, digests_of_bytes(rendered.pdf))
        _ticked(tick, rendered.binder_id, len(facts), len(docs))
    return facts, keys, reused


def _ticked(tick: Tick | None, record_id: str, done: int, total: int) -> None:
    if tick is not None:
        tick(record_id, done, total)


def _entries(
    archive: Archive,
    staging: Path,
    chosen: Plan,
    facts: dict[str, tuple[int, Digests]],
    notes: dict[str, str],
) -> list[Entry]:
    """Copy each 件's originals beside its PDF and make its catalogue entry."""
    entries = []
    for sequence, planned in enumerate(chosen.items, start=1):
        pages, pdf = facts[planned.record.id]
        files = [FileEntry(planned.pdf_path, ITEM_ROLE, ITEM_FORMAT, pdf.size, pdf.sha256, pdf.sm3)]
        files += _copy_originals(staging, planned)
        note = notes.get(planned.record.id, "")
        entries.append(entry(archive, sequence, planned, pages=pages, files=files, note=note))
    return entries


def _copy_originals(staging: Path, planned: PlannedItem) -> list[FileEntry]:
    files = []
    for original in planned.originals:
        path = f"{planned.folder}/{original.name}"
        digests = copy_with_digests(original.source, staging / path)
        files.append(
            FileEntry(
                path, ORIGINAL_ROLE, original_format(original.name), digests.size, digests.sha256, digests.sm3
            )
        )
    return files


def _figures(
    header: CatalogueHeader, chosen: Plan, entries: list[Entry], audience: str, catalogue: Digests
) -> Figures:
    files = [f for e in entries for f in e.files]
    return Figures(
        fonds=header.fonds,
        fonds_name=header.fonds_name,
        title=header.title,
        years=tuple(sorted({e.year for e in entries})),
        audience=audience,
        items=len(entries),
        item_pdfs=sum(1 for f in files if f.role == ITEM_ROLE),
        originals=sum(1 for f in files if f.role == ORIGINAL_ROLE),
        bytes=sum(f.size for f in files),
        withheld=len(chosen.withheld),
        date=header.date,
        software=header.software,
        catalogue_sha256=catalogue.sha256,
        catalogue_sm3=catalogue.sm3,
    )


def _other_files(
    figures: Figures, entries: list[Entry], fonts: dict[str, str], moment: dt.datetime
) -> dict[str, bytes]:
    """其他/: the XSD, the notes on metadata and naming, and the 交接登记表 (PDF and XLSX)."""
    example = entries[0].code
    env = environment()
    return {
        layout.SCHEMA: SCHEMA_FILE.read_bytes(),
        layout.METADATA_NOTE: env.get_template("metadata.txt.j2").render(example=example).encode("utf-8"),
        layout.NAMING_NOTE: env.get_template("naming.txt.j2").render(example=example).encode("utf-8"),
        layout.REGISTER_PDF: register_pdf(figures, fonts, moment),
        layout.REGISTER_XLSX: register_xlsx(figures, moment),
    }


def _stamp_times(staging: Path, timestamp: float) -> None:
    """Every file and folder dated the handover date, so an archive (zip, tar) of the package is the same
    bytes on every rebuild too. The package folder is readable by all, as its subfolders are (the staging
    folder is made private)."""
    for folder, dirs, files in os.walk(staging, topdown=False):
        for name in [*files, *dirs]:
            os.utime(os.path.join(folder, name), (timestamp, timestamp), follow_symlinks=False)  # noqa: PTH118
    staging.chmod(0o755)
    os.utime(staging, (timestamp, timestamp))
