"""Checksums and byte-reproducible files: the pieces every writer shares.

Every date a file carries about itself (a PDF's or Office file's created/modified, its zip entries' times)
follows one policy, ``fixed_moment``: ``SOURCE_DATE_EPOCH`` when set (reproducible-builds.org), else midnight
UTC of a date the data gives — never the clock — so two builds of the same archive give the same bytes (and
auditors can compare them by checksum). Office files are zips whose entries carry the clock's time, and
openpyxl/python-docx stamp "modified" into ``docProps/core.xml``; ``fixed_zip`` rewrites both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def sha256_of(path: Path) -> str:
    """The file's sha256, read in 1 MB blocks so big scans don't fill memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` in seconds when it is set to a whole number, else None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def fixed_moment(day: dt.date, epoch: int | None) -> dt.datetime:
    """The moment a reproducible file is dated (UTC): ``epoch`` (``source_date_epoch()``) when set, else
    midnight of ``day``, a date taken from the data."""
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def fixed_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same Office zip with every entry time, and the created/modified dates inside, set to ``moment``."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    core_date = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATE.sub(rb"\g<1>" + core_date + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
