"""Whether a binders run has anything to do, decided from its inputs alone.

A run whose inputs — every record (the whole archive: 档号 depend on it), the units, indicators and settings,
each attached file's sha256, the templates, the fonts, the versions of dossier, WeasyPrint, pypdf, PyAV and
LibreOffice, and the build options — hash to the key the last complete build stored makes no HTML, converts
nothing and lays nothing out: the previous output is the answer, and the warnings it printed are printed
again. Attached files' digests come from the record (``dossier check`` verified them) or from the file facts
cache (one ``stat`` per file; a file is read again only when its size, time or inode changed).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator import __version__, image_metadata
from generator.errors import Problem
from generator.filefacts import file_facts
from generator.media import office, video
from generator.model import Archive, Audience, file_kind
from generator.ocr.store import ocr_fingerprint

from .fonts import font_map, fonts_fingerprint
from .html import template_fingerprint

INPUTS_FILE = "inputs.json"
_LIBRARIES = ("weasyprint", "pypdf", "pillow", "av", "pydyf", "fonttools")


@dataclass(frozen=True)
class StoredBinder:
    binder_id: str
    title: str
    pages: int


@dataclass(frozen=True)
class StoredRun:
    """What the last complete build made from the inputs whose hash is ``key``."""

    key: str
    binders: tuple[StoredBinder, ...]
    problems: tuple[Problem, ...]


def inputs_key(
    full: Archive,
    *,
    audience: Audience,
    only: tuple[str, ...],
    pdfa: bool,
    epoch: int | None,
    cache_dir: Path,
) -> str:
    digest = hashlib.sha256()
    for part in _settings(full, audience=audience, only=only, pdfa=pdfa, epoch=epoch):
        digest.update(part.encode() + b"\0")
    for record in full.records:
        digest.update(record.model_dump_json().encode() + b"\0")
    digest.update("\n".join(_file_digests(full, cache_dir)).encode())
    return digest.hexdigest()


def _settings(
    full: Archive, *, audience: Audience, only: tuple[str, ...], pdfa: bool, epoch: int | None
) -> list[str]:
    fonts = font_map(full.info.fonts)
    return [
        __version__,
        *(f"{name}={_version(name)}" for name in _LIBRARIES),
        _libreoffice(full),
        f"video-{video.VERSION}",
        template_fingerprint(),
        fonts_fingerprint(fonts.values()),
        json.dumps(fonts, sort_keys=True),
        full.info.model_dump_json(),
        json.dumps([u.model_dump(mode="json") for u in full.units.values()], ensure_ascii=False),
        repr(sorted((i.id, i.title, i.parent or "") for i in full.indicators.values())),
        str(epoch),
        audience,
        json.dumps(sorted(only)),
        str(pdfa),
        f"clean-images-{image_metadata.VERSION}",
    ]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""


def _libreoffice(full: Archive) -> str:
    """LibreOffice's version, asked only when some attached file needs it."""
    needs = any(office.is_office(f.path) for record in full.evidence for f in record.files)
    return f"office={office.libreoffice_version()}:{office.PREPARE_VERSION}" if needs else ""


def _file_digests(full: Archive, cache_dir: Path) -> list[str]:
    """'path sha256 ocr' of every attached file: '-' for a file that is not there; for a PDF, the fingerprint
    of the OCR text kept beside it (its invisible text layer; a person may correct that text)."""
    attached_files = [attached for record in full.evidence for attached in record.files]
    digests = [attached.sha256 or "" for attached in attached_files]
    undeclared = [index for index, digest in enumerate(digests) if not digest]
    if undeclared:
        with file_facts(cache_dir) as facts:
            paths = [os.fspath(full.file_path(attached_files[i].path)) for i in undeclared]
            found = facts.look([(path, True, False) for path in paths])
        for index, fact in zip(undeclared, found, strict=True):
            digests[index] = (fact[0] if fact is not None else None) or "-"
    return [
        f"{attached.path} {digest} {_ocr(full, attached.path)}"
        for attached, digest in zip(attached_files, digests, strict=True)
    ]


def _ocr(full: Archive, path: str) -> str:
    return ocr_fingerprint(full.file_path(path)) if file_kind(path) == "pdf" else ""


# ----------------------------------------------------------------------------------------- the stamp
def read_stored(binders_dir: Path, cache: str) -> StoredRun | None:
    try:
        raw = json.loads((binders_dir / cache / INPUTS_FILE).read_text(encoding="utf-8"))
        binders = tuple(StoredBinder(str(b[0]), str(b[1]), int(b[2])) for b in raw["binders"])
        problems = tuple(_problem(p) for p in raw["problems"])
        key = str(raw["key"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    if not all((binders_dir / f"{b.binder_id}.pdf").is_file() for b in binders):
        return None
    return StoredRun(key, binders, problems)


def write_stored(staging: Path, cache: str, run: StoredRun) -> None:
    data = {
        "key": run.key,
        "binders": [[b.binder_id, b.title, b.pages] for b in run.binders],
        "problems": [_problem_json(p) for p in run.problems],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) + "\n"
    (staging / cache / INPUTS_FILE).write_text(text, encoding="utf-8")


def _problem_json(problem: Problem) -> list[object]:
    return [
        str(problem.path),
        problem.line,
        problem.column,
        problem.severity,
        problem.code,
        {k: str(v) for k, v in problem.params.items()},
        problem.message_key,
    ]


def _problem(raw: list[object]) -> Problem:
    path, line, column, severity, code, params, message_key = raw
    if not isinstance(params, dict) or severity not in {"error", "warning"}:
        raise ValueError("not a stored problem")
    return Problem(
        Path(str(path)),
        int(str(line)),
        int(str(column)),
        severity,
        str(code),
        {str(k): v for k, v in params.items()},
        str(message_key),
    )
