"""The package as the four checks see it: its contents, each file's facts, and what the catalogue says."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from generator.handover import layout
from generator.handover.entries import ITEM_ROLE, Entry, FileEntry

from .contents import Contents
from .inspect import FileFacts


@dataclass
class Package:
    contents: Contents
    facts: dict[str, FileFacts]

    @property
    def entries(self) -> tuple[Entry, ...]:
        catalogue = self.contents.catalogue
        return catalogue.entries if catalogue is not None else ()

    @cached_property
    def item_files(self) -> dict[str, tuple[Entry, FileEntry]]:
        """Each 件's own PDF (path → its entry and file entry); without a catalogue, every ``<档号>.pdf``
        in a folder of the same name under 电子档案/ is taken for one."""
        if self.contents.catalogue is not None:
            return {f.path: (e, f) for e in self.entries for f in e.files if f.role == ITEM_ROLE}
        return {path: _bare(path) for path in self.contents.files if _looks_like_item_pdf(path)}

    @cached_property
    def catalogued(self) -> set[str]:
        return {f.path for e in self.entries for f in e.files}

    def records_files(self) -> list[str]:
        """The files under 电子档案/."""
        return [path for path in self.contents.files if path.startswith(layout.RECORDS_DIR + "/")]


def _looks_like_item_pdf(path: str) -> bool:
    parts = path.split("/")
    return parts[0] == layout.RECORDS_DIR and len(parts) > 2 and parts[-1] == f"{parts[-2]}.pdf"


def _bare(path: str) -> tuple[Entry, FileEntry]:
    code = path.rsplit("/", 2)[-2]
    entry = Entry(0, code, "", 0, "", "", "", "", "", "", "", "", 0, "", (), (), "", (), "")
    return entry, FileEntry(path, ITEM_ROLE, "", 0, "", "")
