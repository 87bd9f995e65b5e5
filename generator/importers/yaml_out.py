"""Records as YAML our loader reads back exactly: safe_dump, Chinese as is, keys in contract order,
multi-line text as literal blocks (``|``) so bodies stay readable and diff line by line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.importers.errors import ImportFailed
from generator.load import parse_yaml
from generator.schema import RECORD_CLASSES, Kind

# libyaml's emitter when PyYAML has it (about ten times faster, same text): a sheet import writes thousands.
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _RecordDumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """SafeDumper whose multi-line strings are written as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_RecordDumper.add_representer(str, _represent_str)


def dump_record(data: dict[str, Any]) -> str:
    return yaml.dump(
        data, Dumper=_RecordDumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def verified_yaml(kind: Kind, data: dict[str, Any], path: Path) -> bytes:
    """The YAML text of a record, after checking our loader and the schema read it back to the same record."""
    text = dump_record(data)
    document, problems = parse_yaml(path, text)
    model = RECORD_CLASSES[kind]
    try:
        if document is None:
            raise ValueError("; ".join(p.message for p in problems))
        again = model.model_validate(document.data)
        expected = model.model_validate(data)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ImportFailed(path, "import-internal-yaml", detail=str(exc)) from None
    if again != expected:
        raise ImportFailed(path, "import-internal-yaml", detail="the YAML does not read back the same")
    return text.encode("utf-8")
