"""Readers, one small class per file type (as Pelican's ``readers.py``), each turning a file into blocks.

``reader_for(path)`` picks the reader by suffix. Every reader refuses unsafe or unreadable input with an
``ImportFailed`` naming the file; none writes anything outside its own temporary folder.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import struct
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO, ClassVar, Final

from generator.importers.blocks import Block, SourceDocument
from generator.importers.docx_blocks import docx_blocks
from generator.importers.errors import ImportFailed
from generator.importers.text import UndecodableText, decode_text
from generator.reproducible import sha256_of

MAX_TEXT_BYTES: Final = 20 * 1024 * 1024
MAX_DOCX_BYTES: Final = 100 * 1024 * 1024
# A .docx is a zip: refuse archives that would expand to more than this, or that compress suspiciously well.
MAX_UNZIPPED_BYTES: Final = 300 * 1024 * 1024
MAX_ZIP_ENTRIES: Final = 10_000
MAX_RATIO: Final = 200
RATIO_CHECK_FROM: Final = (
    10 * 1024 * 1024
)  # small parts (XML) may compress very well; only big ones are judged
LIBREOFFICE_PACKAGE: Final = "libreoffice-writer-nogui"
CONVERT_TIMEOUT_S: Final = 180
_ATX_HEADING: Final = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


class Reader:
    """Base reader: ``read(path)`` → ``SourceDocument``."""

    suffixes: ClassVar[tuple[str, ...]] = ()

    def read(self, path: Path) -> SourceDocument:
        raise ImportFailed(path, "import-unsupported", suffix=path.suffix)


class TextReader(Reader):
    """Plain text and Markdown, in UTF-8, GB18030/GBK, Big5 or UTF-16: one block per non-blank line."""

    suffixes = (".txt", ".md", ".markdown", ".text")

    def read(self, path: Path) -> SourceDocument:
        raw = _read_bytes(path, MAX_TEXT_BYTES)
        try:
            text, _encoding = decode_text(raw)
        except UndecodableText as exc:
            raise ImportFailed(path, "import-encoding", detail=str(exc)) from None
        document = SourceDocument(path, hashlib.sha256(raw).hexdigest(), from_text=True)
        markdown = path.suffix.lower() in (".md", ".markdown")
        after_blank = False
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if not line.strip():
                after_blank = True
                continue
            heading = _ATX_HEADING.match(line) if markdown else None
            if heading:  # "# 标题" is the title (level 0), "## 一、…" a first-level heading
                level = len(heading.group(1)) - 1
                document.blocks.append(Block(heading.group(2).strip(), style_level=level, after_blank=True))
            else:
                document.blocks.append(Block(line.rstrip(), after_blank=after_blank))
            after_blank = False
        return document


class DocxReader(Reader):
    """Word 2007+ documents through python-docx: paragraphs with styles and bold runs, tables, images."""

    suffixes = (".docx",)

    def read(self, path: Path) -> SourceDocument:
        _read_bytes(path, MAX_DOCX_BYTES, keep=False)
        check_zip(path)
        try:
            blocks = docx_blocks(path)
        except ImportFailed:
            raise
        except Exception as exc:  # python-docx and lxml raise many kinds on damaged files
            raise ImportFailed(path, "import-corrupt-docx", detail=f"{type(exc).__name__}: {exc}") from None
        return SourceDocument(path, sha256_of(path), blocks)


class LibreOfficeReader(Reader):
    """Legacy .doc, WPS, RTF and OpenDocument: converted to .docx by LibreOffice headless, then read."""

    suffixes = (".doc", ".wps", ".rtf", ".odt", ".dot", ".wpt")

    def read(self, path: Path) -> SourceDocument:
        _read_bytes(path, MAX_DOCX_BYTES, keep=False)
        office = soffice_path()
        if office is None:
            raise ImportFailed(
                path, "import-needs-libreoffice", suffix=path.suffix, package=LIBREOFFICE_PACKAGE
            )
        with tempfile.TemporaryDirectory(prefix="dossier-convert-") as tmp:
            converted = convert_with_libreoffice(office, path, Path(tmp), "docx")
            document = DocxReader().read(converted)
        document.path = path
        document.sha256 = sha256_of(path)
        return document


READERS: Final[tuple[Reader, ...]] = (TextReader(), DocxReader(), LibreOfficeReader())


def supported_suffixes() -> tuple[str, ...]:
    return tuple(suffix for reader in READERS for suffix in reader.suffixes)


def reader_for(path: Path) -> Reader:
    suffix = path.suffix.lower()
    for reader in READERS:
        if suffix in reader.suffixes:
            return reader
    return Reader()


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(office: str, path: Path, out_dir: Path, target: str) -> Path:
    """Convert ``path`` to ``target`` (docx, pdf) in ``out_dir`` with a private LibreOffice profile."""
    profile = out_dir / "profile"
    command = [
        office,
        f"-env:UserInstallation={profile.absolute().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(path.absolute()),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERT_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ImportFailed(path, "import-convert-failed", detail=str(exc)) from None
    result = out_dir / f"{path.stem}.{target}"
    if done.returncode != 0 or not result.is_file():
        detail = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
        raise ImportFailed(path, "import-convert-failed", detail=detail)
    return result


def check_zip(path: Path) -> None:
    """Refuse a damaged zip or a zip bomb before python-docx decompresses anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailed(path, "import-corrupt-docx", detail=str(exc)) from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ImportFailed(path, "import-zip-bomb", detail=f"{len(infos)} entries")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise ImportFailed(path, "import-zip-bomb", detail=f"expands to {total} bytes")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_FROM and ratio > MAX_RATIO:
            raise ImportFailed(path, "import-zip-bomb", detail=f"{info.filename} compressed {ratio:.0f}:1")
    _check_real_sizes(path, infos)


