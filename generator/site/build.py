"""Assemble the whole site for one audience: every page, the files to copy, the search index, the downloads.

``build_site`` is the one entry point; the MkDocs plugin (and through it ``dossier site``) calls it. The
archive is filtered first, so a record the audience may not see has no page, no list row, no link, no search
entry, no copied file and no thumbnail: it simply is not in the data anything downstream reads.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import posixpath
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator import dates, exports, image_metadata, markdown_render, spreadsheet
from generator.arrangement import archival_codes
from generator.dates import cn_date
from generator.i18n import MESSAGES
from generator.markdown_render import render_markdown
from generator.model import Archive, Audience, Indicator
from generator.ocr.store import recognised_text
from generator.readiness import Readiness, build_report, progress_charts
from generator.schema import KINDS, Evidence, Kind, Meeting, Record, Rectification, Speech, Summary
from generator.search.index import LazyDoc, SearchDoc, build_index
from generator.site import messages, urls
from generator.site.binders_link import BinderLinks
from generator.site.cache import STALE_AFTER
from generator.site.dashboard import Dashboard, dashboard
from generator.site.html_text import plain_text
from generator.site.mdcache import MarkdownCache
from generator.site.pages import NavEntry, RenderedPage, Site, SiteFile, SitePage
from generator.site.render import Renderer, label, owners
from generator.site.thumbs import CleanCopies, Thumbnails, is_image, is_pdf, prepare

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "site"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "site"
YEAR_SPLIT_KINDS: frozenset[Kind] = frozenset({"evidence"})  # lists that reach megabytes: a page per year
DASHBOARD_ROWS = 200  # longer lists on the dashboard end in "… and N more" (`dossier report` has them all)
GALLERY_PREVIEW = 6  # thumbnails shown per year on the gallery's own page
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
LATEST_MEETINGS = 5
messages.register()


@dataclass(frozen=True)
class FileView:
    """One attached file as the site shows it: its copy (None: not published) and, for photos, a
    thumbnail."""

    dest: str | None
    name: str
    caption: str | None
    thumb: str | None
    is_pdf: bool
    pages: int | None
    ocr_text: str = ""  # the text recognised on it (dossier ocr), shown folded under the file


def build_site(
    archive: Archive, audience: Audience, cache_dir: Path, binders: BinderLinks | None = None
) -> Site:
    """The site of everything ``audience`` may see in ``archive``; with ``binders``, its PDF binders are
    copied in and each record page links to the page where the record starts (binders_link.py)."""
    visible = archive.filtered(audience)
    # 档号 come from the whole fonds (a public page shows the same code as the paper copy); only visible
    # records' codes are kept.
    every_code = archival_codes(archive)
    codes = {record.id: every_code[record.id] for record in visible.records if record.id in every_code}
    # Readiness figures are computed on the whole archive, so they would reveal hidden records: the public
    # site has none (docs/site.md, "Who sees what").
    board = None
    if audience != "public":
        report = build_report(archive, cache_dir=cache_dir)
        board = dashboard(report, visible, progress_charts(report))
    builder = _Builder(
        visible,
        visible.info.language,
        cache_dir,
        codes,
        board,
        binders=binders or BinderLinks(),
        clean_images=image_metadata.cleans_for(audience),
    )
    return builder.site()


class _Builder:
    def __init__(
        self,
        archive: Archive,
        lang: str,
        cache_dir: Path,
        codes: Mapping[str, str],
        board: Dashboard | None,
        *,
        binders: BinderLinks,
        clean_images: bool = False,
    ) -> None:
        self.archive = archive
        self.binders = binders
        self.clean_images = clean_images
        self.derived: dict[str, str] = {}  # site path of a clean copy → sha256 of the archive's file
        self.board = board
        self.lang = lang
        self.cache_dir = cache_dir
        self.renderer = Renderer(archive, lang, codes, cache_dir)
        self.pages: list[SitePage] = []
        self.files: list[SiteFile] = []
        self.file_views: dict[str, list[FileView]] = {}
        self._dests: set[str] = set()
        self._briefs: dict[str, str] = {}
        self._file_view_keys: dict[str, str] = {}  # record id → repr of its FileViews, made once
        self.base_key = self._base_key()

    def L(self, key: str, **params: object) -> str:
        return label(self.lang, key, **params)

    def site(self) -> Site:
        self._attached_files()
        for binder in self.binders.binders:
            self._file(SiteFile(binder.dest, source=binder.source))
        nav = self._nav()
        self._add(urls.HOME, self.archive.info.title, lambda: self._home(nav), self._home_key(nav))
        for record in self.archive.records:
            self._add(
                urls.record_page(record), record.title, partial_record(self, record), self._record_key(record)
            )
        self._lists()
        self._timeline()
        self._people()
        self._units()
        self._indicators()
        self._gallery()
        self._add(
            urls.SEARCH,
            self.L("site-search"),
            lambda: self.renderer.page("search.html", urls.SEARCH),
            self.key("search"),
        )
        if self.board is not None:
            self._add(urls.READINESS, self.L("site-dashboard"), self._dashboard, self._dashboard_key())
        self._downloads()
        self._assets()
        return Site(
            title=self.archive.info.title,
            language=self.lang,
            pages=self.pages,
            files=self.files,
            nav=nav,
            stylesheets=[f"{ASSET_PREFIX}/{name}" for name in STYLESHEETS],
            scripts=[f"{ASSET_PREFIX}/{name}" for name in (LABELS_SCRIPT, *SCRIPTS)],
            derived=self.derived,
        )

    def _add(self, src: str, title: str, render: Callable[[], RenderedPage], key: str | None = None) -> None:
        self.pages.append(SitePage(src, title, render, key))

    # ------------------------------------------------------------------------------------- page keys
    # A page's key hashes everything its body is made from, so the page cache (cache.py) can reuse it
    # unchanged. Inputs every page may show (units, indicators, who has a person page, the templates, the
    # site's language and "today") form the base key; then each page adds its own records.
    def _base_key(self) -> str:
        archive = self.archive
        return _digest(
            _templates_version(),
            self.lang,
            archive.today(),
            repr(archive.info),
            repr(sorted(archive.units.items())),
            repr(sorted(archive.indicators.items())),
            sorted(archive.by_person),
        )

    def brief(self, record: Record) -> str:
        """What a list row or a link shows of a record, as one string made once per build: page keys join
        thousands of these (a list page), and joining strings costs far less than repr of tuples."""
        found = self._briefs.get(record.id)
        if found is None:
            found = repr(
                (
                    record.id,
                    record.kind,
                    record.title,
                    record.date,
                    tuple(owners(record)),
                    tuple(record.indicators),
                    # from the fields themselves: pydantic's getattr of a missing name is slow
                    record.__dict__.get("status"),
                    record.__dict__.get("deadline"),
                    record.__dict__.get("location"),
                )
            )
            self._briefs[record.id] = found
        return found

    def key(self, *parts: object) -> str:
        return _digest(self.base_key, *parts)

    def _record_key(self, record: Record) -> str:
        meeting = self.archive.get(record.meeting) if isinstance(record, Speech) and record.meeting else None
        related = [(name, self.briefs(rows)) for name, _, rows in self._related(record)]
        return self.key(
            "record",
            # every field, hashed apart: repr of the whole text in the key would cost twice as much
            hashlib.sha256(record.__pydantic_serializer__.to_json(record)).hexdigest(),
            self.renderer.codes.get(record.id),
            self.archive.retention_of(record),
            self.brief(meeting) if meeting else None,
            self._file_view_keys.get(record.id),
            related,
            [(b.binder_id, b.title, b.dest, page) for b, page in self.binders.for_record(record.id)],
        )

    def briefs(self, records: Iterable[Record]) -> str:
        return "\n".join([self.brief(r) for r in records])

    def _file(self, item: SiteFile) -> None:
        """Add an output file once (two evidence records may share a photo)."""
        if item.dest not in self._dests:
            self._dests.add(item.dest)
            self.files.append(item)

    # ------------------------------------------------------------------------------------------- nav
    def _nav(self) -> list[NavEntry]:
        """Sections only — never one entry per record, so each page's navigation stays the same small size."""
        entries = [NavEntry(self.L("site-home"), urls.HOME)]
        entries += [NavEntry(self.L(f"site-list-{kind}"), urls.list_page(kind)) for kind in KINDS]
        entries += [
            NavEntry(self.L("site-timeline"), urls.TIMELINE),
            NavEntry(self.L("site-people"), urls.PEOPLE),
            NavEntry(self.L("site-units"), urls.UNITS),
            NavEntry(self.L("site-indicators"), urls.INDICATORS),
            *([NavEntry(self.L("site-dashboard"), urls.READINESS)] if self.board else []),
            NavEntry(self.L("site-gallery"), urls.GALLERY),
            NavEntry(self.L("site-search"), urls.SEARCH),
            NavEntry(self.L("site-downloads"), urls.DOWNLOADS),
        ]
        return entries

    # ------------------------------------------------------------------------------------------ home
    def _home_key(self, nav: list[NavEntry]) -> str:
        archive = self.archive
        board = self.board
        return self.key(
            "home",
            [(kind, len(archive.of_kind(kind))) for kind in KINDS],
            self.briefs(archive.meetings[-LATEST_MEETINGS:]),
            nav,
            self.binders.binders,
            _strip(board.report) if board else None,
            [(self.brief(e.record), e.days_overdue) for e in board.overdue[:10]] if board else None,
            (len(board.overdue), board.overdue_hidden) if board else None,
        )

    def _home(self, nav: list[NavEntry]) -> RenderedPage:
        archive = self.archive
        counts = [(kind, urls.list_page(kind), len(archive.of_kind(kind))) for kind in KINDS]
        latest = list(reversed(archive.meetings[-LATEST_MEETINGS:]))
        return self.renderer.page(
            "home.html",
            urls.HOME,
            counts=counts,
            board=self.board,
            strip=_strip(self.board.report) if self.board else None,
            latest=latest,
            nav=nav,
            rect_list=urls.list_page("rectification"),
            binder_files=self.binders.binders,
        )

    # --------------------------------------------------------------------------------------- records
    def record_page(self, record: Record) -> RenderedPage:
        here = urls.record_page(record)
        meeting = self.archive.get(record.meeting) if isinstance(record, Speech) and record.meeting else None
        return self.renderer.page(
            "record.html",
            here,
            record=record,
            code=self.renderer.codes.get(record.id),
            retention=self.archive.retention_of(record),
            meeting=meeting,
            body=self.renderer.body(_body_text(record)),
            files=self.file_views.get(record.id, []),
            related=self._related(record),
            binder_pages=self.binders.for_record(record.id),
        )

    def _related(self, record: Record) -> list[tuple[str, str, list[Record]]]:
        """Cross-links both ways: what this record names, and what names it (visible records only)."""
        named: list[Record] = []
        if isinstance(record, Meeting):
            named = self._visible([*record.speeches, *record.evidence])
        elif isinstance(record, Rectification):
            named = self._visible(record.evidence)
        back = [r for r in self.archive.referenced_by.get(record.id, ()) if r not in named]
        return [("site-related-named", "dossier-named", named), ("site-related-back", "dossier-back", back)]

    def _visible(self, ids: list[str]) -> list[Record]:
        found = (self.archive.get(record_id) for record_id in ids)
        return [record for record in found if record is not None]

    def _lists(self) -> None:
        for kind in KINDS:
            src = urls.list_page(kind)
            title = self.L(f"site-list-{kind}")
            if kind in YEAR_SPLIT_KINDS:
                self._year_pages(kind, src, title)
            else:
                rows = self.briefs(self.archive.of_kind(kind))
                self._add(src, title, _list_renderer(self, kind, src, title), self.key("list", src, rows))

    def list_page(self, kind: Kind, src: str, title: str) -> RenderedPage:
        return self.renderer.page("list.html", src, title=title, records=self.archive.of_kind(kind))

    def _year_pages(self, kind: Kind, src: str, title: str) -> None:
        """A long list (evidence) as an index of years and one page per year, each a sortable table."""
        by_year = _by_year(self.archive.of_kind(kind))
        years = [(year, urls.year_page(kind, year), len(rows)) for year, rows in by_year]
        self._add(
            src,
            title,
            lambda: self.renderer.page("years.html", src, title=title, years=years),
            self.key("years", src, title, years),
        )
        for year, rows in by_year:
            here = urls.year_page(kind, year)
            self._add(
                here,
                f"{title} · {self.L('site-year', year=year)}",
                _year_list_renderer(self, here, title, year, rows),
                self.key("year-list", here, self.briefs(rows)),
            )

    def year_list_page(self, here: str, title: str, year: int, rows: list[Record]) -> RenderedPage:
        back = urls.list_page(rows[0].kind)
        return self.renderer.page("year_list.html", here, title=title, year=year, records=rows, back=back)

    def _timeline(self) -> None:
        """The timeline's own page lists the years and months; each year is a page of its own."""
        by_year = _by_year(self.archive.records)
        index = []
        for year, rows in by_year:
            here = urls.year_page("timeline", year)
            months: dict[int, list[Record]] = defaultdict(list)
            for record in rows:
                months[record.date.month].append(record)
            ordered = [(month, months[month]) for month in sorted(months, reverse=True)]
            index.append((year, here, len(rows), [(month, len(m)) for month, m in ordered]))
            self._add(
                here,
                f"{self.L('site-timeline')} · {self.L('site-year', year=year)}",
                _timeline_year_renderer(self, here, year, ordered),
                self.key("timeline", here, self.briefs(rows)),
            )
        self._add(
            urls.TIMELINE,
            self.L("site-timeline"),
            lambda: self.renderer.page("timeline.html", urls.TIMELINE, years=index),
            self.key("timeline-index", index),
        )

    def timeline_year(self, here: str, year: int, months: list[tuple[int, list[Record]]]) -> RenderedPage:
        return self.renderer.page("timeline_year.html", here, year=year, months=months)

    # ---------------------------------------------------------------------------------------- people
    def _people(self) -> None:
        people = []
        for name, pairs in self.archive.by_person.items():
            roles = [self.L(f"site-role-{role}") for role in dict.fromkeys(role for role, _ in pairs)]
            people.append((name, roles, len({r.id for _, r in pairs})))
            self._add(
                urls.person_page(name),
                name,
                _person_renderer(self, name),
                self.key("person", name, "\n".join([f"{role}\t{self.brief(r)}" for role, r in pairs])),
            )
        self._add(
            urls.PEOPLE,
            self.L("site-people"),
            lambda: self.renderer.page("people.html", urls.PEOPLE, people=people),
            self.key("people", people),
        )

    def person_page(self, name: str) -> RenderedPage:
        groups: dict[str, list[Record]] = defaultdict(list)
        for role, record in self.archive.by_person[name]:
            groups[role].append(record)
        view = [(f"site-role-{role}-records", f"role-{role}", rows) for role, rows in groups.items()]
        return self.renderer.page("person.html", urls.person_page(name), name=name, groups=view)

    # ----------------------------------------------------------------------------------------- units
    def _units(self) -> None:
        rows = []
        for unit in self.archive.units.values():
            records = self.archive.by_unit.get(unit.id, ())
            open_count = sum(1 for r in records if isinstance(r, Rectification) and r.status == "open")
            rows.append((unit, len(records), open_count))
            chart = self.board.charts.get(unit.id) if self.board else None
            self._add(
                urls.unit_page(unit.id),
                unit.name,
                _unit_renderer(self, unit.id),
                self.key("unit", unit.id, self.briefs(records), chart),
            )
        self._add(
            urls.UNITS,
            self.L("site-units"),
            lambda: self.renderer.page("units.html", urls.UNITS, units=rows),
            self.key("units", [(unit.id, count, open_count) for unit, count, open_count in rows]),
        )

    def _dashboard_key(self) -> str:
        """The dashboard shows the report's figures (all in its JSON) and names visible records."""
        board = self.board
        assert board is not None
        shown = [
            *(entry.record for entry in board.overdue),
            *board.no_closing.records,
            *board.window.records,
            *board.future.records,
            *(r for row in board.duplicates for r in row.records.records),
            *(row.record for row in board.photos),
        ]
        return self.key(
            "readiness",
            json.dumps(board.report.as_json(), ensure_ascii=False, sort_keys=True, default=str),
            [(entry.days_overdue, entry.status) for entry in board.overdue],
            self.briefs(shown),
            [(row.files, row.match, row.records.hidden) for row in board.duplicates],
            [(row.file, row.mismatch) for row in board.photos],
            (board.overdue_hidden, board.duplicates_hidden, board.photos_hidden),
            (board.no_closing.hidden, board.window.hidden, board.future.hidden),
            sorted(board.charts.items()),
            DASHBOARD_ROWS,
        )

    def _dashboard(self) -> RenderedPage:
        assert self.board is not None
        return self.renderer.page(
            "readiness.html",
            urls.READINESS,
            board=self.board,
            report=self.board.report,
            pts=_points,
            limit=DASHBOARD_ROWS,
        )

    def unit_page(self, unit_id: str) -> RenderedPage:
        records = self.archive.by_unit.get(unit_id, ())
        groups = [(kind, [r for r in records if r.kind == kind]) for kind in KINDS]
        indicators = [node for node in self.archive.indicators.values() if unit_id in node.units]
        return self.renderer.page(
            "unit.html",
            urls.unit_page(unit_id),
            unit=self.archive.units[unit_id],
            groups=[(kind, rows) for kind, rows in groups if rows],
            indicators=indicators,
            chart=self.board.charts.get(unit_id) if self.board else None,
        )

    # ------------------------------------------------------------------------------------ indicators
    def _indicators(self) -> None:
        counts = {
            node_id: len(self.archive.records_for_indicator(node_id)) for node_id in self.archive.indicators
        }
        leaves = self.archive.leaf_indicators()
        covered = sum(1 for node in leaves if counts[node.id])
        nodes = [(node, counts[node.id]) for node in self.archive.indicators.values()]
        self._add(
            urls.INDICATORS,
            self.L("site-indicators"),
            lambda: self.renderer.page(
                "indicators.html", urls.INDICATORS, nodes=nodes, covered=covered, leaves=len(leaves)
            ),
            self.key("indicators", [(node.id, count) for node, count in nodes], covered, len(leaves)),
        )
        for node_id, node in self.archive.indicators.items():
            self._add(
                urls.indicator_page(node_id),
                f"{node_id} {node.title}",
                _indicator_renderer(self, node_id, counts),
                self.key(
                    "indicator",
                    node_id,
                    [counts[c] for c in node.children],
                    self.briefs(self.archive.records_for_indicator(node_id)),
                ),
            )

    def indicator_page(self, node_id: str, counts: Mapping[str, int]) -> RenderedPage:
        node = self.archive.indicators[node_id]
        path: list[Indicator] = []
        parent = node.parent
        while parent is not None:
            path.insert(0, self.archive.indicators[parent])
            parent = self.archive.indicators[parent].parent
        children = [(self.archive.indicators[c], counts[c]) for c in node.children]
        return self.renderer.page(
            "indicator.html",
            urls.indicator_page(node_id),
            node=node,
            path=path,
            children=children,
            records=self.archive.records_for_indicator(node_id),
        )

    # ------------------------------------------------------------------------------ files and gallery
    def _attached_files(self) -> None:
        """Copy every visible evidence file into the site (and a thumbnail for photos); a `public` or
        `internal` site publishes photos as clean copies (``_publish``). ``prepare`` makes the missing
        thumbnails and copies first, side by side when there are many, and reads no photo whose digest it
        knows (generator/filefacts.py). Plain strings where it can: this runs for every attached file on
        every build."""
        photos = [
            (attached.path, self.archive.file_path(attached.path), attached.sha256)
            for record in self.archive.evidence
            for attached in record.files
            if is_image(attached.path)
        ]
        digests = prepare(
            [(source, sha256) for _, source, sha256 in photos], self.cache_dir, clean=self.clean_images
        )
        digest_of = {path: digest for (path, _, _), digest in zip(photos, digests, strict=True)}
        thumbs = Thumbnails(self.cache_dir)
        copies = CleanCopies(self.cache_dir) if self.clean_images else None
        for record in self.archive.evidence:
            views = []
            for attached in record.files:
                source = self.archive.file_path(attached.path)
                digest = digest_of.get(attached.path)
                dest = self._publish(copies, attached.path, source, digest)
                thumb = self._thumbnail(thumbs, source, digest) if digest and dest else None
                views.append(
                    FileView(
                        dest,
                        attached.path.rpartition("/")[2],
                        attached.caption,
                        thumb,
                        is_pdf(attached.path),
                        attached.pages,
                        recognised_text(source),
                    )
                )
            self.file_views[record.id] = views
            self._file_view_keys[record.id] = repr(views)

    def _publish(self, copies: CleanCopies | None, path: str, source: Path, digest: str | None) -> str | None:
        """The site path of the attached file ``path``, copied in: a photo as its clean copy when
        ``copies`` is given (recorded in ``derived``); None for a photo that has no clean copy (not an image
        whose metadata can be removed), which is then not published."""
        dest = site_file_path(path)
        if copies is None or not is_image(path):
            self._file(SiteFile(dest, source=source))
            return dest
        clean = copies.get(source, digest) if digest else None
        if clean is None or digest is None:
            return None
        self._file(SiteFile(dest, source=clean))
        self.derived[dest] = digest
        return dest

    def _thumbnail(self, thumbs: Thumbnails, source: Path, digest: str) -> str | None:
        """The site path of the photo's thumbnail; None for a photo Pillow cannot read."""
        made = thumbs.get(source, digest)
        if made is None:
            return None
        dest = f"thumbs/{digest[:24]}.jpg"
        self._file(SiteFile(dest, source=made))
        return dest

    def _gallery(self) -> None:
        """The gallery's own page lists the years; each year's thumbnails are a page of their own."""
        by_year: dict[int, list[tuple[Evidence, FileView]]] = defaultdict(list)
        for record in self.archive.evidence:
            for view in self.file_views.get(record.id, []):
                if view.thumb:
                    by_year[record.date.year].append((record, view))
        index = []
        for year in sorted(by_year, reverse=True):
            here = urls.year_page("gallery", year)
            items = by_year[year]
            index.append((year, here, len(items), items[:GALLERY_PREVIEW]))
            self._add(
                here,
                f"{self.L('site-gallery')} · {self.L('site-year', year=year)}",
                _gallery_year_renderer(self, here, year, items),
                self.key("gallery", here, "\n".join([f"{self.brief(r)}\t{v!r}" for r, v in items])),
            )
        previews = [
            (year, here, count, "\n".join([f"{self.brief(r)}\t{v!r}" for r, v in preview]))
            for year, here, count, preview in index
        ]
        self._add(
            urls.GALLERY,
            self.L("site-gallery"),
            lambda: self.renderer.page("gallery.html", urls.GALLERY, years=index),
            self.key("gallery-index", previews),
        )

    def gallery_year(self, here: str, year: int, items: list[tuple[Evidence, FileView]]) -> RenderedPage:
        return self.renderer.page("gallery_year.html", here, year=year, items=items)

    # --------------------------------------------------------------------------------- search, downloads
    def _downloads(self) -> None:
        """The downloads page. The catalogue files themselves are made beside the pages, in a background
        process (``catalogue_files``): the XLSX of 10,000 rows takes seconds."""
        names = (exports.CSV_NAME, exports.JSON_NAME, exports.XLSX_NAME)
        listing = [(self.L(f"site-download-{PurePosixPath(n).suffix[1:]}"), f"downloads/{n}") for n in names]
        self._add(
            urls.DOWNLOADS,
            self.L("site-downloads"),
            lambda: self.renderer.page(
                "downloads.html",
                urls.DOWNLOADS,
                files=listing,
                count=len(self.archive),
                binder_files=self.binders.binders,
            ),
            self.key("downloads", listing, len(self.archive), self.binders.binders),
        )

    def _assets(self) -> None:
        for name in (*STYLESHEETS, *SCRIPTS):
            self._file(SiteFile(f"{ASSET_PREFIX}/{name}", source=ASSETS / name))
        labels = {key: self.L_raw(key) for key in SEARCH_LABELS}
        payload = json.dumps(labels, ensure_ascii=False, sort_keys=True)
        self._file(
            SiteFile(f"{ASSET_PREFIX}/{LABELS_SCRIPT}", data=f"window.dossierLabels={payload};\n".encode())
        )

    def L_raw(self, key: str) -> str:
        """A message with its {placeholders} left in, for the browser to fill."""
        entry = MESSAGES[key]
        return entry.get(self.lang, entry["en"])


