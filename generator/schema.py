"""The records contract as typed, read-only classes.

Field names here are a contract other tools rely on (see docs/records.md): extend, never rename. Every class
forbids unknown keys so typos are caught; dates must be written ISO (``2024-05-08``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)
from pydantic_core import PydanticCustomError

_ID = re.compile(r"^[\w][\w.\-]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("bad_date", "expected YYYY-MM-DD", {"got": value})


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise PydanticCustomError("bad_id", "not a valid id", {"got": value})
    return value


def _check_sha256(value: str) -> str:
    value = value.lower()
    if not _SHA256.match(value):
        raise PydanticCustomError("bad_sha256", "expected 64 hex digits", {"got": value})
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_parse_date)]
Id = Annotated[str, AfterValidator(_check_id)]
Sha256 = Annotated[str, AfterValidator(_check_sha256)]
Access = Literal["public", "internal", "restricted"]
Retention = Literal["Y", "D30", "D10"]
Kind = Literal["meeting", "speech", "summary", "evidence", "rectification"]

ACCESS_LEVELS: tuple[Access, ...] = ("public", "internal", "restricted")
RETENTIONS: tuple[Retention, ...] = ("Y", "D30", "D10")
KINDS: tuple[Kind, ...] = ("meeting", "speech", "summary", "evidence", "rectification")
KIND_FOLDERS: dict[Kind, str] = {
    "meeting": "meetings",
    "speech": "speeches",
    "summary": "summaries",
    "evidence": "evidence",
    "rectification": "rectifications",
}


class Strict(BaseModel):
    """Unknown keys are errors; values are read-only; numbers are accepted where text is expected."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class DateRange(Strict):
    start: IsoDate
    end: IsoDate


# --------------------------------------------------------------------------------------------- archive.yml
class Fonds(Strict):
    code: str  # 全宗号
    name: str  # 全宗名称


class BinderSpec(Strict):
    """A binder (卷) and which records go in it; absent criteria match everything."""

    id: Id
    title: str
    kinds: list[Kind] = []
    indicators: list[Id] = []  # indicator subtrees
    units: list[Id] = []
    years: list[int] = []
    retention: list[Retention] = []
    catalogue_only: bool = False  # 归档文件目录: the catalogue without the items


class PlanStep(Strict):
    """A self-assessment target: ``percent`` of the target score reached by ``date``."""

    date: IsoDate
    percent: float


class ArchiveInfo(Strict):
    title: str
    campaign: str
    fonds: Fonds
    period: DateRange
    assessment_window: DateRange | None = None
    max_score: float | None = None
    target_score: float | None = None
    language: Literal["zh", "en"] = "zh"
    today: IsoDate | None = None  # a fixed "today" so demo output is stable
    retention_defaults: dict[Kind, Retention] = {}
    binders: list[BinderSpec] = []
    fonts: dict[str, str] = {}
    plan: list[PlanStep] = []
    category_code: str = "WS"  # 门类代码 in the 档号 (文书 = WS)
    office_code: str = "BGS"  # 机构(问题) code of records that name no unit (the campaign office)
    photo_date_tolerance: int | None = None  # days a photo's EXIF date may differ from its record's


# ------------------------------------------------------------------------------ units.yml, indicators.yml
class Unit(Strict):
    id: Id
    name: str
    short: str | None = None
    leader: str | None = None
    liaison: str | None = None
    phone: str | None = None
    org_code: str | None = None  # 机构(问题)代码 in the 档号; default: the id upper-cased


class IndicatorSpec(Strict):
    id: Id
    title: str
    score: float | None = None
    standard: str | None = None
    methods: list[str] = []
    units: list[Id] = []
    children: list[IndicatorSpec] = []