def _check_real_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """A crafted zip's headers can under-state a part's size, and python-docx inflates a part in one call
    before cutting it to that size: inflate each part here in 1 MB steps and refuse one that expands past
    what its header says (memory stays bounded whatever the headers claim)."""
    try:
        with path.open("rb") as handle:
            for info in infos:
                real = _inflated_size(handle, info, limit=info.file_size)
                if real > info.file_size:
                    detail = f"{info.filename} expands past the {info.file_size} bytes its header states"
                    raise ImportFailed(path, "import-zip-bomb", detail=detail)
    except (OSError, ValueError, struct.error, zlib.error) as exc:
        raise ImportFailed(path, "import-corrupt-docx", detail=str(exc)) from None


def _inflated_size(handle: BinaryIO, info: zipfile.ZipInfo, limit: int) -> int:
    """Bytes the part inflates to, counted in steps and given up just past ``limit``."""
    handle.seek(info.header_offset)
    header = handle.read(30)
    if header[:4] != b"PK\x03\x04":
        raise ValueError(f"{info.filename}: bad local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_length + extra_length)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        return info.file_size  # stored parts are as big as they are; other methods fail in python-docx
    inflater, left, size = zlib.decompressobj(-zlib.MAX_WBITS), info.compress_size, 0
    while left > 0 and not inflater.eof and size <= limit:
        chunk = handle.read(min(left, 1 << 16))
        if not chunk:
            break
        left -= len(chunk)
        size += len(inflater.decompress(chunk, 1 << 20))
        while inflater.unconsumed_tail and size <= limit:
            size += len(inflater.decompress(inflater.unconsumed_tail, 1 << 20))
    return size


def _read_bytes(path: Path, limit: int, *, keep: bool = True) -> bytes:
    """The file's bytes (or b"" when ``keep`` is False), refusing unreadable and oversized files."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ImportFailed(path, "import-too-large", size=size, limit=limit)
        if not keep:
            with path.open("rb"):
                return b""
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailed(path, "import-unreadable", detail=exc.strerror or str(exc)) from None
