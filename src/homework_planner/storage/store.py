"""The local SQLite store: clients, assignments (with history), reviews, import and export."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import sqlite3
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain.vocabulary import client_display_name, now_utc
from . import audit, backup, crypto, protection, schema

if TYPE_CHECKING:
    from ..domain.models import Assignment, Client, ClientFile, Review

# The pydantic models (domain.models) are imported where a record is read or written, not
# here: opening the store and listing clients and assignments is what every start does before
# the window shows, and importing pydantic and the models costs more than 100 ms.

log = logging.getLogger(__name__)


SQLITE_MAGIC = b"SQLite format 3\x00"
# Stores up to this size get PRAGMA quick_check at every open (one therapist's caseload is a
# few MB; 64 MB is about 24,000 assignments). See check_database_file.
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
# Above this size the daily backup is written by a thread (about 5 ms per MB), so that the
# save that triggers it stays fast; below it the copy takes a few milliseconds.
BACKGROUND_BACKUP_BYTES = 32 * 1024 * 1024
# An autosave that only overwrites this session's version is logged at most this often.
AUTOSAVE_AUDIT_SECONDS = 300


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


class SavedVersion(int):
    """The version number a save stored (an int, as before), and whether the stored assignment
    had been changed by someone else since this session last saved it: then the save was kept
    as a new version and the other text is in the history, never overwritten."""

    changed_elsewhere: bool

    def __new__(cls, version: int, changed_elsewhere: bool = False) -> SavedVersion:
        made = super().__new__(cls, version)
        made.changed_elsewhere = changed_elsewhere
        return made


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


class _Cursor:
    """Rows from the driver; a fault while stepping becomes a StorageFault."""

    __slots__ = ("_cur",)

    # sqlcipher3's dbapi2 is a build of the stdlib sqlite3 module: its cursor has the same API.
    def __init__(self, cur: sqlite3.Cursor) -> None:
        self._cur = cur

    def fetchone(self) -> Any:
        try:
            return self._cur.fetchone()
        except crypto.DRIVER_ERRORS as exc:
            raise fault_from(exc) from None
        except UnicodeDecodeError:
            raise _damaged_text() from None

    def fetchall(self) -> list[Any]:
        try:
            return self._cur.fetchall()
        except crypto.DRIVER_ERRORS as exc:
            raise fault_from(exc) from None
        except UnicodeDecodeError:
            raise _damaged_text() from None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cur.lastrowid


class _Guarded:
    """The store's connection: every driver error becomes a plain StorageFault."""

    __slots__ = ("raw",)

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Any = ()) -> _Cursor:
        if self.raw is None:
            raise StorageFault(_FAULTS["closed"], "closed")
        try:
            return _Cursor(self.raw.execute(sql, params))
        except crypto.DRIVER_ERRORS as exc:
            raise fault_from(exc) from None
        except UnicodeDecodeError:
            raise _damaged_text() from None
        except UnicodeEncodeError:
            # A lone surrogate (half of an emoji, from a broken copy and paste or a file):
            # SQLite stores UTF-8 and cannot take it. Refused whole, like any failed save.
            raise StoreError(
                "Some of the text contains a broken character (half of an emoji or symbol, "
                "often from copying between programs), so nothing was saved. Retype the last "
                "special character you entered or pasted, then save again."
            ) from None

    def executemany(self, sql: str, seq: Any) -> _Cursor:
        try:
            return _Cursor(self.raw.executemany(sql, seq))
        except crypto.DRIVER_ERRORS as exc:
            raise fault_from(exc) from None

    @property
    def in_transaction(self) -> bool:
        return self.raw is not None and self.raw.in_transaction


@dataclass(frozen=True)
class AssignmentSummary:
    id: str
    client_code: str
    title: str
    intervention: str
    status: str
    review_date: date | None
    created: datetime
    updated: datetime
    version: int


@dataclass(frozen=True)
class ClientSummary:
    """A client as the client list shows it, read from its row without the validating model."""

    code: str
    preferred_name: str | None
    archived: bool
    size: str  # print needs: "standard", "large" or "extra_large"
    background: str  # "white" or "cream"
    easy_read: bool

    @property
    def display_name(self) -> str:
        return client_display_name(self.code, self.preferred_name)


@dataclass
class ImportResult:
    client_code: str
    client_added: bool = False
    assignments_added: int = 0
    assignments_updated: int = 0
    reviews_added: int = 0
    reviews_updated: int = 0

    def describe(self) -> str:
        n = self.assignments_added + self.assignments_updated
        parts = [f"Imported {n} assignment{'s' if n != 1 else ''}"]
        r = self.reviews_added + self.reviews_updated
        if r:
            parts.append(f"{r} review{'s' if r != 1 else ''}")
        text = " and ".join(parts) + f" for {self.client_code}"
        return text + (" (new client)" if self.client_added else "")


@dataclass(frozen=True)
class OutboxItem:
    """A fact to publish to the service hub (hub/), queued in the same transaction as the
    fact itself: "agreement", "review" or "withdrawal". Pseudonymous codes only."""

    record_type: str
    record_id: str
    client_code: str
    payload: dict[str, Any]
    # None: the next number for this record, unless the newest queued one has the same words.
    version: int | None = None


@dataclass(frozen=True)
class OutboxRow:
    """One queued fact as stored: its JSON text and that text's SHA-256."""

    seq: int
    record_type: str
    record_id: str
    version: int
    client_code: str
    payload: str
    payload_hash: str
    attempts: int


@dataclass(frozen=True)
class SharedTemplate:
    """A template the service published, as last pulled; read-only here."""

    id: str
    version: int
    name: str
    author: str
    published_at: str
    withdrawn_at: str | None
    assignment: Assignment


def outbox_text(payload: dict[str, Any]) -> tuple[str, str]:
    """The canonical JSON of a payload and its SHA-256. json.dumps escapes control characters
    (NUL too), so the text can be stored by PostgreSQL, whose text cannot hold NUL."""
    import hashlib

    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _iso(dt: datetime | date | None) -> str | None:
    return None if dt is None else dt.isoformat()


def _row_status(a: Assignment) -> str:
    """The row's status column, for lists: "withdrawn" and "amended" (changed since agreed)
    are listed as such; the JSON keeps its own status, the withdrawal and the agreements."""
    if a.withdrawal is not None:
        return "withdrawn"
    if a.status == "agreed" and a.agreements:
        from ..domain.agreement import agreement_state

        if agreement_state(a).amended:
            return "amended"
    return a.status


def _dump(model: Assignment | Review) -> str:
    from ..domain.models import to_json_dict

    return json.dumps(to_json_dict(model), ensure_ascii=False, sort_keys=True)


