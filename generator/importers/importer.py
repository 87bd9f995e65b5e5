"""``dossier import``: read every file first, build and verify every record, then write them all at once.

The plan (``plan_import``) holds the YAML and attached files in memory with their final names; nothing
touches the data folder until ``apply_plan``. Names never collide with existing files or ids: a taken name
gets a number (``speech-20240807-2``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.importers import minutes as minutes_mod
from generator.importers.blocks import Image, SourceDocument
from generator.importers.errors import ImportFailed
from generator.importers.lines import parse_date
from generator.importers.noise import clean
from generator.importers.readers import reader_for, supported_suffixes
from generator.importers.store import PlannedFile, write_all
from generator.importers.structure import Draft, blocks_to_markdown, recognise, split_compilation
from generator.importers.yaml_out import verified_yaml
from generator.load import read_yaml
from generator.schema import KIND_FOLDERS, Kind

ImportKind = Literal["speech", "meeting", "summary", "auto"]
UNKNOWN = "不详"
TAG_CHECK_DATE = "日期待核"
TAG_CHECK_SPEAKER = "讲话人待核"
_SUMMARY_TITLE = re.compile(r"总结|小结|汇报|述职")
_SPEECH_TITLE = re.compile(r"讲话|发言|致辞|讲稿|主持词")
_YEAR = re.compile(r"(\d{4})\s*年")


@dataclass(frozen=True)
class Note:
    """Something the user should check in a created record (a guessed date, an unknown speaker)."""

    path: Path
    code: str
    params: dict[str, object]


@dataclass
class ImportPlan:
    files: list[PlannedFile] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def records(self) -> list[PlannedFile]:
        return [f for f in self.files if f.kind != "file"]


@dataclass
class _Context:
    root: Path
    kind: ImportKind
    unit: str | None
    taken_ids: set[str]
    taken_paths: set[Path]
    units: dict[str, list[str]]  # unit id → its names (name, short)
    plan: ImportPlan


# ------------------------------------------------------------------------------------------ public API
def source_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: each file given, and every supported file inside each folder given (sorted)."""
    suffixes = set(supported_suffixes())
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith(("~$", "."))
            )  # fmt: skip
        else:
            found.append(path)
    return found


def plan_import(
    paths: Iterable[Path], root: Path, kind: ImportKind = "auto", unit: str | None = None
) -> ImportPlan:
    """Read, recognise and verify everything; raises ``ImportFailed`` on the first unreadable file."""
    context = _Context(root, kind, unit, *_existing(root), _units(root), ImportPlan())
    if unit is not None and unit not in context.units:
        raise ImportFailed(
            root / "units.yml", "import-unknown-unit", unit=unit, units=", ".join(context.units) or "-"
        )
    files = source_files(paths)
    if not files:
        raise ImportFailed(root, "import-nothing", suffixes=" ".join(supported_suffixes()))
    for path in files:
        if not path.is_file():
            raise ImportFailed(path, "import-unreadable", detail="no such file")
        document = reader_for(path).read(path)
        _plan_document(document, context)
    return context.plan


def apply_plan(plan: ImportPlan, root: Path) -> None:
    write_all(root, plan.files)


# ------------------------------------------------------------------------------------------ per document
def _plan_document(document: SourceDocument, context: _Context) -> None:
    cleaned = clean(document.blocks, from_text=document.from_text)
    planned = 0
    for marker_title, part in split_compilation(cleaned.blocks):
        draft = recognise(part, marker_title, document.path.stem)
        if not draft.blocks:
            continue
        fallback = _fallback_date(draft, cleaned.page_date, document.path)
        _plan_record(draft, document, fallback, context)
        planned += 1
    if not planned:
        context.plan.notes.append(Note(document.path, "import-no-text", {}))


def _fallback_date(draft: Draft, page_date: dt.date | None, path: Path) -> tuple[dt.date, str]:
    """A date for a record whose text has none, and where it came from (the user is told to check it)."""
    if page_date is not None:
        return page_date, "page"
    year = _YEAR.search(draft.title)
    if year and 1949 < int(year.group(1)) < 2200:
        return dt.date(int(year.group(1)), 1, 1), "title-year"
    return dt.date.fromtimestamp(path.stat().st_mtime), "file-time"


def _record_kind(draft: Draft, context: _Context) -> Kind:
    if context.kind != "auto":
        return context.kind
    if minutes_mod.looks_like_minutes(draft.title, draft.blocks):
        return "meeting"
    if _SUMMARY_TITLE.search(draft.title) and not _SPEECH_TITLE.search(draft.title):
        return "summary"
    return "speech"


