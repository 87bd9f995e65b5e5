"""What each file of a package is and holds, read once for the four checks: its digests, its real format (by
its first bytes, not its name), and for PDFs, Office files and images what opening them shows.

Any file may be hostile (a package edited by hand): nothing here follows a link, runs or renders anything,
and a file that breaks a reader is recorded as unreadable, never allowed to stop the check. Big packages are
inspected on a process per core.
"""

from __future__ import annotations

import hashlib
import re
import warnings
import zipfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator import parallel
from generator.handover.manifests import BLOCK, Digests
from generator.handover.sm3 import new as new_sm3
from generator.model import FILE_KINDS

HEAD = 4096
PARALLEL_FROM = 64  # files; fewer are inspected here, as starting the workers would cost more
MAX_PDF_OBJECTS = 200_000  # a PDF with more reachable objects is judged on those seen

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"MZ", "executable"),
    (b"\x7fELF", "executable"),
    (b"\xfe\xed\xfa\xce", "executable"),
    (b"\xfe\xed\xfa\xcf", "executable"),
    (b"\xce\xfa\xed\xfe", "executable"),
    (b"\xcf\xfa\xed\xfe", "executable"),
    (b"\xca\xfe\xba\xbe", "executable"),
    (b"#!", "executable"),
)
IMAGE_KINDS = {"jpeg", "png", "gif", "tiff", "bmp", "webp"}
EXECUTABLE_SUFFIXES = {
    ".exe", ".dll", ".com", ".scr", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js", ".jse", ".wsf",
    ".wsh", ".hta", ".jar", ".sh", ".bash", ".py", ".pl", ".rb", ".php", ".apk", ".app", ".lnk", ".reg",
    ".cpl", ".so", ".dylib",
}  # fmt: skip
MARKUP_SUFFIXES = {".html", ".htm", ".xhtml", ".svg", ".svgz", ".mht", ".mhtml"}
MACRO_SUFFIXES = {".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppsm"}
_SCRIPT = re.compile(rb"<script\b|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
_EXTERNAL_REL = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)
_PDFA = re.compile(rb"pdfaid:part\s*(?:=\s*[\"']|>)\s*(\d)")
_PDFA_CONFORMANCE = re.compile(rb"pdfaid:conformance\s*(?:=\s*[\"']|>)\s*([A-Za-z])")
_PDF_DATE = re.compile(r"^D:(\d{8})")
_OLE_VBA = "_VBA_PROJECT".encode("utf-16-le")
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_SIMPLE_FONTS = {"/Type1", "/MMType1", "/TrueType", "/CIDFontType0", "/CIDFontType2"}
_REMOTE_ACTIONS = {"/GoToR", "/GoToE", "/SubmitForm", "/ImportData"}


@dataclass
class PdfFacts:
    error: str = ""  # why it would not open
    encrypted: bool = False
    pages: int = 0
    title: str | None = None
    subject: str | None = None
    created: str | None = None  # YYYYMMDD of /CreationDate as written
    pdfa: str | None = None  # "3B" for PDF/A-3b, as the XMP declares it
    fonts_not_embedded: list[str] = field(default_factory=list)
    first_page_text: str = ""
    javascript: bool = False
    launch: bool = False
    remote: list[str] = field(default_factory=list)  # remote actions: /GoToR, /SubmitForm…
    uris: list[str] = field(default_factory=list)
    embedded_files: bool = False


@dataclass
class OfficeFacts:
    error: str = ""
    encrypted: bool = False
    macros: bool = False
    hyperlinks: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)  # parts fetched from outside: templates, OLE links


@dataclass
class FileFacts:
    path: str
    size: int = 0
    sha256: str = ""
    sm3: str = ""
    read_error: str = ""
    kind: str = "unknown"  # by content: pdf, jpeg, png…, zip, ole, executable, unknown
    pdf: PdfFacts | None = None
    office: OfficeFacts | None = None
    image_error: str | None = None  # None: not an image; "": decodes
    script: bool = False  # markup that carries script

    @property
    def suffix(self) -> str:
        return Path(self.path).suffix.lower()

    @property
    def digests(self) -> Digests:
        return Digests(self.size, self.sha256, self.sm3)