def search_files(archive: Archive, audience: Audience, cache_dir: Path | None = None) -> list[SiteFile]:
    """The search index of what ``audience`` may see (``search/…``). Separate from ``build_site`` because
    it needs only the records' texts: the plugin starts it in another process before building the pages.

    Each record's document is made (its body rendered to plain text) only when its segment of the index is
    not in the cache: the fingerprint — the record's fields, its units' names, the site's language and the
    code that makes the text — stands for it."""
    visible = archive.filtered(audience)
    lang = visible.info.language
    date = cn_date if lang == "zh" else dt.date.isoformat
    markdown = MarkdownCache(cache_dir)
    salt = f"{lang}\0{_templates_version()}\0{markdown.root}"

    def lazy(record: Record) -> LazyDoc:
        unit_names = [visible.units[u].name for u in owners(record) if u in visible.units]
        digest = hashlib.sha256(salt.encode("utf-8"))
        digest.update(record.__pydantic_serializer__.to_json(record))
        digest.update("\0".join(unit_names).encode("utf-8"))
        scanned = ocr_texts(visible, record)
        digest.update("\0".join(scanned).encode("utf-8"))

        def make() -> SearchDoc:
            return SearchDoc(
                url=urls.output_path(urls.record_page(record)),
                title=record.title,
                meta=f"{label(lang, f'kind-{record.kind}')} · {date(record.date)}",
                text="\n".join([search_text(record, unit_names, markdown.render), *scanned]),
            )

        return LazyDoc(digest.hexdigest(), make)

    cache = cache_dir / "search" if cache_dir is not None else None
    made = build_index([lazy(record) for record in visible.records], cache).items()
    return [SiteFile(f"search/{dest}", data=data, reuse=dest.startswith("t/")) for dest, data in made]


