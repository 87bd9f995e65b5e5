"""A binder as HTML: cover, catalogue, every item, 备考表 — from the model and the Jinja2 templates.

Nothing here imports WeasyPrint: the result is a :class:`BinderDocument`, plain data a worker process renders.
Values only known after layout (each item's 页数) are written as tokens: the renderer turns them into
placeholders that it overwrites once its one layout has counted the pages (or fills them in from counts
measured elsewhere, for the catalogue-only binder). Scanned PDF pages get an empty placeholder page each,
carrying the stamp, so that page numbers in the catalogue already count them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as html_lib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup

from generator import __version__
from generator.arrangement import ACCESS_NAMES, RETENTION_NAMES, Arrangement, Item
from generator.dates import cn_date, compact_date
from generator.errors import Problem
from generator.markdown_render import official_level, render_markdown
from generator.media.video import size_text
from generator.model import Archive
from generator.reproducible import fixed_moment
from generator.schema import BinderSpec, Evidence, Record, Rectification, Speech, Summary
from generator.validate import resolve_inside

from .attachments import Attachment, ScanSlot, attachment, warning_of
from .fonts import missing_glyphs
from .media import PreparedMedia

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "binders"
ASSETS = Path(__file__).resolve().parent.parent / "assets" / "binders"
PAGES_TOKEN = "\u27e6pages:{}\u27e7"  # ⟦pages:record-id⟧, replaced by the item's page count after layout
_PAGES_TOKEN_RE = re.compile("\u27e6pages:([\\w.\\-]+)\u27e7")
PAGES_ATTRIBUTE = "data-pages"
PAGES_PLACEHOLDER = "000"
_HEADING_RE = re.compile(r"<h([1-6])(?: id=\"[^\"]*\")?>(.*?)</h\1>", re.S)
_TAG_RE = re.compile(r"<[^>]+>")

# GB/T 9704 grid: 28 characters of 16 pt in 156 mm, 22 lines in 225 mm.
MM = 72 / 25.4
BODY_PT = 16.0
LINE_PT = 225 * MM / 22
PITCH_PT = 156 * MM / 28
HALF_LEADING_MM = (LINE_PT - BODY_PT) / 2 / MM


@dataclass(frozen=True)
class Fragment:
    """One item's HTML. Its page count depends on nothing else (every item starts on a new page and left and
    right pages have the same text block), so counts are cached by ``key`` across binders and builds."""

    record_id: str
    anchor: str
    key: str  # hash of the HTML and the stylesheet
    html: str


@dataclass(frozen=True)
class BinderDocument:
    """Everything a worker needs to render one binder (picklable)."""

    binder_id: str
    title: str
    layout_shell: tuple[str, str]  # (head, tail) to lay out items alone, only to count their pages
    final_html: str  # the binder, with a 页数 token per item
    fragments: tuple[Fragment, ...]
    scan_slots: tuple[ScanSlot, ...]
    base_url: str
    allowed_roots: tuple[str, ...]
    pdfa: bool
    problems: tuple[Problem, ...] = ()
    catalogue_only: bool = False  # measures its items but prints only the catalogue
    key: str = ""  # hash of every input; the cache compares it
    known_pages: Mapping[str, int] = field(default_factory=dict)  # fragment key → pages, from earlier layouts
    clean_images: bool = False  # images shown without identifying metadata (generator/image_metadata.py)
    media_dir: str = ""  # the media cache: dossier-media: URLs (video contact sheets) are files there

    def with_key(self, key: str) -> BinderDocument:
        return BinderDocument(**{**self.__dict__, "key": key})

    def with_known_pages(self, known: Mapping[str, int]) -> BinderDocument:
        mine = {f.key: known[f.key] for f in self.fragments if f.key in known}
        return BinderDocument(**{**self.__dict__, "known_pages": mine})


def fill_page_counts(html: str, counts: Mapping[str, int]) -> str:
    return _PAGES_TOKEN_RE.sub(lambda m: str(counts.get(m[1], "")), html)


def mark_page_counts(html: str) -> str:
    """Each 页数 token as a span holding a placeholder as wide as a three-digit count, which the renderer
    overwrites in the laid-out pages once the single layout has told it every item's page count."""
    return _PAGES_TOKEN_RE.sub(
        lambda m: f'<span class="pages" {PAGES_ATTRIBUTE}="{m[1]}">{PAGES_PLACEHOLDER}</span>', html
    )


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cn_date"] = cn_date
    env.filters["compact_date"] = compact_date
    env.filters["retention_name"] = lambda code: RETENTION_NAMES.get(code, code)
    env.filters["access_name"] = lambda code: ACCESS_NAMES.get(code, code)
    env.filters["pages_token"] = PAGES_TOKEN.format
    env.filters["size_text"] = size_text
    return env


