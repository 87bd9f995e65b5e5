"""Intake: what campaign offices send in — spreadsheets (测评体系, 责任单位, 报送表, 整改台账, 自测打分) and
folders of photos — into records, checked cell by cell; templates to send out; new archives.

``plan_intake`` reads and checks everything and returns what would be written (nothing is written);
``apply_intake`` writes it all or nothing. See docs/intake.md.
"""

from __future__ import annotations

from generator.intake import messages as _messages

_messages.register()

from generator.intake.plan import IntakeResult, apply_intake, is_sheet, plan_intake, sheet_files  # noqa: E402
from generator.intake.run import Options  # noqa: E402

__all__ = ["IntakeResult", "Options", "apply_intake", "is_sheet", "plan_intake", "sheet_files"]
