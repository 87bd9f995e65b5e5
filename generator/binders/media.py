"""Office documents and videos attached to the binders' evidence, made printable before any HTML is written:
office files converted to PDF (merged like scans), videos turned into contact sheets — each once per content
(sha256), in the media cache beside the binders (``OUT/.cache/media``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.media import office, video
from generator.media.office import Converted, OfficeConverter, is_office
from generator.media.video import VideoFacts, is_video, video_facts
from generator.model import Archive
from generator.validate import resolve_inside, sha256_of

MEDIA_CACHE = Path(".cache") / "media"
VIDEO_FOLDER = "video"  # contact sheets and posters, in the media cache


@dataclass(frozen=True)
class PreparedMedia:
    """sha256 → printable form of each office file and video the binders attach."""

    office: Mapping[str, Converted] = field(default_factory=dict)
    videos: Mapping[str, VideoFacts] = field(default_factory=dict)
    cache_dir: str = ""


def attached_media(archive: Archive) -> tuple[dict[str, Path], dict[str, Path]]:
    """(office files, videos) attached to ``archive``'s evidence: sha256 → path, each content once."""
    office: dict[str, Path] = {}
    videos: dict[str, Path] = {}
    for record in archive.evidence:
        for attached in record.files:
            wanted = office if is_office(attached.path) else videos if is_video(attached.path) else None
            if wanted is None:
                continue
            path = resolve_inside(archive.root, attached.path)
            if path is not None and path.is_file():
                wanted[attached.sha256 or sha256_of(path)] = path
    return office, videos


def prepare_media(archive: Archive, cache_dir: Path, jobs: int) -> PreparedMedia:
    """Convert every office file and decode every video ``archive`` attaches (cached ones are reused)."""
    office, videos = attached_media(archive)
    cache_dir = cache_dir.resolve()
    converted = OfficeConverter(cache_dir / "office").convert_all(office, jobs)
    facts = {
        digest: video_facts(path, digest, cache_dir / VIDEO_FOLDER) for digest, path in sorted(videos.items())
    }
    return PreparedMedia(converted, facts, str(cache_dir))


def media_fingerprint(media: PreparedMedia | None) -> str:
    """What the printed media depend on besides each file's content: LibreOffice's version and our page
    set-up when office files are converted, the contact sheet's layout when videos are shown."""
    if media is None:
        return ""
    parts = []
    if media.office:
        parts.append(f"office:{office.libreoffice_version()}:{office.PREPARE_VERSION}")
    if media.videos:
        parts.append(f"video:{video.VERSION}")
    return "|".join(parts)
