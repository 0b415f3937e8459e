"""The store's exceptions, and plain messages for faults of the disk or the driver."""

from __future__ import annotations

import errno
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


class StoreError(Exception):
    """A problem the user can act on. The message is plain and holds no clinical content."""


class NotOurDatabase(StoreError):
    pass


class NewerDatabase(StoreError):
    pass


class DamagedDatabase(StoreError):
    pass


class PassphraseRequired(StoreError):
    """The store is protected: ask for the passphrase and open it again with it."""


class WrongPassphrase(StoreError):
    """The key-check file says this passphrase is not the store's passphrase."""


class StaleDatabase(DamagedDatabase):
    """The store is older than its last acknowledged save (its -wal was damaged or removed)."""


class StorageFault(StoreError):
    """The disk or the file system refused a read or a write. Nothing was half-written.

    reason is one of: disk_full, read_only, io_error, busy, damaged, closed, other.
    disk_full is never damage: nothing was lost, and no backup is ever offered for it.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


DISK_FULL_MESSAGE = "The disk is full: free some space, then try again; nothing was lost."
# Below this much free space an I/O error while writing is the disk being full (SQLite reports
# a full disk as an I/O error when it cannot grow its -shm file).
_NEARLY_FULL_BYTES = 1024 * 1024
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}

# Said by the window and by the command line alike: the window adds that what was typed is
# still on screen (gui/editor/saving.py), which a command line cannot say.
_FAULTS = {
    "disk_full": DISK_FULL_MESSAGE,
    "read_only": (
        "The data folder cannot be written to (it is read-only), so this change was not saved. "
        "Check that the drive is not write-protected and that you may write to the folder, "
        "then try again."
    ),
    "io_error": (
        "The disk reported an error while saving, so this change was not saved and nothing "
        "was half-written. Check that the disk or USB drive is still connected, then try "
        "again."
    ),
    "busy": (
        "The data file is busy (another program is using it). Nothing was changed. Wait a "
        "moment and try again; if it keeps happening, close other programs that use the folder."
    ),
    "damaged": (
        "The data file has become damaged. Nothing more was written to it. Close Homework "
        "Planner; when you start it again it will offer the newest good backup."
    ),
    "closed": "The store is closed. Start Homework Planner again to keep working.",
    "other": (
        "The data file could not complete this change, so nothing was saved. Try again; if it "
        "keeps happening, restart the app."
    ),
}


def disk_has_no_room(folder: Path) -> bool:
    """True when the file system of `folder` has (almost) no space left for this user."""
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):  # AttributeError: Windows has no statvfs
        return False
    return st.f_bavail * st.f_frsize < _NEARLY_FULL_BYTES


def fault_from(exc: BaseException, folder: Path | None = None) -> StorageFault:
    """A plain StorageFault for a driver exception (or an OSError). The driver's text is never
    shown: it is technical, and a constraint message could name a column of personal content.

    A full disk (SQLITE_FULL, ENOSPC, EDQUOT, or an I/O error on a disk with no room left,
    when `folder` is given) is told apart from damage: nothing was lost."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if (
        primary == 13
        or "disk is full" in text
        or (isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS)
        or (primary == 10 and folder is not None and disk_has_no_room(folder))
    ):
        reason = "disk_full"
    elif primary == 8 or "readonly" in text or "read-only" in text:
        reason = "read_only"
    elif primary == 10 or "i/o error" in text:
        reason = "io_error"
    elif primary in (5, 6) or "locked" in text or "busy" in text:
        reason = "busy"
    elif primary in (11, 26) or "malformed" in text or "not a database" in text:
        reason = "damaged"
    elif "closed" in text:
        reason = "closed"
    else:
        reason = "other"
    log.warning(
        "storage fault: %s (%s)", reason, getattr(exc, "sqlite_errorname", type(exc).__name__)
    )
    return StorageFault(_FAULTS[reason], reason)


def _damaged_text() -> StorageFault:
    # Stored text that is no longer valid UTF-8: damage inside a record.
    log.warning("stored text could not be decoded")
    return StorageFault(_FAULTS["damaged"], "damaged")


def _folder_error(path: Path, exc: OSError) -> StoreError:
    if exc.errno in _FULL_ERRNOS:
        return StorageFault(DISK_FULL_MESSAGE, "disk_full")
    if isinstance(exc, IsADirectoryError):
        return NotOurDatabase(
            f"{path} is a folder, not a Homework Planner data file. Nothing was changed. "
            "Move that folder away, or choose another data folder with --data-dir."
        )
    if exc.errno in (13, 30) or isinstance(exc, PermissionError):  # EACCES, EROFS
        return StorageFault(
            f"The data folder {path.parent} cannot be written to (it is read-only or belongs "
            "to someone else). Nothing was opened. Start with --data-dir to use a folder you "
            "can write to, or ask for write access.",
            "read_only",
        )
    return StorageFault(
        f"The data folder {path.parent} could not be used ({exc.strerror}). Nothing was "
        "opened. Start with --data-dir to choose another folder.",
        "io_error",
    )