def check_database_file(path: Path, passphrase: str | None = None) -> None:
    """Refuse, without changing a byte, a file that is not ours, is newer, or is damaged.

    A protected (SQLCipher) file has no "SQLite format 3" header: with its key-check file beside
    it, it asks for the passphrase (PassphraseRequired), and tells a wrong passphrase
    (WrongPassphrase) from a damaged file (DamagedDatabase).

    An existing file that is empty or cut short is never taken for a new store when the folder
    shows that it held data (its commit seal, backups, a -wal): that is DamagedDatabase, so the
    window offers the newest backup. A full disk is said to be a full disk (StorageFault
    "disk_full"), never damage. A store older than its last acknowledged save (a -wal that was
    damaged or removed) is StaleDatabase.
    """
    seal = _read_seal(path)  # before the file: the seal only ever lags behind it
    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise NotOurDatabase(
                f"{path} is a folder, not a Homework Planner data file. Nothing was changed. "
                "Move that folder away, or choose another data folder with --data-dir."
            )
        if not stat.S_ISREG(st.st_mode):
            raise NotOurDatabase(
                f"{path} is not a regular file (it is a device, a pipe or a socket). Nothing "
                "was changed. Move it away, or choose another data folder with --data-dir."
            )
        header = b""
        if st.st_size:
            with open(path, "rb") as fh:
                header = fh.read(100)
    except FileNotFoundError:
        if seal:
            raise _emptied(path, "missing") from None
        return
    except OSError as exc:
        raise _folder_error(path, exc) from None
    if st.st_size == 0 and not _had_data(path, seal):
        return  # a new store (created, then stopped before its first save)
    if len(header) < 100 and _had_data(path, seal):
        raise _emptied(path, "empty" if st.st_size == 0 else "short")
    protected = not header.startswith(SQLITE_MAGIC)
    if not protected and _cut_short(path, header, st.st_size):
        raise _emptied(path, "short")
    if protected:
        has_verifier = crypto.verifier_path(path).exists()
        if len(header) < 100 or (passphrase is None and not has_verifier):
            hint = (
                f" If it is a passphrase-protected store, its key-check file "
                f"{crypto.verifier_path(path).name} is missing from beside it: put it back."
                if len(header) == 100 and path.stat().st_size % 512 == 0
                else ""
            )
            raise NotOurDatabase(
                f"{path} is not a Homework Planner database. Nothing was changed. "
                "Choose another data folder with --data-dir, or move the file away." + hint
            )
        if passphrase is None:
            raise PassphraseRequired(
                "This data is protected with a passphrase. Open it in the Homework Planner "
                "window, which asks for the passphrase; the command line cannot open it."
            )
    try:
        # Read-only: a check must never write, even to a file we are about to refuse.
        con = crypto.connect(path, passphrase if protected else None, read_only=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if app_id == 0 and version == 0 and _no_tables(con):
                # An SQLite file with nothing in it: a new store whose first saves never
                # reached the main file. If they are lost (a damaged -wal), say so.
                if _had_data(path, seal):
                    raise _emptied(path, "wal")
                return
            if app_id != schema.APPLICATION_ID:
                raise NotOurDatabase(
                    f"{path} is an SQLite file from another program, not a Homework Planner "
                    "database. Nothing was changed. Choose another data folder with --data-dir."
                )
            if version > schema.CURRENT_VERSION:
                raise NewerDatabase(
                    f"{path} was written by a newer version of Homework Planner (data format "
                    f"{version}; this version understands up to {schema.CURRENT_VERSION}). "
                    "Nothing was changed. Install the newer version to open it."
                )
            # quick_check reads every page (~0.7 ms per MB on a 2-core laptop): on a very large
            # store it alone would take open past 100 ms. Such a store gets the header, id and
            # version checks above; damage found later while reading is reported as "damaged"
            # by fault_from, with the way back through a backup.
            if path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
                result = con.execute("PRAGMA quick_check").fetchall()
            else:
                result = [("ok",)]
                log.info("store over %d MB: no quick_check at open", QUICK_CHECK_MAX_BYTES >> 20)
            commits = _stored_commits(con) if result == [("ok",)] else None
        finally:
            con.close()
    except crypto.DATABASE_ERRORS + (UnicodeDecodeError,) as exc:
        # UnicodeDecodeError: quick_check's own report can quote a damaged name that is no
        # longer valid text.
        log.warning(
            "database check failed: %s (%s)",
            type(exc).__name__,
            getattr(exc, "sqlite_errorname", ""),
        )
        fault = fault_from(exc, path.parent) if not isinstance(exc, UnicodeDecodeError) else None
        if fault is not None and fault.reason == "read_only":
            raise StorageFault(
                f"The data file {path} (or the folder it is in) is read-only for you, so it "
                "was not opened. Nothing was changed. Make it writable, or start with "
                "--data-dir on a folder you can write to.",
                "read_only",
            ) from None
        if fault is not None and fault.reason in ("disk_full", "busy"):
            # Not damage: the file is as it was; restoring a backup over it would lose data.
            raise fault from None
        if protected:
            _explain_protected_failure(path, passphrase or "")
        raise DamagedDatabase(
            f"{path} is damaged and cannot be opened safely. It has been left exactly as it is. "
            "Restore it from a backup (see the backups folder beside it)."
        ) from None
    if result != [("ok",)]:
        raise DamagedDatabase(
            f"{path} failed its integrity check and has been left exactly as it is. "
            "Restore it from a backup (see the backups folder beside it)."
        )
    if seal is not None and commits is not None and commits < seal:
        log.warning("store is %d commits behind its seal", seal - commits)
        raise StaleDatabase(
            f"{path} is missing changes that were saved: its newest saves (kept in the "
            f"{path.name}-wal file beside it) are damaged or were removed. It has been left "
            "exactly as it is. Start the Homework Planner window: it offers the newest good "
            "backup and keeps this file aside."
        )


# ---- the commit seal: each save's number, kept outside the -wal ------------------------------
# Every transaction adds one to store_seal.commits and, once committed, writes that number to
# a small file beside the store. At open, a store whose number is below the file's has lost
# acknowledged saves (its -wal was damaged or deleted): SQLite alone would open it silently.
# The file only ever lags behind the store (written after the commit), never runs ahead of it.
SEAL_SUFFIX = ".commits"
_SEAL_TABLE = (
    "CREATE TABLE IF NOT EXISTS store_seal("
    "id INTEGER PRIMARY KEY CHECK (id = 1), commits INTEGER NOT NULL)"
)


def seal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SEAL_SUFFIX)


def _seal_text(commits: int) -> bytes:
    body = f"{commits:020d}"
    return f"{body} {zlib.crc32(body.encode()):08x}\n".encode()


def _read_seal(db_path: Path) -> int | None:
    """The last acknowledged commit number, or None (no file, or a torn or foreign one)."""
    try:
        with open(seal_path(db_path), "rb") as fh:
            raw = fh.read(64)
    except OSError:
        return None
    parts = raw.decode("ascii", "replace").split()
    if len(parts) != 2 or not parts[0].isdigit() or len(parts[0]) != 20:
        return None
    if f"{zlib.crc32(parts[0].encode()):08x}" != parts[1]:
        return None
    return int(parts[0])


