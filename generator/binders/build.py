"""Build every binder: select, write HTML, render in parallel, reuse unchanged PDFs, write atomically.

Output (``OUT/binders/``): one ``<binder id>.pdf`` per binder, ``spine-labels.pdf`` (盒脊),
``pages.json`` (the page where each record starts in each binder; ``dossier site --binders`` links there),
``MANIFEST.sha256`` and ``EVIDENCE.sha256`` (checksums for ``sha256sum -c``) and ``.cache/`` holding, per
binder, the hash of everything that went into it and where its items start. A binder whose hash is
unchanged is copied from the previous build instead of being rendered again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import __version__, image_metadata, parallel
from generator.arrangement import arrange
from generator.errors import Problem
from generator.manifest import write_manifests
from generator.model import Archive, Audience
from generator.reproducible import source_date_epoch
from generator.timing import stage
from generator.write import atomic_output, place_file, recover_interrupted

from .fonts import font_map, fonts_fingerprint, missing_families
from .html import BinderDocument, Fragment, build_document, template_fingerprint
from .inputs import StoredBinder, StoredRun, inputs_key, read_stored, write_stored
from .media import MEDIA_CACHE, PreparedMedia, media_fingerprint, prepare_media
from .native import require_weasyprint_libraries
from .render import MeasureJob, Rendered, measure_job, render_binder
from .select import binder_specs, select_records
from .spine import spine_document

SUBDIR = "binders"
CACHE = ".cache"
SPINE_ID = "spine-labels"
PAGES_FILE = "item-pages.json"
INDEX_FILE = "pages.json"  # where each record starts in each binder: the website links there


@dataclass(frozen=True)
class BuildOptions:
    audience: Audience = "internal"
    only: tuple[str, ...] = ()
    pdfa: bool = False
    jobs: int = 0  # 0: one process per core
    cache_dir: Path | None = None  # parsed records and file digests (--cache), shared with the other commands


@dataclass
class BinderResult:
    binder_id: str
    title: str
    path: Path
    pages: int
    reused: bool


@dataclass
class BuildResult:
    out_dir: Path
    binders: list[BinderResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(b.pages for b in self.binders)


Progress = Callable[[str, int, int], None]  # (binder id, done, total)


class UnknownBinder(ValueError):
    def __init__(self, wanted: list[str], known: list[str]) -> None:
        super().__init__(", ".join(wanted))
        self.wanted, self.known = wanted, known


def documents(
    full: Archive, options: BuildOptions, media: PreparedMedia | None = None
) -> Iterator[BinderDocument]:
    """The HTML of every binder (and the spine sheet) with its input hash, in spec order; ``media`` holds
    the attached office files as PDF and the videos' contact sheets (:func:`prepare_media`)."""
    archive = full.filtered(options.audience)
    arrangement = arrange(archive)  # of the whole archive: 档号 do not depend on the audience
    fonts = font_map(archive.info.fonts)
    specs = binder_specs(archive)
    unknown = [b for b in options.only if b not in {s.id for s in specs} | {SPINE_ID}]
    if unknown:
        raise UnknownBinder(unknown, [s.id for s in specs] + [SPINE_ID])
    base_key = _base_key(archive, fonts, options, media)
    for spec in specs:
        if options.only and spec.id not in options.only:
            continue
        records = select_records(archive, spec, arrangement)
        doc = build_document(
            archive,
            spec,
            records,
            arrangement,
            fonts,
            pdfa=options.pdfa,
            epoch=source_date_epoch(),
            media=media,
        )
        doc = replace(doc, clean_images=image_metadata.cleans_for(options.audience))
        yield doc.with_key(_binder_key(base_key, doc))
    if not options.only or SPINE_ID in options.only:
        doc = spine_document(archive, arrangement, fonts, pdfa=options.pdfa, epoch=source_date_epoch())
        yield doc.with_key(_binder_key(base_key, doc))


def _base_key(
    archive: Archive, fonts: dict[str, str], options: BuildOptions, media: PreparedMedia | None
) -> str:
    digest = hashlib.sha256()
    for part in (
        __version__,
        template_fingerprint(),
        fonts_fingerprint(fonts.values()),
        json.dumps(fonts, sort_keys=True),
        archive.info.model_dump_json(),
        json.dumps([u.model_dump(mode="json") for u in archive.units.values()], ensure_ascii=False),
        str(source_date_epoch()),
        options.audience,
        str(options.pdfa),
        f"clean-images-{image_metadata.VERSION}" if image_metadata.cleans_for(options.audience) else "",
        media_fingerprint(media),
    ):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


def _binder_key(base: str, doc: BinderDocument) -> str:
    """Everything the PDF depends on: the HTML holds the records, 档号 and settings as text; each item's
    fragment key adds its attached files' content hashes."""
    digest = hashlib.sha256(base.encode())
    digest.update(doc.final_html.encode())
    for fragment in doc.fragments:
        digest.update(fragment.key.encode())
    return digest.hexdigest()


