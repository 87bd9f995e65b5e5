"""What each page of the site is made from, declared once as a small frozen view.

A view is both the page's input and its cache key's source: the template renders the view's fields (and
values derived from them alone), and ``keys.Keys.of(view)`` digests the same fields, so no input can be
shown without being in the key. Records in lists are given to the templates as ``RecordRow``s — only the
fields a list row, a link or a badge shows — so a template that reached for more would fail, not go stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, ClassVar

from markupsafe import Markup

from generator.schema import Kind, Record, Rectification

if TYPE_CHECKING:
    from generator.model import Indicator
    from generator.schema import Unit
    from generator.site.attachments import FileView
    from generator.site.binders_link import BinderLink
    from generator.site.dashboard import Dashboard, OverdueRow
    from generator.site.pages import NavEntry

TextRenderer = Callable[[str | None], Markup]  # a record's Markdown text → its sanitised HTML


@dataclass(frozen=True, slots=True)
class RecordRow:
    """A record as a list row, a link or a badge shows it."""

    id: str
    kind: Kind
    title: str
    date: dt.date
    listed_units: tuple[str, ...]
    indicators: tuple[str, ...]
    status: str | None
    deadline: dt.date | None
    location: str | None
    overdue: bool  # the badge's rule: open as written and past its deadline
    summary: str = field(compare=False, repr=False)  # the fields above as one string, for page keys

    @classmethod
    def of(cls, record: Record, today: dt.date) -> RecordRow:
        values = (
            record.id,
            record.kind,
            record.title,
            record.date,
            record.listed_units,
            tuple(record.indicators),
            # from the fields themselves: pydantic's getattr of a missing name is slow
            record.__dict__.get("status"),
            record.__dict__.get("deadline"),
            record.__dict__.get("location"),
            isinstance(record, Rectification) and record.is_overdue(today, recorded_status=True),
        )
        return cls(*values, summary=repr(values))


class Rows(tuple[RecordRow, ...]):
    """Rows of a list: digested as one joined string (a list page has thousands)."""

    __slots__ = ()


NO_ROWS = Rows()


class RowMaker:
    """Each record's row, made once per build."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._rows: dict[str, RecordRow] = {}

    def row(self, record: Record) -> RecordRow:
        found = self._rows.get(record.id)
        if found is None:
            found = self._rows[record.id] = RecordRow.of(record, self.today)
        return found

    def rows(self, records: tuple[Record, ...] | list[Record]) -> Rows:
        if not records:
            return NO_ROWS  # most records name no other and are named by none
        row = self.row
        return Rows([row(record) for record in records])


@dataclass(frozen=True, slots=True)
class SiteContext:
    """What every template may read besides its page's view (the ``archive`` global): a change renews every
    page."""

    language: str
    today: dt.date
    info: object  # ArchiveInfo (pydantic)
    units: Mapping[str, Unit]
    indicators: Mapping[str, Indicator]
    by_person: frozenset[str]  # who has a person page


