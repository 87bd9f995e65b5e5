"""Video evidence on paper and on the site: a contact sheet (a grid of frames spread over the video's length)
for the binder, a poster frame for the site's player, and the facts printed beside them.

Decoded with PyAV (its wheel ships FFmpeg's libraries). Everything is cached by the file's sha256 and
:data:`VERSION`: an unchanged video is not decoded again. A video that cannot be decoded gives the reason,
which the callers report as a warning.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

from PIL import Image, ImageDraw

from generator.model import file_kind

VERSION: Final = 1
COLUMNS: Final = 4
ROWS: Final = 3
TILE_WIDTH: Final = 320
POSTER_WIDTH: Final = 960
_LABEL_PX: Final = 18


@dataclass(frozen=True)
class VideoFacts:
    """What the binder prints about a video; ``reason`` says why there is nothing else."""

    duration_s: float = 0.0
    width: int = 0
    height: int = 0
    sheet: str = ""  # the contact sheet JPEG, in the cache
    poster: str = ""  # the poster frame JPEG, in the cache
    reason: str = ""

    @property
    def duration_text(self) -> str:
        """00:01:05 — hours, minutes and seconds, rounded to the second."""
        seconds = round(self.duration_s)
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def is_video(path: str) -> bool:
    return file_kind(path) == "video"


def video_facts(path: Path, digest: str, cache_dir: Path) -> VideoFacts:
    """The facts, contact sheet and poster of the video ``path`` (sha256 ``digest``), made once and cached."""
    stem = cache_dir / f"{digest}-v{VERSION}"
    facts_file = stem.with_suffix(".json")
    try:
        return VideoFacts(**json.loads(facts_file.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    cache_dir.mkdir(parents=True, exist_ok=True)
    facts = _decode(path, stem)
    _write(facts_file, json.dumps(asdict(facts), ensure_ascii=False).encode())
    return facts


def _decode(path: Path, stem: Path) -> VideoFacts:
    import av  # noqa: PLC0415 — FFmpeg's libraries load only when there is a video

    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            duration = _duration(container, stream)
            frames = _frames(container, stream, duration)
            width, height = stream.codec_context.width, stream.codec_context.height
    except (av.error.FFmpegError, IndexError, ValueError, OSError) as exc:
        return VideoFacts(reason=f"{type(exc).__name__}: {exc}")
    if not frames:
        return VideoFacts(reason="no frame could be decoded")
    sheet, poster = Path(f"{stem}-sheet.jpg"), Path(f"{stem}-poster.jpg")
    _save(contact_sheet(frames), sheet)
    _save(_scaled(frames[len(frames) // 4][1], POSTER_WIDTH), poster)
    return VideoFacts(duration, width, height, str(sheet), str(poster))


def _duration(container: Any, stream: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / 1_000_000  # AV_TIME_BASE
    raise ValueError("the video states no duration")


def _frames(container: Any, stream: Any, duration: float) -> list[tuple[float, Image.Image]]:
    """One frame at the middle of each of COLUMNS × ROWS equal spans of the video, with its time."""
    wanted = [duration * (i + 0.5) / (COLUMNS * ROWS) for i in range(COLUMNS * ROWS)]
    frames: list[tuple[float, Image.Image]] = []
    time_base = stream.time_base or Fraction(1, 1_000_000)
    for moment in wanted:
        container.seek(int(moment / time_base), stream=stream, backward=True, any_frame=False)
        frame = _first_frame_from(container, stream, moment)
        if frame is not None:
            frames.append((moment, _scaled(frame, TILE_WIDTH)))
    return frames


def _first_frame_from(container: Any, stream: Any, moment: float) -> Image.Image | None:
    """The first decoded frame at or after ``moment`` (or the last one before the end)."""
    last = None
    for frame in container.decode(stream):
        last = frame
        if frame.time is None or frame.time >= moment - 1e-3:
            break
    return last.to_image() if last is not None else None


def _scaled(image: Image.Image, width: int) -> Image.Image:
    height = max(1, round(image.height * width / max(image.width, 1)))
    return image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)


def contact_sheet(frames: list[tuple[float, Image.Image]]) -> Image.Image:
    """The frames in a grid, each with its time under it."""
    tile_h = max(image.height for _, image in frames)
    sheet = Image.new("RGB", (COLUMNS * TILE_WIDTH, ROWS * (tile_h + _LABEL_PX)), "white")
    draw = ImageDraw.Draw(sheet)
    for index, (moment, image) in enumerate(frames):
        x, y = index % COLUMNS * TILE_WIDTH, index // COLUMNS * (tile_h + _LABEL_PX)
        sheet.paste(image, (x, y))
        label = VideoFacts(duration_s=moment).duration_text
        draw.text((x + 4, y + tile_h + 3), label, fill="black")
    return sheet


def _save(image: Image.Image, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    image.save(temporary, "JPEG", quality=85, optimize=True)
    temporary.replace(path)


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def size_text(size: int) -> str:
    """1234567 → '1.2 MB'."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def clean_copy(path: Path, digest: str, cache_dir: Path) -> Path | None:
    """A copy of the video without its container and stream tags (a phone's video can carry the place it was
    shot, the device and the owner), the picture and sound copied untouched; made once and cached by sha256.
    None when it cannot be re-muxed: the caller then does not publish it."""
    import av  # noqa: PLC0415 — FFmpeg's libraries load only when there is a video

    dest = cache_dir / f"{digest}-v{VERSION}-clean{path.suffix.lower()}"
    if dest.is_file():
        return dest
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = dest.with_name(f".{dest.name}.{os.getpid()}.tmp{dest.suffix}")
    try:
        _remux_without_tags(path, temporary)
    except (av.error.FFmpegError, OSError, ValueError, KeyError):
        temporary.unlink(missing_ok=True)
        return None
    temporary.replace(dest)
    return dest


def _remux_without_tags(source: Path, dest: Path) -> None:
    import av  # noqa: PLC0415 — FFmpeg's libraries load only when there is a video

    with av.open(str(source)) as inp, av.open(str(dest), "w", options={"movflags": "+faststart"}) as out:
        kept = [s for s in inp.streams if s.type in {"video", "audio"}]
        copies = {s.index: out.add_stream_from_template(s) for s in kept}
        for stream in copies.values():
            stream.metadata.clear()
        out.metadata.clear()
        for packet in inp.demux(kept):
            if packet.dts is None:
                continue
            packet.stream = copies[packet.stream.index]
            out.mux(packet)
