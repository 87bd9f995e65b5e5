"""Records → official-format Word files (``dossier export docx``), typeset per GB/T 9704.

``export_records`` writes one .docx per record; ``export_binder`` one .docx holding a binder's records with a
table-of-contents field. Output bytes depend only on the records (fixed zip timestamps and document
properties), so re-exporting unchanged records leaves the files untouched.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document

from generator.docx_export import oxml
from generator.docx_export.layout import CENTRED_STYLE, DEFAULT_FONTS, apply_run_fonts, new_document
from generator.docx_export.records import add_title, write_record
from generator.errors import DossierError
from generator.i18n import t
from generator.model import Archive
from generator.reproducible import fixed_moment, fixed_zip, source_date_epoch
from generator.schema import BinderSpec, Record
from generator.write import write_if_changed

__all__ = [
    "DEFAULT_OUT",
    "ExportError",
    "Exported",
    "binder_docx",
    "export_binder",
    "export_records",
    "fonts_for",
    "record_docx",
]

DEFAULT_OUT = Path("dist") / "docx"


class ExportError(DossierError):
    """The export was refused; no file was written."""


@dataclass(frozen=True)
class Exported:
    path: Path
    title: str
    written: bool  # False when the file already held exactly these bytes


def fonts_for(archive: Archive) -> dict[str, str]:
    """The Word font names: GB/T 9704 defaults, overridden by archive.yml ``fonts:``."""
    return {**DEFAULT_FONTS, **archive.info.fonts}


def record_docx(archive: Archive, record: Record, *, clean_images: bool = False) -> bytes:
    """The record as a Word file; with ``clean_images`` its photos carry no identifying metadata."""
    fonts = fonts_for(archive)
    document = new_document(fonts)
    write_record(document, record, archive, fonts, clean_images=clean_images)
    apply_run_fonts(document, fonts)
    _set_properties(document, record.title, record.date)
    return _saved(document, record.date)


def binder_docx(
    archive: Archive, spec: BinderSpec, records: Sequence[Record], *, clean_images: bool = False
) -> bytes:
    fonts = fonts_for(archive)
    document = new_document(fonts)
    add_title(document, spec.title)
    document.add_paragraph(t("export-toc"), style=CENTRED_STYLE)
    toc = document.add_paragraph()
    toc.paragraph_format.first_line_indent = 0
    shown = oxml.add_field(toc, 'TOC \\h \\z \\t "Record Title,1"', t("export-toc-hint"))
    for record in records:
        shown.add_break()
        shown.add_text(record.title)
    for record in records:
        start = len(document.paragraphs)
        write_record(document, record, archive, fonts, clean_images=clean_images)
        document.paragraphs[start].paragraph_format.page_break_before = True
    apply_run_fonts(document, fonts)
    oxml.set_update_fields_on_open(document.settings)
    last = max((r.date for r in records), default=dt.date(2000, 1, 1))
    _set_properties(document, spec.title, last)
    return _saved(document, last)


def export_records(
    archive: Archive, ids: Sequence[str], out: Path, *, clean_images: bool = False
) -> list[Exported]:
    """One .docx per record id; ``out`` is a folder, or a .docx path when exactly one id is given. With
    ``clean_images`` (generator/image_metadata.py ``cleans_for``) photos carry no identifying metadata."""
    records = [_record(archive, record_id) for record_id in ids]
    single_file = out.suffix.lower() == ".docx"
    if single_file and len(records) != 1:
        raise ExportError(t("export-out-file", out=out, count=len(records)))
    docs = [record_docx(archive, r, clean_images=clean_images) for r in records]
    paths = [out] if single_file else [out / f"{r.id}.docx" for r in records]
    built = zip(paths, [r.title for r in records], docs, strict=True)
    return [Exported(path, title, write_if_changed(path, data)) for path, title, data in built]


def export_binder(
    archive: Archive, spec: BinderSpec, records: Sequence[Record], out: Path, *, clean_images: bool = False
) -> Exported:
    if not records:
        raise ExportError(t("export-empty-binder", id=spec.id))
    path = out if out.suffix.lower() == ".docx" else out / f"{spec.id}.docx"
    data = binder_docx(archive, spec, records, clean_images=clean_images)
    return Exported(path, spec.title, write_if_changed(path, data))


def _record(archive: Archive, record_id: str) -> Record:
    record = archive.get(record_id)
    if record is None:
        raise ExportError(t("export-unknown-id", id=record_id, hint=""))
    return record


# ------------------------------------------------------------------------------------------ bytes
def _fixed_time(day: dt.date) -> dt.datetime:
    """The document's date (``reproducible.fixed_moment``): SOURCE_DATE_EPOCH when set, else ``day``, the
    date of its (latest) record. Naive, as python-docx writes core properties."""
    return fixed_moment(day, source_date_epoch()).replace(tzinfo=None)


def _set_properties(document: Document, title: str, day: dt.date) -> None:
    props = document.core_properties
    when = _fixed_time(day)
    props.title, props.author, props.last_modified_by = title, "dossier", "dossier"
    props.created = props.modified = when
    props.last_printed = when
    props.revision = 1
    props.comments = ""


def _saved(document: Document, day: dt.date) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue(), _fixed_time(day))