def catalogue_files(archive: Archive, audience: Audience, cache_dir: Path) -> list[SiteFile]:
    """``downloads/catalogue.{csv,json,xlsx}`` of what ``audience`` may see, reused from the cache while no
    row changed."""
    visible = archive.filtered(audience)
    rows = exports.catalogue_rows(visible, lambda record: urls.output_path(urls.record_page(record)))
    key = _digest(
        "catalogue",
        rows,
        visible.info.language,
        visible.info.model_dump_json(),
        visible.today(),
        Path(exports.__file__).read_bytes(),
        Path(spreadsheet.__file__).read_bytes(),
    )
    folder = cache_dir / "downloads" / key
    names = (exports.CSV_NAME, exports.JSON_NAME, exports.XLSX_NAME)
    _prune_siblings(folder)
    try:
        made = {name: (folder / name).read_bytes() for name in names}
    except FileNotFoundError:
        made = exports.catalogue_files_of(rows, visible, visible.info.language)
        _store_catalogue(folder, made)
    return [SiteFile(f"downloads/{name}", data=data) for name, data in made.items()]


def _store_catalogue(folder: Path, made: Mapping[str, bytes]) -> None:
    scratch = folder.with_name(f".{folder.name}.{os.getpid()}")
    scratch.mkdir(parents=True, exist_ok=True)
    for name, data in made.items():
        (scratch / name).write_bytes(data)
    try:
        scratch.rename(folder)  # all three or none: a build never reads half an entry
    except OSError:  # another build stored the same entry meanwhile
        shutil.rmtree(scratch, ignore_errors=True)