def template_fingerprint() -> str:
    """Changes whenever a template or asset changes, so the cache re-renders."""
    digest = hashlib.sha256(__version__.encode())
    for folder in (TEMPLATES, ASSETS):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# ----------------------------------------------------------------------------------------- record bodies
def official_body(markdown_text: str) -> Markup:
    """Markdown body → HTML whose headings carry their GB/T 9704 level (lv1 黑体, lv2 楷体, lv3/4 仿宋)."""

    def heading(match: re.Match[str]) -> str:
        text = _TAG_RE.sub("", match[2])
        level = official_level(text) or min(int(match[1]), 4)
        return f'<p class="heading lv{level}">{match[2]}</p>'

    return Markup(_HEADING_RE.sub(heading, render_markdown(markdown_text)))  # sanitised by nh3


def responsible(archive: Archive, record: Record) -> str:
    """责任者: the speaker, the unit that wrote it, else the fonds (the campaign office)."""
    if isinstance(record, Speech):
        return record.speaker
    unit = archive.units.get(record.owner) if record.owner else None
    return unit.name if unit else archive.info.fonds.name


def record_text(record: Record) -> str:
    """All text of a record that will be typeset, for the glyph check."""
    parts: list[str] = []
    for value in record.model_dump(by_alias=False).values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts += [v if isinstance(v, str) else str(v) for v in value]
    return "\n".join(parts)


# ----------------------------------------------------------------------------------------- the document
@dataclass
class ItemView:
    record: Record
    item: Item
    anchor: str
    responsible: str
    body: Markup | None = None
    attachments: list[Attachment] = field(default_factory=list)
    unit_name: str = ""
    indicator_titles: list[str] = field(default_factory=list)


_IMG_SRC_RE = re.compile(r'<img[^>]*\ssrc="([^"]*)"')


def _unreachable_images(archive: Archive, body: str) -> list[str]:
    """Images in a body that the binder will not show: on the web (binders never fetch), or not a file in the
    data folder."""
    missing = []
    for raw in _IMG_SRC_RE.findall(body):
        src = html_lib.unescape(raw)
        local = None if urlsplit(src).scheme else resolve_inside(archive.root, unquote(src.lstrip("/")))
        if local is None or not local.is_file():
            missing.append(src)
    return missing


def _item_view(
    archive: Archive,
    record: Record,
    item: Item,
    problems: list[Problem],
    media: PreparedMedia | None = None,
) -> ItemView:
    view = ItemView(record, item, f"item-{record.id}", responsible(archive, record))
    # an evidence record's description is printed as a plain paragraph under its title (item.html.j2)
    text = None if isinstance(record, Evidence) else record.text_body
    if text:
        view.body = official_body(text)
        problems += [
            warning_of(archive, record, "binder-image-not-found", src=src)
            for src in _unreachable_images(archive, view.body)
        ]
    if isinstance(record, Evidence):
        view.attachments = [
            attachment(archive, record, i, f, problems, media=media) for i, f in enumerate(record.files)
        ]
    if isinstance(record, Summary | Rectification):
        unit = archive.units.get(record.unit)
        view.unit_name = unit.name if unit else record.unit
    view.indicator_titles = [
        f"{i} {archive.indicators[i].title}" for i in record.indicators if i in archive.indicators
    ]
    return view


