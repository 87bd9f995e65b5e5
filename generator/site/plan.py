"""Plan the whole site for one audience: every page as a view, the files to copy, the navigation.

``plan_site`` is the one entry point; the publish service (publish.py) calls it. The archive is filtered
first, so a record the audience may not see has no page, no list row, no link, no search entry, no copied
file and no thumbnail: it simply is not in the data anything downstream reads. Each page is planned as its
view (views.py); its cache key is derived from that view (keys.py) and its body rendered from it (render.py).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from functools import partial
from pathlib import Path, PurePosixPath

from generator import image_metadata
from generator.arrangement import archival_codes
from generator.model import Archive, Audience, Indicator, group_by_year
from generator.readiness import build_report, progress_charts
from generator.schema import KINDS, Kind, Meeting, Record, Rectification, Speech
from generator.site import catalogue, messages, urls
from generator.site.attachments import FileView, SiteFiles, attach_files
from generator.site.binders_link import BinderLinks
from generator.site.dashboard import Dashboard, dashboard, strip
from generator.site.keys import ASSETS, Keys, templates_version
from generator.site.pages import NavEntry, Site, SiteFile, SitePage
from generator.site.render import Renderer, label, message
from generator.site.views import (
    DashboardView,
    DownloadsView,
    GalleryView,
    GalleryYearView,
    HomeView,
    IndicatorsView,
    IndicatorView,
    ListView,
    PageView,
    PeopleView,
    PersonView,
    Photo,
    RecordView,
    RowMaker,
    SearchView,
    SiteContext,
    TimelineView,
    TimelineYearView,
    UnitsView,
    UnitView,
    YearListView,
    YearsView,
)

YEAR_SPLIT_KINDS: frozenset[Kind] = frozenset({"evidence"})  # lists that reach megabytes: a page per year
DASHBOARD_ROWS = 200  # longer lists on the dashboard end in "… and N more" (`dossier report` has them all)
GALLERY_PREVIEW = 6  # thumbnails shown per year on the gallery's own page
HOME_OVERDUE = 10  # overdue rectifications named on the home page
LATEST_MEETINGS = 5
ASSET_PREFIX = "assets/dossier"
STYLESHEETS = ("site.css",)
SCRIPTS = ("site.js", "search.js")
LABELS_SCRIPT = "labels.js"  # made per build: the search script's messages in the site's language
SEARCH_LABELS = (
    "site-search",
    "site-search-placeholder",
    "site-search-found",
    "site-search-none",
    "site-search-partial",
    "site-search-loading",
    "site-search-failed",
)
messages.register()


def plan_site(
    archive: Archive, audience: Audience, cache_dir: Path, binders: BinderLinks | None = None
) -> Site:
    """The site of everything ``audience`` may see in ``archive``; with ``binders``, its PDF binders are
    copied in and each record page links to the page where the record starts (binders_link.py)."""
    visible = archive.filtered(audience)
    rows = RowMaker(visible.today())
    # Readiness figures are computed on the whole archive, so they would reveal hidden records: the public
    # site has none (docs/site.md, "Who sees what").
    board = None
    if audience != "public":
        report = build_report(archive, cache_dir=cache_dir)
        board = dashboard(report, visible, progress_charts(report), rows)
    planner = SitePlanner(visible, cache_dir, rows, board, binders or BinderLinks())
    planner.clean_images = image_metadata.cleans_for(audience)
    return planner.site()


class SitePlanner:
    """Plans the pages and files of one audience-filtered archive."""

    def __init__(
        self,
        archive: Archive,
        cache_dir: Path,
        rows: RowMaker,
        board: Dashboard | None,
        binders: BinderLinks,
    ) -> None:
        self.archive = archive
        self.lang = archive.info.language
        self.rows = rows
        self.board = board
        self.binders = binders
        self.cache_dir = cache_dir
        self.clean_images = False  # photos published as clean copies (a `public` or `internal` site)
        # 档号 come from the whole fonds (a public page shows the same code as the paper copy)
        self.codes = archival_codes(archive)
        context = SiteContext(
            self.lang,
            archive.today(),
            archive.info,
            archive.units,
            archive.indicators,
            frozenset(archive.by_person),
        )
        self.keys = Keys(Keys(templates_version()).of(context))
        self.renderer = Renderer(context, cache_dir)
        self.pages: list[SitePage] = []
        self.files = SiteFiles()

    def label(self, key: str, **params: object) -> str:
        return label(self.lang, key, **params)

    def site(self) -> Site:
        shown_files = attach_files(self.archive, self.cache_dir, self.files, clean=self.clean_images)
        self.files.extend(SiteFile(binder.dest, source=binder.source) for binder in self.binders.binders)
        nav = self._nav()
        self._add(self._home(nav))
        for record in self.archive.records:
            self._add(self._record(record, shown_files.get(record.id, ())))
        self._lists()
        self._timeline()
        self._people()
        self._units()
        self._indicators()
        self._gallery(shown_files)
        self._add(SearchView(urls.SEARCH, self.label("site-search")))
        if self.board is not None:
            self._add(DashboardView(urls.READINESS, self.label("site-dashboard"), self.board, DASHBOARD_ROWS))
        self._add(self._downloads())
        self.files.extend(self._assets())
        return Site(
            title=self.archive.info.title,
            language=self.lang,
            pages=self.pages,
            files=self.files.files,
            nav=nav,
            stylesheets=[f"{ASSET_PREFIX}/{name}" for name in STYLESHEETS],
            scripts=[f"{ASSET_PREFIX}/{name}" for name in (LABELS_SCRIPT, *SCRIPTS)],
            derived=self.files.derived,
        )

    def _add(self, view: PageView) -> None:
        render = partial(self.renderer.render, view)
        self.pages.append(SitePage(view.here, view.title, render, self.keys.of(view), view))

    def _nav(self) -> list[NavEntry]:
        """Sections only — never one entry per record, so each page's navigation stays the same small size."""
        entries = [NavEntry(self.label("site-home"), urls.HOME)]
        entries += [NavEntry(self.label(f"site-list-{kind}"), urls.list_page(kind)) for kind in KINDS]
        entries += [
            NavEntry(self.label("site-timeline"), urls.TIMELINE),
            NavEntry(self.label("site-people"), urls.PEOPLE),
            NavEntry(self.label("site-units"), urls.UNITS),
            NavEntry(self.label("site-indicators"), urls.INDICATORS),
            *([NavEntry(self.label("site-dashboard"), urls.READINESS)] if self.board else []),
            NavEntry(self.label("site-gallery"), urls.GALLERY),
            NavEntry(self.label("site-search"), urls.SEARCH),
            NavEntry(self.label("site-downloads"), urls.DOWNLOADS),
        ]
        return entries

    def _home(self, nav: list[NavEntry]) -> HomeView:
        archive, board = self.archive, self.board
        return HomeView(
            urls.HOME,
            archive.info.title,
            counts=tuple((kind, urls.list_page(kind), len(archive.of_kind(kind))) for kind in KINDS),
            strip=strip(board.report) if board else None,
            as_of=board.report.as_of if board else None,
            overdue=board.overdue[:HOME_OVERDUE] if board else (),
            overdue_count=len(board.overdue) if board else 0,
            overdue_hidden=board.overdue_hidden if board else 0,
            latest=self.rows.rows(list(reversed(archive.meetings[-LATEST_MEETINGS:]))),
            nav=tuple(nav),
            rect_list=urls.list_page("rectification"),
            binder_files=self.binders.binders,
        )

    def _record(self, record: Record, files: tuple[FileView, ...]) -> RecordView:
        meeting = self.archive.get(record.meeting) if isinstance(record, Speech) and record.meeting else None
        named = self._named(record)
        return RecordView(
            urls.record_page(record),
            record.title,
            record=record,
            row=self.rows.row(record),
            code=self.codes.get(record.id),
            retention=self.archive.retention_of(record),
            meeting=self.rows.row(meeting) if meeting else None,
            files=files,
            named=self.rows.rows(named),
            named_by=self.rows.rows(self._named_by(record, named)),
            binder_pages=tuple(self.binders.for_record(record.id)),
        )

    def _named(self, record: Record) -> list[Record]:
        """The visible records this record names (cross-links go both ways: ``_named_by``)."""
        if isinstance(record, Meeting):
            return self._visible([*record.speeches, *record.evidence])
        if isinstance(record, Rectification):
            return self._visible(record.evidence)
        return []

    def _named_by(self, record: Record, named: list[Record]) -> list[Record]:
        return [r for r in self.archive.referenced_by.get(record.id, ()) if r not in named]

    def _visible(self, ids: list[str]) -> list[Record]:
        found = (self.archive.get(record_id) for record_id in ids)
        return [record for record in found if record is not None]

    def _lists(self) -> None:
        for kind in KINDS:
            src = urls.list_page(kind)
            title = self.label(f"site-list-{kind}")
            if kind in YEAR_SPLIT_KINDS:
                self._year_pages(kind, src, title)
            else:
                self._add(ListView(src, title, self.rows.rows(self.archive.of_kind(kind))))

    def _year_pages(self, kind: Kind, src: str, title: str) -> None:
        """A long list (evidence) as an index of years and one page per year, each a sortable table."""
        by_year = group_by_year(self.archive.of_kind(kind))
        years = tuple((year, urls.year_page(kind, year), len(rows)) for year, rows in by_year)
        self._add(YearsView(src, title, years))
        for year, rows in by_year:
            here = urls.year_page(kind, year)
            page_title = f"{title} · {self.label('site-year', year=year)}"
            self._add(YearListView(here, page_title, title, year, self.rows.rows(rows), urls.list_page(kind)))

    def _timeline(self) -> None:
        """The timeline's own page lists the years and months; each year is a page of its own."""
        index = []
        for year, rows in group_by_year(self.archive.records):
            here = urls.year_page("timeline", year)
            months: dict[int, list[Record]] = defaultdict(list)
            for record in rows:
                months[record.date.month].append(record)
            ordered = tuple((month, self.rows.rows(months[month])) for month in sorted(months, reverse=True))
            index.append((year, here, len(rows), tuple((month, len(m)) for month, m in ordered)))
            title = f"{self.label('site-timeline')} · {self.label('site-year', year=year)}"
            self._add(TimelineYearView(here, title, year, ordered))
        self._add(TimelineView(urls.TIMELINE, self.label("site-timeline"), tuple(index)))

    def _people(self) -> None:
        people = []
        for name, pairs in self.archive.by_person.items():
            roles = tuple(
                self.label(f"site-role-{role}") for role in dict.fromkeys(role for role, _ in pairs)
            )
            people.append((name, roles, len({r.id for _, r in pairs})))
            groups: dict[str, list[Record]] = defaultdict(list)
            for role, record in pairs:
                groups[role].append(record)
            shown = tuple(
                (f"site-role-{role}-records", f"role-{role}", self.rows.rows(rows))
                for role, rows in groups.items()
            )
            self._add(PersonView(urls.person_page(name), name, name, shown))
        self._add(PeopleView(urls.PEOPLE, self.label("site-people"), tuple(people)))

    def _units(self) -> None:
        units = []
        indicators_of: dict[str, list[Indicator]] = defaultdict(list)
        for node in self.archive.indicators.values():
            for unit_id in dict.fromkeys(node.units):
                indicators_of[unit_id].append(node)
        for unit in self.archive.units.values():
            records = self.archive.by_unit.get(unit.id, ())
            # the status as written, as the list rows' badges show it
            open_count = sum(1 for r in records if isinstance(r, Rectification) and r.status == "open")
            units.append((unit, len(records), open_count))
            groups = [(kind, [r for r in records if r.kind == kind]) for kind in KINDS]
            self._add(
                UnitView(
                    urls.unit_page(unit.id),
                    unit.name,
                    unit=unit,
                    groups=tuple((kind, self.rows.rows(rows)) for kind, rows in groups if rows),
                    indicators=tuple(indicators_of[unit.id]),
                    chart=self.board.charts.get(unit.id) if self.board else None,
                )
            )
        self._add(UnitsView(urls.UNITS, self.label("site-units"), tuple(units)))

    def _indicators(self) -> None:
        archive = self.archive
        counts = {node_id: len(archive.records_for_indicator(node_id)) for node_id in archive.indicators}
        leaves = archive.indicators.leaves()
        covered = sum(1 for node in leaves if counts[node.id])
        nodes = tuple((node, counts[node.id]) for node in archive.indicators.values())
        self._add(IndicatorsView(urls.INDICATORS, self.label("site-indicators"), nodes, covered, len(leaves)))
        for node_id, node in archive.indicators.items():
            self._add(
                IndicatorView(
                    urls.indicator_page(node_id),
                    f"{node_id} {node.title}",
                    node=node,
                    path=archive.indicators.ancestors(node_id),
                    children=tuple((archive.indicators[c], counts[c]) for c in node.children),
                    records=self.rows.rows(archive.records_for_indicator(node_id)),
                )
            )

    def _gallery(self, shown_files: Mapping[str, tuple[FileView, ...]]) -> None:
        """The gallery's own page lists the years; each year's thumbnails are a page of their own."""
        by_year: dict[int, list[Photo]] = defaultdict(list)
        for record in self.archive.evidence:
            for view in shown_files.get(record.id, ()):
                if view.thumb:
                    by_year[record.date.year].append((self.rows.row(record), view))
        index = []
        for year in sorted(by_year, reverse=True):
            here = urls.year_page("gallery", year)
            items = tuple(by_year[year])
            index.append((year, here, len(items), items[:GALLERY_PREVIEW]))
            title = f"{self.label('site-gallery')} · {self.label('site-year', year=year)}"
            self._add(GalleryYearView(here, title, year, items))
        self._add(GalleryView(urls.GALLERY, self.label("site-gallery"), tuple(index)))

    def _downloads(self) -> DownloadsView:
        """The downloads page. The catalogue files themselves are made beside the pages, in a background
        process (catalogue.py), while the pages are rendered."""
        listing = tuple(
            (self.label(f"site-download-{PurePosixPath(name).suffix[1:]}"), f"downloads/{name}")
            for name in catalogue.NAMES
        )
        title = self.label("site-downloads")
        return DownloadsView(urls.DOWNLOADS, title, listing, len(self.archive), self.binders.binders)

    def _assets(self) -> list[SiteFile]:
        files = [
            SiteFile(f"{ASSET_PREFIX}/{name}", source=ASSETS / name) for name in (*STYLESHEETS, *SCRIPTS)
        ]
        labels = {key: message(self.lang, key) for key in SEARCH_LABELS}
        payload = json.dumps(labels, ensure_ascii=False, sort_keys=True)
        script = f"window.dossierLabels={payload};\n".encode()
        return [*files, SiteFile(f"{ASSET_PREFIX}/{LABELS_SCRIPT}", data=script)]