def _plan_record(
    draft: Draft, document: SourceDocument, fallback: tuple[dt.date, str], context: _Context
) -> None:
    kind = _record_kind(draft, context)
    builder = {"speech": _speech, "meeting": _meeting, "summary": _summary}[kind]
    data = builder(draft, document, context)
    date = data.get("date") or draft.date
    tags: list[str] = list(data.pop("tags", []))
    if date is None:
        date, origin = fallback
        tags.append(TAG_CHECK_DATE)
        context.plan.notes.append(
            Note(document.path, "import-date-guessed", {"title": draft.title, "date": date, "origin": origin})
        )
    record_id = _new_id(kind, date, context)
    record: dict[str, Any] = {"id": record_id, "title": draft.title, "date": date, **data}
    photos = _plan_images(draft.images, (record_id, date, draft.title), document.path, context)
    if photos:
        record["evidence"] = photos
    if tags:
        record["tags"] = tags
    record["source"] = {"file": document.path.name, "sha256": document.sha256}
    _add_record(kind, record, context, document.path)


def _speech(draft: Draft, document: SourceDocument, context: _Context) -> dict[str, Any]:
    data: dict[str, Any] = {"speaker": draft.speaker or UNKNOWN}
    if draft.speaker is None:
        data["tags"] = [TAG_CHECK_SPEAKER]
        context.plan.notes.append(Note(document.path, "import-speaker-unknown", {"title": draft.title}))
    if draft.speaker_role:
        data["speaker_role"] = draft.speaker_role
    if draft.occasion:
        data["occasion"] = draft.occasion
    data["body"] = draft.markdown()
    return data


def _summary(draft: Draft, document: SourceDocument, context: _Context) -> dict[str, Any]:
    unit = context.unit or _match_unit(draft, context)
    if unit is None:
        raise ImportFailed(
            document.path, "import-summary-unit", title=draft.title, units=", ".join(context.units) or "-"
        )
    date = draft.date
    data: dict[str, Any] = {"unit": unit}
    if date is not None:
        data["date"] = date
    data["period"] = None  # filled in once the date is known (see _add_record)
    if draft.speaker:
        data["author"] = draft.speaker
    data["body"] = draft.markdown()
    return data


def _meeting(draft: Draft, document: SourceDocument, context: _Context) -> dict[str, Any]:
    minutes = minutes_mod.extract_minutes(draft.blocks)
    fields = minutes.fields
    date = draft.date or parse_date(fields.get("time", ""))
    data: dict[str, Any] = {}
    if date is not None:
        data["date"] = date
    time_text = _time_of_day(fields.get("time", ""))
    if time_text:
        data["time"] = time_text
    data["location"] = fields.get("location") or UNKNOWN
    data["host"] = fields.get("host") or UNKNOWN
    data["attendees"] = minutes_mod.names(fields.get("attendees", ""))
    for key in ("observers", "absent"):
        if fields.get(key):
            data[key] = minutes_mod.names(fields[key])
    data["recorder"] = fields.get("recorder") or UNKNOWN
    data["agenda"] = minutes_mod.agenda_items(fields.get("agenda", ""))
    if minutes.decisions:
        data["decisions"] = minutes.decisions
    data["minutes"] = blocks_to_markdown(minutes.blocks)
    missing = [
        label
        for key, label in (("location", "地点"), ("host", "主持人"), ("recorder", "记录人"))
        if not fields.get(key)
    ]
    if missing:
        context.plan.notes.append(
            Note(
                document.path, "import-meeting-missing", {"title": draft.title, "fields": "、".join(missing)}
            )
        )
    return data


def _time_of_day(value: str) -> str | None:
    """ "2024年5月8日上午9:00" → "上午9:00" (the part after the date)."""
    rest = re.sub(r"^.*?(?:\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2})", "", value).strip(" ，,（()）")
    return rest or None


def _match_unit(draft: Draft, context: _Context) -> str | None:
    head = (draft.signature or "") + draft.title + "".join(b.text for b in draft.blocks[:2])
    if draft.signature:  # a signature naming a unit exactly decides
        exact = [unit for unit, names in context.units.items() if draft.signature in names]
        if len(exact) == 1:
            return exact[0]
    found = [unit for unit, names in context.units.items() if any(n and n in head for n in names)]
    return found[0] if len(found) == 1 else None


