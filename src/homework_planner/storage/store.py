"""The local SQLite store: clients, assignments (with history), reviews, import and export.

Store is the façade: it opens and closes the file, makes the backups and restores them, changes
the passphrase protection and guards the audit log. The records are read and written by small
repositories over one Database (clients.py, assignments.py, reviews.py, drafts.py,
templates.py, transfer.py), to which it hands each call on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import audit, backup, crypto, protection, schema
from .assignments import (
    AUTOSAVE_AUDIT_SECONDS,
    Assignments,
    AssignmentSummary,
    EditingSession,
    SavedVersion,
)
from .clients import Clients, ClientSummary
from .database import (
    QUICK_CHECK_MAX_BYTES,
    SQLITE_MAGIC,
    Database,
    _Guarded,
    _open_connection,
    _refuse_read_only_files,
    check_database_file,
)
from .drafts import Drafts
from .errors import (
    DISK_FULL_MESSAGE,
    DamagedDatabase,
    NewerDatabase,
    NotOurDatabase,
    PassphraseRequired,
    StaleDatabase,
    StorageFault,
    StoreError,
    WrongPassphrase,
    _folder_error,
    disk_has_no_room,
    fault_from,
)
from .markers import (
    SEAL_SUFFIX,
    _read_restore_note,
    _restore_note_path,
    _write_restore_note,
    reset_seal,
    seal_path,
)
from .outbox import Outbox, OutboxItem, OutboxRow, SharedTemplate, outbox_text
from .reviews import Reviews
from .templates import Templates
from .transfer import ImportResult, Transfer

if TYPE_CHECKING:
    from ..domain.models import Assignment, Client, ClientFile, Review

# The pydantic models (domain.models) are imported where a record is read or written, not
# here: opening the store and listing clients and assignments is what every start does before
# the window shows, and importing pydantic and the models costs more than 100 ms.

# Names other modules and the tests take from here; they are defined in the modules below it.
__all__ = [
    "OutboxItem",
    "OutboxRow",
    "SharedTemplate",
    "outbox_text",
    "AUTOSAVE_AUDIT_SECONDS",
    "BACKGROUND_BACKUP_BYTES",
    "DISK_FULL_MESSAGE",
    "QUICK_CHECK_MAX_BYTES",
    "SEAL_SUFFIX",
    "SQLITE_MAGIC",
    "AssignmentSummary",
    "ClientSummary",
    "DamagedDatabase",
    "ImportResult",
    "NewerDatabase",
    "NotOurDatabase",
    "PassphraseRequired",
    "SavedVersion",
    "StaleDatabase",
    "StorageFault",
    "Store",
    "StoreError",
    "WrongPassphrase",
    "_folder_error",
    "_write_restore_note",
    "check_database_file",
    "disk_has_no_room",
    "fault_from",
    "reset_seal",
    "seal_path",
]

log = logging.getLogger(__name__)

# Above this size the daily backup is written by a thread (about 5 ms per MB), so that the
# save that triggers it stays fast; below it the copy takes a few milliseconds.
BACKGROUND_BACKUP_BYTES = 32 * 1024 * 1024


def _replace_from_backup(db_path: Path, backup_path: Path) -> None:
    """Put a backup in place of the store. The commit counter counted the replaced file's
    saves: it goes first, so that a crash at any point never calls the restored store stale."""
    reset_seal(db_path)
    backup.replace_database(db_path, backup_path)


def _rows_of(path: Path, connector: crypto.Connector) -> list[tuple[Any, ...]]:
    """The audit rows of another file of this store (a backup), for carrying a log forward."""
    con = connector(path, read_only=True)
    try:
        if con.execute("PRAGMA user_version").fetchone()[0] < schema.AUDIT_CHAIN_VERSION:
            raise sqlite3.DatabaseError("a backup from before the audit chain")
        return audit.all_rows(con)
    finally:
        con.close()


def _backup_problem(what: str, exc: BaseException, folder: Path) -> str:
    """Why a backup failed, naming a full disk only when the disk is full."""
    near = folder if folder.exists() else folder.parent
    if fault_from(exc, near).reason == "disk_full" or disk_has_no_room(near):
        return f"{what} Your data is saved, but the disk is full: free some space."
    return (
        f"{what} Your data is saved. Check that you may write to that folder, then make "
        "one with File, then Back up now."
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
        self.path = path
        self._connector = connector or crypto.Connector(None)
        self.backups_enabled = backups
        self.backups_folder = path.parent / "backups"
        self.last_backup_problem: str | None = None  # for the status bar; None when all is well
        self._backup_checked: date | None = None
        self._backup_thread: threading.Thread | None = None
        # Each transaction makes the day's first backup before it, and writes the audit head
        # after it.
        self._db = Database(con, path, before=self._daily_backup, after=self._audit_after_commit)
        self._session = EditingSession()
        self._clients = Clients(self._db)
        self._assignments = Assignments(self._db, self._session)
        self._reviews = Reviews(self._db, self._assignments)
        self._drafts = Drafts(self._db, self._session)
        self._templates = Templates(self._db)
        self._outbox = Outbox(self._db)
        self._transfer = Transfer(
            self._db,
            self._clients,
            self._assignments,
            self._reviews,
            before_import=self._backup_before_import,
        )

    @property
    def _con(self) -> _Guarded:
        """The guarded connection (database.py)."""
        return self._db.con

    @property
    def _after_commit(self) -> list[Callable[[], None]]:
        """Steps run once the current transaction has committed."""
        return self._db.after_commit

    def _tx(self) -> AbstractContextManager[Any]:
        """One transaction (database.py): BEGIN IMMEDIATE ... COMMIT, sealed."""
        return self._db.transaction()

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
        protection.recover_at_open(path)
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
        if clean:
            self._drafts.forget_own(raw)
        with contextlib.suppress(*crypto.DRIVER_ERRORS):
            raw.close()
        self._con.raw = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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

    def _backup_before_import(self) -> None:
        if self._has_data():
            self._make_backup("import")

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
        self._session.ids.clear()
        self._session.editing.clear()

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
        protection.check_new_passphrase(new)
        old = self._connector.passphrase
        self._make_backup("protection")  # re-keyed with the others below
        self._close_for_swap()

        def reopen_unchanged() -> None:
            self._con.raw = _open_connection(self.path, self._connector)

        plan = protection.change(
            self.path, self.backups_folder, old, new, action, refused=reopen_unchanged
        )
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

    # ---- the audit log -------------------------------------------------------------------
    def audit_log(
        self, client_code: str | None, *, limit: int | None = None
    ) -> list[audit.AuditEntry]:
        """Newest first: the changes to one client's records (None: to the whole store)."""
        return audit.entries(self._con, client_code, limit=limit)

    # ---- drafts being edited (drafts.py) --------------------------------------
    def mark_editing(self, assignment: Assignment) -> None:
        self._drafts.mark_editing(assignment)

    def finish_editing(self, assignment_id: str) -> None:
        self._drafts.finish_editing(assignment_id)

    def unfinished_drafts(self) -> list[AssignmentSummary]:
        return self._drafts.unfinished_drafts()

    def forget_unfinished_drafts(self, ids: list[str] | None = None) -> None:
        self._drafts.forget_unfinished_drafts(ids)

    # ---- clients (clients.py) -------------------------------------------------
    def add_client(self, client: Client) -> None:
        self._clients.add_client(client)

    def update_client(self, client: Client) -> None:
        self._clients.update_client(client)

    def archive_client(self, code: str, archived: bool = True) -> None:
        self._clients.archive_client(code, archived)

    def get_client(self, code: str) -> Client | None:
        return self._clients.get_client(code)

    def list_clients(
        self, search: str = "", include_archived: bool = False, limit: int | None = None
    ) -> list[Client]:
        return self._clients.list_clients(search, include_archived, limit)

    def list_client_summaries(
        self, search: str = "", include_archived: bool = False, limit: int | None = None
    ) -> list[ClientSummary]:
        return self._clients.list_client_summaries(search, include_archived, limit)

    def get_client_summary(self, code: str) -> ClientSummary | None:
        return self._clients.get_client_summary(code)

    def count_clients(self, include_archived: bool = False) -> int:
        return self._clients.count_clients(include_archived)

    def client_codes(self) -> set[str]:
        return self._clients.client_codes()

    # ---- assignments (assignments.py) -----------------------------------------
    def save_assignment(
        self,
        assignment: Assignment,
        *,
        coalesce: bool = False,
        audit_action: str | None = None,
        outbox: OutboxItem | None = None,
    ) -> SavedVersion:
        """outbox: a fact to publish to the service, queued in the same transaction."""
        return self._assignments.save_assignment(
            assignment,
            coalesce=coalesce,
            audit_action=audit_action,
            also=self._queue(outbox),
        )

    def _queue(self, item: OutboxItem | None) -> Callable[[Any], None] | None:
        outbox = self._outbox
        return None if item is None else (lambda con: outbox.enqueue(con, item))

    def get_assignment(self, assignment_id: str) -> Assignment | None:
        return self._assignments.get_assignment(assignment_id)

    def assignment_version(self, assignment_id: str) -> int | None:
        return self._assignments.assignment_version(assignment_id)

    def assignment_history(self, assignment_id: str) -> list[tuple[int, Assignment]]:
        return self._assignments.assignment_history(assignment_id)

    def list_assignments(
        self, client_code: str, *, include_withdrawn: bool = False
    ) -> list[AssignmentSummary]:
        return self._assignments.list_assignments(client_code, include_withdrawn=include_withdrawn)

    def load_assignments(
        self, client_code: str, *, include_withdrawn: bool = True
    ) -> list[Assignment]:
        return self._assignments.load_assignments(client_code, include_withdrawn=include_withdrawn)

    # ---- reviews (reviews.py) -------------------------------------------------
    def save_review(self, review: Review) -> None:
        self._reviews.save_review(review)

    def save_review_outcome(
        self,
        review: Review,
        reviewed_assignment: Assignment,
        next_assignment: Assignment | None = None,
        *,
        outbox: OutboxItem | None = None,
    ) -> int:
        return self._reviews.save_review_outcome(
            review, reviewed_assignment, next_assignment, also=self._queue(outbox)
        )

    # ---- the outbox to the service hub, and its shared templates (outbox.py) ----
    def outbox_pending(self, limit: int = 500, *, after: int = 0) -> list[OutboxRow]:
        return self._outbox.outbox_pending(limit, after=after)

    def outbox_counts(self) -> tuple[int, int]:
        return self._outbox.outbox_counts()

    def mark_outbox_pushed(self, seqs: list[int]) -> None:
        self._outbox.mark_outbox_pushed(seqs)

    def note_outbox_failure(self, seqs: list[int], reason: str) -> None:
        self._outbox.note_outbox_failure(seqs, reason)

    def save_shared_templates(self, templates: list[SharedTemplate]) -> tuple[int, int, int]:
        return self._outbox.save_shared_templates(templates)

    def list_shared_templates(self, *, include_withdrawn: bool = False) -> list[SharedTemplate]:
        return self._outbox.list_shared_templates(include_withdrawn=include_withdrawn)

    def list_reviews(
        self, *, assignment_id: str | None = None, client_code: str | None = None
    ) -> list[Review]:
        return self._reviews.list_reviews(assignment_id=assignment_id, client_code=client_code)

    # ---- import and export (transfer.py) --------------------------------------
    def import_client_file(self, cf: ClientFile) -> ImportResult:
        return self._transfer.import_client_file(cf)

    def import_assignment(self, a: Assignment) -> ImportResult:
        return self.import_client_file(self._transfer.file_for(a))

    def export_client(self, code: str) -> ClientFile:
        return self._transfer.export_client(code)

    # ---- therapist's own templates (templates.py) -----------------------------
    def save_user_template(self, name: str, assignment: Assignment) -> str:
        return self._templates.save_user_template(name, assignment)

    def list_user_templates(self) -> list[tuple[str, str, Assignment]]:
        return self._templates.list_user_templates()

    def delete_user_template(self, template_id: str) -> None:
        self._templates.delete_user_template(template_id)