def _cached(previous: Path, doc: BinderDocument) -> dict[str, object] | None:
    try:
        stamp = json.loads((previous / CACHE / f"{doc.binder_id}.json").read_text())
    except (OSError, ValueError):
        return None
    if stamp.get("key") != doc.key or not (previous / f"{doc.binder_id}.pdf").is_file():
        return None
    if not isinstance(stamp.get("starts"), dict):  # a stamp from before pages.json: render once more
        return None
    return dict(stamp)


def build_binders(
    full: Archive, out: Path, options: BuildOptions, progress: Progress | None = None
) -> BuildResult:
    """Render the binders of ``full`` (filtered to ``options.audience``) into ``out/binders``.

    Raises :class:`~generator.binders.native.NativeLibrariesMissing` before anything else when WeasyPrint
    could not load its system libraries: one message here rather than a traceback from every worker."""
    require_weasyprint_libraries()
    target = out / SUBDIR
    with stage("stage-binder-inputs"):
        key = inputs_key(
            full,
            audience=options.audience,
            only=options.only,
            pdfa=options.pdfa,
            epoch=source_date_epoch(),
            cache_dir=options.cache_dir or out / MEDIA_CACHE.parent,
        )
        stored = read_stored(target, CACHE)
    if stored is not None and stored.key == key:
        return _unchanged(target, stored, progress)
    with stage("stage-binder-media"):
        workers = options.jobs or parallel.workers()
        media = prepare_media(full.filtered(options.audience), out / MEDIA_CACHE, workers)
    with stage("stage-binder-html"):
        docs = list(documents(full, options, media))
    result = BuildResult(target)
    seen: set[str] = set()
    for doc in docs:  # a record in several binders is reported once
        for problem in doc.problems:
            if problem.format() not in seen:  # Problem equality ignores params: compare the message
                seen.add(problem.format())
                result.problems.append(problem)
    fonts = font_map(full.info.fonts)
    result.problems += [
        Problem(full.root / "archive.yml", 0, 0, "warning", "binder-font-missing", {"role": r, "family": f})
        for r, f in missing_families(fonts)
    ]
    known = _known_pages(target)
    with atomic_output(target) as staging:
        (staging / CACHE).mkdir()
        if options.only:
            _keep_other_binders(target, staging, {doc.binder_id for doc in docs})
        todo = []
        for doc in docs:
            stamp = _cached(target, doc)
            if stamp is None:
                todo.append(doc)
                continue
            _keep(target / f"{doc.binder_id}.pdf", staging / f"{doc.binder_id}.pdf")
            _write_stamp(staging, doc, int(str(stamp["pages"])), _starts(stamp))
            result.binders.append(_result(staging, target, doc, int(str(stamp["pages"])), reused=True))
            _tick(progress, doc.binder_id, result, len(docs))
        with stage("stage-binder-render"):
            for rendered in _render_all(todo, options.jobs, known):
                doc = next(d for d in todo if d.binder_id == rendered.binder_id)
                (staging / f"{doc.binder_id}.pdf").write_bytes(rendered.pdf)
                _write_stamp(staging, doc, rendered.pages, rendered.starts)
                result.binders.append(_result(staging, target, doc, rendered.pages, reused=False))
                _tick(progress, doc.binder_id, result, len(docs))
        if not options.only:  # forget items no binder holds any more
            current = {f.key for doc in docs for f in doc.fragments}
            known = {key: pages for key, pages in known.items() if key in current}
        (staging / CACHE / PAGES_FILE).write_text(json.dumps(known, sort_keys=True) + "\n")
        write_index(staging, options.audience)
        order = [d.binder_id for d in docs]
        result.binders.sort(key=lambda b: order.index(b.binder_id))
        made = tuple(StoredBinder(b.binder_id, b.title, b.pages) for b in result.binders)
        write_stored(staging, CACHE, StoredRun(key, made, tuple(result.problems)))
        # last, once every file is in place: checksums of the output and of the evidence it used
        with stage("stage-manifest"):
            write_manifests(staging, full.filtered(options.audience))
    return result


def _unchanged(target: Path, stored: StoredRun, progress: Progress | None) -> BuildResult:
    """The previous build, as it is: its inputs have not changed."""
    recover_interrupted(target)  # a killed build's staging folder goes even when nothing is rebuilt
    result = BuildResult(target, problems=list(stored.problems))
    for binder in stored.binders:
        path = target / f"{binder.binder_id}.pdf"
        result.binders.append(BinderResult(binder.binder_id, binder.title, path, binder.pages, reused=True))
        _tick(progress, binder.binder_id, result, len(stored.binders))
    return result


def _keep_other_binders(previous: Path, staging: Path, rebuilt: set[str]) -> None:
    """With --only, the binders not named stay exactly as the previous build left them."""
    if not previous.is_dir():
        return
    for pdf in previous.glob("*.pdf"):
        if pdf.stem in rebuilt:
            continue
        _keep(pdf, staging / pdf.name)
        stamp = previous / CACHE / f"{pdf.stem}.json"
        if stamp.is_file():
            shutil.copy2(stamp, staging / CACHE / stamp.name)


