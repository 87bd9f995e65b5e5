"""Records an import would write: their data, where each field came from, a digest of what they say, and
names that never collide with what the data folder holds."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.intake.problems import Place

# Fields in the order the records contract lists them, so imported files read like hand-written ones.
_ORDER: dict[str, tuple[str, ...]] = {
    "evidence": (
        "id", "title", "date", "kind", "units", "indicators", "tags", "access", "doc_number", "location",
        "people", "description", "files", "source",
    ),
    "rectification": (
        "id", "title", "date", "problem", "found_by", "found_on", "unit", "deadline", "status", "closed_on",
        "measures", "units", "indicators", "access", "evidence", "source",
    ),
}  # fmt: skip


@dataclass
class PlannedRecord:
    """One record (or one file of self-scores, units or indicators) the import would write."""

    kind: str  # evidence, rectification, self-score, unit, indicator
    id: str
    relative: str  # under the data folder
    data: Any  # the YAML value: a mapping for a record, a list for units.yml, indicators.yml, self-scores
    place: Place  # the first cell of its (first) row
    fields: dict[str, Place] = field(default_factory=dict)  # field → the cell it came from
    title: str = ""
    replace: bool = False  # overwrites the file (units.yml and indicators.yml with --replace, updates)
    ids: list[tuple[str, str]] = field(default_factory=list)  # (kind, id) of each entry of a list file
    entry_places: dict[int, Place] = field(default_factory=dict)  # entry index of a list file → its row
    text: str = ""  # the YAML, once made (``verify.yaml_text``)

    def place_of(self, name: str) -> Place:
        return self.fields.get(name, self.place)


def ordered(kind: str, record: dict[str, Any]) -> dict[str, Any]:
    order = _ORDER.get(kind, ())
    first = {key: record[key] for key in order if key in record}
    return first | {key: value for key, value in record.items() if key not in first}


def content_digest(record: dict[str, Any]) -> str:
    """sha256 of what a record says, leaving out its id, where its files are put and where it came from:
    the same rows imported again give the same digest, whatever the file is called or how it was saved."""
    meaning = {key: value for key, value in record.items() if key not in ("id", "source")}
    if "files" in meaning:
        meaning["files"] = [
            {k: v for k, v in attached.items() if k != "path"} for attached in meaning["files"]
        ]
    text = json.dumps(meaning, ensure_ascii=False, sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class Namer:
    """New record ids and file names, numbered past what the data folder and this import already use."""

    def __init__(self, root: Path, taken_ids: set[str], taken_paths: set[str]) -> None:
        self.root = root
        self.taken_ids = taken_ids
        self.taken_paths = taken_paths
        self._next: dict[str, int] = {}

    def record_id(self, base: str, folder: str) -> str:
        number = self._next.get(base, 1)
        while True:
            candidate = base if number == 1 else f"{base}-{number}"
            number += 1
            if candidate not in self.taken_ids and f"{folder}/{candidate}.yml" not in self.taken_paths:
                self._next[base] = number
                self.taken_ids.add(candidate)
                self.taken_paths.add(f"{folder}/{candidate}.yml")
                return candidate

    def file_path(self, wanted: str) -> str:
        """``files/…/name.jpg``, or ``name-2.jpg`` when that is taken."""
        folder, _, name = wanted.rpartition("/")
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        number = 1
        while True:
            shown = stem if number == 1 else f"{stem}-{number}"
            candidate = f"{folder}/{shown}{'.' if suffix else ''}{suffix}"
            if candidate not in self.taken_paths and not (self.root / candidate).exists():
                self.taken_paths.add(candidate)
                return candidate
            number += 1
