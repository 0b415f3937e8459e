"""Reading and writing the settings JSON file atomically; a special or broken file never hangs."""

from __future__ import annotations

import logging
from pathlib import Path

from ..domain.errors import InvalidData
from ..domain.limits import load_json
from ..domain.settings import Settings, settings_from_dict
from ..fileio import SpecialFile, TooLarge, read_limited, write_atomic

log = logging.getLogger(__name__)

# The file holds a few short values (well under 2 KB); anything far larger is not ours.
MAX_SETTINGS_BYTES = 64 * 1024


class SettingsUnreadable(Exception):
    """The settings file exists but cannot be used; the message says what to do."""


def read_settings(path: Path) -> Settings:
    """The settings in `path` (defaults if there is none). A file that is not a readable JSON
    object raises SettingsUnreadable; a bad value in a good file falls back to its default."""
    try:
        raw = read_limited(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return Settings()
    except SpecialFile as exc:
        raise SettingsUnreadable(_unusable(path, f"{exc.strerror}")) from None
    except TooLarge:
        raise SettingsUnreadable(
            _unusable(path, "it is far too large to be a settings file")
        ) from None
    except OSError as exc:
        raise SettingsUnreadable(_unusable(path, f"it cannot be read ({exc.strerror})")) from None
    try:
        data = load_json(raw.decode("utf-8"), "settings file")
    except UnicodeDecodeError:
        raise SettingsUnreadable(_unusable(path, "it is not UTF-8 text")) from None
    except InvalidData:
        raise SettingsUnreadable(_unusable(path, "it is not a valid settings file")) from None
    if not isinstance(data, dict):
        raise SettingsUnreadable(_unusable(path, "it is not a valid settings file"))
    return settings_from_dict(data)


def _unusable(path: Path, why: str) -> str:
    return (
        f"The settings file {path} cannot be used: {why}. Move it away or delete it, then "
        "enter the service details again in the window (File > Preferences)."
    )


def load_settings(path: Path, *, strict: bool = False) -> Settings:
    """The settings for the window: a file that cannot be used gives the defaults with a
    warning (strict=True raises SettingsUnreadable instead, for commands that print)."""
    try:
        return read_settings(path)
    except SettingsUnreadable:
        if strict:
            raise
        log.warning("settings file could not be used; using defaults")
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    write_atomic(path, settings.to_json() + "\n")
