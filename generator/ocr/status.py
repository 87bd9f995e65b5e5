"""How far recognition has got: for `dossier check` (scans left without text once OCR has run) and the
readiness report (pages recognised). Reads only the files kept beside the scans, never the scans."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import Problem
from generator.model import Archive
from generator.ocr import messages as _messages  # noqa: F401 — registers the problem's words
from generator.ocr.sources import sources
from generator.ocr.store import read_state, text_path


@dataclass(frozen=True)
class OcrCount:
    files: int  # files OCR reads (scans, paper documents' images, PDFs)
    files_with_text: int
    pages_recognised: int

    def as_json(self) -> dict[str, int]:
        return {
            "files": self.files,
            "files_with_text": self.files_with_text,
            "pages_recognised": self.pages_recognised,
        }


def ocr_count(archive: Archive) -> OcrCount:
    found = sources(archive)
    with_text = pages = 0
    for source in found:
        state = read_state(source.path)
        if state is not None and text_path(source.path).is_file():
            with_text += 1
            pages += sum(page.get("layer") == "ocr" for page in state.get("pages", []))
    return OcrCount(len(found), with_text, pages)


def ocr_problems(archive: Archive) -> list[Problem]:
    """A warning per file without recognised text, once any file of the archive has some (OCR has run)."""
    found = sources(archive)
    missing = {s.relative for s in found if not text_path(s.path).is_file()}
    if not missing or len(missing) == len(found):
        return []
    problems = []
    for record in archive.evidence:
        for file in record.files:
            if file.path in missing:
                missing.discard(file.path)
                path = archive.root / record.source_path
                problems.append(Problem(path, 0, 0, "warning", "ocr-missing", {"file": file.path}))
    return problems