# Closures made in a loop must bind their loop variable now, not when the page is finally rendered.
def partial_record(builder: _Builder, record: Record) -> Callable[[], RenderedPage]:
    return lambda: builder.record_page(record)


def _list_renderer(builder: _Builder, kind: Kind, src: str, title: str) -> Callable[[], RenderedPage]:
    return lambda: builder.list_page(kind, src, title)


def _person_renderer(builder: _Builder, name: str) -> Callable[[], RenderedPage]:
    return lambda: builder.person_page(name)


def _year_list_renderer(
    builder: _Builder, here: str, title: str, year: int, rows: list[Record]
) -> Callable[[], RenderedPage]:
    return lambda: builder.year_list_page(here, title, year, rows)


def _timeline_year_renderer(
    builder: _Builder, here: str, year: int, months: list[tuple[int, list[Record]]]
) -> Callable[[], RenderedPage]:
    return lambda: builder.timeline_year(here, year, months)


def _gallery_year_renderer(
    builder: _Builder, here: str, year: int, items: list[tuple[Evidence, FileView]]
) -> Callable[[], RenderedPage]:
    return lambda: builder.gallery_year(here, year, items)


def _by_year(records: Iterable[Record]) -> list[tuple[int, list[Record]]]:
    """Newest year first; inside a year by date."""
    years: dict[int, list[Record]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.date, r.id)):
        years[record.date.year].append(record)
    return [(year, years[year]) for year in sorted(years, reverse=True)]


