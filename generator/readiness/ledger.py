"""The rectification ledger (整改台账) as it stood on the as-of date.

A rectification found after the as-of date is not in the ledger yet. Its status and whether it is overdue
on the as-of date are the model's rules (``Rectification.status_on``, ``Rectification.is_overdue``): one
closed after the as-of date was still open then, so a report "as of" an earlier day shows that day's ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model import Archive
from generator.schema import Evidence, Rectification


@dataclass(frozen=True)
class LedgerEntry:
    record: Rectification
    status: str  # open / rectified / verified, as of the report date
    overdue: bool
    days_overdue: int
    missing_closing_evidence: bool  # rectified or verified without an evidence record that has files

    def as_json(self) -> dict[str, object]:
        r = self.record
        return {
            "id": r.id,
            "unit": r.unit,
            "status": self.status,
            "deadline": r.deadline.isoformat(),
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
            "title": r.title,
            "found_on": r.found_on.isoformat(),
            "closed_on": r.closed_on.isoformat() if r.closed_on else None,
            "missing_closing_evidence": self.missing_closing_evidence,
        }


def has_closing_evidence(archive: Archive, record: Rectification) -> bool:
    for ref in record.evidence:
        evidence = archive.get(ref)
        if isinstance(evidence, Evidence) and evidence.files:
            return True
    return False


def ledger_entry(archive: Archive, record: Rectification, as_of: dt.date) -> LedgerEntry:
    status = record.status_on(as_of)
    return LedgerEntry(
        record=record,
        status=status,
        overdue=record.is_overdue(as_of),
        days_overdue=record.days_overdue(as_of),
        missing_closing_evidence=status != "open" and not has_closing_evidence(archive, record),
    )


def ledger(archive: Archive, as_of: dt.date) -> list[LedgerEntry]:
    """Rectifications found by ``as_of``, by deadline then id."""
    found = [r for r in archive.rectifications if r.found_on <= as_of]
    entries = [ledger_entry(archive, r, as_of) for r in found]
    return sorted(entries, key=lambda e: (e.record.deadline, e.record.id))
