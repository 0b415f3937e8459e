"""Service preferences printed on handouts and records; versioned, bad values fall back to defaults.

Settings are read at every start, before the main window shows, so this module is plain Python
(a frozen dataclass whose fields carry their limits) rather than a pydantic model: importing
pydantic costs about 80 ms, more than the whole start-up budget beyond a bare Qt window. The
assignment data keeps its pydantic models; they load when a record is first opened.
"""

from __future__ import annotations

import json
import logging
import math
import unicodedata
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import InvalidData, Problem

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1

DEFAULT_UNSAFE_LINE = (
    "If you feel unsafe or think you might act on thoughts of harming yourself, "
    "call 999 or go to A&E. You can also call NHS 111 (option 2) or Samaritans on 116 123."
)


def _text(max_length: int) -> Any:
    return field(default="", metadata={"max_length": max_length})


@dataclass(frozen=True)
class Settings:
    """Every value is checked on creation; an invalid one raises InvalidData (field names
    only, never the value)."""

    schema_version: int = SETTINGS_VERSION
    service_name: str = _text(80)
    service_phone: str = _text(40)
    therapist_name: str = _text(80)
    unsafe_line: str = field(default=DEFAULT_UNSAFE_LINE, metadata={"max_length": 400})
    autosave_seconds: float = field(default=1.5, metadata={"ge": 0.2, "le": 10})
    auto_lock_minutes: int = field(default=5, metadata={"ge": 0, "le": 240})

    def __post_init__(self) -> None:
        problems = []
        for f in fields(self):
            # With `from __future__ import annotations` a field's type is its annotation's text.
            value, problem = _checked(str(f.type), f.metadata, getattr(self, f.name))
            if problem:
                problems.append(Problem(f.name, problem))
            else:
                object.__setattr__(self, f.name, value)
        if problems:
            raise InvalidData(problems, "settings")

    @property
    def author(self) -> str:
        """PDF author metadata: the service and/or therapist as configured."""
        parts = [p for p in (self.therapist_name, self.service_name) if p]
        return ", ".join(parts) or "Homework Planner"

    # ---- the field table -----------------------------------------------------------------
    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def default(cls, name: str) -> Any:
        return next(f.default for f in fields(cls) if f.name == name)

    @classmethod
    def max_length(cls, name: str) -> int:
        """A text field's limit, so a form's counter and the check never disagree."""
        return int(next(f.metadata["max_length"] for f in fields(cls) if f.name == name))

    # ---- conversions ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.field_names()}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def with_changes(self, **changes: Any) -> Settings:
        """A checked copy with these values changed (InvalidData if one is not valid)."""
        return replace(self, **changes)


def _checked(kind: str, rules: Any, value: Any) -> tuple[Any, str]:
    """(the value as stored, "") or (None, what is wrong), for one field."""
    if kind == "str":
        if not isinstance(value, str):
            return None, "must be text"
        if len(value) > rules.get("max_length", math.inf):
            return None, f"must be at most {rules['max_length']} characters"
        if not value.isprintable() and any(_unusable(ch) for ch in value):
            # Half a surrogate pair cannot be written to a PDF or a text file; a control
            # character prints as nothing. Both come from a damaged or hand-edited file.
            return None, "holds a broken or invisible character; type it again"
        return value, ""
    # Numbers: JSON gives int or float; true/false are not numbers here.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None, "must be a whole number" if kind == "int" else "must be a number"
    if kind == "int":
        if value != int(value):
            return None, "must be a whole number"
        value = int(value)
    else:
        value = float(value)
    if value < rules.get("ge", -math.inf):
        return None, f"must be at least {rules['ge']}"
    if value > rules.get("le", math.inf):
        return None, f"must be at most {rules['le']}"
    return value, ""


def _unusable(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category == "Cs" or (category == "Cc" and ch not in "\n\r\t")


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    # Version 0 had no schema_version; nothing else changed. New versions add steps here.
    data = dict(data)
    data.setdefault("schema_version", SETTINGS_VERSION)
    return data


def settings_from_dict(data: Any) -> Settings:
    """Keep every good value; a bad one falls back to its default with a warning (field only)."""
    if not isinstance(data, dict):
        log.warning("settings file is not an object; using defaults")
        return Settings()
    data = _migrate(data)
    good: dict[str, Any] = {}
    for name in Settings.field_names():
        if name not in data:
            continue
        try:
            Settings(**{name: data[name]})
        except InvalidData:
            log.warning("setting %r is not valid; using its default", name)
            continue
        good[name] = data[name]
    return Settings(**good)