def _keep(previous: Path, dest: Path) -> None:
    """An unchanged binder: the previous build's PDF itself (a hard link where the file system allows),
    not a copy of hundreds of megabytes."""
    place_file(previous, dest, previous)


def _tick(progress: Progress | None, binder_id: str, result: BuildResult, total: int) -> None:
    if progress:
        progress(binder_id, len(result.binders), total)


def _result(staging: Path, target: Path, doc: BinderDocument, pages: int, *, reused: bool) -> BinderResult:
    return BinderResult(doc.binder_id, doc.title, target / f"{doc.binder_id}.pdf", pages, reused)


def _write_stamp(staging: Path, doc: BinderDocument, pages: int, starts: Mapping[str, int]) -> None:
    stamp = {"key": doc.key, "pages": pages, "title": doc.title, "starts": dict(starts)}
    (staging / CACHE / f"{doc.binder_id}.json").write_text(
        json.dumps(stamp, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _starts(stamp: Mapping[str, object]) -> dict[str, int]:
    starts = stamp.get("starts")
    return {str(k): int(str(v)) for k, v in starts.items()} if isinstance(starts, dict) else {}


def write_index(staging: Path, audience: Audience) -> None:
    """``pages.json``: per binder, its file, title and the 1-based PDF page where each record starts.

    Made from the stamps in ``.cache`` so that binders reused from the previous build (or kept by
    ``--only``) keep their entries. ``audience`` says whom the PDFs were built for: a site for another
    audience must not copy them."""
    index: dict[str, object] = {"audience": audience}
    for stamp_file in sorted((staging / CACHE).glob("*.json")):
        binder_id = stamp_file.stem
        if stamp_file.name == PAGES_FILE or not (staging / f"{binder_id}.pdf").is_file():
            continue
        try:
            stamp = json.loads(stamp_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(stamp, dict):
            continue
        index[binder_id] = {
            "file": f"{binder_id}.pdf",
            "title": str(stamp.get("title", binder_id)),
            "items": _starts(stamp),
        }
    text = json.dumps(index, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
    (staging / INDEX_FILE).write_text(text, encoding="utf-8")


def _known_pages(previous: Path) -> dict[str, int]:
    """Item page counts measured by earlier builds (fragment key → pages)."""
    try:
        known = json.loads((previous / CACHE / PAGES_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return {str(k): int(v) for k, v in known.items()} if isinstance(known, dict) else {}


def measure_jobs(docs: list[BinderDocument], skip: Collection[str], workers: int) -> list[MeasureJob]:
    """Items of ``docs`` whose page count nothing else gives (not in ``skip``), once even when several
    binders hold them, cut into a few slices per worker so that they spread over every core."""
    todo: dict[str, tuple[BinderDocument, Fragment]] = {}
    for doc in docs:
        for fragment in doc.fragments:
            if fragment.key not in skip:
                todo.setdefault(fragment.key, (doc, fragment))
    if not todo:
        return []
    size = sum(len(f.html) for _d, f in todo.values())
    budget = max(size // (workers * 3), 1)
    jobs: list[MeasureJob] = []
    chunk: list[Fragment] = []
    for doc, fragment in todo.values():
        chunk.append(fragment)
        if sum(len(f.html) for f in chunk) >= budget:
            jobs.append(
                MeasureJob(doc.layout_shell, tuple(chunk), doc.base_url, doc.allowed_roots, doc.media_dir)
            )
            chunk = []
    if chunk:
        jobs.append(
            MeasureJob(doc.layout_shell, tuple(chunk), doc.base_url, doc.allowed_roots, doc.media_dir)
        )
    return jobs


def _render_all(docs: list[BinderDocument], jobs: int, known: dict[str, int]) -> Iterator[Rendered]:
    """Render on a process pool (one process per core by default): every binder once, biggest first so
    that the longest does not start last; then the catalogue-only binders, whose 页数 column needs the
    page counts the others found (items no other binder lays out are measured meanwhile). ``known``
    (fragment key → pages, from earlier builds) gains every count found."""
    if not docs:
        return
    workers = jobs or parallel.workers()
    binders = sorted((d for d in docs if not d.catalogue_only), key=lambda d: len(d.final_html), reverse=True)
    catalogues = [d for d in docs if d.catalogue_only]
    laid_out = {f.key for doc in binders for f in doc.fragments}
    slices = measure_jobs(catalogues, laid_out | known.keys(), workers)
    if workers == 1 or len(slices) + len(docs) == 1:
        for doc in binders:
            rendered = render_binder(doc)
            known.update(rendered.fragment_pages)
            yield rendered
        for job in slices:
            known.update(measure_job(job))
        for doc in catalogues:
            yield render_binder(doc.with_known_pages(known))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(render_binder, doc) for doc in binders]
        measured = [pool.submit(measure_job, job) for job in slices]
        for future in as_completed(futures):
            rendered = future.result()
            known.update(rendered.fragment_pages)
            yield rendered
        for counts in measured:
            known.update(counts.result())
        finals = [pool.submit(render_binder, doc.with_known_pages(known)) for doc in catalogues]
        for future in as_completed(finals):
            yield future.result()
