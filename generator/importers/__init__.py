"""Import speeches, minutes and summaries from Word and text files into records (``dossier import``).

Readers (one per file type) → noise stripping → compilation splitting → structure recognition → records,
verified against the schema and written all together, never over an existing file. See docs/word.md.
"""

from __future__ import annotations

from generator.importers.errors import ImportFailed
from generator.importers.importer import ImportKind, ImportPlan, Note, apply_plan, plan_import, source_files
from generator.importers.readers import supported_suffixes

__all__ = [
    "ImportFailed",
    "ImportKind",
    "ImportPlan",
    "Note",
    "apply_plan",
    "plan_import",
    "source_files",
    "supported_suffixes",
]