# ------------------------------------------------------------------------------------------ names
def _existing(root: Path) -> tuple[set[str], set[Path]]:
    """Ids and record paths already in the data folder (read leniently: the archive need not be valid)."""
    ids: set[str] = set()
    paths: set[Path] = set()
    for folder in KIND_FOLDERS.values():
        for path in sorted((root / folder).glob("*.y*ml")):
            paths.add(path.relative_to(root))
            ids.add(path.stem)
            document, _ = read_yaml(path)
            if (
                document is not None
                and isinstance(document.data, dict)
                and isinstance(document.data.get("id"), str)
            ):
                ids.add(document.data["id"])
    return ids, paths


def _units(root: Path) -> dict[str, list[str]]:
    document, _ = read_yaml(root / "units.yml") if (root / "units.yml").is_file() else (None, [])
    data = document.data if document is not None else None
    items = data.get("units", []) if isinstance(data, dict) else data if isinstance(data, list) else []
    return {
        str(u["id"]): [str(u.get("name") or ""), str(u.get("short") or "")]
        for u in items if isinstance(u, dict) and "id" in u
    }  # fmt: skip


def _numbered(base: str) -> Iterator[str]:
    yield base
    number = 2
    while True:
        yield f"{base}-{number}"
        number += 1


def _new_id(kind: Kind, date: dt.date, context: _Context) -> str:
    folder = Path(KIND_FOLDERS[kind])
    for candidate in _numbered(f"{kind}-{date:%Y%m%d}"):
        path = folder / f"{candidate}.yml"
        if (
            candidate not in context.taken_ids
            and path not in context.taken_paths
            and not (context.root / path).exists()
        ):
            context.taken_ids.add(candidate)
            context.taken_paths.add(path)
            return candidate
    raise AssertionError("unreachable")


def _free_file(base: Path, context: _Context) -> Path:
    for number in range(1, 100_000):
        path = base.with_name(f"{base.stem}-{number}{base.suffix}") if number > 1 else base
        if path not in context.taken_paths and not (context.root / path).exists():
            context.taken_paths.add(path)
            return path
    raise ImportFailed(base, "import-exists")


# ------------------------------------------------------------------------------------------ records
def _plan_images(
    images: list[Image], owner: tuple[str, dt.date, str], source: Path, context: _Context
) -> list[str]:
    """Each embedded picture → files/imported/<record>-<n>.<ext> and a photo evidence record; their ids."""
    record_id, date, title = owner
    ids = []
    for number, image in enumerate(images, start=1):
        file_path = _free_file(Path("files") / "imported" / f"{record_id}-{number}.{image.ext}", context)
        context.plan.files.append(PlannedFile(file_path, image.data, "file"))
        evidence_id = _new_id("evidence", date, context)
        attached: dict[str, str] = {
            "path": file_path.as_posix(),
            "sha256": hashlib.sha256(image.data).hexdigest(),
        }
        if image.caption:
            attached["caption"] = image.caption
        record = {
            "id": evidence_id,
            "title": f"《{title}》附图{number}",
            "date": date,
            "kind": "photo",
            "files": [attached],
        }
        _add_record("evidence", record, context, source)
        ids.append(evidence_id)
    return ids


def _add_record(kind: Kind, record: dict[str, Any], context: _Context, source: Path) -> None:
    if kind == "summary" and record.get("period") is None:
        record["period"] = {"start": record["date"], "end": record["date"]}
    relative = Path(KIND_FOLDERS[kind]) / f"{record['id']}.yml"
    data = verified_yaml(kind, _ordered(kind, record), context.root / relative)
    context.plan.files.append(PlannedFile(relative, data, kind, str(record["title"]), source.name))


_ORDER: dict[str, tuple[str, ...]] = {
    "speech": (
        "id", "title", "date", "speaker", "speaker_role", "occasion", "tags", "evidence", "source", "body",
    ),
    "summary": ("id", "title", "date", "unit", "period", "author", "tags", "evidence", "source", "body"),
    "meeting": (
        "id", "title", "date", "time", "location", "host", "attendees", "observers", "absent", "recorder",
        "agenda", "decisions", "tags", "evidence", "source", "minutes",
    ),
    "evidence": ("id", "title", "date", "kind", "files"),
}  # fmt: skip


def _ordered(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    order = _ORDER[kind]
    ordered = {key: record[key] for key in order if key in record}
    return ordered | {key: value for key, value in record.items() if key not in ordered and key not in order}
