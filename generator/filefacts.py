"""What we know about each file of the archive — its sha256 and, for a photo, its difference hash and camera
date — kept between runs in one small file, so that a check, a report or a site build of an unchanged archive
reads none of its files again. This is the one store of file digests keyed on a file's stat: validation's
checksum check, the readiness report, the site's thumbnails and the evidence manifest all ask it.

The one staleness rule (``stamp_of``, ``settled``) holds for every cache of ours keyed on a stat, this one and
the parse cache (generator/validate/cache.py): an entry holds while the file's size, modification time,
inode and change time are what they were — writing to a file moves its change time (which no tool can set
back), and replacing it gives a new inode — and only a file already settled when the run started is
remembered: one modified within ``RACY_SECONDS`` before that (or dated in the future) may change again within
the clock's resolution without its times moving (git's "racy" rule). The cache file is plain JSON, replaced
atomically and only when something was learnt; a corrupt file, or one of another format version, is ignored.
Deleting it costs one slow run and nothing else.

Near-identical photos are found with a difference hash (dHash): the picture shrunk to 9×8 grey pixels, one
bit per neighbour pair "is the left pixel brighter". A resized, re-compressed or slightly re-toned copy keeps
(almost) the same 64 bits; a different photo differs in about half of them. It is twenty lines on top of
Pillow, which we already ship, instead of ``imagehash`` and the NumPy/SciPy/PyWavelets stack it pulls in.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import multiprocessing
import os
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from generator import parallel
from generator.reproducible import sha256_of
from generator.write import write_atomically

FORMAT = 1  # bump when an entry's meaning changes: older cache files are then ignored
FILE_NAME = "filefacts.json"
RACY_SECONDS = 2
RACY_NS = RACY_SECONDS * 1_000_000_000
PARALLEL_FROM = 64  # files to read below which forking workers costs more than it saves
_FLAT_BITS = 3  # a hash with fewer (or more than 64 - this) set bits is a flat picture: no basis to compare
_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867

Stamp = tuple[int, int, int, int]  # st_size, st_mtime_ns, st_ino, st_ctime_ns


def stamp_of(status: os.stat_result) -> Stamp:
    """What tells a file's version apart, as git's index keeps it: size, modification time, inode and
    change time."""
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns


def settled(stamp: Stamp, since_ns: int) -> bool:
    """Whether a file of ``stamp`` may be remembered by a run that started at ``since_ns``: modified at least
    ``RACY_SECONDS`` before, so that a later change cannot leave its times as they are (git's racy rule)."""
    return stamp[1] < since_ns - RACY_NS


@dataclass(frozen=True)
class Photo:
    dhash: int | None  # None when unreadable or flat
    taken: dt.date | None  # EXIF DateTimeOriginal


@dataclass
class _Entry:
    stamp: Stamp
    sha256: str | None = None  # None: not computed yet
    photo: Photo | None = None  # None: not read yet


Facts = tuple[str | None, Photo | None]  # a file's sha256 and photo facts, each None when not asked for

# What this process has learnt, whatever the cache folder: a site build makes the report and the pages from
# one archive, and tests build many sites from a few files.
_memory: dict[str, _Entry] = {}
# The entries of each cache file as this process last read or wrote it, by the file's stamp: the report and
# the thumbnails of one build (and every rebuild of `mkdocs serve`) then parse it once.
_files: dict[str, tuple[Stamp, dict[str, _Entry]]] = {}
# What Path.is_file takes for "not a file" rather than an error
_NOT_THERE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def dhash(image: Image.Image) -> int:
    """64-bit difference hash of ``image``."""
    small = image.convert("L").resize((9, 8), Image.Resampling.BILINEAR)
    pixels = small.tobytes()  # one byte per grey pixel, row by row
    bits = 0
    for row in range(8):
        for col in range(8):
            left, right = pixels[row * 9 + col], pixels[row * 9 + col + 1]
            bits = (bits << 1) | (1 if left > right else 0)
    return bits


def _exif_date(image: Image.Image) -> dt.date | None:
    raw = image.getexif().get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)
    if not isinstance(raw, str):
        return None
    try:
        return dt.datetime.strptime(raw.strip()[:10], "%Y:%m:%d").date()
    except ValueError:
        return None