def _write_seal(db_path: Path, commits: int) -> None:
    """Overwrite the seal in place: one small write of fixed length.

    No fsync (it would double the cost of an autosave, ~3 ms): the seal is written after the
    commit is on disk, so a power cut can only leave it behind the store (a missed check, never
    a false alarm), and a torn write fails its checksum and is ignored. A -wal damaged or
    deleted while the computer runs, the case this catches, meets the seal in the page cache."""
    fd = os.open(seal_path(db_path), os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.write(fd, _seal_text(commits))  # at offset 0, always the same length
    finally:
        os.close(fd)


def _replace_from_backup(db_path: Path, backup_path: Path) -> None:
    """Put a backup in place of the store. The commit counter counted the replaced file's
    saves: it goes first, so that a crash at any point never calls the restored store stale."""
    reset_seal(db_path)
    backup.replace_database(db_path, backup_path)


def reset_seal(db_path: Path) -> None:
    """After the store file was replaced by a backup outside a Store (the window's restore at
    start): the seal belongs to the file that was replaced."""
    with contextlib.suppress(FileNotFoundError):
        seal_path(db_path).unlink()


def _stored_commits(con: Any) -> int:
    try:
        row = con.execute("SELECT commits FROM store_seal WHERE id = 1").fetchone()
    except crypto.DATABASE_ERRORS:  # no such table: a store from before the seal
        return 0
    return int(row[0]) if row else 0


def _cut_short(path: Path, header: bytes, size: int) -> bool:
    """The header says the file is longer than it is (checked without reading the pages, so
    also for a store too large for quick_check at open). Only with no -wal beside it: a
    checkpoint interrupted by a crash can leave the same picture, and the -wal completes it."""
    if len(header) < 100 or header[92:96] != header[24:28]:
        return False  # the in-header size is valid only when these two counters agree
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if not pages or pages * page_size <= size:
        return False
    try:
        return path.with_name(path.name + "-wal").stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _no_tables(con: Any) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None


def _had_data(path: Path, seal: int | None) -> bool:
    """Signs that this store held saved data: a commit seal, a backup, or a non-empty -wal."""
    if seal:
        return True
    with contextlib.suppress(OSError):
        if path.with_name(path.name + "-wal").stat().st_size > 0:
            return True
    with contextlib.suppress(OSError):
        return bool(backup.backup_files(path.parent / "backups"))
    return False


_EMPTIED_CAUSE = {
    "missing": "is missing, but this folder held saved data (it was moved or deleted)",
    "empty": "is empty (0 bytes), but it held saved data (another program or a failing disk "
    "emptied it)",
    "short": "has been cut short, but it held saved data (another program or a failing disk "
    "truncated it)",
    "wal": "has lost its saved data: the saves were in its -wal file beside it, which is "
    "damaged or missing",
}


def _emptied(path: Path, cause: str) -> DamagedDatabase:
    log.warning("store file %s although it held data", cause)
    return DamagedDatabase(
        f"{path} {_EMPTIED_CAUSE[cause]}. A new, empty store was not made in its place, and "
        "nothing was changed. Start the Homework Planner window: it offers the newest good "
        "backup and keeps this file aside. (To start again with no data instead, move "
        "everything in the data folder elsewhere first.)"
    )


def _explain_protected_failure(path: Path, passphrase: str) -> None:
    """A protected file did not open: wrong passphrase or damage? The key-check file decides."""
    verdict = crypto.verify(path, passphrase)
    if verdict is False:
        raise WrongPassphrase(
            "That passphrase does not open this store. Check Caps Lock and the keyboard "
            "layout, and try again. Nothing was changed."
        )
    if verdict is None:
        raise WrongPassphrase(
            "This store could not be opened with that passphrase. Either the passphrase is "
            "wrong or the file is damaged (its key-check file, which tells the two apart, is "
            "missing). Try the passphrase again; if it surely is right, restore a backup."
        )
    interrupted = crypto.verifier_count(path) > 1
    raise DamagedDatabase(
        f"The passphrase is right, but {path} is damaged and cannot be opened safely. It has "
        "been left exactly as it is. Restore it from a backup (see the backups folder beside it)."
        + (
            " A change of passphrase may have been interrupted: try your previous passphrase too."
            if interrupted
            else ""
        )
    )


def _open_connection(path: Path, connector: crypto.Connector) -> Any:
    try:
        con = connector(path)
    except crypto.DRIVER_ERRORS as exc:
        raise fault_from(exc, path.parent) from None
    try:
        con.execute("PRAGMA busy_timeout = 5000")
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = FULL")
    except crypto.DRIVER_ERRORS as exc:
        con.close()
        raise fault_from(exc, path.parent) from None
    return con


def _recover_protection_change(path: Path) -> str | None:
    """protection.recover, with its failures as plain messages. None: nothing was pending."""
    try:
        return protection.recover(path, path.parent / "backups")
    except (ValueError, KeyError, TypeError):
        raise StoreError(
            f"A change of passphrase was interrupted, and its record file "
            f"{protection.intent_path(path).name} beside the data is damaged, so it cannot be "
            "finished safely. Nothing was changed. Keep the data folder as it is and ask your "
            "IT support for help."
        ) from None
    except OSError as exc:
        raise StoreError(
            f"A change of passphrase was interrupted and could not be finished ({exc.strerror}). "
            "Nothing more was changed. Check that the data folder can be written to, then start "
            "Homework Planner again."
        ) from None


def _restore_note_path(path: Path) -> Path:
    return path.with_name(path.name + ".restore-note")


def _write_restore_note(path: Path, restored: str, log_from: str | None) -> None:
    """Before a restore swaps the file: which backup, where the live log is (a backup's name),
    and the live file's identity, which tells after a crash whether the swap happened."""
    from ..fileio import write_atomic

    note = {"restored": restored, "log_from": log_from, "live_file": path.stat().st_ino}
    write_atomic(_restore_note_path(path), json.dumps(note) + "\n")


def _read_restore_note(path: Path) -> dict[str, Any] | None:
    note_path = _restore_note_path(path)
    try:
        note = json.loads(note_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        note = None
    if not isinstance(note, dict) or note.get("live_file") == path.stat().st_ino:
        # The swap never happened (or the note is unreadable): the store is the live one.
        note_path.unlink(missing_ok=True)
        return None
    return note


def _rows_of(path: Path, connector: crypto.Connector) -> list[tuple[Any, ...]]:
    """The audit rows of another file of this store (a backup), for carrying a log forward."""
    con = connector(path, read_only=True)
    try:
        if con.execute("PRAGMA user_version").fetchone()[0] < schema.AUDIT_CHAIN_VERSION:
            raise sqlite3.DatabaseError("a backup from before the audit chain")
        return audit.all_rows(con)
    finally:
        con.close()


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


_Raw = TypeVar("_Raw")
_Loaded = TypeVar("_Loaded")


def _backup_problem(what: str, exc: BaseException, folder: Path) -> str:
    """Why a backup failed, naming a full disk only when the disk is full."""
    near = folder if folder.exists() else folder.parent
    if fault_from(exc, near).reason == "disk_full" or disk_has_no_room(near):
        return f"{what} Your data is saved, but the disk is full: free some space."
    return (
        f"{what} Your data is saved. Check that you may write to that folder, then make "
        "one with File, then Back up now."
    )


def _refuse_read_only_files(path: Path) -> None:
    """An existing store that this user may not write (the file, its -wal or -shm, or the
    folder they live in) is refused with what to do, before SQLite half-opens it: its mode is
    the owner's to change, never ours."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if p.exists() and not os.access(p, os.R_OK | os.W_OK):
            raise StorageFault(
                f"The data file {p} is read-only for you, so the store was not opened. Nothing "
                "was changed. Make it writable (for example chmod u+w on it and on the -wal "
                "and -shm files beside it), or start with --data-dir on a folder you can write "
                "to.",
                "read_only",
            )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StorageFault(
            f"The data folder {path.parent} is read-only for you, so the store was not opened. "
            "Nothing was changed. Make the folder writable, or start with --data-dir on a folder "
            "you can write to.",
            "read_only",
        )


def _readable(load: Callable[[_Raw], _Loaded], raw: _Raw) -> _Loaded:
    """A stored record the model cannot read (damage the page checks did not see) is a plain
    StorageFault, never a JSON or validation error from deep inside."""
    try:
        return load(raw)
    except ValueError:  # JSONDecodeError, pydantic's ValidationError, InvalidData
        log.warning("a stored record could not be read")
        raise StorageFault(
            "A record in the data file is damaged and cannot be read. Nothing was changed. "
            "Restore the newest good backup (File, then Restore from backup).",
            "damaged",
        ) from None


def _assignment_from(raw: str) -> Assignment:
    from ..domain.migrations import parse_assignment

    return _readable(lambda text: parse_assignment(json.loads(text)), raw)


def _summary(r: tuple[Any, ...]) -> AssignmentSummary:
    return AssignmentSummary(
        id=r[0],
        client_code=r[1],
        title=r[2],
        intervention=r[3],
        status=r[4],
        review_date=date.fromisoformat(r[5]) if r[5] else None,
        created=datetime.fromisoformat(r[6]),
        updated=datetime.fromisoformat(r[7]),
        version=r[8],
    )


class Store:
    """One writer connection to one database file. Each save is one transaction.

    Also: a rolling backup before the first change of each day and before every import,
    migration, restore and change of protection (backups.py); the audit log (audit.py); the
    drafts being edited, so a crash can offer them back; optional SQLCipher protection.
    """

    def __init__(
        self,
        con: Any,
        path: Path,
        connector: crypto.Connector | None = None,
        *,
        backups: bool = True,
    ) -> None:
        self._con = _Guarded(con)
        self.path = path
        self._connector = connector or crypto.Connector(None)
        self.backups_enabled = backups
        self.backups_folder = path.parent / "backups"
        self.last_backup_problem: str | None = None  # for the status bar; None when all is well
        self._session_ids: set[str] = set()
        # What this session last stored for each of _session_ids: (version, data). A coalesced
        # save overwrites the stored version only if it is still exactly that.
        self._session_saved: dict[str, tuple[int, str]] = {}
        self._editing: set[str] = set()  # open_drafts rows this session wrote
        self._autosave_logged: dict[str, float] = {}
        self._after_commit: list[Callable[[], None]] = []
        self._backup_checked: date | None = None
        self._backup_thread: threading.Thread | None = None

    # ---- opening and closing -------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        passphrase: str | None = None,
        backups: bool = True,
    ) -> Store:
        """Open (or create) the store. A protected store needs its passphrase: without it,
        PassphraseRequired; with a wrong one, WrongPassphrase. With a passphrase, a new store
        is created protected."""
        path = Path(path)
        if path.is_file():
            # Before anything opens it: even a read-only check leaves a -shm beside it.
            _refuse_read_only_files(path)
        # Before anything reads the store: finish or roll back an interrupted change of
        # passphrase protection, so that the store and its backups are on one key.
        _recover_protection_change(path)
        check_database_file(path, passphrase)
        try:
            # check_database_file has refused an emptied file that held data: this one is new.
            is_new = not path.exists() or path.stat().st_size == 0
            protected = crypto.is_protected(path) or (
                passphrase is not None and not is_new and not crypto.has_sqlite_header(path)
            )
            if is_new and passphrase is not None:
                crypto.check_passphrase_rules(passphrase)
                if not crypto.available():
                    raise StoreError(
                        "Passphrase protection needs the SQLCipher library, which is missing. "
                        "Reinstall Homework Planner."
                    )
                protected = True
            if is_new:
                path.parent.mkdir(parents=True, exist_ok=True)
                # Created owner-only; SQLite gives its -wal and -shm files the same mode.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
                if protected:
                    crypto.write_verifier(path, passphrase or "")
            elif not protected and crypto.verifier_path(path).exists():
                # Left by a crash while protection was being set up or removed; the plain
                # header shows which side of the switch the store is on.
                crypto.remove_verifier(path)
            # An existing file keeps its mode: changing it (here or on its -shm) is the owner's
            # decision, and half a change left the store unwritable before.
        except crypto.PassphraseProblem as exc:
            raise StoreError(str(exc)) from None
        except OSError as exc:
            raise _folder_error(path, exc) from None
        connector = crypto.Connector(passphrase if protected else None)
        store = cls(_open_connection(path, connector), path, connector, backups=backups)
        if protected and passphrase and crypto.verifier_count(path) != 1:
            # A change of passphrase was interrupted (both were valid): the one that opened
            # the store is now the only one the lock screen accepts.
            crypto.write_verifier(path, passphrase)
        # Recovered now, or by an earlier attempt that stopped to ask for the passphrase.
        store.protection_recovered = protection.take_message(path)
        try:
            before = store.schema_version
            store._migrate()
            store._check_audit(chain_is_new=before < schema.AUDIT_CHAIN_VERSION)
        except BaseException:
            store.close(clean=False)
            raise
        return store

    # ---- the audit chain's head, outside the database --------------------------------------
    # Set by open: what was done to a protection change interrupted last time, and what was
    # found if the audit log was altered (plain messages for the window); the head last written.
    protection_recovered: str | None = None
    audit_problem: str | None = None
    _audit_head: audit.Head | None = None

    def _check_audit(self, *, chain_is_new: bool) -> None:
        """At open: the log against its head file. A log the app did not write is never
        accepted silently: the finding is recorded in the log (chained, so it cannot be removed
        unseen either), the chain is sealed again, and audit_problem says what to do."""
        self.audit_problem = None
        head = audit.read_head(self.path)
        note = _read_restore_note(self.path)
        if note is not None:
            self._audit_head = audit.current_head(self._con)
            self._finish_restore_note(note)
            return
        check = audit.ChainCheck() if chain_is_new else audit.check_chain(self._con, head)
        current = audit.current_head(self._con)
        self._audit_head = current
        if check.reason is None:
            if head != current:  # a new chain, or rows committed just before a crash
                self._write_audit_head(current)
            return
        log.warning("the audit log does not match its head: %s", check.reason)
        self.audit_problem = audit.problem_message(check)
        try:
            with self._tx() as con:
                if check.reason == "rows_changed":
                    audit.seal(con, check.first_bad_seq or 1)
                audit.restore_triggers(con)
                audit.record(
                    con,
                    record_type="store",
                    record_id=check.reason,
                    action="log_altered",
                    version=check.first_bad_seq,
                )
        except StoreError as exc:  # a read-only folder: still told, at every open
            log.warning("the finding could not be recorded: %s", type(exc).__name__)

    def _finish_restore_note(self, note: dict[str, Any]) -> None:
        """A restore (in the app, or of a damaged store at start) carries the log forward:
        the live log is copied from the backup made just before the restore, then the restore
        is logged. The note is removed only once that has committed (a crash repeats it)."""
        carried: list[tuple[Any, ...]] | None = None
        source = note.get("log_from")
        if isinstance(source, str):
            try:
                carried = _rows_of(self.backups_folder / Path(source).name, self._connector)
            except crypto.DRIVER_ERRORS + (OSError,):
                log.warning("the log could not be carried forward from the backup")
        name = str(note.get("restored", ""))
        before = audit.read_head(self.path)
        with self._tx() as con:
            if carried is not None:
                audit.replace_rows(con, carried)
            lost = None
            if carried is None and isinstance(before, audit.Head):
                have = con.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
                lost = max(0, before.entries - have)
            audit.record(
                con,
                record_type="store",
                record_id=Path(name).name,
                action="restored" if carried is not None else "restored_after_damage",
                version=lost,
            )
        _restore_note_path(self.path).unlink(missing_ok=True)

    def _write_audit_head(self, head: audit.Head) -> None:
        try:
            audit.write_head(self.path, head)
        except OSError as exc:  # e.g. a read-only folder; written again after the next change
            log.warning("the audit head could not be written: %s", exc.strerror)
            return
        self._audit_head = head

    def _audit_after_commit(self) -> None:
        """After each commit: if the log grew, its new head goes to the file outside."""
        known = self._audit_head
        if known is None:
            return
        try:
            seq, digest = audit.last_link(self._con)
        except StoreError:
            return
        if seq != known.seq or digest != known.hash:
            self._write_audit_head(audit.Head(seq, digest, known.entries + seq - known.seq))

    def _migrate(self) -> None:
        version = self._con.execute("PRAGMA user_version").fetchone()[0]
        if version == schema.CURRENT_VERSION:
            return
        has_tables = self._con.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone()
        if has_tables:
            # The data as it was before the upgrade: if a migration ever goes wrong, this is it.
            self._make_backup("migration")
        with self._tx() as con:
            for step in range(version, schema.CURRENT_VERSION):
                log.info("migrating database from version %d", step)
                schema.MIGRATIONS[step](con)
            con.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION}")
            con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")

    @property
    def schema_version(self) -> int:
        return int(self._con.execute("PRAGMA user_version").fetchone()[0])

    @property
    def is_protected(self) -> bool:
        return self._connector.passphrase is not None

    @property
    def connector(self) -> crypto.Connector:
        """Opens this store's backups (same passphrase)."""
        return self._connector

    def close(self, *, clean: bool = True) -> None:
        """A clean close forgets this session's drafts-being-edited: nothing to offer back."""
        raw = self._con.raw
        if raw is None:
            return
        self.wait_for_backup()
        if clean and self._editing:
            ids = sorted(self._editing)
            with contextlib.suppress(*crypto.DRIVER_ERRORS):
                raw.execute(
                    f"DELETE FROM open_drafts WHERE assignment_id IN ({','.join('?' * len(ids))})",
                    ids,
                )
            self._editing.clear()
        with contextlib.suppress(*crypto.DRIVER_ERRORS):
            raw.close()
        self._con.raw = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        self._daily_backup()
        self._after_commit.clear()
        try:
            self._con.execute("BEGIN IMMEDIATE")
            try:
                yield self._con
                commits = self._next_commit(self._con)
                self._con.execute("COMMIT")
            except BaseException:
                self._after_commit.clear()
                # A failed COMMIT (disk full, I/O error) can leave the transaction open; SQLite
                # has often rolled back by itself already.
                if self._con.in_transaction:
                    with contextlib.suppress(*crypto.DRIVER_ERRORS):
                        self._con.raw.execute("ROLLBACK")
                raise
        except StorageFault as exc:
            if exc.reason == "io_error" and disk_has_no_room(self.path.parent):
                raise StorageFault(DISK_FULL_MESSAGE, "disk_full") from None
            raise
        self._seal(commits)
        # In-memory bookkeeping follows the database, never runs ahead of it.
        for step in self._after_commit:
            step()
        self._after_commit.clear()
        self._audit_after_commit()

    _seal_table_ready = False  # per Store once its first transaction has made sure of it

    def _next_commit(self, con: Any) -> int:
        """This transaction's number in the commit seal (one small row, in the same commit)."""
        if not self._seal_table_ready:
            con.execute(_SEAL_TABLE)
            con.execute("INSERT OR IGNORE INTO store_seal(id, commits) VALUES (1, 0)")
            self._after_commit.append(lambda: setattr(self, "_seal_table_ready", True))
        con.execute("UPDATE store_seal SET commits = commits + 1 WHERE id = 1")
        return int(con.execute("SELECT commits FROM store_seal WHERE id = 1").fetchone()[0])

    def _seal(self, commits: int) -> None:
        """After the commit: a seal that cannot be written only loses the check, never data."""
        try:
            _write_seal(self.path, commits)
        except OSError as exc:
            log.warning("the commit seal could not be written (%s)", exc.errno)

    # ---- backups -------------------------------------------------------------------------
    def _has_data(self) -> bool:
        if self.schema_version == 0:  # a new file, or the prototype's (backed up by _migrate)
            return False
        return self._con.execute("SELECT 1 FROM clients LIMIT 1").fetchone() is not None

    def _daily_backup(self) -> None:
        """Before the first change of a day: one directory listing per day, not per save."""
        today = datetime.now(timezone.utc).date()
        if self._backup_checked == today or not self.backups_enabled:
            return
        self._backup_checked = today  # also on failure: never retried on every keystroke
        try:
            if self._has_data() and not backup.has_backup_on(self.backups_folder, today):
                if self.path.stat().st_size > BACKGROUND_BACKUP_BYTES:
                    self._backup_in_background("daily")
                else:
                    self._make_backup("daily")
        except StoreError as exc:
            self.last_backup_problem = str(exc)
        except OSError as exc:
            self.last_backup_problem = f"The daily backup could not be made ({exc.strerror})."

    def _backup_in_background(self, kind: str) -> None:
        """The copy is of a snapshot pinned now, before the change about to be made; a thread
        writes it while the app goes on saving (WAL lets the two run side by side)."""
        self.wait_for_backup()
        try:
            src = self._connector(self.path, threads=True)
        except crypto.DRIVER_ERRORS as exc:
            raise fault_from(exc) from None
        try:
            src.execute("BEGIN")
            src.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # pins the snapshot
        except crypto.DRIVER_ERRORS as exc:
            src.close()
            raise fault_from(exc) from None

        def run() -> None:
            try:
                backup.make_backup(src, self.backups_folder, kind, self._connector)
                backup.prune(self.backups_folder)
                self.last_backup_problem = None
            except crypto.DRIVER_ERRORS + (OSError,) as exc:
                log.warning("background backup failed: %s", type(exc).__name__)
                self.last_backup_problem = _backup_problem(
                    f"The daily backup could not be made in {self.backups_folder}.",
                    exc,
                    self.backups_folder,
                )
            finally:
                with contextlib.suppress(*crypto.DRIVER_ERRORS):
                    src.execute("ROLLBACK")
                with contextlib.suppress(*crypto.DRIVER_ERRORS):
                    src.close()

        self._backup_thread = threading.Thread(target=run, name="hp-backup", daemon=True)
        self._backup_thread.start()

    def wait_for_backup(self) -> None:
        """Until a backup being written in the background is complete."""
        thread, self._backup_thread = self._backup_thread, None
        if thread is not None:
            thread.join()

    def _make_backup(self, kind: str) -> Path | None:
        if not self.backups_enabled:
            return None
        self.wait_for_backup()
        try:
            made = backup.make_backup(self._con.raw, self.backups_folder, kind, self._connector)
            backup.prune(self.backups_folder)
        except crypto.DRIVER_ERRORS + (OSError,) as exc:
            log.warning("backup failed: %s", type(exc).__name__)
            self.last_backup_problem = _backup_problem(
                f"The automatic backup could not be made in {self.backups_folder} "
                f"({getattr(exc, 'strerror', None) or 'the copy failed'}).",
                exc,
                self.backups_folder,
            )
            raise StoreError(self.last_backup_problem) from None
        self.last_backup_problem = None
        return made

    def backup_now(self, kind: str = "manual") -> Path:
        """A backup made on request (or before a restore); returns its file."""
        made = self._make_backup(kind)
        if made is None:
            raise StoreError("Backups are switched off for this store.")
        return made

    def list_backups(self, *, verify: bool = False) -> list[backup.BackupInfo]:
        return backup.list_backups(self.backups_folder, self._connector, verify=verify)

    def restore_backup(self, backup_path: Path) -> Path:
        """Replace the whole store with a backup. The current data is backed up first; the
        switch is one atomic file replace. Returns the backup of the data as it was.

        The audit log is not restored with the data: the live log is carried forward from the
        backup made first, and the restore is logged, so the log never shortens. A note beside
        the store says where the live log is until that has committed (a crash repeats it)."""
        info = backup.inspect(Path(backup_path), self._connector, verify=True)
        if not info.ok:
            raise StoreError(
                f"This backup cannot be restored: it is {info.problem}. Choose another one."
            )
        try:
            safety = self.backup_now("restore")
        except StoreError as exc:
            raise StoreError(
                f"{exc} The data as it is now could not be backed up first, so nothing was "
                "restored."
            ) from None
        try:
            _write_restore_note(self.path, info.path.name, safety.name)
        except OSError as exc:
            raise StoreError(
                f"The restore could not be started ({exc.strerror}). Nothing was restored."
            ) from None
        try:
            self._reopen_after(lambda: _replace_from_backup(self.path, Path(backup_path)))
        except StoreError:
            _restore_note_path(self.path).unlink(missing_ok=True)
            raise
        self._migrate()
        note = _read_restore_note(self.path)
        if note is not None:
            self._finish_restore_note(note)
        log.info("store restored from a backup")
        return safety

    def _reopen_after(
        self, swap: Callable[[], None], connector: crypto.Connector | None = None
    ) -> None:
        """Close the connection, change the file, open again. If the change fails, the old
        file is opened again and the failure reported."""
        self._close_for_swap()
        try:
            swap()
        except OSError as exc:
            self._con.raw = _open_connection(self.path, self._connector)
            raise StoreError(
                f"The data file could not be replaced ({exc.strerror}). Nothing was changed."
            ) from None
        if connector is not None:
            self._connector = connector
        self._con.raw = _open_connection(self.path, self._connector)
        self._session_ids.clear()
        self._editing.clear()

    # ---- passphrase protection -----------------------------------------------------------
    def check_passphrase(self, passphrase: str) -> bool:
        """For the lock screen: is this the store's passphrase? (False when not protected.)"""
        current = self._connector.passphrase
        if current is None:
            return False
        verdict = crypto.verify(self.path, passphrase)
        if verdict is None:
            # No key-check file: compare with what opened the store, in constant time.
            import hmac

            return hmac.compare_digest(passphrase.encode(), current.encode())
        return verdict

    def set_passphrase(self, new: str) -> None:
        """Protect an unprotected store (and its backups) with a passphrase."""
        if self.is_protected:
            raise StoreError("This store already has a passphrase. Use Change passphrase.")
        self._rekey(new, "protection_on")

    def change_passphrase(self, old: str, new: str) -> None:
        if not self.is_protected:
            raise StoreError("This store has no passphrase yet. Use Set up a passphrase.")
        if not self.check_passphrase(old):
            raise WrongPassphrase("The current passphrase is not right. Nothing was changed.")
        self._rekey(new, "protection_changed")

    def remove_passphrase(self, current: str) -> None:
        if not self.is_protected:
            raise StoreError("This store has no passphrase.")
        if not self.check_passphrase(current):
            raise WrongPassphrase("The current passphrase is not right. Nothing was changed.")
        self._rekey(None, "protection_off")

    def _rekey(self, new: str | None, action: str) -> None:
        """Put the store and every backup (damaged copies too) under the new key, crash-safely:
        the copies are made first, then one durable commit record, then only renames
        (protection.py). A crash at any point is finished or rolled back at the next open."""
        if new is not None:
            try:
                crypto.check_passphrase_rules(new)
            except crypto.PassphraseProblem as exc:
                raise StoreError(str(exc)) from None
        if not crypto.available():
            raise StoreError(
                "Passphrase protection needs the SQLCipher library, which is missing. "
                "Reinstall Homework Planner."
            )
        old = self._connector.passphrase
        self._make_backup("protection")  # re-keyed with the others below
        self._close_for_swap()
        try:
            plan = protection.prepare(self.path, self.backups_folder, old, new, action)
        except crypto.DRIVER_ERRORS + (
            OSError,
            ValueError,
            protection.ProtectionChangeFailed,
        ) as exc:
            log.warning("re-keying failed: %s", type(exc).__name__)
            self._con.raw = _open_connection(self.path, self._connector)
            raise StoreError(
                "The passphrase could not be changed (a copy could not be written or checked; "
                "check that the disk has room). Nothing was changed."
            ) from None
        try:
            protection.commit(self.path, self.backups_folder, plan)
        except (OSError, ValueError) as exc:
            log.warning("finishing the re-key failed: %s", type(exc).__name__)
            raise StoreError(
                "The change of passphrase could not be completed because a file could not be "
                "renamed. Close Homework Planner and start it again: the change is finished "
                "when it starts, with the new passphrase."
            ) from None
        self._connector = crypto.Connector(new)
        self._con.raw = _open_connection(self.path, self._connector)
        self._audit_head = plan.head

    def _close_for_swap(self) -> None:
        self.wait_for_backup()
        raw = self._con.raw
        with contextlib.suppress(*crypto.DRIVER_ERRORS):
            # Everything into the main file first: the swap removes the -wal beside it.
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with contextlib.suppress(*crypto.DRIVER_ERRORS):
            raw.close()
        self._con.raw = None

    # ---- the audit log and drafts being edited ---------------------------------------------
    def audit_log(
        self, client_code: str | None, *, limit: int | None = None
    ) -> list[audit.AuditEntry]:
        """Newest first: the changes to one client's records (None: to the whole store)."""
        return audit.entries(self._con, client_code, limit=limit)

    def mark_editing(self, assignment: Assignment) -> None:
        """Call when the editor opens an assignment: until finish_editing or a clean close,
        a crash leaves it in unfinished_drafts() for the next start."""
        if assignment.id in self._editing:
            return
        with self._tx() as con:
            con.execute(
                "INSERT OR IGNORE INTO open_drafts(assignment_id, client_code, started)"
                " VALUES (?, ?, ?)",
                (assignment.id, assignment.client_code, now_utc().isoformat()),
            )
            self._after_commit.append(lambda: self._editing.add(assignment.id))

    def finish_editing(self, assignment_id: str) -> None:
        with self._tx() as con:
            con.execute("DELETE FROM open_drafts WHERE assignment_id = ?", (assignment_id,))
        self._editing.discard(assignment_id)

    def unfinished_drafts(self) -> list[AssignmentSummary]:
        """Assignments being edited when the app last stopped without closing properly.
        Their autosaved text is already in the store; the window offers to open them."""
        rows = self._con.execute(
            "SELECT a.id, a.client_code, a.title, a.intervention, a.status, a.review_date,"
            " a.created, a.updated, a.version FROM open_drafts d JOIN assignments a"
            " ON a.id = d.assignment_id ORDER BY a.updated DESC"
        ).fetchall()
        return [_summary(r) for r in rows if r[0] not in self._editing]

    def forget_unfinished_drafts(self, ids: list[str] | None = None) -> None:
        """After offering them: they are not offered again (this session's own stay)."""
        with self._tx() as con:
            rows = con.execute("SELECT assignment_id FROM open_drafts").fetchall()
            for (aid,) in rows:
                if aid not in self._editing and (ids is None or aid in ids):
                    con.execute("DELETE FROM open_drafts WHERE assignment_id = ?", (aid,))

    # ---- clients -------------------------------------------------------------------------
    def add_client(self, client: Client) -> None:
        with self._tx() as con:
            self._insert_client(con, client)
            audit.record(
                con,
                record_type="client",
                record_id=client.code,
                client_code=client.code,
                action="created",
            )

    def _insert_client(self, con: sqlite3.Connection, client: Client) -> None:
        # Codes are ASCII (CLIENT_CODE_RE), so NOCASE folds all of them: "hp-0007" beside
        # "HP-0007" would be two records of one person on paper and on the phone.
        same = con.execute(
            "SELECT code FROM clients WHERE code = ? COLLATE NOCASE", (client.code,)
        ).fetchone()
        if same:
            raise StoreError(
                f"A client with the code {same[0]} already exists (codes are the same in capitals "
                "or small letters). Choose another code."
            )
        now = now_utc().isoformat()
        con.execute(
            "INSERT INTO clients(code, preferred_name, print_needs, archived, created, updated)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                client.code,
                client.preferred_name,
                client.print_needs.model_dump_json(),
                int(client.archived),
                now,
                now,
            ),
        )

    def update_client(self, client: Client) -> None:
        with self._tx() as con:
            before = con.execute(
                "SELECT archived FROM clients WHERE code = ?", (client.code,)
            ).fetchone()
            cur = con.execute(
                "UPDATE clients SET preferred_name = ?, print_needs = ?, archived = ?, updated = ?"
                " WHERE code = ?",
                (
                    client.preferred_name,
                    client.print_needs.model_dump_json(),
                    int(client.archived),
                    now_utc().isoformat(),
                    client.code,
                ),
            )
            if cur.rowcount == 0 or before is None:
                raise StoreError(f"There is no client with the code {client.code}.")
            action = "changed"
            if bool(before[0]) != client.archived:
                action = "archived" if client.archived else "unarchived"
            audit.record(
                con,
                record_type="client",
                record_id=client.code,
                client_code=client.code,
                action=action,
            )

    def archive_client(self, code: str, archived: bool = True) -> None:
        client = self.get_client(code)
        if client is None:
            raise StoreError(f"There is no client with the code {code}.")
        self.update_client(client.model_copy(update={"archived": archived}))

    @staticmethod
    def _client_from_row(row: tuple[Any, ...]) -> Client:
        from ..domain.models import Client

        code, name, needs, archived = row

        def load(_: object) -> Client:
            return Client.model_validate(
                {
                    "code": code,
                    "preferred_name": name,
                    "print_needs": json.loads(needs),
                    "archived": bool(archived),
                }
            )

        return _readable(load, row)

    def _client_row(self, code: str) -> Any:
        return self._con.execute(
            "SELECT code, preferred_name, print_needs, archived FROM clients WHERE code = ?",
            (code,),
        ).fetchone()

    def get_client(self, code: str) -> Client | None:
        row = self._client_row(code)
        return None if row is None else self._client_from_row(row)

    def list_clients(
        self, search: str = "", include_archived: bool = False, limit: int | None = None
    ) -> list[Client]:
        rows = self._client_rows(search, include_archived, limit)
        return [self._client_from_row(r) for r in rows]

    def list_client_summaries(
        self, search: str = "", include_archived: bool = False, limit: int | None = None
    ) -> list[ClientSummary]:
        """As list_clients, without building the validating models (the client list's query:
        a few hundred rows per keystroke, and the first one before the window shows)."""
        rows = self._client_rows(search, include_archived, limit)
        return [self._summary_from_row(r) for r in rows]

    def get_client_summary(self, code: str) -> ClientSummary | None:
        row = self._client_row(code)
        return None if row is None else self._summary_from_row(row)

    @staticmethod
    def _summary_from_row(row: tuple[Any, ...]) -> ClientSummary:
        code, name, needs, archived = row

        def load(_: object) -> ClientSummary:
            print_needs = json.loads(needs)
            return ClientSummary(
                code=code,
                preferred_name=name,
                archived=bool(archived),
                size=print_needs.get("size", "standard"),
                background=print_needs.get("background", "white"),
                easy_read=bool(print_needs.get("easy_read", False)),
            )

        return _readable(load, row)

    def _client_rows(self, search: str, include_archived: bool, limit: int | None) -> list[Any]:
        sql = "SELECT code, preferred_name, print_needs, archived FROM clients WHERE 1=1"
        args: list[object] = []
        if not include_archived:
            sql += " AND archived = 0"
        text = search.strip()
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            sql += " AND (code LIKE ? ESCAPE '\\' OR preferred_name LIKE ? ESCAPE '\\')"
            args += [pattern, pattern]
        sql += " ORDER BY code COLLATE NOCASE"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return self._con.execute(sql, args).fetchall()

    def count_clients(self, include_archived: bool = False) -> int:
        sql = "SELECT COUNT(*) FROM clients" + ("" if include_archived else " WHERE archived = 0")
        return int(self._con.execute(sql).fetchone()[0])

    def client_codes(self) -> set[str]:
        """Every client's code, archived ones too (one query; no Client objects to build)."""
        return {row[0] for row in self._con.execute("SELECT code FROM clients").fetchall()}

    # ---- assignments ---------------------------------------------------------------------
    def save_assignment(
        self,
        assignment: Assignment,
        *,
        coalesce: bool = False,
        audit_action: str | None = None,
        outbox: OutboxItem | None = None,
    ) -> SavedVersion:
        """Save in one transaction and return the version number now stored.

        The version that was there before is copied to the history first, so no save destroys an
        earlier version. With coalesce=True (autosave while typing), later saves in the same
        session overwrite the version this session started, instead of adding one per keystroke
        -- but only while the stored version is still the one this session saved. If anyone
        else (an import, another copy of the app) stored a version since, the save becomes a
        new version, the other text stays in the history, and the result's changed_elsewhere
        is True so that the editor can say so. audit_action names the change in the audit log
        ("agreed", "withdrawn") instead of "changed". outbox: a fact to publish to the service,
        queued in the same transaction.
        """
        with self._tx() as con:
            version = self._save_assignment(
                con, assignment, coalesce=coalesce, audit_action=audit_action
            )
            if outbox is not None:
                self._enqueue(con, outbox)
            return version

    def _save_assignment(
        self,
        con: Any,
        a: Assignment,
        *,
        coalesce: bool = False,
        audited: bool = True,
        audit_action: str | None = None,
    ) -> SavedVersion:
        """audited=False: the caller writes its own audit entry (an import says "imported")."""
        data = _dump(a)
        now = now_utc().isoformat()
        row = con.execute(
            "SELECT version, data, client_code FROM assignments WHERE id = ?", (a.id,)
        ).fetchone()
        if row is None:
            if not con.execute("SELECT 1 FROM clients WHERE code = ?", (a.client_code,)).fetchone():
                raise StoreError(
                    f"There is no client with the code {a.client_code}. Add the client first."
                )
            version = 1
            con.execute(
                "INSERT INTO assignments(id, client_code, version, title, intervention, status,"
                " review_date, created, updated, data) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    a.id,
                    a.client_code,
                    version,
                    a.title,
                    a.intervention.value,
                    _row_status(a),
                    _iso(a.review_date),
                    _iso(a.created),
                    now,
                    data,
                ),
            )
            first = audit_action or "created"
            self._after_save(con, a, coalesce, version, first if audited else None, data)
            return SavedVersion(version)
        old_version: int
        old_version, old_data, old_code = row
        if old_code != a.client_code:
            raise StoreError(
                "An assignment cannot be moved to another client. Duplicate it instead."
            )
        in_session = coalesce and a.id in self._session_ids
        # Whether the stored version is still the one this session wrote (the expected version).
        ours = in_session and self._session_saved.get(a.id) == (old_version, old_data)
        elsewhere = in_session and not ours
        if elsewhere:
            log.info("an assignment was changed elsewhere during editing; saving a new version")
        if old_data == data:
            if not coalesce:
                self._after_save(con, a, coalesce, old_version, None, data)
            elif ours or elsewhere:
                self._after_commit.append(
                    lambda: self._session_saved.__setitem__(a.id, (old_version, data))
                )
            return SavedVersion(old_version)
        version = old_version
        if not ours:
            con.execute(
                "INSERT INTO assignment_history(assignment_id, version, saved_at, data)"
                " VALUES (?, ?, ?, ?)",
                (a.id, old_version, now, old_data),
            )
            version = old_version + 1
        con.execute(
            "UPDATE assignments SET version = ?, title = ?, intervention = ?, status = ?,"
            " review_date = ?, updated = ?, data = ? WHERE id = ?",
            (
                version,
                a.title,
                a.intervention.value,
                _row_status(a),
                _iso(a.review_date),
                now,
                data,
                a.id,
            ),
        )
        action = "changed" if version != old_version else "autosaved"
        if audit_action is not None:
            action = audit_action
        self._after_save(con, a, coalesce, version, action if audited else None, data)
        return SavedVersion(version, elsewhere)

    def _after_save(
        self,
        con: Any,
        a: Assignment,
        coalesce: bool,
        version: int,
        action: str | None,
        data: str | None = None,
    ) -> None:
        """Audit entry and drafts-being-edited row in the save's own transaction; the in-memory
        session state is updated only once the transaction has committed."""
        now = time.monotonic()
        if action == "autosaved":
            # Typing produces a save every second or two; the log keeps one line per stretch.
            last = self._autosave_logged.get(a.id)
            if last is not None and now - last < AUTOSAVE_AUDIT_SECONDS:
                action = None
        if action is not None:
            audit.record(
                con,
                record_type="assignment",
                record_id=a.id,
                client_code=a.client_code,
                action=action,
                version=version,
            )
        if coalesce:
            if a.id not in self._editing:
                con.execute(
                    "INSERT OR IGNORE INTO open_drafts(assignment_id, client_code, started)"
                    " VALUES (?, ?, ?)",
                    (a.id, a.client_code, now_utc().isoformat()),
                )

            def done() -> None:
                self._session_ids.add(a.id)
                self._editing.add(a.id)
                if data is not None:
                    self._session_saved[a.id] = (version, data)
                if action is not None:
                    self._autosave_logged[a.id] = now

        else:
            # An explicit save closes this editing session: the next autosave starts a version,
            # and there is no longer a draft to offer back after a crash.
            con.execute("DELETE FROM open_drafts WHERE assignment_id = ?", (a.id,))

            def done() -> None:
                self._session_ids.discard(a.id)
                self._session_saved.pop(a.id, None)
                self._editing.discard(a.id)
                self._autosave_logged.pop(a.id, None)

        self._after_commit.append(done)

    def get_assignment(self, assignment_id: str) -> Assignment | None:
        row = self._con.execute(
            "SELECT data FROM assignments WHERE id = ?", (assignment_id,)
        ).fetchone()
        return None if row is None else _assignment_from(row[0])

    def assignment_version(self, assignment_id: str) -> int | None:
        row = self._con.execute(
            "SELECT version FROM assignments WHERE id = ?", (assignment_id,)
        ).fetchone()
        return None if row is None else row[0]

    def assignment_history(self, assignment_id: str) -> list[tuple[int, Assignment]]:
        """Every stored version, oldest first, the current one last."""
        rows = self._con.execute(
            "SELECT version, data FROM assignment_history WHERE assignment_id = ?"
            " UNION ALL SELECT version, data FROM assignments WHERE id = ? ORDER BY 1",
            (assignment_id, assignment_id),
        ).fetchall()
        return [(v, _assignment_from(d)) for v, d in rows]

    def list_assignments(
        self, client_code: str, *, include_withdrawn: bool = False
    ) -> list[AssignmentSummary]:
        """Newest first; withdrawn assignments only when asked for (they stay in the store)."""
        hide = "" if include_withdrawn else " AND status != 'withdrawn'"
        rows = self._con.execute(
            "SELECT id, client_code, title, intervention, status, review_date, created, updated,"
            f" version FROM assignments WHERE client_code = ?{hide} ORDER BY created DESC, id",
            (client_code,),
        ).fetchall()
        return [_summary(r) for r in rows]

    def load_assignments(
        self, client_code: str, *, include_withdrawn: bool = True
    ) -> list[Assignment]:
        """Oldest first, as full records (an export keeps withdrawn ones with their reasons)."""
        hide = "" if include_withdrawn else " AND status != 'withdrawn'"
        rows = self._con.execute(
            f"SELECT data FROM assignments WHERE client_code = ?{hide} ORDER BY created, id",
            (client_code,),
        ).fetchall()
        return [_assignment_from(r[0]) for r in rows]

    # ---- reviews -------------------------------------------------------------------------
    def save_review(self, review: Review) -> None:
        with self._tx() as con:
            new = self._save_review(con, review)
            code = con.execute(
                "SELECT client_code FROM assignments WHERE id = ?", (review.assignment_id,)
            ).fetchone()[0]
            audit.record(
                con,
                record_type="review",
                record_id=review.id,
                client_code=code,
                action="created" if new else "changed",
            )

    def save_review_outcome(
        self,
        review: Review,
        reviewed_assignment: Assignment,
        next_assignment: Assignment | None = None,
        *,
        outbox: OutboxItem | None = None,
    ) -> int:
        """The review, its assignment marked reviewed, and next week's draft (if any), in ONE
        transaction: after a crash there is all of it or none of it. Returns the reviewed
        assignment's stored version. outbox: the review to publish, queued in it too."""
        if reviewed_assignment.id != review.assignment_id:
            raise StoreError("This review belongs to another assignment; nothing was saved.")
        if next_assignment is not None and next_assignment.client_code != (
            reviewed_assignment.client_code
        ):
            raise StoreError("Next week's homework must be for the same client; nothing was saved.")
        with self._tx() as con:
            version = self._save_assignment(con, reviewed_assignment)
            new = self._save_review(con, review)
            audit.record(
                con,
                record_type="review",
                record_id=review.id,
                client_code=reviewed_assignment.client_code,
                action="created" if new else "changed",
            )
            if next_assignment is not None:
                self._save_assignment(con, next_assignment)
            if outbox is not None:
                self._enqueue(con, outbox)
        return version

    def _save_review(self, con: sqlite3.Connection, r: Review) -> bool:
        """Insert or replace; True when the review is new."""
        if not con.execute("SELECT 1 FROM assignments WHERE id = ?", (r.assignment_id,)).fetchone():
            raise StoreError("This review belongs to an assignment that is not in the store.")
        exists = con.execute("SELECT 1 FROM reviews WHERE id = ?", (r.id,)).fetchone() is not None
        con.execute(
            "INSERT INTO reviews(id, assignment_id, date, updated, data) VALUES (?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET date = excluded.date, updated = excluded.updated,"
            " data = excluded.data",
            (r.id, r.assignment_id, r.date.isoformat(), now_utc().isoformat(), _dump(r)),
        )
        return not exists

    def list_reviews(
        self, *, assignment_id: str | None = None, client_code: str | None = None
    ) -> list[Review]:
        if assignment_id is not None:
            rows = self._con.execute(
                "SELECT data FROM reviews WHERE assignment_id = ? ORDER BY date, id",
                (assignment_id,),
            )
        elif client_code is not None:
            rows = self._con.execute(
                "SELECT r.data FROM reviews r JOIN assignments a ON a.id = r.assignment_id"
                " WHERE a.client_code = ? ORDER BY r.date, r.id",
                (client_code,),
            )
        else:
            rows = self._con.execute("SELECT data FROM reviews ORDER BY date, id")
        from ..domain.models import Review

        return [_readable(Review.model_validate_json, r[0]) for r in rows]

    # ---- import and export ---------------------------------------------------------------
    def import_client_file(self, cf: ClientFile) -> ImportResult:
        """All or nothing: one transaction for the client, its assignments and its reviews."""
        result = ImportResult(client_code=cf.client.code)
        self._check_import_ids(self._con, cf)  # before the backup: a refused file costs nothing
        if self._has_data():
            self._make_backup("import")  # the store as it was, in case the import was a mistake
        with self._tx() as con:
            # Again inside the transaction, which no other writer can enter.
            self._check_import_ids(con, cf)
            if con.execute("SELECT 1 FROM clients WHERE code = ?", (cf.client.code,)).fetchone():
                con.execute(
                    "UPDATE clients SET preferred_name = COALESCE(?, preferred_name),"
                    " print_needs = ?, updated = ? WHERE code = ?",
                    (
                        cf.client.preferred_name,
                        cf.client.print_needs.model_dump_json(),
                        now_utc().isoformat(),
                        cf.client.code,
                    ),
                )
            else:
                self._insert_client(con, cf.client)
                result.client_added = True
            code = cf.client.code
            audit.record(
                con, record_type="client", record_id=code, client_code=code, action="imported"
            )
            for a in cf.assignments:
                existed = con.execute("SELECT 1 FROM assignments WHERE id = ?", (a.id,)).fetchone()
                version = self._save_assignment(con, a, audited=False)
                audit.record(
                    con,
                    record_type="assignment",
                    record_id=a.id,
                    client_code=code,
                    action="imported",
                    version=version,
                )
                if existed:
                    result.assignments_updated += 1
                else:
                    result.assignments_added += 1
            for r in cf.reviews:
                if self._save_review(con, r):
                    result.reviews_added += 1
                else:
                    result.reviews_updated += 1
                audit.record(
                    con, record_type="review", record_id=r.id, client_code=code, action="imported"
                )
        return result

    @staticmethod
    def _check_import_ids(con: Any, cf: ClientFile) -> None:
        """Every id is unique across the whole store: a record of the file may only reuse an
        id if it is the same record of the same client (a re-import), never another client's
        record or a record of another type. Messages name the record's type and position in
        the file, never its text or id."""
        code = cf.client.code

        def refuse(what: str, n: int, problem: str) -> StoreError:
            return StoreError(
                f"{what} {n} in the file {problem}. Every record needs its own id; export the "
                "file again from the app that made it, or give that record a new id."
            )

        in_order = [("Assignment", n, a.id) for n, a in enumerate(cf.assignments, 1)]
        in_order += [("Review", n, r.id) for n, r in enumerate(cf.reviews, 1)]
        seen: dict[str, str] = {}
        for what, n, rid in in_order:
            if rid in seen:
                raise refuse(what, n, f"has the same id as an earlier {seen[rid]}")
            seen[rid] = what.lower()
        for n, a in enumerate(cf.assignments, 1):
            if a.client_code != code:
                raise StoreError(
                    f"Assignment {n} in the file is for another client than the file's client. "
                    "Import it on its own, or correct its client code."
                )
            row = con.execute(
                "SELECT client_code FROM assignments WHERE id = ?", (a.id,)
            ).fetchone()
            if row is not None and row[0] != code:
                raise refuse("Assignment", n, "has the id of another client's assignment")
            if con.execute("SELECT 1 FROM reviews WHERE id = ?", (a.id,)).fetchone():
                raise refuse("Assignment", n, "has the id of a review already in the store")
            if con.execute("SELECT 1 FROM user_templates WHERE id = ?", (a.id,)).fetchone():
                raise refuse("Assignment", n, "has the id of one of your templates")
        in_file = {a.id for a in cf.assignments}
        for n, r in enumerate(cf.reviews, 1):
            if r.assignment_id not in in_file:
                row = con.execute(
                    "SELECT client_code FROM assignments WHERE id = ?", (r.assignment_id,)
                ).fetchone()
                if row is None:
                    raise StoreError(
                        f"Review {n} in the file is for an assignment that is neither in the "
                        "file nor in the store. Import the assignment with it."
                    )
                if row[0] != code:
                    raise StoreError(
                        f"Review {n} in the file is for another client's assignment. Nothing "
                        "of another client is changed by an import; check the file."
                    )
            row = con.execute(
                "SELECT r.assignment_id, a.client_code FROM reviews r JOIN assignments a"
                " ON a.id = r.assignment_id WHERE r.id = ?",
                (r.id,),
            ).fetchone()
            if row is not None and (row[1] != code or row[0] != r.assignment_id):
                problem = (
                    "has the id of another client's review"
                    if row[1] != code
                    else "has the id of a review of another assignment"
                )
                raise refuse("Review", n, problem)
            if con.execute("SELECT 1 FROM assignments WHERE id = ?", (r.id,)).fetchone():
                raise refuse("Review", n, "has the id of an assignment already in the store")
            if con.execute("SELECT 1 FROM user_templates WHERE id = ?", (r.id,)).fetchone():
                raise refuse("Review", n, "has the id of one of your templates")

    def import_assignment(self, a: Assignment) -> ImportResult:
        from ..domain.models import Client, ClientFile

        existing = self.get_client(a.client_code)
        client = existing or Client(code=a.client_code)
        return self.import_client_file(ClientFile(client=client, assignments=[a]))

    def export_client(self, code: str) -> ClientFile:
        from ..domain.models import ClientFile

        client = self.get_client(code)
        if client is None:
            raise StoreError(f"There is no client with the code {code}.")
        return ClientFile(
            client=client,
            assignments=self.load_assignments(code),
            reviews=self.list_reviews(client_code=code),
        )

    # ---- the outbox to the service hub ---------------------------------------------------
    def _enqueue(self, con: Any, item: OutboxItem) -> None:
        text, digest = outbox_text(item.payload)
        version = item.version
        if version is None:
            last = con.execute(
                "SELECT version, payload_hash FROM outbox WHERE record_type = ? AND record_id = ?"
                " ORDER BY version DESC LIMIT 1",
                (item.record_type, item.record_id),
            ).fetchone()
            if last is not None and last[1] == digest:
                return  # the same words saved again: nothing new to publish
            version = 1 if last is None else int(last[0]) + 1
        con.execute(
            "INSERT OR IGNORE INTO outbox(record_type, record_id, version, client_code, payload,"
            " payload_hash, created) VALUES (?,?,?,?,?,?,?)",
            (
                item.record_type,
                item.record_id,
                version,
                item.client_code,
                text,
                digest,
                now_utc().isoformat(),
            ),
        )

    def outbox_pending(self, limit: int = 500, *, after: int = 0) -> list[OutboxRow]:
        """Facts not yet published, oldest first (those queued after `after`)."""
        rows = self._con.execute(
            "SELECT seq, record_type, record_id, version, client_code, payload, payload_hash,"
            " attempts FROM outbox WHERE pushed_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
            (after, limit),
        ).fetchall()
        return [OutboxRow(*r) for r in rows]

    def outbox_counts(self) -> tuple[int, int]:
        """(waiting, published)."""
        row = self._con.execute(
            "SELECT COALESCE(SUM(pushed_at IS NULL), 0), COALESCE(SUM(pushed_at IS NOT NULL), 0)"
            " FROM outbox"
        ).fetchone()
        return int(row[0]), int(row[1])

    def mark_outbox_pushed(self, seqs: list[int]) -> None:
        """The hub holds these (it said so in a committed transaction)."""
        if not seqs:
            return
        marks = ",".join("?" * len(seqs))
        with self._tx() as con:
            con.execute(
                f"UPDATE outbox SET pushed_at = ?, last_error = NULL WHERE seq IN ({marks})",
                (now_utc().isoformat(), *seqs),
            )

    def note_outbox_failure(self, seqs: list[int], reason: str) -> None:
        """A try that did not get through: counted, with a reason that names no content."""
        if not seqs:
            return
        marks = ",".join("?" * len(seqs))
        with self._tx() as con:
            con.execute(
                f"UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq IN ({marks})",
                (reason[:200], *seqs),
            )

    # ---- the service's shared templates (read-only copies) -------------------------------
    def save_shared_templates(self, templates: list[SharedTemplate]) -> tuple[int, int, int]:
        """Store what the hub published, in one transaction: (new, updated, withdrawn). A
        withdrawn template is kept, marked, so nothing that was made from it changes."""
        added = updated = withdrawn = 0
        now = now_utc().isoformat()
        with self._tx() as con:
            for t in templates:
                old = con.execute(
                    "SELECT version, withdrawn_at FROM shared_templates WHERE id = ?", (t.id,)
                ).fetchone()
                if old is not None and old[0] == t.version and old[1] == t.withdrawn_at:
                    continue
                if old is None:
                    added += 1
                elif t.withdrawn_at is not None and old[1] is None:
                    withdrawn += 1
                else:
                    updated += 1
                con.execute(
                    "INSERT INTO shared_templates(id, version, name, author, published_at,"
                    " withdrawn_at, pulled_at, data) VALUES (?,?,?,?,?,?,?,?)"
                    " ON CONFLICT(id) DO UPDATE SET version = excluded.version,"
                    " name = excluded.name, author = excluded.author,"
                    " published_at = excluded.published_at, withdrawn_at = excluded.withdrawn_at,"
                    " pulled_at = excluded.pulled_at, data = excluded.data",
                    (
                        t.id,
                        t.version,
                        t.name,
                        t.author,
                        t.published_at,
                        t.withdrawn_at,
                        now,
                        _dump(t.assignment),
                    ),
                )
        return added, updated, withdrawn

    def list_shared_templates(self, *, include_withdrawn: bool = False) -> list[SharedTemplate]:
        hide = "" if include_withdrawn else " WHERE withdrawn_at IS NULL"
        rows = self._con.execute(
            "SELECT id, version, name, author, published_at, withdrawn_at, data"
            f" FROM shared_templates{hide} ORDER BY name COLLATE NOCASE, id"
        ).fetchall()
        return [
            SharedTemplate(
                id=r[0],
                version=int(r[1]),
                name=r[2],
                author=r[3],
                published_at=r[4],
                withdrawn_at=r[5],
                assignment=_assignment_from(r[6]),
            )
            for r in rows
        ]

    # ---- therapist's own templates -------------------------------------------------------
    def save_user_template(self, name: str, assignment: Assignment) -> str:
        name = name.strip()
        if not name:
            raise StoreError("Give the template a name.")
        tid = "user:" + assignment.id
        with self._tx() as con:
            con.execute(
                "INSERT INTO user_templates(id, name, intervention, created, data)"
                " VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                " intervention = excluded.intervention, data = excluded.data",
                (
                    tid,
                    name,
                    assignment.intervention.value,
                    now_utc().isoformat(),
                    _dump(assignment),
                ),
            )
            audit.record(con, record_type="template", record_id=tid, action="changed")
        return tid

    def list_user_templates(self) -> list[tuple[str, str, Assignment]]:
        rows = self._con.execute(
            "SELECT id, name, data FROM user_templates ORDER BY name COLLATE NOCASE"
        ).fetchall()
        return [(tid, name, _assignment_from(d)) for tid, name, d in rows]

    def delete_user_template(self, template_id: str) -> None:
        with self._tx() as con:
            con.execute("DELETE FROM user_templates WHERE id = ?", (template_id,))
            audit.record(con, record_type="template", record_id=template_id, action="deleted")