def inspect_all(root: Path, paths: list[str], jobs: int = 0) -> dict[str, FileFacts]:
    """The facts of every file in ``paths`` (relative to ``root``)."""
    workers = min(jobs or parallel.workers(), max(1, len(paths) // 8))
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        return {path: inspect_file(root, path) for path in paths}
    chunks = [paths[i :: workers * 4] for i in range(workers * 4)]
    found: dict[str, FileFacts] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for facts in pool.map(_inspect_chunk, [(root, chunk) for chunk in chunks]):
            found.update((f.path, f) for f in facts)
    return {path: found[path] for path in paths}


def _inspect_chunk(job: tuple[Path, list[str]]) -> list[FileFacts]:
    root, paths = job
    return [inspect_file(root, path) for path in paths]


def inspect_file(root: Path, path: str) -> FileFacts:
    facts = FileFacts(path)
    full = root / path
    try:
        head = _digest(full, facts)
    except OSError as exc:
        facts.read_error = exc.strerror or str(exc)
        return facts
    facts.kind = _kind(head)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # readers warn about what they repair; the checks judge the result
        if facts.kind == "pdf":
            facts.pdf = pdf_facts(full)
        elif facts.kind in IMAGE_KINDS or FILE_KINDS.get(facts.suffix) == "image":
            facts.image_error = image_error(full)
        if facts.kind in {"zip", "ole"}:
            facts.office = office_facts(full, facts.kind)
    if facts.suffix in MARKUP_SUFFIXES:
        facts.script = _has_script(full)
    return facts


def _digest(path: Path, facts: FileFacts) -> bytes:
    """SHA-256 and SM3 in one read; returns the first bytes."""
    sha256, sm3 = hashlib.sha256(), new_sm3()
    head = b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(BLOCK), b""):
            if not head:
                head = block[:HEAD]
            facts.size += len(block)
            sha256.update(block)
            sm3.update(block)
    facts.sha256, facts.sm3 = sha256.hexdigest(), sm3.hexdigest()
    return head


def _kind(head: bytes) -> str:
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), "unknown")


# ------------------------------------------------------------------------------------------- PDF
def pdf_facts(path: Path) -> PdfFacts:
    from pypdf import PdfReader  # noqa: PLC0415 — only packages with PDFs need it

    facts = PdfFacts()
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            facts.encrypted = True
            return facts
        facts.pages = len(reader.pages)
        _metadata(reader, facts)
        _walk_objects(reader.trailer, facts)
        facts.first_page_text = reader.pages[0].extract_text() if facts.pages else ""
    except Exception as exc:  # a hostile or broken file may raise anything from the reader
        facts.error = f"{type(exc).__name__}: {exc}"
    return facts


def _metadata(reader: object, facts: PdfFacts) -> None:
    info = getattr(reader, "metadata", None)
    if info is not None:
        facts.title = _text(info.get("/Title"))
        facts.subject = _text(info.get("/Subject"))
        created = _PDF_DATE.match(_text(info.get("/CreationDate")) or "")
        facts.created = created[1] if created else None
    root = reader.trailer["/Root"]  # type: ignore[attr-defined]
    metadata = root.get("/Metadata")
    if metadata is not None:
        xmp = metadata.get_object().get_data()
        part, conformance = _PDFA.search(xmp), _PDFA_CONFORMANCE.search(xmp)
        if part:
            facts.pdfa = part[1].decode() + (conformance[1].decode().upper() if conformance else "")


def _text(value: object) -> str | None:
    if value is None:
        return None
    resolved = value.get_object() if hasattr(value, "get_object") else value
    return str(resolved)