# ---------------------------------------------------------------------------------------------- records
class Record(Strict):
    """Fields every record has. ``id`` defaults to the file's stem (the loader fills it in)."""

    kind: ClassVar[Kind]

    id: Id
    title: str
    date: IsoDate
    units: list[Id] = []
    indicators: list[Id] = []
    tags: list[str] = []
    access: Access = "internal"
    retention: Retention | None = None
    doc_number: str | None = None  # 文号

    _source: str = PrivateAttr(default="")

    @property
    def source_path(self) -> str:
        """The YAML file this record came from (relative to the data folder)."""
        return self._source

    # The domain rules every output shares (site, binders, Word files, readiness, exports): one home each.
    text_field: ClassVar[str]  # the field holding the record's Markdown text
    is_document: ClassVar[bool] = False  # whether that text is the document itself (正文), not a note on it

    @property
    def owner(self) -> str | None:
        """The unit the record belongs to: its own ``unit`` (summaries, rectifications), else the first of
        its ``units``; None when it names no unit (a record of the campaign office itself)."""
        unit: str | None = self.__dict__.get("unit")  # the field itself: getattr of a missing name is slow
        return unit if unit is not None else (self.units[0] if self.units else None)

    @property
    def owning_units(self) -> tuple[str, ...]:
        """Every unit the record belongs to, each once: its own ``unit`` first, then its ``units``."""
        unit: str | None = self.__dict__.get("unit")
        return tuple(dict.fromkeys([unit, *self.units] if unit is not None else self.units))

    @property
    def listed_units(self) -> tuple[str, ...]:
        """The units as the website lists them: ``units`` as written, with the record's own ``unit`` in front
        when it is not among them. The same as ``owning_units`` unless ``units`` repeats an id or names the
        own ``unit`` after another one (then the website keeps the order as written)."""
        unit: str | None = self.__dict__.get("unit")
        if unit is None or unit in self.units:
            return tuple(self.units)
        return (unit, *self.units)

    @property
    def text_body(self) -> str | None:
        """The record's Markdown text: a meeting's minutes, a speech's or summary's body, an evidence
        record's description, a rectification's measures."""
        text: str | None = self.__dict__[self.text_field]
        return text

    @property
    def document_text(self) -> str | None:
        """The text that *is* the document (正文: minutes, a speech, a summary); None for evidence and
        rectifications, whose text (description, measures) is a note about them."""
        return self.text_body if self.is_document else None

    def people(self) -> list[tuple[str, str]]:
        """(role, name) pairs for the people index."""
        return []

    def references(self) -> list[tuple[tuple[str | int, ...], Kind, str]]:
        """(location, kind, id) of every other record this one names, for cross-reference checks."""
        return []


class Meeting(Record):
    kind: ClassVar[Kind] = "meeting"
    text_field: ClassVar[str] = "minutes"
    is_document: ClassVar[bool] = True
    time: str | None = None
    location: str
    host: str
    attendees: list[str]
    observers: list[str] = []  # 列席
    absent: list[str] = []  # 请假
    recorder: str
    agenda: list[str]
    decisions: list[str] = []
    minutes: str
    speeches: list[Id] = []
    evidence: list[Id] = []
    source: SourceFile | None = None  # the file it was imported from

    def people(self) -> list[tuple[str, str]]:
        return [("host", self.host), ("recorder", self.recorder)]

    def references(self) -> list[tuple[tuple[str | int, ...], Kind, str]]:
        refs: list[tuple[tuple[str | int, ...], Kind, str]] = [
            (("speeches", i), "speech", ref) for i, ref in enumerate(self.speeches)
        ]
        refs += [(("evidence", i), "evidence", ref) for i, ref in enumerate(self.evidence)]
        return refs


class SourceFile(Strict):
    file: str
    sha256: Sha256 | None = None
    # rows imported from a spreadsheet (`dossier import`): the sheet, its rows (1-based) and a digest of
    # what they say, by which a second import of the same rows is recognised
    sheet: str | None = None
    rows: list[int] = []
    rows_sha256: Sha256 | None = None


class Speech(Record):
    kind: ClassVar[Kind] = "speech"
    text_field: ClassVar[str] = "body"
    is_document: ClassVar[bool] = True
    speaker: str
    speaker_role: str | None = None
    meeting: Id | None = None
    occasion: str | None = None
    body: str
    source: SourceFile | None = None
    evidence: list[Id] = []  # e.g. the photos an imported Word file held

    def people(self) -> list[tuple[str, str]]:
        return [("speaker", self.speaker)]

    def references(self) -> list[tuple[tuple[str | int, ...], Kind, str]]:
        refs: list[tuple[tuple[str | int, ...], Kind, str]] = []
        if self.meeting:
            refs.append((("meeting",), "meeting", self.meeting))
        return refs + [(("evidence", i), "evidence", ref) for i, ref in enumerate(self.evidence)]


class Figure(Strict):
    label: str
    value: str | float
    unit: str | None = None


