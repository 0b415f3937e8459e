"""Reading and writing the settings JSON file atomically."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from ..domain.settings import Settings, settings_from_dict
from ..fileio import write_atomic

log = logging.getLogger(__name__)


def load_settings(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("settings file could not be read; using defaults")
        return Settings()
    return settings_from_dict(data)


def save_settings(path: Path, settings: Settings) -> None:
    write_atomic(path, settings.to_json() + "\n")