def _walk_objects(start: object, facts: PdfFacts) -> None:
    """Visit every object reachable from the trailer once: note actions, scripts, embedded files and fonts
    without their font program. Names are compared as pypdf decodes them (``/J#61vaScript`` is
    ``/JavaScript``), so spelling tricks do not hide them."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject  # noqa: PLC0415

    seen: set[tuple[int, int]] = set()
    stack: list[object] = [start]
    visited = 0
    while stack and visited < MAX_PDF_OBJECTS:
        node = stack.pop()
        visited += 1
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            _note_dictionary(node, facts)
            stack.extend(value for name, value in node.items() if name != "/Parent")
        elif isinstance(node, ArrayObject):
            stack.extend(node)


def _note_dictionary(node: dict[str, object], facts: PdfFacts) -> None:
    action = str(node.get("/S", ""))
    if "/JS" in node or action == "/JavaScript" or "/JavaScript" in node:
        facts.javascript = True
    if action == "/Launch" or "/Launch" in node:
        facts.launch = True
    if action in _REMOTE_ACTIONS:
        facts.remote.append(action)
    if action == "/URI":
        facts.uris.append(str(_text(node.get("/URI")) or ""))
    if str(node.get("/Type", "")) == "/EmbeddedFile" or "/EmbeddedFiles" in node or "/EF" in node:
        facts.embedded_files = True
    if str(node.get("/Subtype", "")) in _SIMPLE_FONTS and "/BaseFont" in node:
        descriptor = node.get("/FontDescriptor")
        descriptor = descriptor.get_object() if hasattr(descriptor, "get_object") else descriptor
        if not isinstance(descriptor, dict) or not any(key in descriptor for key in _FONT_FILES):
            facts.fonts_not_embedded.append(str(node.get("/BaseFont", "")).lstrip("/"))


# ------------------------------------------------------------------------------------------- images
def image_error(path: Path) -> str:
    """'' when Pillow decodes the whole image, else why not."""
    from PIL import Image  # noqa: PLC0415

    try:
        with Image.open(path) as image:
            image.load()
    except Exception as exc:  # decoders raise many kinds for a damaged file
        return f"{type(exc).__name__}: {exc}"
    return ""


# ------------------------------------------------------------------------------------------- Office
def office_facts(path: Path, kind: str) -> OfficeFacts:
    return _zip_facts(path) if kind == "zip" else _ole_facts(path)


def _zip_facts(path: Path) -> OfficeFacts:
    facts = OfficeFacts()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            facts.encrypted = any(info.flag_bits & 0x1 for info in infos)
            if facts.encrypted:
                return facts
            names = [info.filename for info in infos]
            facts.macros = any(_is_macro_part(name) for name in names)
            for name in names:
                if name.endswith(".rels"):
                    _note_relationships(archive.read(name), facts)
            broken = archive.testzip()
            if broken is not None:
                facts.error = f"CRC error in {broken}"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        facts.error = f"{type(exc).__name__}: {exc}"
    return facts


def _is_macro_part(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(("vbaproject.bin", "vbadata.xml")) or "/activex/" in f"/{lowered}"


def _note_relationships(rels: bytes, facts: OfficeFacts) -> None:
    for match in _EXTERNAL_REL.finditer(rels):
        tag = match[0]
        if b'TargetMode="External"' not in tag and b"TargetMode='External'" not in tag:
            continue
        target = re.search(rb"Target=[\"']([^\"']*)", tag)
        where = target[1].decode("utf-8", "replace") if target else "?"
        is_link = re.search(rb"Type=[\"'][^\"']*/hyperlink[\"']", tag) is not None
        (facts.hyperlinks if is_link else facts.external).append(where)


def _ole_facts(path: Path) -> OfficeFacts:
    """A compound file (.doc, .xls, or an encrypted .docx/.xlsx): looked for its VBA project and for the
    EncryptedPackage stream an Office password puts the whole document in."""
    facts = OfficeFacts()
    try:
        data = path.read_bytes()
    except OSError as exc:
        facts.error = exc.strerror or str(exc)
        return facts
    facts.encrypted = _OLE_ENCRYPTED in data
    facts.macros = _OLE_VBA in data
    return facts


def _has_script(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return any(_SCRIPT.search(block) for block in _blocks(handle.read(64 << 20)))
    except OSError:
        return False


def _blocks(data: bytes) -> Iterator[bytes]:
    step = 1 << 20
    for start in range(0, len(data), step):
        yield data[max(0, start - 64) : start + step]  # overlap: a word split by a block is still seen
