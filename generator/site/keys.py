"""Page keys: a digest of everything a page is made from, derived from the page's own view (views.py).

The page cache (cache.py) reuses a page while its key is unchanged, so a key must cover every input the
template reads. Keys are therefore never written by hand: ``Keys.of(view)`` walks the view's fields — the
very object the template renders — and digests each value by its type. A record a page shows in full is
digested whole (once per build); a record shown as a list row is digested as its row (views.RecordRow), so
editing a record's body renews its own page but not every list that names it. A value of a type the walk does
not know is an error, never silently left out of the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel

from generator import dates, markdown_render
from generator.i18n import MESSAGES
from generator.readiness import Readiness
from generator.schema import Record
from generator.site.views import RecordRow, Rows

SITE_CODE = Path(__file__).resolve().parent
TEMPLATES = SITE_CODE.parent / "templates" / "site"
ASSETS = SITE_CODE.parent / "assets" / "site"
_PLAIN = (type(None), bool, int, float, dt.date)


def digest(*parts: object) -> str:
    """A hash of ``parts``: strings as they are (a list page's part is a megabyte of joined rows, which repr
    would copy again), anything else by its repr; a header of each part's kind and length keeps two
    different lists of parts from hashing alike."""
    texts = [part if isinstance(part, str) else repr(part) for part in parts]
    kinds = ["s" if isinstance(part, str) else "r" for part in parts]
    shape = ",".join(f"{kind}{len(text)}" for kind, text in zip(kinds, texts, strict=True))
    return hashlib.sha256(f"{shape}\n{''.join(texts)}".encode("utf-8", "surrogatepass")).hexdigest()


def templates_version() -> str:
    """A hash of the site's templates, assets, code and messages: a change of any renews every cached page."""
    hashed = hashlib.sha256()
    for folder in (TEMPLATES, ASSETS, SITE_CODE):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                hashed.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    for shared in (dates.__file__, markdown_render.__file__):  # the date format and Markdown of every page
        hashed.update(Path(shared).read_bytes())
    hashed.update(repr(sorted(MESSAGES.items())).encode())
    return hashed.hexdigest()


class Keys:
    """Page keys of one build: ``base`` stands for what every page may show (the site context, the
    templates); each record's full digest is made once."""

    def __init__(self, base: str = "") -> None:
        self.base = base
        self._records: dict[str, str] = {}

    def of(self, view: object) -> str:
        parts: list[str] = []
        self._collect(view, parts)
        return digest(self.base, *parts)

    def _collect(self, value: object, out: list[str]) -> None:
        text = _plain(value)
        if text is None:
            text = self._model(value)
        if text is not None:
            out.append(text)
        elif isinstance(value, tuple | list):
            out.append(f"[{len(value)}")
            for item in value:
                self._collect(item, out)
        elif isinstance(value, Mapping):
            out.append(f"{{{len(value)}")
            for name in sorted(value):
                out.append(str(name))
                self._collect(value[name], out)
        elif isinstance(value, frozenset):
            self._collect(sorted(value), out)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            out.append(type(value).__name__)
            for name in _field_names(type(value)):
                self._collect(getattr(value, name), out)
        else:
            raise TypeError(f"a page view holds a {type(value).__name__}, which its key cannot digest")

    def _model(self, value: object) -> str | None:
        """Records and rows, the report and other models of the archive, by the rule for each."""
        if isinstance(value, RecordRow):
            return value.summary
        if isinstance(value, Rows):
            return "rows\0" + "\n".join([row.summary for row in value])
        if isinstance(value, Record):
            return self._record(value)
        if isinstance(value, Readiness):  # the report's JSON holds every figure it shows
            return json.dumps(value.as_json(), ensure_ascii=False, sort_keys=True, default=str)
        if isinstance(value, BaseModel):
            return value.__pydantic_serializer__.to_json(value).decode("utf-8")
        return None

    def _record(self, record: Record) -> str:
        """Every field of the record, hashed apart (its text would otherwise be copied into every key)."""
        found = self._records.get(record.id)
        if found is None:
            json_bytes = record.__pydantic_serializer__.to_json(record)
            found = self._records[record.id] = hashlib.sha256(json_bytes).hexdigest()
        return found


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """The fields that make a value of ``kind`` what it is: one left out of its equality (where a node was
    written, a row's summary of its other fields) is left out of the key too."""
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.compare)
    return names


def _plain(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, _PLAIN):
        return repr(value)
    if isinstance(value, Path):
        return str(value)
    return None
