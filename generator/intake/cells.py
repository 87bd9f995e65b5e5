"""Writing text into a worksheet cell as text, never as a formula.

Every text cell the intake writes (templates) goes through ``text_cell``: openpyxl takes a string starting
with "=" for a formula unless the cell is typed as a string, and a record's title is no place for one.
"""

from __future__ import annotations

from typing import Any


def text_cell(sheet: Any, row: int, column: int, value: str) -> Any:
    """Put ``value`` at (row, column), 1-based, typed as a string whatever it starts with."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    cell.data_type = "s"
    return cell
