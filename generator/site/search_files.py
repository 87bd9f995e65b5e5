"""The site's search index: a document per visible record, made only for segments not in the cache."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from generator.dates import display_date
from generator.markdown_render import render_markdown
from generator.model import Archive, Audience
from generator.ocr.sources import recognised_texts
from generator.schema import Evidence, Meeting, Record, Rectification, Speech, Summary
from generator.search.index import LazyDoc, SearchDoc, build_index
from generator.site import urls
from generator.site.html_text import plain_text
from generator.site.keys import templates_version
from generator.site.mdcache import MarkdownCache
from generator.site.pages import SiteFile
from generator.site.render import label


def search_files(archive: Archive, audience: Audience, cache_dir: Path | None = None) -> list[SiteFile]:
    """The search index of what ``audience`` may see (``search/…``). Apart from the pages because it needs
    only the records' texts: the build makes it in another process beside the pages.

    Each record's document is made (its body rendered to plain text) only when its segment of the index is
    not in the cache: the fingerprint — the record's fields, its units' names, the site's language and the
    code that makes the text — stands for it."""
    visible = archive.filtered(audience)
    lang = visible.info.language
    markdown = MarkdownCache(cache_dir)
    salt = f"{lang}\0{templates_version()}\0{markdown.root}"

    def lazy(record: Record) -> LazyDoc:
        unit_names = [visible.units[u].name for u in record.listed_units if u in visible.units]
        digest = hashlib.sha256(salt.encode("utf-8"))
        digest.update(record.__pydantic_serializer__.to_json(record))
        digest.update("\0".join(unit_names).encode("utf-8"))
        scanned = recognised_texts(visible, record)  # words printed on its scans (dossier ocr)
        digest.update("\0".join(scanned).encode("utf-8"))

        def make() -> SearchDoc:
            return SearchDoc(
                url=urls.output_path(urls.record_page(record)),
                title=record.title,
                meta=f"{label(lang, f'kind-{record.kind}')} · {display_date(record.date, lang)}",
                text="\n".join([search_text(record, unit_names, markdown.render), *scanned]),
            )

        return LazyDoc(digest.hexdigest(), make)

    cache = cache_dir / "search" if cache_dir is not None else None
    made = build_index([lazy(record) for record in visible.records], cache).items()
    return [SiteFile(f"search/{dest}", data=data, reuse=dest.startswith("t/")) for dest, data in made]


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
    body = record.text_body or ""
    parts.append(plain_text(render(body)) if body else "")
    return "\n".join(part for part in parts if part)
