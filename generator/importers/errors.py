"""The one error the importer raises: a message naming the file and what to do, nothing written."""

from __future__ import annotations

from pathlib import Path

from generator.errors import DossierError
from generator.i18n import t


class ImportFailed(DossierError):
    """A source file could not be imported; the data folder was left as it was."""

    def __init__(self, path: Path | str, code: str, **params: object) -> None:
        self.path, self.code, self.params = Path(path), code, params
        super().__init__(f"{path}: {t(code, **params)}")
