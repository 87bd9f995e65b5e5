"""A binder laid out in parts (generator/binders/parts.py) reads exactly as the same binder laid out at once:
the same text on every page (folios, stamps, 归档章 page counts, catalogue page numbers, 备考表 total), the
same page sizes, images, bookmarks and catalogue links. Parts are forced here by a tiny part size, so that
every item is a part of its own and both folio parities are exercised."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import require_tool
from conftest_binders import Built
from pypdf import PdfReader

from generator.binders.build import BuildOptions, documents
from generator.binders.media import MEDIA_CACHE, prepare_media
from generator.binders.render import render_binder
from generator.validate import require_archive

pytestmark = pytest.mark.tools("pdftotext", "pdfimages", "qpdf", "soffice")


def _outline(reader: PdfReader, entries: list[Any]) -> list[object]:
    return [
        _outline(reader, e) if isinstance(e, list) else (e.title, reader.get_destination_page_number(e))
        for e in entries
    ]


def _link_targets(reader: PdfReader) -> list[tuple[tuple[int, ...], int]]:
    """The area of each link of the catalogue (page 2) and the page it opens (one layout writes the link of a
    generated page number twice, on the same area)."""
    dests = reader.named_destinations
    targets = set()
    for annotation in reader.pages[1].get("/Annots") or []:
        link = annotation.get_object()
        if link.get("/Dest") is not None:
            area = tuple(round(float(x)) for x in link["/Rect"])
            targets.add((area, reader.get_destination_page_number(dests[str(link["/Dest"])])))
    return sorted(targets)


def _facts(pdf: Path) -> dict[str, object]:
    reader = PdfReader(pdf)
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    images = subprocess.run(
        [require_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True
    )
    return {
        "pages": text.stdout.split("\f"),
        "sizes": [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages],
        "images": [line.split()[0] for line in images.stdout.splitlines()[2:]],
        "outline": _outline(reader, reader.outline),
        "links": _link_targets(reader),
    }


@pytest.mark.parametrize("binder_id", ["speeches", "evidence-B"])
def test_a_binder_in_parts_reads_as_one_layout(built: Built, tmp_path: Path, binder_id: str) -> None:
    archive = built.archive
    media = prepare_media(archive, built.result.out_dir.parent / MEDIA_CACHE, 1)
    doc = next(
        d for d in documents(archive, BuildOptions(only=(binder_id,)), media) if d.binder_id == binder_id
    )
    whole, parts = render_binder(doc), render_binder(doc, part_chars=1)
    (tmp_path / "whole.pdf").write_bytes(whole.pdf)
    (tmp_path / "parts.pdf").write_bytes(parts.pdf)
    assert (parts.pages, dict(parts.starts), dict(parts.fragment_pages)) == (
        whole.pages,
        dict(whole.starts),
        dict(whole.fragment_pages),
    )
    expected, found = _facts(tmp_path / "whole.pdf"), _facts(tmp_path / "parts.pdf")
    assert found == expected
    assert len(found["links"]) >= len(doc.fragments) * 2  # title and 页号 of each row
    check = subprocess.run(
        [require_tool("qpdf"), "--check", str(tmp_path / "parts.pdf")], capture_output=True, check=False
    )
    assert check.returncode == 0, check.stdout
    assert render_binder(doc, part_chars=1).pdf == parts.pdf  # reproducible, like one layout


def test_a_pdfa_binder_in_parts_keeps_its_output_intent_and_metadata(built: Built) -> None:
    options = BuildOptions(only=("speeches",), pdfa=True)
    doc = next(d for d in documents(built.archive, options) if d.binder_id == "speeches")
    reader = PdfReader(io.BytesIO(render_binder(doc, part_chars=1).pdf))
    root = reader.trailer["/Root"]
    assert "/OutputIntents" in root and "/Metadata" in root
    assert reader.metadata is not None and reader.metadata.title == "领导讲话汇编"


def test_the_archive_catalogue_in_parts_reads_as_one_layout(
    tmp_path: Path, dossier: Callable[..., Any]
) -> None:
    """归档文件目录 of a few pages, laid out two rows at a time: the same pages, breaks and bookmarks."""
    data = tmp_path / "data"
    assert dossier("synth", "--records", "60", "--photos", "2", "--out", str(data)).exit_code == 0
    archive, _ = require_archive(data)
    doc = next(d for d in documents(archive, BuildOptions(only=("catalogue",))) if d.binder_id == "catalogue")
    doc = doc.with_known_pages({f.key: 3 for f in doc.fragments})  # 页数 is text here: no item is laid out
    whole, parts = render_binder(doc), render_binder(doc, catalogue_rows=2)
    (tmp_path / "whole.pdf").write_bytes(whole.pdf)
    (tmp_path / "parts.pdf").write_bytes(parts.pdf)
    expected, found = _facts(tmp_path / "whole.pdf"), _facts(tmp_path / "parts.pdf")
    assert len(expected["pages"]) > 4  # cover, several pages of rows, 备考表  # type: ignore[arg-type]
    assert (parts.pages, found) == (whole.pages, expected)
