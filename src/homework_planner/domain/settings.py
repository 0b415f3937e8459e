"""Service preferences printed on handouts and records; versioned, bad values fall back to defaults."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    schema_version: int = SETTINGS_VERSION
    service_name: str = Field(default="", max_length=80)
    service_phone: str = Field(default="", max_length=40)
    therapist_name: str = Field(default="", max_length=80)
    unsafe_line: str = Field(
        default=(
            "If you feel unsafe or think you might act on thoughts of harming yourself, "
            "call 999 or go to A&E. You can also call NHS 111 (option 2) or Samaritans on 116 123."
        ),
        max_length=400,
    )
    autosave_seconds: float = Field(default=1.5, ge=0.2, le=10)
    auto_lock_minutes: int = Field(default=5, ge=0, le=240)

    @property
    def author(self) -> str:
        """PDF author metadata: the service and/or therapist as configured."""
        parts = [p for p in (self.therapist_name, self.service_name) if p]
        return ", ".join(parts) or "Homework Planner"


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
    for name, value in data.items():
        if name not in Settings.model_fields:
            continue
        try:
            Settings.model_validate({name: value})
        except ValidationError:
            log.warning("setting %r is not valid; using its default", name)
            continue
        good[name] = value
    return Settings.model_validate(good)
