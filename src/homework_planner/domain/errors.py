"""Readable, value-free validation problems: each names the field and says what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only annotations: settings use Problem at start, before pydantic loads
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidData(ValueError):
    """Raised for input that does not fit the model. Its text never contains the input values."""

    def __init__(self, problems: list[Problem], what: str = "data") -> None:
        self.problems = problems
        self.what = what
        super().__init__(self.summary())

    def summary(self) -> str:
        lines = [f"The {self.what} has {len(self.problems)} problem(s):"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"  # people count from 1
        else:
            name = "if" if part == "if_" else str(part)
            out += f".{name}" if out else name
    return out


def _message(err: ErrorDetails) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return "is not a field Homework Planner knows; check the spelling or remove it"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind in ("string_type", "string_unicode"):
        return "must be text"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else "is too short"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind in ("literal_error", "enum"):
        return f"must be one of: {ctx.get('expected', '')}".rstrip(": ")
    if kind.startswith("datetime"):
        return "must be a date and time written as YYYY-MM-DDTHH:MM, for example 2026-11-22T10:30"
    if kind.startswith("date"):
        return "must be a date written as YYYY-MM-DD, for example 2026-11-29"
    if kind in ("list_type", "tuple_type"):
        return "must be a list"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "must be an object with named fields"
    if kind in ("bool_type", "bool_parsing"):
        return "must be true or false"
    if kind == "value_error":
        # Our own validators phrase these without the value.
        return str(ctx.get("error", "is not valid"))
    if kind == "json_invalid":
        return "is not valid JSON"
    return "is not valid"


def problems_from(exc: ValidationError, *, hide_unknown_keys: bool = False) -> list[Problem]:
    """Value-free problems. hide_unknown_keys: an unknown key is named by the object it is in,
    not by itself (for files from outside, where a key can be a client's name; the app's own
    template files keep the key, which helps whoever edits them)."""
    # include_input=False: pydantic would otherwise carry the offending (possibly personal) value.
    out = []
    for e in exc.errors(include_url=False, include_input=False):
        if hide_unknown_keys and e.get("type") == "extra_forbidden":
            where = _loc(e["loc"][:-1])
            if where:
                out.append(Problem(where, "has an unknown field; check the spelling or remove it"))
            else:
                out.append(
                    Problem("", "the file has an unknown field; check the spelling or remove it")
                )
        else:
            out.append(Problem(_loc(e["loc"]), _message(e)))
    return out