def camera_date(path: Path) -> dt.date | None:
    """The EXIF DateTimeOriginal of the image at ``path``, reading its header only (None when absent)."""
    try:
        with Image.open(path) as image:
            return _exif_date(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None


def read_photo(path: Path) -> Photo:
    """dHash and camera date of the image at ``path``, read now (both None when Pillow cannot read it)."""
    try:
        with Image.open(path) as image:
            taken = _exif_date(image)
            image.draft("L", (64, 64))  # JPEG: decode at 1/8 size, plenty for a 9×8 hash
            bits = dhash(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return Photo(None, None)
    ones = bin(bits).count("1")
    flat = ones < _FLAT_BITS or ones > 64 - _FLAT_BITS
    return Photo(None if flat else bits, taken)


class FileFacts:
    """The facts of the files one run looks at; ``cache_dir`` None keeps them for this process only."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.path = cache_dir / FILE_NAME if cache_dir is not None else None
        self.entries = _cached_file(self.path) if self.path is not None else {}
        self.racy: dict[str, _Entry] = {}  # learnt in this run, too fresh to keep beyond it
        self.changed = False
        self.started_ns = time.time_ns()

    def learn(self, files: Sequence[tuple[Path, bool, bool]], processes: int | None = None) -> None:
        """Read now what is not known yet of many files — (path, wants sha256, is a photo) — on a forked
        worker per core when there are many; ``sha256`` and ``photo`` then answer from memory."""
        self.look([(os.fspath(path), sha256, photo) for path, sha256, photo in files], processes)

    def look(
        self, files: Sequence[tuple[str, bool, bool]], processes: int | None = None
    ) -> list[Facts | None]:
        """The facts of many files — (path, wants sha256, is a photo) — from memory, else read now, on a
        forked worker per core when there are many; None for a path that is not a regular file. One stat per
        file: this runs for every attached file of every report."""
        found: list[tuple[str, _Entry, str, bool, bool] | None] = []
        entries: dict[str, _Entry] = {}  # a file attached twice is one entry, read once
        for path, wants_sha256, is_photo in files:
            status = _file_stat(path)
            if status is None:
                found.append(None)
                continue
            key, entry = self._entry(_absolute(path), status)
            found.append((key, entries.setdefault(key, entry), path, wants_sha256, is_photo))
        self._read_missing([item for item in found if item is not None], processes)
        return [None if item is None else self._facts(*item) for item in found]

    def _read_missing(
        self, found: Sequence[tuple[str, _Entry, str, bool, bool]], processes: int | None
    ) -> None:
        """Read on forked workers what ``found`` lacks, when it is much; each file once, all asked of it."""
        wanted: dict[str, tuple[_Entry, str, bool, bool]] = {}
        for key, entry, path, wants_sha256, is_photo in found:
            sha256, photo = wants_sha256 and entry.sha256 is None, is_photo and entry.photo is None
            _, _, sha256_too, photo_too = wanted.get(key, (entry, path, False, False))
            if sha256 or photo or sha256_too or photo_too:
                wanted[key] = (entry, path, sha256 or sha256_too, photo or photo_too)
        todo = [(key, *item) for key, item in wanted.items()]
        cores = processes if processes is not None else parallel.workers()
        if len(todo) < PARALLEL_FROM or cores <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return  # read one by one as they are asked for
        jobs = [(Path(path), sha256, photo) for _, _, path, sha256, photo in todo]
        with multiprocessing.get_context("fork").Pool(cores) as pool:
            read = pool.map(_read, jobs, chunksize=max(1, len(jobs) // (cores * 4)))
        for (key, entry, *_), (digest, facts) in zip(todo, read, strict=True):
            entry.sha256 = digest or entry.sha256
            entry.photo = facts or entry.photo
            self._learnt(key, entry)

    def _facts(self, key: str, entry: _Entry, path: str, wants_sha256: bool, is_photo: bool) -> Facts:
        """What was asked of one file, read now when still unknown."""
        if wants_sha256 and entry.sha256 is None:
            entry.sha256 = sha256_of(Path(path))
            self._learnt(key, entry)
        if is_photo and entry.photo is None:
            entry.photo = read_photo(Path(path))
            self._learnt(key, entry)
        return (entry.sha256 if wants_sha256 else None), (entry.photo if is_photo else None)

    def sha256(self, path: Path) -> str:
        key, entry = self._entry_of(path)
        if entry.sha256 is None:
            entry.sha256 = sha256_of(path)
            self._learnt(key, entry)
        return entry.sha256

    def sha256_at(self, path: str, status: os.stat_result) -> str:
        """``sha256`` of the file at ``path`` whose stat was just taken."""
        key, entry = self._entry(_absolute(path), status)
        if entry.sha256 is None:
            entry.sha256 = sha256_of(Path(path))
            self._learnt(key, entry)
        return entry.sha256

    def photo(self, path: Path) -> Photo:
        key, entry = self._entry_of(path)
        if entry.photo is None:
            entry.photo = read_photo(path)
            self._learnt(key, entry)
        return entry.photo

    def _entry_of(self, path: Path) -> tuple[str, _Entry]:
        return self._entry(_absolute(os.fspath(path)), path.stat())

    def _entry(self, key: str, status: os.stat_result) -> tuple[str, _Entry]:
        """The entry of the file at ``key`` (its absolute path) if one is known for its present stamp."""
        stamp = stamp_of(status)
        for known in (self.entries.get(key), _memory.get(key), self.racy.get(key)):
            if known is not None and known.stamp == stamp:
                return key, known
        return key, _Entry(stamp)

    def _learnt(self, key: str, entry: _Entry) -> None:
        if not settled(entry.stamp, self.started_ns):
            self.racy[key] = entry
            return
        _memory[key] = entry
        self.entries[key] = entry
        self.changed = True

    def save(self) -> None:
        """Write the cache file when this run learnt something (entries of deleted files are dropped)."""
        if self.path is None or not self.changed:
            return
        self.entries = {key: entry for key, entry in self.entries.items() if os.path.exists(key)}  # noqa: PTH110
        files = {key: _dump(entry) for key, entry in sorted(self.entries.items())}
        data = json.dumps({"format": FORMAT, "files": files}, separators=(",", ":"))
        try:
            write_atomically(self.path, data.encode())
        except OSError:
            return  # a cache that is not written only costs the next run time
        self.changed = False
        _remember_file(self.path, self.entries)


@contextmanager
def file_facts(cache_dir: Path | None) -> Iterator[FileFacts]:
    """The facts cached in ``cache_dir``, saved again when the block ends without an error."""
    facts = FileFacts(cache_dir)
    yield facts
    facts.save()


def _absolute(path: str) -> str:
    """``path`` made absolute as os.path.abspath does — not resolved: resolving costs a system call per path
    component of every attached file, and the stamp in the entry already tells whether it is the same
    file. An absolute path with no ".", ".." or empty part is already that, and most are."""
    if path.startswith("/") and "/." not in path and "//" not in path and not path.endswith("/"):
        return path
    return os.path.abspath(path)  # noqa: PTH100


def _file_stat(path: str) -> os.stat_result | None:
    """The stat of a regular file (symlinks followed), None for no such file — as Path.is_file decides."""
    try:
        status = os.stat(path)  # noqa: PTH116
    except OSError as error:
        if error.errno not in _NOT_THERE:
            raise
        return None
    except ValueError:
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def _cached_file(path: Path) -> dict[str, _Entry]:
    """The entries of the cache file at ``path``, parsed again only when it changed since this process last
    read or wrote it (a copy: a run adds to its own)."""
    try:
        stamp = stamp_of(path.stat())
    except OSError:
        return {}
    known = _files.get(str(path))
    if known is None or known[0] != stamp:
        known = _files[str(path)] = stamp, _load(path)
    return dict(known[1])


def _remember_file(path: Path, entries: dict[str, _Entry]) -> None:
    try:
        _files[str(path)] = stamp_of(path.stat()), dict(entries)
    except OSError:
        _files.pop(str(path), None)


def _read(job: tuple[Path, bool, bool]) -> tuple[str | None, Photo | None]:
    """In a worker: the sha256 and the photo facts of one file, as asked."""
    path, sha256, photo = job
    try:
        return (sha256_of(path) if sha256 else None), (read_photo(path) if photo else None)
    except OSError:
        return None, None  # vanished meanwhile: the lookup will say so


def _load(path: Path) -> dict[str, _Entry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return {}
        return {str(key): _parse(value) for key, value in data["files"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}  # missing, corrupt or foreign: start afresh


def _dump(entry: _Entry) -> list[object]:
    photo = entry.photo
    return [
        *entry.stamp,
        entry.sha256,
        photo is not None,
        photo.dhash if photo else None,
        photo.taken.isoformat() if photo and photo.taken else None,
    ]


def _parse(value: list[object]) -> _Entry:
    size, mtime, ino, ctime, sha256, read, bits, taken = value
    stamp = (_int(size), _int(mtime), _int(ino), _int(ctime))
    if sha256 is not None and not isinstance(sha256, str):
        raise TypeError("sha256")
    photo = None
    if read is True:
        day = dt.date.fromisoformat(taken) if isinstance(taken, str) else None
        photo = Photo(_int(bits) if bits is not None else None, day)
    return _Entry(stamp, sha256, photo)


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value
