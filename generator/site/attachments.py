"""The evidence records' attached files in the site: the copied originals — for a `public` or `internal` site
the photos and videos as clean copies, without GPS, device or owner tags (generator/image_metadata.py,
generator/media/video.py) — the photos' thumbnails and the videos' poster frames.

Plain strings where it can: this runs for every attached file on every build.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.filefacts import file_facts
from generator.media.video import clean_copy, video_facts
from generator.model import Archive, file_kind
from generator.ocr.sources import wants_ocr
from generator.ocr.store import recognised_text
from generator.site.pages import SiteFile
from generator.site.thumbs import CleanCopies, Thumbnails, prepare


@dataclass(frozen=True, slots=True)
class FileView:
    """One attached file as the site shows it: its copy (None: not published) and, for photos, a
    thumbnail."""

    dest: str | None
    name: str
    caption: str | None
    thumb: str | None
    is_pdf: bool
    pages: int | None
    ocr_text: str  # the text recognised on it (dossier ocr), shown folded under the file; '' when none
    poster: str | None = None  # a video's poster frame: the record page plays it (None: not a video)


@dataclass
class SiteFiles:
    """The site's non-page files, each output path once (two evidence records may share a photo)."""

    files: list[SiteFile] = field(default_factory=list)
    # Files that are not the archive's own bytes but copies made from them (a photo without its metadata):
    # site path → sha256 of the archive's file.
    derived: dict[str, str] = field(default_factory=dict)
    _dests: set[str] = field(default_factory=set)

    def add(self, item: SiteFile) -> None:
        if item.dest not in self._dests:
            self._dests.add(item.dest)
            self.files.append(item)

    def extend(self, items: Iterable[SiteFile]) -> None:
        for item in items:
            self.add(item)


def attach_files(
    archive: Archive, cache_dir: Path, files: SiteFiles, *, clean: bool
) -> dict[str, tuple[FileView, ...]]:
    """Add every evidence file of ``archive`` to ``files`` (and a thumbnail for photos; with ``clean``, photos
    as clean copies); returns each evidence record's files as its page shows them. ``prepare`` makes the
    missing thumbnails and copies first, side by side when there are many, and reads no photo whose digest
    it knows (generator/filefacts.py)."""
    photos = [
        (attached.path, archive.file_path(attached.path), attached.sha256)
        for record in archive.evidence
        for attached in record.files
        if file_kind(attached.path) == "image"
    ]
    digests = prepare([(source, sha256) for _, source, sha256 in photos], cache_dir, clean=clean)
    digest_of = {path: digest for (path, _, _), digest in zip(photos, digests, strict=True)}
    thumbs = Thumbnails(cache_dir)
    copies = CleanCopies(cache_dir) if clean else None
    shown: dict[str, tuple[FileView, ...]] = {}
    for record in archive.evidence:
        views = []
        for attached in record.files:
            source = archive.file_path(attached.path)
            digest = digest_of.get(attached.path)
            is_video = file_kind(attached.path) == "video"
            if is_video:
                digest = attached.sha256 or _digest(cache_dir, source)
                dest = _publish_video(clean, attached.path, source, digest, (cache_dir, files))
            else:
                dest = _publish(copies, attached.path, source, digest, files)
            thumb = _thumbnail(thumbs, source, digest, files) if digest and dest and not is_video else None
            poster = _poster(source, digest, cache_dir, files) if digest and dest and is_video else None
            name = attached.path.rpartition("/")[2]
            is_pdf = file_kind(attached.path) == "pdf"
            ocr_text = recognised_text(source) if wants_ocr(record, attached.path) else ""
            views.append(
                FileView(dest, name, attached.caption, thumb, is_pdf, attached.pages, ocr_text, poster)
            )
        shown[record.id] = tuple(views)
    return shown


def _publish(
    copies: CleanCopies | None, path: str, source: Path, digest: str | None, files: SiteFiles
) -> str | None:
    """The site path of the attached file ``path``, copied in: a photo as its clean copy when ``copies`` is
    given (recorded in ``derived``); None for a photo that has no clean copy (not an image whose metadata can
    be removed), which is then not published."""
    dest = site_file_path(path)
    if copies is None or file_kind(path) != "image":
        files.add(SiteFile(dest, source=source))
        return dest
    clean = copies.get(source, digest) if digest else None
    if clean is None or digest is None:
        return None
    files.add(SiteFile(dest, source=clean))
    files.derived[dest] = digest
    return dest


def _digest(cache_dir: Path, source: Path) -> str:
    with file_facts(cache_dir) as facts:
        return facts.sha256(source)


def _publish_video(
    clean: bool, path: str, source: Path, digest: str, where: tuple[Path, SiteFiles]
) -> str | None:
    """The site path of a video: for a `public` or `internal` site a copy without its tags (place, device,
    owner), as photos are published; None when it cannot be re-muxed, and it is then not published."""
    cache_dir, files = where
    dest = site_file_path(path)
    if not clean:
        files.add(SiteFile(dest, source=source))
        return dest
    copy = clean_copy(source, digest, cache_dir / "video")
    if copy is None:
        return None
    files.add(SiteFile(dest, source=copy))
    files.derived[dest] = digest
    return dest


def _poster(source: Path, digest: str, cache_dir: Path, files: SiteFiles) -> str:
    """The site path of a video's poster frame (cached by the video's sha256); '' when it cannot be
    decoded: the page still offers the player, without a poster."""
    facts = video_facts(source, digest, cache_dir / "video")
    if not facts.poster:
        return ""
    dest = f"posters/{digest[:24]}.jpg"
    files.add(SiteFile(dest, source=Path(facts.poster)))
    return dest


def _thumbnail(thumbs: Thumbnails, source: Path, digest: str, files: SiteFiles) -> str | None:
    """The site path of the photo's thumbnail; None for a photo Pillow cannot read."""
    made = thumbs.get(source, digest)
    if made is None:
        return None
    dest = f"thumbs/{digest[:24]}.jpg"
    files.add(SiteFile(dest, source=made))
    return dest


@functools.lru_cache(maxsize=65536)  # called for every attached file on every build; paths repeat
def site_file_path(data_relative: str) -> str:
    """Where an attached file is copied: under ``files/``, keeping its path inside the data folder."""
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
