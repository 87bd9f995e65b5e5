"""Office documents (Word, WPS, Excel, PowerPoint, OpenDocument) turned into PDF pages by LibreOffice.

Each conversion runs headless with a private profile whose macro security forbids every macro, under a time
limit, on a copy in a temporary folder: the archive's file is only read. Spreadsheets are first prepared so
that every column is on the page: each sheet fitted to one page wide, landscape when its used range is wider
than tall (or wider than a portrait page), the header row repeated on every page, empty sheets left out —
set with openpyxl on a copy (non-.xlsx workbooks are first converted to .xlsx by LibreOffice). Results are
cached by the file's sha256, LibreOffice's version and :data:`PREPARE_VERSION`; a failure is cached too, so
a broken file is not converted again on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from generator.errors import DossierError
from generator.i18n import t
from generator.model import file_kind

SPREADSHEET_SUFFIXES: Final = frozenset(
    {".xlsx", ".xls", ".et", ".ods", ".csv"}
)  # set up to print every column
PACKAGES: Final = "libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui"
TIMEOUT_S: Final = 120
PREPARE_VERSION: Final = 1  # part of the cache key: a change to the page set-up converts again
_PORTRAIT_WIDTH_PX: Final = 700  # a portrait A4 page's printable width at openpyxl's 7 px a character
_MACROS_OFF: Final = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" \
oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" \
oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


class LibreOfficeMissing(DossierError):
    """The archive attaches office documents and LibreOffice is not installed; nothing was rendered."""

    def __init__(self) -> None:
        super().__init__(t("binders-libreoffice-missing", packages=PACKAGES))


@dataclass(frozen=True)
class Converted:
    """An office file as PDF: ``pdf`` and its page count, or ``reason`` it could not be converted."""

    pdf: str = ""
    pages: int = 0
    reason: str = ""


def is_office(path: str) -> bool:
    """Printed through LibreOffice: the Word and other office files of the model's file kinds."""
    return file_kind(path) in {"word", "office"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@lru_cache(maxsize=1)
def libreoffice_version() -> str:
    """LibreOffice's version line ('' when it is not installed): part of every conversion's cache key."""
    office = soffice()
    if office is None:
        return ""
    try:
        done = subprocess.run([office, "--version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() or "unknown"


class OfficeConverter:
    """Converts office files to PDF into ``cache_dir`` (``<sha256>-<key>.pdf``, or ``.json`` with the reason
    it failed), one LibreOffice at a time per thread, each with its own profile."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir

    def convert_all(self, files: Mapping[str, Path], jobs: int) -> dict[str, Converted]:
        """sha256 → conversion of each of ``files`` (sha256 → path); cached ones are not converted again."""
        if not files:
            return {}
        if soffice() is None:
            raise LibreOfficeMissing
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        todo = sorted(files.items())
        workers = max(1, min(jobs, len(todo)))
        with tempfile.TemporaryDirectory(prefix="dossier-office-profiles-") as tmp:
            # a profile per concurrent LibreOffice, kept for the run: making one costs a second or two
            profiles: queue.SimpleQueue[Path] = queue.SimpleQueue()
            for index in range(workers):
                profiles.put(Path(tmp) / str(index))

            def convert(item: tuple[str, Path]) -> Converted:
                profile = profiles.get()
                try:
                    return self.convert(item[1], item[0], profile)
                finally:
                    profiles.put(profile)

            with ThreadPoolExecutor(max_workers=workers) as pool:
                done = list(pool.map(convert, todo))
        return {digest: result for (digest, _), result in zip(todo, done, strict=True)}

    def convert(self, path: Path, digest: str, profile: Path | None = None) -> Converted:
        """The conversion of ``path`` (sha256 ``digest``), from the cache or made now with ``profile`` (a
        LibreOffice profile folder no other conversion uses meanwhile; default a fresh one)."""
        pdf, failure = self._cached_names(digest)
        if pdf.is_file():
            return _read_back(pdf)
        if failure.is_file():
            return Converted(reason=str(json.loads(failure.read_text(encoding="utf-8"))["reason"]))
        with tempfile.TemporaryDirectory(prefix="dossier-office-") as tmp:
            result, reason = _convert(path, Path(tmp), profile or Path(tmp) / "profile")
            if reason:
                _write(failure, json.dumps({"reason": reason}, ensure_ascii=False).encode())
                return Converted(reason=reason)
            _write(pdf, result.read_bytes())
        return _read_back(pdf)

    def _cached_names(self, digest: str) -> tuple[Path, Path]:
        key = f"{digest}-{_version_tag()}"
        return self.cache_dir / f"{key}.pdf", self.cache_dir / f"{key}.json"


def _version_tag() -> str:
    return hashlib.sha256(f"{libreoffice_version()}|{PREPARE_VERSION}".encode()).hexdigest()[:12]


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def _read_back(pdf: Path) -> Converted:
    try:
        pages = len(PdfReader(pdf).pages)
    except (OSError, PyPdfError, ValueError, KeyError) as exc:
        return Converted(reason=f"{type(exc).__name__}: {exc}")
    if pages == 0:
        return Converted(reason="转换结果为空")
    return Converted(str(pdf), pages)


def _convert(path: Path, work: Path, profile: Path) -> tuple[Path, str]:
    """(the PDF, '') or (…, why not). ``path`` is copied into ``work`` first: LibreOffice writes lock files
    beside the document it opens."""
    suffix = path.suffix.lower()
    source = work / f"source{suffix}"
    shutil.copyfile(path, source)
    if suffix in SPREADSHEET_SUFFIXES:
        if suffix != ".xlsx":
            source, reason = _run(source, work / "xlsx", "xlsx", profile)
            if reason:
                return source, reason
        try:
            if not prepare_workbook(source, work / "prepared.xlsx"):
                return source, "工作表均为空"
        except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
            return source, f"{type(exc).__name__}: {exc}"
        source = work / "prepared.xlsx"
    return _run(source, work / "pdf", "pdf", profile)


def _run(source: Path, out_dir: Path, target: str, profile: Path) -> tuple[Path, str]:
    office = soffice()
    if office is None:
        raise LibreOfficeMissing
    _profile(profile)
    command = [
        office,
        f"-env:UserInstallation={profile.absolute().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(source),
    ]
    result = out_dir / f"{source.stem}.{target}"
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    ) as process:
        try:
            output, _ = process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice starts soffice.bin: end the whole group
            process.communicate()
            return result, f"LibreOffice 转换超过 {TIMEOUT_S} 秒"
    if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        last = (output or "").strip().splitlines()
        return result, f"LibreOffice 无法转换：{last[-1] if last else process.returncode}"
    return result, ""


def _profile(profile: Path) -> None:
    """A profile that refuses to run any macro a document carries (made on first use)."""
    user = profile / "user"
    if not (user / "registrymodifications.xcu").is_file():
        user.mkdir(parents=True, exist_ok=True)
        (user / "registrymodifications.xcu").write_text(_MACROS_OFF, encoding="utf-8")


# ----------------------------------------------------------------------------------------- spreadsheets
def prepare_workbook(source: Path, dest: Path) -> bool:
    """Save to ``dest`` a copy of ``source`` set up to print every column; False when every sheet is empty."""
    import openpyxl  # noqa: PLC0415 — only spreadsheets need it

    book = openpyxl.load_workbook(source)
    for sheet in list(book.worksheets):
        if _is_empty(sheet):
            book.remove(sheet)
    if not book.worksheets:
        return False
    for sheet in book.worksheets:
        _fit_to_width(sheet)
    book.active = 0
    book.save(dest)
    return True


def _is_empty(sheet: Any) -> bool:
    cells = sheet.iter_rows(values_only=True)
    return not any(value not in (None, "") for row in cells for value in row)


def _fit_to_width(ws: Any) -> None:
    width, height = _used_size_px(ws)
    setup = ws.page_setup
    setup.orientation = "landscape" if width > height or width > _PORTRAIT_WIDTH_PX else "portrait"
    setup.paperSize = 9  # A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages tall as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"1:{_header_rows(ws)}"
    ws.print_area = ws.dimensions


def _used_size_px(ws: Any) -> tuple[float, float]:
    """Width and height of the used range in pixels, from the column widths and row heights it declares."""
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    columns = ws.max_column
    rows = ws.max_row
    dims = ws.column_dimensions
    width = 0.0
    for index in range(1, columns + 1):
        letter = get_column_letter(index)
        declared = dims[letter].width if letter in dims and dims[letter].width else 8.43
        width += float(declared) * 7 + 5
    row_dims = ws.row_dimensions
    height = sum(float(row_dims[r].height or 15) * 4 / 3 for r in range(1, rows + 1))
    return width, height


def _header_rows(sheet: Any) -> int:
    """Rows above the frozen panes, else the first row."""
    frozen = getattr(sheet, "freeze_panes", None)
    if isinstance(frozen, str):
        digits = "".join(ch for ch in frozen if ch.isdigit())
        if digits and int(digits) > 1:
            return int(digits) - 1
    return 1
