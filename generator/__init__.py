"""dossier: campaign archive generator (records → site, binders, Word files, reports)."""

from __future__ import annotations

__version__ = "0.1.0"
