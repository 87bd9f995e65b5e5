"""A folder of photos → photo evidence: one record per folder (the folder given and each sub-folder holding
images), dated from the photos' EXIF (or the dates in their file names, or the folder's name), captioned
from a sidecar sheet in the folder (文件名 | 说明) or from the file names.

A photo already in the archive (same sha256) is not imported again; a folder whose photos all are is reported
as present. A photo taken outside the assessment window is flagged, as ``dossier report`` flags it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.dates import cn_date
from generator.intake.files import SourceFile
from generator.intake.headers import fold_header
from generator.intake.problems import Place
from generator.intake.records import PlannedRecord, content_digest, ordered
from generator.intake.run import Present, Run
from generator.intake.sheets import SHEET_SUFFIXES, SheetUnreadable, read_grids
from generator.intake.values import IMAGE_SUFFIXES, BadValue, parse_date, text_of
from generator.schema import KIND_FOLDERS

_FILE_WORDS = frozenset({"文件名", "文件", "照片", "图片", "照片文件名", "文件名称"})
_CAPTION_WORDS = frozenset({"说明", "图片说明", "照片说明", "备注", "标题"})
_DATE_IN_NAME = re.compile(r"(20\d{2}|19\d{2})[-_.年]?(\d{1,2})[-_.月]?(\d{1,2})日?")
_CAMERA_NAME = re.compile(
    r"^(?:IMG|DSC|DSCN|DSCF|P|PXL|MVIMG|VID|WeChat|mmexport|微信图片|Screenshot|photo)[\W_]*[\d_\-]*", re.I
)
_DATE_PREFIX = re.compile(r"^\s*(?:20|19)\d{2}[-_.年]?\d{1,2}[-_.月]?\d{1,2}日?[\s_\-—]*")


@dataclass(frozen=True)
class _Photo:
    source: SourceFile
    date: dt.date | None
    caption: str


def plan_photos(paths: list[Path], run: Run) -> None:
    indicator, unit = run.options.indicator, run.options.unit
    for path in paths:
        if not path.is_dir():
            run.error(Place(path), "photos-need-folder")
            continue
        for folder in _photo_folders(path):
            _plan_folder(folder, path, run, indicator, unit)


def _photo_folders(top: Path) -> list[Path]:
    folders = [top, *sorted(p for p in top.rglob("*") if p.is_dir() and not p.name.startswith("."))]
    return [f for f in folders if any(_is_image(p) for p in f.iterdir())]


def _is_image(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(("~$", "."))


def _plan_folder(folder: Path, top: Path, run: Run, indicator: str | None, unit: str | None) -> None:
    captions = _sidecar_captions(folder, run)
    photos = []
    for path in sorted(p for p in folder.iterdir() if _is_image(p)):
        source = run.parsed(Place(path), run.reader.read, path)
        if source is not None:
            photos.append(_Photo(source, source.taken or _date_in_name(path.stem), _caption(path, captions)))
    new = [p for p in photos if p.source.sha256 not in run.files_by_sha256]
    place = Place(folder)
    if photos and not new:
        run.present.append(Present(place, (), run.files_by_sha256[photos[0].source.sha256][0]))
        return
    day = _date_in_name(folder.name) or min((p.date for p in new if p.date), default=None)
    if day is None:
        run.error(place, "photo-no-date")
        return
    for photo in new:
        _flag_window(photo, run)
    title = _DATE_PREFIX.sub("", folder.name).strip() or folder.name
    _plan_record(folder, top, run, when=(day, title), photos=new, links=(indicator, unit))


def _plan_record(
    folder: Path,
    top: Path,
    run: Run,
    *,
    when: tuple[dt.date, str],
    photos: list[_Photo],
    links: tuple[str | None, str | None],
) -> None:
    day, title = when
    indicator, unit = links
    data: dict[str, Any] = {
        "title": title,
        "date": day,
        "kind": "photo",
        "units": [unit] if unit else [],
        "indicators": [indicator] if indicator else [],
        "access": run.options.access,
        "files": [
            {
                "path": "",
                "sha256": p.source.sha256,
                "caption": p.caption or f"{cn_date(p.date or day)}，{title}",
            }
            for p in photos
        ],
    }
    data = {key: value for key, value in data.items() if value}
    digest = content_digest(data)
    if digest in run.imported_rows:
        run.present.append(Present(Place(folder), (), run.imported_rows[digest]))
        return
    target = f"files/{unit or 'office'}/{day:%Y-%m}"
    for entry, photo in zip(data["files"], photos, strict=True):
        entry["path"] = run.files.target(photo.source, target)
    record_id = run.namer.record_id(f"evidence-{day:%Y%m%d}", "evidence")
    relative_folder = folder.relative_to(top.parent).as_posix()
    data["source"] = {"file": relative_folder, "rows_sha256": digest}
    run.rows += len(photos)
    run.planned.append(
        PlannedRecord(
            kind="evidence",
            id=record_id,
            relative=f"{KIND_FOLDERS['evidence']}/{record_id}.yml",
            data=ordered("evidence", {"id": record_id, **data}),
            place=Place(folder),
            title=title,
        )
    )
    run.imported_rows[digest] = record_id


def _flag_window(photo: _Photo, run: Run) -> None:
    info = run.state.info
    window = info.assessment_window if info else None
    taken = photo.source.taken
    if taken is not None and window is not None and not window.start <= taken <= window.end:
        run.warn(
            Place(photo.source.path),
            "photo-outside-window",
            file=photo.source.path.name,
            taken=taken.isoformat(),
            start=window.start.isoformat(),
            end=window.end.isoformat(),
        )


def _date_in_name(name: str) -> dt.date | None:
    match = _DATE_IN_NAME.search(name)
    if match is None:
        return None
    try:
        return parse_date(f"{match.group(1)}-{match.group(2)}-{match.group(3)}")
    except BadValue:
        return None


def _caption(path: Path, captions: dict[str, str]) -> str:
    given = captions.get(path.name.lower()) or captions.get(path.stem.lower())
    if given:
        return given
    if _CAMERA_NAME.match(path.stem) or re.fullmatch(r"[\d_\-\s]+", path.stem):
        return ""  # IMG_0001, DSC01234: the camera's name says nothing
    return _DATE_PREFIX.sub("", path.stem).replace("_", " ").strip()


def _sidecar_captions(folder: Path, run: Run) -> dict[str, str]:
    """文件名 → 说明 from a sheet in the folder."""
    captions: dict[str, str] = {}
    for sheet in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES):
        try:
            grids = read_grids(sheet)
        except SheetUnreadable as exc:
            run.error(Place(sheet), exc.code, **exc.params)
            continue
        for grid in grids:
            captions |= _captions_of(grid.rows)
    return captions


def _captions_of(rows: list[list[Any]]) -> dict[str, str]:
    for index, row in enumerate(rows[:10]):
        headers = [fold_header(cell) for cell in row]
        file_col = next((i for i, h in enumerate(headers) if h in _FILE_WORDS), None)
        caption_col = next((i for i, h in enumerate(headers) if h in _CAPTION_WORDS), None)
        if file_col is None or caption_col is None:
            continue
        found: dict[str, str] = {}
        for cells in rows[index + 1 :]:
            name = text_of(cells[file_col]) if file_col < len(cells) else ""
            caption = text_of(cells[caption_col]) if caption_col < len(cells) else ""
            if name and caption:
                found[name.lower()] = caption
        return found
    return {}
