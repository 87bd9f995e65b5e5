"""The docs list every record field, every problem code and every CLI command (so users can find them)."""

from __future__ import annotations

import re

import click
import pytest
from pydantic import BaseModel

from generator import schema
from generator.cli import cli
from generator.i18n import PROBLEM_CODES
from tests.conftest import REPO

RECORDS_DOC = (REPO / "docs" / "records.md").read_text(encoding="utf-8")
CHECK_DOC = (REPO / "docs" / "check.md").read_text(encoding="utf-8")


def documented_fields(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


@pytest.mark.parametrize(
    "model",
    [
        schema.ArchiveInfo,
        schema.Unit,
        schema.IndicatorSpec,
        schema.Meeting,
        schema.Speech,
        schema.Summary,
        schema.Evidence,
        schema.Rectification,
    ],
    ids=lambda m: m.__name__,
)
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    missing = [name for name in documented_fields(model) if f"`{name}`" not in RECORDS_DOC]
    assert missing == []


def test_every_problem_code_is_documented() -> None:
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", CHECK_DOC, flags=re.MULTILINE))
    assert set(PROBLEM_CODES) <= documented


def test_every_problem_code_has_both_languages() -> None:
    from generator.i18n import MESSAGES

    assert all(set(MESSAGES[code]) == {"zh", "en"} for code in PROBLEM_CODES)


def test_every_command_is_in_the_readme_or_docs() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md")
    )
    missing = [name for name in cli.list_commands(click.Context(cli)) if f"dossier {name}" not in text]
    assert missing == []


INTAKE_DOC = (REPO / "docs" / "intake.md").read_text(encoding="utf-8")


def test_every_intake_code_is_documented() -> None:
    from generator.intake.messages import INTAKE_CODES, MESSAGES

    documented = set(
        re.findall(r"^\| `([a-z0-9-]+)` \| (?:error|warning) \|", INTAKE_DOC, flags=re.MULTILINE)
    )
    assert set(INTAKE_CODES) == documented
    assert all(set(MESSAGES[f"intake-{code}"]) == {"zh", "en"} for code in INTAKE_CODES)


def test_every_header_synonym_is_in_the_table() -> None:
    from generator.intake.headers import SYNONYMS

    rows = re.findall(r"^\| (\S+) \| .+? \| (.+) \|$", INTAKE_DOC, flags=re.MULTILINE)
    documented = {word for _sheet, words in rows for word in words.split("、")}
    missing = [
        w for fields in SYNONYMS.values() for words in fields.values() for w in words if w not in documented
    ]
    assert missing == []
