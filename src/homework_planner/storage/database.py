"""The store's database file: vetting it before it opens, the guarded connection, the
pragmas, and the transaction with its commit seal and after-commit steps."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from . import backup, crypto, schema
from .errors import (
    _FAULTS,
    DISK_FULL_MESSAGE,
    DamagedDatabase,
    NewerDatabase,
    NotOurDatabase,
    PassphraseRequired,
    StaleDatabase,
    StorageFault,
    StoreError,
    WrongPassphrase,
    _damaged_text,
    _folder_error,
    disk_has_no_room,
    fault_from,
)
from .markers import _SEAL_TABLE, _read_seal, _write_seal

log = logging.getLogger(__name__)


SQLITE_MAGIC = b"SQLite format 3\x00"
# Stores up to this size get PRAGMA quick_check at every open (one therapist's caseload is a
# few MB; 64 MB is about 24,000 assignments). See check_database_file.
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024


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
                if result == [("ok",)]:
                    _read_every_row(con)
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


def _stored_commits(con: Any) -> int:
    try:
        row = con.execute("SELECT commits FROM store_seal WHERE id = 1").fetchone()
    except crypto.DATABASE_ERRORS:  # no such table: a store from before the seal
        return 0
    return int(row[0]) if row else 0


def _read_every_row(con: Any) -> None:
    """Decode every row of every table, on the read-only check connection. quick_check reads
    the pages but not the records in them: a damaged record (a broken length, text that is no
    longer UTF-8) would otherwise first fail after the writing connection had opened and
    switched the file to WAL, so a refused file would no longer be exactly as it was."""
    tables = [
        row[0]
        for row in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    for table in tables:
        cur = con.execute(f'SELECT * FROM "{table}"')
        while cur.fetchmany(500):
            pass


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


_Raw = TypeVar("_Raw")
_Loaded = TypeVar("_Loaded")


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


class Database:
    """One open store file: its guarded connection and its transactions.

    Each transaction takes its number in the commit seal, runs the steps queued on
    after_commit once it has committed (in-memory bookkeeping follows the database, never runs
    ahead of it), and calls the owner's before and after steps (the daily backup, the audit
    head)."""

    def __init__(
        self,
        con: Any,
        path: Path,
        *,
        before: Callable[[], None] | None = None,
        after: Callable[[], None] | None = None,
    ) -> None:
        self.con = _Guarded(con)
        self.path = path
        self.after_commit: list[Callable[[], None]] = []
        self._before = before
        self._after = after
        self._seal_table_ready = False  # once its first transaction has made sure of it

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        if self._before is not None:
            self._before()
        self.after_commit.clear()
        try:
            self.con.execute("BEGIN IMMEDIATE")
            try:
                yield self.con
                commits = self._next_commit(self.con)
                self.con.execute("COMMIT")
            except BaseException:
                self.after_commit.clear()
                # A failed COMMIT (disk full, I/O error) can leave the transaction open; SQLite
                # has often rolled back by itself already.
                if self.con.in_transaction:
                    with contextlib.suppress(*crypto.DRIVER_ERRORS):
                        self.con.raw.execute("ROLLBACK")
                raise
        except StorageFault as exc:
            if exc.reason == "io_error" and disk_has_no_room(self.path.parent):
                raise StorageFault(DISK_FULL_MESSAGE, "disk_full") from None
            raise
        self._seal(commits)
        for step in self.after_commit:
            step()
        self.after_commit.clear()
        if self._after is not None:
            self._after()

    def _next_commit(self, con: Any) -> int:
        """This transaction's number in the commit seal (one small row, in the same commit)."""
        if not self._seal_table_ready:
            con.execute(_SEAL_TABLE)
            con.execute("INSERT OR IGNORE INTO store_seal(id, commits) VALUES (1, 0)")
            self.after_commit.append(lambda: setattr(self, "_seal_table_ready", True))
        con.execute("UPDATE store_seal SET commits = commits + 1 WHERE id = 1")
        return int(con.execute("SELECT commits FROM store_seal WHERE id = 1").fetchone()[0])

    def _seal(self, commits: int) -> None:
        """After the commit: a seal that cannot be written only loses the check, never data."""
        try:
            _write_seal(self.path, commits)
        except OSError as exc:
            log.warning("the commit seal could not be written (%s)", exc.errno)
