"""An attached file as a binder shows it: a photo page, the pages of a scanned PDF or of an office file
converted to PDF (placeholders the renderer replaces), a video's contact sheet, or 未收录 with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from generator.errors import Problem
from generator.media.office import Converted
from generator.media.video import VideoFacts
from generator.model import Archive, file_kind
from generator.ocr.store import ocr_fingerprint
from generator.schema import Evidence, EvidenceFile, Record
from generator.validate import resolve_inside, sha256_of

from .media import VIDEO_FOLDER, PreparedMedia

MEDIA_SCHEME = "dossier-media:"  # a file of the media cache (BinderDocument.media_dir)


@dataclass(frozen=True)
class ScanSlot:
    """One placeholder page to be replaced by page ``page`` of the scanned PDF ``path``."""

    anchor: str
    path: str
    page: int


@dataclass
class Attachment:
    """An attached file as the binder shows it."""

    path: str
    kind: str  # photo, pdf, office (converted to PDF), video, other, unreadable
    caption: str | None = None
    url: str = ""
    pages: int = 0
    slots: list[ScanSlot] = field(default_factory=list)
    reason: str = ""
    digest: str = ""  # sha256 of the file: its content shapes the pages (a photo's size, a scan's pages)
    video: VideoFacts | None = None  # a video's contact sheet and facts
    size: int = 0


def warning_of(archive: Archive, record: Record, code: str, **params: object) -> Problem:
    """A warning about ``record``, placed at its file."""
    return Problem(archive.root / record.source_path, 0, 0, "warning", code, {"record": record.id, **params})


def _photo(path: Path) -> str:
    """'' when Pillow can read the image, else why not."""
    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


def _pdf_pages(path: Path) -> tuple[int, str]:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            return 0, "encrypted"
        return len(reader.pages), ""
    except (OSError, PyPdfError, ValueError, KeyError) as exc:
        return 0, f"{type(exc).__name__}: {exc}"


def attachment(
    archive: Archive,
    record: Evidence,
    index: int,
    file: EvidenceFile,
    problems: list[Problem],
    *,
    media: PreparedMedia | None = None,
) -> Attachment:
    resolved = resolve_inside(archive.root, file.path)
    shown = Attachment(file.path, "other", file.caption)
    if resolved is None or not resolved.is_file():
        shown.kind, shown.reason = "unreadable", "文件不存在"
        problems.append(warning_of(archive, record, "binder-file-missing", file=file.path))
        return shown
    shown.digest = file.sha256 or sha256_of(resolved)
    kind = file_kind(resolved.name)
    reason = ""
    if kind == "image":
        reason = _photo(resolved)
        if not reason:
            # relative to the data folder (the base URL): the HTML, and so the cache key, stay the same
            # when the folder moves
            relative = resolved.relative_to(archive.root.resolve()).as_posix()
            shown.kind, shown.url, shown.pages = "photo", quote(relative), 1
        else:
            shown.kind = "unreadable"
    elif kind == "pdf":
        pages, reason = _pdf_pages(resolved)
        shown.kind, shown.pages = ("pdf", pages) if not reason else ("unreadable", 0)
        shown.slots = [ScanSlot(f"scan-{record.id}-{index}-{p}", str(resolved), p) for p in range(pages)]
        shown.digest += ocr_fingerprint(resolved)  # its invisible text layer
    elif media is not None and shown.digest in media.office:
        return _office(
            shown, media.office[shown.digest], f"scan-{record.id}-{index}", problems, archive, record
        )
    elif media is not None and shown.digest in media.videos:
        shown.size = resolved.stat().st_size
        return _video(shown, media.videos[shown.digest], problems, archive, record)
    if reason:
        shown.reason = "文件无法读取"
        problems.append(warning_of(archive, record, "binder-file-unreadable", file=file.path, detail=reason))
    return shown


def _office(  # noqa: PLR0917 — the attachment and where to report
    shown: Attachment,
    converted: Converted,
    anchor: str,
    problems: list[Problem],
    archive: Archive,
    record: Record,
) -> Attachment:
    """An office file LibreOffice turned into PDF pages, merged like a scan; else 未收录 with the reason."""
    if converted.reason:
        shown.kind, shown.reason = "unreadable", "无法转换为 PDF"
        problems.append(
            warning_of(archive, record, "binder-file-unconvertible", file=shown.path, detail=converted.reason)
        )
        return shown
    shown.kind, shown.pages = "office", converted.pages
    shown.slots = [ScanSlot(f"{anchor}-{p}", converted.pdf, p) for p in range(converted.pages)]
    return shown


def _video(
    shown: Attachment, facts: VideoFacts, problems: list[Problem], archive: Archive, record: Record
) -> Attachment:
    """A video's contact-sheet page; a video that cannot be decoded is 未收录 with the reason."""
    if facts.reason:
        shown.kind, shown.reason = "unreadable", "视频无法解码"
        problems.append(
            warning_of(archive, record, "binder-video-unreadable", file=shown.path, detail=facts.reason)
        )
        return shown
    shown.kind, shown.video, shown.pages = "video", facts, 1
    shown.url = MEDIA_SCHEME + quote(f"{VIDEO_FOLDER}/{Path(facts.sheet).name}")
    return shown