def _prune_siblings(folder: Path) -> None:
    """Forget other cached catalogues once they are a day old (another audience may still use one)."""
    if not folder.parent.is_dir():
        return
    now = time.time()
    for other in folder.parent.iterdir():
        if other != folder and now - other.stat().st_mtime > STALE_AFTER:
            shutil.rmtree(other, ignore_errors=True)


def _digest(*parts: object) -> str:
    """A hash of ``parts``: strings as they are (a list page's part is a megabyte of joined briefs, which
    repr would copy again), anything else by its repr; a header of each part's kind and length keeps two
    different lists of parts from hashing alike."""
    texts = [part if isinstance(part, str) else repr(part) for part in parts]
    kinds = ["s" if isinstance(part, str) else "r" for part in parts]
    shape = ",".join(f"{kind}{len(text)}" for kind, text in zip(kinds, texts, strict=True))
    return hashlib.sha256(f"{shape}\n{''.join(texts)}".encode("utf-8", "surrogatepass")).hexdigest()


def _templates_version() -> str:
    """A hash of the site's templates, assets, code and messages: a change of any renews every cached page."""
    digest = hashlib.sha256()
    code = Path(__file__).resolve().parent
    for folder in (TEMPLATES, ASSETS, code):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    for shared in (dates.__file__, markdown_render.__file__):  # the date format and Markdown of every page
        digest.update(Path(shared).read_bytes())
    digest.update(repr(sorted(MESSAGES.items())).encode())
    return digest.hexdigest()


