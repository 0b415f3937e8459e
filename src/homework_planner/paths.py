"""Every user path in one place: data folder, database, backups, settings (platformdirs-based)."""

from __future__ import annotations

import errno
import os
import stat
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
    """Create the folder (and any missing parent) owner-only (0700) if it does not exist.

    An existing folder is never changed: its mode is its owner's choice (a shared 1777 folder
    stays shared, a read-only 0500 one stays read-only and is refused where it must be written).
    See shared_folder_warning() for telling the user about a folder others can read."""
    missing: list[Path] = []
    probe = Path(folder)
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for made in reversed(missing):
        try:
            made.mkdir(mode=0o700)
        except FileExistsError:  # made by another process in the meantime: not ours to change
            continue
        if os.name == "posix":
            os.chmod(made, 0o700)  # exactly 0700 whatever the umask; we have just made it
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    return folder


_warned: set[Path] = set()


def shared_folder_warning(folder: Path) -> str | None:
    """Once per folder and process: a message when other users may read the data folder.
    Nothing is changed; the files inside are made owner-only (0600) anyway."""
    if os.name != "posix" or folder in _warned:
        return None
    try:
        mode = folder.stat().st_mode
    except OSError:
        return None
    if not mode & (stat.S_IROTH | stat.S_IWOTH):
        return None
    _warned.add(folder)
    return (
        f"The data folder {folder} can be read by other users of this computer. Its "
        "permissions were not changed (the data files themselves are private); move the data "
        "to a private folder, or run chmod 700 on it, if others should not see it."
    )
