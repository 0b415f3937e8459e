"""Every user path in one place: data folder, database, backups, settings (platformdirs-based)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "HomeworkPlanner"
DATA_ENV = "HOMEWORK_PLANNER_DATA"
CONFIG_ENV = "HOMEWORK_PLANNER_CONFIG"
DB_NAME = "homework-planner.sqlite3"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir beats $HOMEWORK_PLANNER_DATA beats the platform's user data folder."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False, roaming=False))


def config_dir() -> Path:
    """Window layout and other per-computer (not per-data-folder) preferences."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=False))


def database_path(folder: Path) -> Path:
    return folder / DB_NAME


def settings_path(folder: Path) -> Path:
    """The service's preferences (name, phone, safety line) live with the data they print on."""
    return folder / "settings.json"


def backups_dir(folder: Path) -> Path:
    return folder / "backups"


def lock_path(folder: Path) -> Path:
    return folder / "homework-planner.lock"


def gui_state_path() -> Path:
    return config_dir() / "window.ini"


def ensure_private_dir(folder: Path) -> Path:
    """Create the folder if needed; on POSIX make it owner-only (0700)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    return folder