def texts_by_role(record: Record) -> dict[str, str]:
    """Which font role typesets which text of ``record``: title in 小标宋, 一、 headings in 黑体, （一）
    headings and the speaker line in 楷体, everything else in 仿宋."""
    body = record.document_text or ""
    headings = [line.lstrip("#").strip() for line in body.splitlines() if line.startswith("#")]
    by_level: dict[int, list[str]] = {}
    for heading in headings:
        by_level.setdefault(official_level(heading) or 0, []).append(heading)
    speaker = [record.speaker, record.speaker_role or ""] if isinstance(record, Speech) else []
    return {
        "xiaobiaosong": record.title,
        "heiti": "".join(by_level.get(1, [])),
        "kaiti": "".join(by_level.get(2, []) + speaker),
        "fangsong": record_text(record),
    }


def check_glyphs(archive: Archive, records: Sequence[Record], fonts: Mapping[str, str]) -> list[Problem]:
    """A warning per record, font and the characters that font has no glyph for (they would print from a
    fallback font, or as a box)."""
    problems = []
    for record in records:
        for role, text in texts_by_role(record).items():
            missing = missing_glyphs(text, fonts[role])
            if missing:
                chars = " ".join(missing)
                problems.append(
                    warning_of(archive, record, "binder-missing-glyph", chars=chars, font=fonts[role])
                )
    return problems


def _span(values: Sequence[str]) -> str:
    return "、".join(dict.fromkeys(values))


def number_ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5, 7, 8] → "1–3、5、7–8": the boxes a binder's items are filed in."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def cover_context(archive: Archive, views: Sequence[ItemView]) -> dict[str, Any]:
    items = [v.item for v in views]
    dates = [v.record.date for v in views]
    boxes = sorted({i.box for i in items})
    return {
        "years": _span([str(i.year) for i in sorted(items, key=lambda i: i.year)]),
        "retentions": _span([RETENTION_NAMES[i.retention] for i in items]),
        "first_code": items[0].code if items else "",
        "last_code": items[-1].code if items else "",
        "boxes": number_ranges(boxes),
        "date_from": cn_date(min(dates)) if dates else "",
        "date_to": cn_date(max(dates)) if dates else "",
    }


def metadata_date(archive: Archive, epoch: int | None) -> dt.datetime:
    """The binders' date (``reproducible.fixed_moment``): SOURCE_DATE_EPOCH when set, else archive.yml
    ``today``, else the period end."""
    return fixed_moment(archive.info.today or archive.info.period.end, epoch)


def css_context(fonts: Mapping[str, str]) -> dict[str, Any]:
    return {
        "fonts": fonts,
        "line_pt": f"{LINE_PT:.3f}",
        "letter_spacing_pt": f"{PITCH_PT - BODY_PT - 0.002:.3f}",
        "margin_top_mm": f"{37 - HALF_LEADING_MM:.3f}",
        "margin_bottom_mm": f"{297 - (37 - HALF_LEADING_MM) - 225 - 0.2:.3f}",
        "folio_gap_mm": f"{7 + HALF_LEADING_MM:.3f}",
    }