def _unit_renderer(builder: _Builder, unit_id: str) -> Callable[[], RenderedPage]:
    return lambda: builder.unit_page(unit_id)


def _indicator_renderer(
    builder: _Builder, node_id: str, counts: Mapping[str, int]
) -> Callable[[], RenderedPage]:
    return lambda: builder.indicator_page(node_id, counts)


def site_file_path(data_relative: str) -> str:
    """Where an attached file is copied: under ``files/``, keeping its path inside the data folder."""
    return _site_file_path(data_relative)


@functools.lru_cache(maxsize=65536)  # called for every attached file on every build; paths repeat
def _site_file_path(data_relative: str) -> str:
    if not _needs_normalising(data_relative):  # the usual plain "files/2024/x.jpg": string operations
        names = data_relative.split("/")
        plain = "/".join(["files", *(names[1:] if names[0] == "files" else names)])
        return f"{plain}.txt" if posixpath.splitext(plain)[1].lower() in {".md", ".markdown"} else plain
    path = PurePosixPath(data_relative)
    parts = path.parts[1:] if path.parts and path.parts[0] == "files" else path.parts
    dest = PurePosixPath("files", *parts)
    # A Markdown evidence file would otherwise be taken for a page of the site.
    return f"{dest}.txt" if dest.suffix.lower() in {".md", ".markdown"} else str(dest)


