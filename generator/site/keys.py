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
import operator
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

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


def _digest_strings(parts: list[str]) -> str:
    """``digest`` of parts that are all strings: each part's length heads the hash, so parts cannot run into
    each other."""
    shape = ",".join(map(str, map(len, parts)))
    return hashlib.sha256(f"{shape}\n{''.join(parts)}".encode("utf-8", "surrogatepass")).hexdigest()


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
    templates); each record's and each other value's digest is made once."""

    def __init__(self, base: str = "") -> None:
        self.base = base
        self._records: dict[str, str] = {}
        self._values: dict[int, tuple[object, str]] = {}

    def of(self, view: object) -> str:
        """The key of a page view (a dataclass): its kind and each of its fields."""
        parts = [self.base, type(view).__name__]
        self._items(_fields_of(view), parts)
        return _digest_strings(parts)

    def _collect(self, value: object, out: list[str]) -> None:
        kind = type(value)
        handler = _HANDLERS.get(kind)
        if handler is None:
            handler = _HANDLERS[kind] = _handler_for(kind)
        handler(self, value, out)

    def _items(self, value: tuple[object, ...] | list[object], out: list[str]) -> None:
        out.append(f"[{len(value)}")
        append = out.append
        for item in value:  # the commonest kinds without a call: this runs for every field of every page
            if type(item) is str:
                append(item)
            elif type(item) is RecordRow:
                append(item.summary)
            elif item is None:
                append("None")
            else:
                self._collect(item, out)

    def _mapping(self, value: Mapping[object, object], out: list[str]) -> None:
        out.append(f"{{{len(value)}")
        for name in sorted(value):  # type: ignore[type-var]  # keys of one kind: ids, names
            out.append(str(name))
            self._collect(value[name], out)

    def _dataclass(self, value: object, out: list[str]) -> None:
        """The value's fields, digested once per value: the same indicator, file or dashboard row appears
        in many views."""
        found = self._values.get(id(value))
        if found is None:
            parts = [type(value).__name__]
            self._items(_fields_of(value), parts)
            found = self._values[id(value)] = (value, _digest_strings(parts))  # kept: its id stays its own
        out.append(found[1])

    def _record(self, record: Record, out: list[str]) -> None:
        """Every field of the record, hashed apart (its text would otherwise be copied into every key)."""
        found = self._records.get(record.id)
        if found is None:
            json_bytes = record.__pydantic_serializer__.to_json(record)
            found = self._records[record.id] = hashlib.sha256(json_bytes).hexdigest()
        out.append(found)


Handler = Callable[[Keys, Any, list[str]], None]


def _handler_for(kind: type) -> Handler:  # noqa: PLR0911 — one rule per kind of value
    """How a value of ``kind`` goes into a key; the order matters (a row list is a tuple, a record a model,
    the report a dataclass)."""
    if issubclass(kind, str):
        return lambda _keys, value, out: out.append(value)
    if issubclass(kind, _PLAIN):
        return lambda _keys, value, out: out.append(repr(value))
    if issubclass(kind, Path):
        return lambda _keys, value, out: out.append(str(value))
    if issubclass(kind, RecordRow):
        return lambda _keys, value, out: out.append(value.summary)
    if issubclass(kind, Rows):  # a list page's thousands of rows: one joined string
        return lambda _keys, value, out: out.append("rows\0" + "\n".join([row.summary for row in value]))
    if issubclass(kind, Record):
        return Keys._record
    if issubclass(kind, Readiness):  # the report's JSON holds every figure it shows
        return lambda _keys, value, out: out.append(
            json.dumps(value.as_json(), ensure_ascii=False, sort_keys=True, default=str)
        )
    if issubclass(kind, BaseModel):
        return lambda _keys, value, out: out.append(value.__pydantic_serializer__.to_json(value).decode())
    if issubclass(kind, tuple | list):
        return Keys._items
    if issubclass(kind, Mapping):
        return Keys._mapping
    if issubclass(kind, frozenset):
        return lambda keys, value, out: keys._items(sorted(value), out)
    if dataclasses.is_dataclass(kind):
        return Keys._dataclass
    return _unknown


def _unknown(_keys: Keys, value: object, _out: list[str]) -> None:
    raise TypeError(f"a page view holds a {type(value).__name__}, which its key cannot digest")


_HANDLERS: dict[type, Handler] = {}
_FIELDS: dict[type, Callable[[object], tuple[object, ...]]] = {}


def _fields_of(value: object) -> tuple[object, ...]:
    """The fields that make a dataclass value what it is: one left out of its equality (where a node was
    written, a row's summary of its other fields) is left out of the key too."""
    kind: Any = type(value)
    getter = _FIELDS.get(kind)
    if getter is None:
        names = [f.name for f in dataclasses.fields(kind) if f.compare]
        fetch = operator.attrgetter(*names)
        getter = _FIELDS[kind] = fetch if len(names) > 1 else lambda value: (fetch(value),)
    return getter(value)
