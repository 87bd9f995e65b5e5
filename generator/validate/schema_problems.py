"""Turn pydantic's validation errors into located problems users can act on (field, expected, found, hint)."""

from __future__ import annotations

import difflib
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Problem
from generator.i18n import t
from generator.load import Loc
from generator.validate.state import Collected, Source

_TYPE_WORDS = {
    "string_type": "type-string",
    "list_type": "type-list",
    "tuple_type": "type-list",
    "dict_type": "type-mapping",
    "model_type": "type-mapping",
    "model_attributes_type": "type-mapping",
    "int_type": "type-integer",
    "int_parsing": "type-integer",
    "int_from_float": "type-integer",
    "float_type": "type-number",
    "float_parsing": "type-number",
    "bool_type": "type-boolean",
    "bool_parsing": "type-boolean",
}
_M = TypeVar("_M", bound=BaseModel)
_CUSTOM_CODES = {
    "bad_date": "bad-date",
    "bad_id": "bad-id",
    "bad_sha256": "bad-sha256",
    "bad_month": "bad-month",
}


def describe(value: Any) -> str:  # noqa: PLR0911 — one short answer per YAML value type
    if value is None:
        return t("type-null")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"'{shown}'"
    if isinstance(value, list):
        return t("type-list")
    if isinstance(value, dict):
        return t("type-mapping")
    return type(value).__name__


def _addresses(container: Any, part: Any) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _data_loc(data: Any, loc: tuple[Any, ...], keep_last: bool) -> Loc:
    """The part of pydantic's ``loc`` that addresses real data (union branch names are dropped)."""
    real: list[str | int] = []
    current = data
    for i, part in enumerate(loc):
        if _addresses(current, part):
            current = current[part]
        elif keep_last and i == len(loc) - 1:
            pass
        else:
            break
        real.append(part)
    return tuple(real)


def dotted_name(loc: Loc) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(document)"


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, typing.ForwardRef | str):
        return None
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The input names a mapping at ``loc`` (relative to ``model``) accepts."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        match = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
        current = _model_in(match.annotation) if match else None
    if current is None:
        return []
    return [f.alias or n for n, f in current.model_fields.items()]


def _unknown_field_hint(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return t("hint-did-you-mean", name=close[0])
    return t("hint-known-fields", names=", ".join(known)) if known else ""


def _schema_problems(
    source: Source, data: Any, model: type[BaseModel], exc: ValidationError
) -> list[Problem]:
    problems: dict[tuple[Loc, str], Problem] = {}
    for error in exc.errors():
        kind = error["type"]
        loc = _data_loc(data, tuple(error["loc"]), keep_last=kind in ("missing", "extra_forbidden"))
        field_name = dotted_name(loc)
        if kind == "missing":
            problem = source.problem(loc[:-1], "missing-field", field=field_name)
        elif kind == "extra_forbidden":
            hint = _unknown_field_hint(str(loc[-1]), _field_names(model, loc[:-1]))
            problem = source.problem(loc, "unknown-field", key=True, field=field_name, hint=hint)
        elif kind == "literal_error":
            allowed = str(error.get("ctx", {}).get("expected", "")).replace(" or ", ", ")
            problem = source.problem(
                loc, "bad-value", field=field_name, allowed=allowed, got=describe(error["input"])
            )
        elif kind in _CUSTOM_CODES:
            problem = source.problem(loc, _CUSTOM_CODES[kind], field=field_name, got=describe(error["input"]))
        elif kind in _TYPE_WORDS:
            problem = source.problem(
                loc,
                "bad-type",
                field=field_name,
                expected=t(_TYPE_WORDS[kind]),
                got=describe(error["input"]),
            )
        else:
            problem = source.problem(loc, "invalid", field=field_name, detail=error["msg"])
        problems.setdefault((loc, problem.code), problem)
    return list(problems.values())


def validate_model(source: Source, data: Any, model: type[_M], collected: Collected) -> _M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        collected.problems.extend(_schema_problems(source, data, model, exc))
        return None