def _needs_normalising(path: str) -> bool:
    """Whether PurePosixPath would read ``path`` otherwise than split on "/" does."""
    odd_ends = path.startswith(("/", "./")) or path.endswith(("/", "/."))
    return not path or odd_ends or "//" in path or "/./" in path


def _body_text(record: Record) -> str | None:
    if isinstance(record, Meeting):
        return record.minutes
    if isinstance(record, Speech | Summary):
        return record.body
    if isinstance(record, Evidence):
        return record.description
    if isinstance(record, Rectification):
        return record.measures
    return None


def ocr_texts(archive: Archive, record: Record) -> list[str]:
    """The text recognised on the record's attached files (dossier ocr), so search finds printed words."""
    if not isinstance(record, Evidence):
        return []
    return [text for f in record.files if (text := recognised_text(archive.file_path(f.path)))]


def search_text(
    record: Record, unit_names: list[str] | None = None, render: Callable[[str], str] = render_markdown
) -> str:
    """What a search should find a record by: its words, the names and places on it, its units' names.
    The body is read from its sanitised HTML, so search sees exactly the text the page shows."""
    parts: list[str] = [record.title]
    if isinstance(record, Meeting):
        parts += [record.location, record.host, *record.agenda, *record.decisions]
    elif isinstance(record, Speech):
        parts += [record.speaker, record.speaker_role or "", record.occasion or ""]
    elif isinstance(record, Summary):
        parts += [record.author or "", *(f"{f.label} {f.value}" for f in record.figures)]
    elif isinstance(record, Evidence):
        parts += [record.location or "", *record.people_present, *(f.caption or "" for f in record.files)]
    elif isinstance(record, Rectification):
        parts += [record.problem, record.found_by]
    parts += [*record.tags, *(unit_names or [])]
    body = _body_text(record) or ""
    parts.append(plain_text(render(body)) if body else "")
    return "\n".join(part for part in parts if part)


def _strip(report: Readiness) -> dict[str, object]:
    """The home page's readiness cards: the same figures as the dashboard and `dossier report`."""
    leaves = report.leaves
    return {
        "total": _points(report.points.total),
        "missing": _points(report.points.missing),
        "leaves": len(leaves),
        "covered": sum(1 for leaf in leaves if leaf.status == "covered"),
        "uncovered": sum(1 for leaf in leaves if leaf.status == "missing"),
        "open": sum(1 for entry in report.ledger if entry.status == "open"),
        "overdue": len(report.overdue),
    }


def _points(value: float) -> str:
    """Points as people write them: 9, 27.7 (weights split among siblings are not whole numbers)."""
    return f"{round(value, 1):g}"


__all__ = ["FileView", "Site", "build_site", "catalogue_files", "search_files"]