def build_document(
    archive: Archive,
    spec: BinderSpec,
    records: Sequence[Record],
    arrangement: Arrangement,
    fonts: Mapping[str, str],
    *,
    pdfa: bool,
    epoch: int | None,
    media: PreparedMedia | None = None,
) -> BinderDocument:
    """The binder ``spec`` holding ``records`` (already in arrangement order) as HTML; ``media`` holds the
    office files converted to PDF and the videos' contact sheets."""
    problems: list[Problem] = []
    views = [_item_view(archive, r, arrangement.items[r.id], problems, media) for r in records]
    problems += check_glyphs(archive, records, fonts)
    when = metadata_date(archive, epoch)
    context = {
        "archive": archive,
        "info": archive.info,
        "spec": spec,
        "views": views,
        "cover": cover_context(archive, views),
        "css": environment().get_template("binder.css.j2").render(css_context(fonts)),
        "created": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sort_date": cn_date(when.date()),
        "problems_by_record": _problem_notes(problems),
        "files_missing": {v.record.id for v in views if any(a.kind == "unreadable" for a in v.attachments)},
        "keywords": ", ".join([archive.info.campaign, spec.title, archive.info.fonds.code, "档案"]),
    }
    fragments = _fragments(context, views)
    template = environment().get_template("binder.html.j2")
    final_html = template.render(
        context, part="catalogue" if spec.catalogue_only else "all", fragments=[f.html for f in fragments]
    )
    head, tail = template.render(context, part="items", fragments=[_ITEMS]).split(_ITEMS)
    slots = tuple(slot for v in views for a in v.attachments for slot in a.slots)
    return BinderDocument(
        binder_id=spec.id,
        title=spec.title,
        layout_shell=(head, tail),
        final_html=final_html,
        fragments=fragments,
        scan_slots=() if spec.catalogue_only else slots,
        base_url=archive.root.resolve().as_uri() + "/",
        allowed_roots=(str(archive.root.resolve()), str(TEMPLATES), str(ASSETS)),
        media_dir=media.cache_dir if media else "",
        pdfa=pdfa,
        problems=tuple(problems),
        catalogue_only=spec.catalogue_only,
    )


def item_document(
    archive: Archive,
    record: Record,
    arrangement: Arrangement,
    fonts: Mapping[str, str],
    shell: jinja2.Template,
    *,
    pdfa: bool,
    epoch: int | None,
) -> BinderDocument:
    """One item alone as a document of its own (a handover 件): the very HTML its binder prints (归档章,
    GB/T 9704 text, photos, scans), inside ``shell``, a page that sets the document's own metadata. The
    shell gets ``view``, ``fragment`` (the item's HTML), ``css``, ``info`` and ``created``."""
    problems: list[Problem] = []
    view = _item_view(archive, record, arrangement.items[record.id], problems)
    problems += check_glyphs(archive, [record], fonts)
    context: dict[str, Any] = {
        "archive": archive,
        "info": archive.info,
        "css": environment().get_template("binder.css.j2").render(css_context(fonts)),
        "created": metadata_date(archive, epoch).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    fragments = _fragments(context, [view])
    return BinderDocument(
        binder_id=record.id,
        title=record.title,
        layout_shell=("", ""),
        final_html=shell.render(context, view=view, fragment=Markup(fragments[0].html)),
        fragments=fragments,
        scan_slots=tuple(slot for a in view.attachments for slot in a.slots),
        base_url=archive.root.resolve().as_uri() + "/",
        allowed_roots=(str(archive.root.resolve()), str(TEMPLATES), str(ASSETS)),
        pdfa=pdfa,
        problems=tuple(problems),
    )


_ITEMS = "\u27e6items\u27e7"


def _fragments(context: Mapping[str, Any], views: Sequence[ItemView]) -> tuple[Fragment, ...]:
    template = environment().get_template("item.html.j2")
    css_key = hashlib.sha256(str(context["css"]).encode()).hexdigest()
    fragments = []
    for view in views:
        html = template.render(context, view=view)
        files = "\0".join(a.digest for a in view.attachments)
        key = hashlib.sha256(f"{css_key}\0{html}\0{files}".encode()).hexdigest()
        fragments.append(Fragment(view.record.id, view.anchor, key, html))
    return tuple(fragments)


def _problem_notes(problems: Sequence[Problem]) -> dict[str, list[str]]:
    """Readable notes per record path, printed in the 备考表 so the paper copy says what is missing."""
    notes: dict[str, list[str]] = {}
    for problem in problems:
        notes.setdefault(str(problem.params["record"]), []).append(problem.message)
    return notes