@dataclass(frozen=True, slots=True)
class PageView:
    """A page at ``here`` (e.g. ``meetings/m-1.md``) titled ``title``, rendered by ``template``."""

    template: ClassVar[str]
    here: str
    title: str

    def context(self, text: TextRenderer) -> dict[str, object]:
        """The template's variables: the view's own fields (and what ``text`` makes of them)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "here"}


@dataclass(frozen=True, slots=True)
class HomeView(PageView):
    template: ClassVar[str] = "home.html"
    counts: tuple[tuple[Kind, str, int], ...]
    strip: dict[str, object] | None  # the readiness cards (none on the public site)
    as_of: dt.date | None
    overdue: tuple[OverdueRow, ...]  # the first few
    overdue_count: int
    overdue_hidden: int
    latest: Rows
    nav: tuple[NavEntry, ...]
    rect_list: str
    binder_files: tuple[BinderLink, ...]


Related = tuple[str, str, Rows]  # (heading message, anchor, rows)


@dataclass(frozen=True, slots=True)
class RecordView(PageView):
    template: ClassVar[str] = "record.html"
    record: Record
    row: RecordRow
    code: str | None
    retention: str
    meeting: RecordRow | None
    files: tuple[FileView, ...]
    named: Rows  # the visible records this one names
    named_by: Rows  # … and those that name it
    binder_pages: tuple[tuple[BinderLink, int], ...]

    def context(self, text: TextRenderer) -> dict[str, object]:
        related = (
            ("site-related-named", "dossier-named", self.named),
            ("site-related-back", "dossier-back", self.named_by),
        )
        return {**PageView.context(self, text), "body": text(self.record.text_body), "related": related}


@dataclass(frozen=True, slots=True)
class ListView(PageView):
    template: ClassVar[str] = "list.html"
    records: Rows


@dataclass(frozen=True, slots=True)
class YearsView(PageView):
    """A long list as an index of its years."""

    template: ClassVar[str] = "years.html"
    years: tuple[tuple[int, str, int], ...]  # year, page, records


@dataclass(frozen=True, slots=True)
class YearListView(PageView):
    template: ClassVar[str] = "year_list.html"
    list_title: str
    year: int
    records: Rows
    back: str

    def context(self, text: TextRenderer) -> dict[str, object]:
        return {"title": self.list_title, "year": self.year, "records": self.records, "back": self.back}


@dataclass(frozen=True, slots=True)
class TimelineView(PageView):
    template: ClassVar[str] = "timeline.html"
    years: tuple[tuple[int, str, int, tuple[tuple[int, int], ...]], ...]  # year, page, count, (month, n)


@dataclass(frozen=True, slots=True)
class TimelineYearView(PageView):
    template: ClassVar[str] = "timeline_year.html"
    year: int
    months: tuple[tuple[int, Rows], ...]


@dataclass(frozen=True, slots=True)
class PeopleView(PageView):
    template: ClassVar[str] = "people.html"
    people: tuple[tuple[str, tuple[str, ...], int], ...]  # name, roles, records


@dataclass(frozen=True, slots=True)
class PersonView(PageView):
    template: ClassVar[str] = "person.html"
    name: str
    groups: tuple[Related, ...]


@dataclass(frozen=True, slots=True)
class UnitsView(PageView):
    template: ClassVar[str] = "units.html"
    units: tuple[tuple[Unit, int, int], ...]  # unit, records, open rectifications


@dataclass(frozen=True, slots=True)
class UnitView(PageView):
    template: ClassVar[str] = "unit.html"
    unit: Unit
    groups: tuple[tuple[Kind, Rows], ...]
    indicators: tuple[Indicator, ...]
    chart: str | None


@dataclass(frozen=True, slots=True)
class IndicatorsView(PageView):
    template: ClassVar[str] = "indicators.html"
    nodes: tuple[tuple[Indicator, int], ...]
    covered: int
    leaves: int


@dataclass(frozen=True, slots=True)
class IndicatorView(PageView):
    template: ClassVar[str] = "indicator.html"
    node: Indicator
    path: tuple[Indicator, ...]
    children: tuple[tuple[Indicator, int], ...]
    records: Rows


Photo = tuple[RecordRow, "FileView"]


@dataclass(frozen=True, slots=True)
class GalleryView(PageView):
    template: ClassVar[str] = "gallery.html"
    years: tuple[tuple[int, str, int, tuple[Photo, ...]], ...]  # year, page, photos, preview


@dataclass(frozen=True, slots=True)
class GalleryYearView(PageView):
    template: ClassVar[str] = "gallery_year.html"
    year: int
    items: tuple[Photo, ...]


@dataclass(frozen=True, slots=True)
class SearchView(PageView):
    template: ClassVar[str] = "search.html"


@dataclass(frozen=True, slots=True)
class DashboardView(PageView):
    template: ClassVar[str] = "readiness.html"
    board: Dashboard
    limit: int  # longer lists end in "… and N more"

    def context(self, text: TextRenderer) -> dict[str, object]:
        return {"board": self.board, "report": self.board.report, "limit": self.limit}


@dataclass(frozen=True, slots=True)
class DownloadsView(PageView):
    template: ClassVar[str] = "downloads.html"
    files: tuple[tuple[str, str], ...]  # label, site path
    count: int
    binder_files: tuple[BinderLink, ...]