class Summary(Record):
    kind: ClassVar[Kind] = "summary"
    text_field: ClassVar[str] = "body"
    is_document: ClassVar[bool] = True
    unit: Id
    period: DateRange
    author: str | None = None
    body: str
    figures: list[Figure] = []
    source: SourceFile | None = None  # the file it was imported from
    evidence: list[Id] = []

    def people(self) -> list[tuple[str, str]]:
        return [("author", self.author)] if self.author else []

    def references(self) -> list[tuple[tuple[str | int, ...], Kind, str]]:
        return [(("evidence", i), "evidence", ref) for i, ref in enumerate(self.evidence)]


class EvidenceFile(Strict):
    path: str
    sha256: Sha256 | None = None
    caption: str | None = None
    pages: int | None = None


EvidenceKind = Literal["document", "photo", "ledger", "video", "briefing", "scan", "statistics"]


class Evidence(Record):
    kind: ClassVar[Kind] = "evidence"
    text_field: ClassVar[str] = "description"
    type: EvidenceKind = Field(alias="kind")
    files: list[EvidenceFile]
    description: str | None = None
    location: str | None = None
    people_present: list[str] = Field(default=[], alias="people")
    source: SourceFile | None = None  # the sheet (and rows) it was imported from
    ocr: bool | None = None  # read the attached images' text (default: only for paper kinds)

    model_config = ConfigDict(populate_by_name=True)


RectificationStatus = Literal["open", "rectified", "verified"]


class Rectification(Record):
    kind: ClassVar[Kind] = "rectification"
    text_field: ClassVar[str] = "measures"
    problem: str
    found_by: str
    found_on: IsoDate
    unit: Id
    deadline: IsoDate
    status: RectificationStatus
    closed_on: IsoDate | None = None
    measures: str | None = None
    evidence: list[Id] = []
    source: SourceFile | None = None  # the ledger sheet (and row) it was imported from

    def status_on(self, as_of: dt.date) -> RectificationStatus:
        """The status on ``as_of``: one marked rectified or verified whose ``closed_on`` is later was still
        open then, so a report as of an earlier day shows the ledger of that day."""
        if self.status != "open" and self.closed_on is not None and self.closed_on > as_of:
            return "open"
        return self.status

    def is_overdue(self, as_of: dt.date, *, recorded_status: bool = False) -> bool:
        """Still open on ``as_of`` and its deadline before that day (the ledger, the report, `check
        --strict`). With ``recorded_status`` the status is taken as written rather than as of the day, as
        the website's badge does: the two differ only for a rectification closed after ``as_of``, which the
        ledger counts overdue on that day and the badge shows closed."""
        status = self.status if recorded_status else self.status_on(as_of)
        return status == "open" and self.deadline < as_of

    def days_overdue(self, as_of: dt.date) -> int:
        """Days past the deadline on ``as_of`` while overdue (the ledger's rule), else 0."""
        return (as_of - self.deadline).days if self.is_overdue(as_of) else 0

    @model_validator(mode="before")
    @classmethod
    def _date_defaults_to_found_on(cls, data: Any) -> Any:
        if isinstance(data, dict) and "date" not in data:
            try:
                return {**data, "date": _parse_date(data.get("found_on"))}
            except PydanticCustomError:  # found_on itself is reported; don't report it twice as `date`
                return {**data, "date": dt.date.min}
        return data

    def references(self) -> list[tuple[tuple[str | int, ...], Kind, str]]:
        return [(("evidence", i), "evidence", ref) for i, ref in enumerate(self.evidence)]


RECORD_CLASSES: dict[Kind, type[Record]] = {
    "meeting": Meeting,
    "speech": Speech,
    "summary": Summary,
    "evidence": Evidence,
    "rectification": Rectification,
}


# ------------------------------------------------------------------------------------------ self_scores/
SELF_SCORE_FOLDER = "self_scores"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _check_month(value: Any) -> Any:
    if isinstance(value, str) and _MONTH.match(value):
        return value
    raise PydanticCustomError("bad_month", "expected YYYY-MM", {"got": value})


Month = Annotated[str, BeforeValidator(_check_month)]


class SelfScore(Strict):
    """A unit's monthly self-assessment (自测打分) of one indicator. Not a record: it has no title or date,
    is never published as a page and is not filed into binders; the readiness report reads it."""

    id: Id
    unit: Id
    month: Month  # YYYY-MM
    indicator: Id
    score: float = Field(ge=0)
    note: str | None = None

    _source: str = PrivateAttr(default="")

    @property
    def source_path(self) -> str:
        return self._source
