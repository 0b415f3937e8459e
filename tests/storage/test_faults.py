"""Faults: disk full, I/O errors, a read-only folder, a file held open on Windows.

Each gives a plain StoreError; nothing is half-written; the same object saves once the fault
has gone; PRAGMA integrity_check stays ok.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from homework_planner import fileio
from homework_planner.domain.models import Assignment, Client, ClientFile
from homework_planner.storage import DamagedDatabase, Store, StoreError
from homework_planner.storage import crypto as crypto_module
from homework_planner.storage import errors as errors_module
from homework_planner.storage import store as store_module
from homework_planner.storage.store import StorageFault, fault_from
from tests.conftest import full_assignment_dict


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "homework-planner.sqlite3"


@pytest.fixture
def store(db):
    s = Store.open(db)
    s.add_client(Client(code="HP-0042"))
    yield s
    s.close()


def _integrity_ok(db: Path) -> bool:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()


def _fill_the_disk(store: Store) -> None:
    pages = store._con.execute("PRAGMA page_count").fetchone()[0]
    store._con.execute(f"PRAGMA max_page_count = {pages}")


def _room_again(store: Store) -> None:
    store._con.execute("PRAGMA max_page_count = 1073741823")


def test_disk_full_is_explained_and_the_same_object_saves_later(store, db):
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    typed = a.model_copy(update={"rationale": "A long reason typed in session. " * 400})
    before = typed.model_copy(deep=True)
    _fill_the_disk(store)
    with pytest.raises(StorageFault) as err:
        store.save_assignment(typed)
    assert err.value.reason == "disk_full"
    assert str(err.value) == "The disk is full: free some space, then try again; nothing was lost."
    assert typed == before  # the object the form holds is untouched
    assert store.get_assignment(a.id) == a and store.assignment_version(a.id) == 1
    _room_again(store)
    assert store.save_assignment(typed) == 2
    assert store.get_assignment(a.id) == typed
    assert _integrity_ok(db)


def test_failed_autosave_does_not_swallow_the_previous_version(store, db):
    """The session bookkeeping follows the commit: after a failed first autosave, the next one
    still keeps the version before it in the history."""
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    _fill_the_disk(store)
    with pytest.raises(StorageFault):
        store.save_assignment(a.model_copy(update={"goal": "y" * 50_000}), coalesce=True)
    _room_again(store)
    store.save_assignment(a.model_copy(update={"title": "edited"}), coalesce=True)
    assert [x.title for _, x in store.assignment_history(a.id)] == [a.title, "edited"]


def test_disk_full_during_import_imports_nothing(store, db):
    cf = ClientFile(
        client=Client(code="HP-9"),
        assignments=[
            Assignment(client_code="HP-9", title=f"t{i}", goal="g" * 2000) for i in range(50)
        ],
    )
    store.save_assignment(Assignment(client_code="HP-0042", title="already here"))
    store.backups_enabled = False  # the limit is on this connection; the backup is not the point
    _fill_the_disk(store)
    with pytest.raises(StorageFault, match="The disk is full"):
        store.import_client_file(cf)
    assert store.get_client("HP-9") is None
    assert store.audit_log("HP-9") == []
    _room_again(store)
    assert store.import_client_file(cf).assignments_added == 50
    assert _integrity_ok(db)


class FailingConnection:
    """The real connection, except that one kind of statement meets an I/O error."""

    def __init__(self, raw, failing: str) -> None:
        self.raw = raw
        self.failing = failing
        self.failures = 0

    def execute(self, sql, params=()):
        if sql.startswith(self.failing):
            self.failures += 1
            exc = sqlite3.OperationalError("disk I/O error")
            exc.sqlite_errorcode = 10  # SQLITE_IOERR, as the C library sets it
            raise exc
        return self.raw.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self.raw, name)


@pytest.mark.parametrize(
    "failing", ["INSERT INTO assignment_history", "UPDATE assignments", "COMMIT"]
)
def test_io_error_mid_save_rolls_back_and_retries(store, db, failing):
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    typed = a.model_copy(update={"title": "typed while the disk failed"})
    real = store._con.raw
    store._con.raw = FailingConnection(real, failing)
    with pytest.raises(StorageFault) as err:
        store.save_assignment(typed)
    assert err.value.reason == "io_error" and store._con.raw.failures == 1
    assert "disk reported an error" in str(err.value)
    store._con.raw = real
    assert not real.in_transaction  # rolled back, not left open
    assert store.get_assignment(a.id) == a  # nothing half-written (no history row without update)
    assert [v for v, _ in store.assignment_history(a.id)] == [1]
    assert store.save_assignment(typed) == 2
    assert _integrity_ok(db)


def test_connection_closed_underneath(store):
    store._con.raw.close()
    with pytest.raises(StorageFault) as err:
        store.save_assignment(Assignment(client_code="HP-0042"))
    assert err.value.reason in ("closed", "other")


def test_read_only_at_run_time(store, db):
    """The folder becomes read-only while the app runs (a USB stick's switch, a remount)."""
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    store._con.execute("PRAGMA query_only = ON")  # SQLite's own read-only switch
    with pytest.raises(StorageFault) as err:
        store.save_assignment(a.model_copy(update={"title": "not yet saved"}))
    assert err.value.reason == "read_only" and "read-only" in str(err.value)
    store._con.execute("PRAGMA query_only = OFF")
    assert store.save_assignment(a.model_copy(update={"title": "not yet saved"})) == 2
    assert _integrity_ok(db)


def test_read_only_file_opened_read_only(db, monkeypatch):
    with Store.open(db) as s:
        s.add_client(Client(code="HP-1"))
    real = crypto_module.connect

    def read_only_connect(path, passphrase, *, read_only=False, threads=False):
        return real(path, passphrase, read_only=True)

    monkeypatch.setattr(crypto_module, "connect", read_only_connect)
    # Root ignores chmod, so the file is opened the way SQLite opens one it may not write.
    with pytest.raises(StorageFault) as err, Store.open(db) as s:
        s.add_client(Client(code="HP-2"))
    assert err.value.reason == "read_only"
    monkeypatch.undo()
    with Store.open(db) as s:
        assert [c.code for c in s.list_clients()] == ["HP-1"]


def test_read_only_folder_for_a_new_store(db, monkeypatch):
    real_open = os.open

    def refuse(path, flags, *args):
        if Path(path) == db and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)

    db.parent.mkdir(parents=True)
    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StorageFault) as err:
        Store.open(db)
    assert err.value.reason == "read_only"
    assert "cannot be written to" in str(err.value) and "--data-dir" in str(err.value)
    assert not db.exists()


@pytest.mark.parametrize(
    "code, reason",
    [
        (13, "disk_full"),
        (8, "read_only"),
        (10, "io_error"),
        (5, "busy"),
        (11, "damaged"),
        (26, "damaged"),
    ],
)
def test_every_fault_has_a_plain_message(code, reason):
    exc = sqlite3.OperationalError("technical text with a value: Sam Smith")
    exc.sqlite_errorcode = code
    fault = fault_from(exc)
    assert fault.reason == reason
    assert "Sam" not in str(fault)  # the driver's text never reaches the user or the log


def test_windows_replace_is_retried_while_another_program_holds_the_file(tmp_path, monkeypatch):
    (tmp_path / "w").mkdir()
    target = tmp_path / "w" / "settings.json"
    target.write_text("old")
    real = os.replace
    calls = []
    naps = []

    def held_twice(src, dst):
        calls.append(dst)
        if len(calls) <= 2:
            raise PermissionError(13, "The process cannot access the file")
        real(src, dst)

    monkeypatch.setattr(fileio.os, "replace", held_twice)
    monkeypatch.setattr(fileio.time, "sleep", naps.append)
    fileio.write_atomic(target, "new")
    assert target.read_text() == "new" and len(calls) == 3 and len(naps) == 2
    assert sorted(p.name for p in target.parent.iterdir()) == ["settings.json"]


def test_windows_replace_gives_up_without_losing_the_old_file(tmp_path, monkeypatch):
    (tmp_path / "w").mkdir()
    target = tmp_path / "w" / "settings.json"
    target.write_text("old")

    def always_held(src, dst):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(fileio.os, "replace", always_held)
    monkeypatch.setattr(fileio.time, "sleep", lambda s: None)
    with pytest.raises(PermissionError):
        fileio.write_atomic(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["settings.json"]  # no temp file left


def test_store_errors_are_store_errors():
    assert issubclass(StorageFault, StoreError)


# ---- a full disk is never called damage (issue 13) ----------------------------------------
FULL = "The disk is full: free some space, then try again; nothing was lost."


@pytest.fixture
def small_disk(tmp_path):
    """A real 8 MB file system (tmpfs), for a disk that really fills up. Needs root."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    try:
        made = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
            capture_output=True,
            timeout=30,
        )
    except OSError:
        pytest.skip("no mount command")
    if made.returncode != 0:
        pytest.skip("a small file system cannot be mounted here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30)


def fill(folder: Path) -> None:
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
    finally:
        os.close(fd)


def test_a_full_disk_at_open_is_a_full_disk_not_damage(small_disk):
    db = small_disk / "data" / "homework-planner.sqlite3"
    with Store.open(db) as s:
        s.add_client(Client(code="HP-0042"))
        s.save_assignment(Assignment.model_validate(full_assignment_dict()))
    before = db.read_bytes()
    fill(small_disk)
    with pytest.raises(StorageFault) as err:
        Store.open(db)
    assert not isinstance(err.value, DamagedDatabase)
    assert err.value.reason == "disk_full" and str(err.value) == FULL
    assert db.read_bytes() == before
    (small_disk / "filler").unlink()  # room again: the same store opens, whole
    with Store.open(db) as s:
        assert s.get_assignment(full_assignment_dict()["id"]) is not None


def test_a_disk_that_fills_while_saving_says_so(small_disk):
    db = small_disk / "data" / "homework-planner.sqlite3"
    with Store.open(db, backups=False) as s:
        s.add_client(Client(code="HP-0042"))
        a = Assignment.model_validate(full_assignment_dict())
        s.save_assignment(a)
        fill(small_disk)
        with pytest.raises(StorageFault) as err:
            for i in range(200):
                s.save_assignment(a.model_copy(update={"goal": f"{i} " + "g" * 20_000}))
        assert err.value.reason == "disk_full" and str(err.value) == FULL


def test_a_backup_that_fails_on_a_full_disk_says_the_disk_is_full(small_disk):
    db = small_disk / "data" / "homework-planner.sqlite3"
    with Store.open(db) as s:
        s.add_client(Client(code="HP-0042"))
        fill(small_disk)
        with pytest.raises(StoreError, match="the disk is full: free some space"):
            s.backup_now()


def test_a_backup_that_fails_for_another_reason_does_not_blame_the_disk(store, db):
    store.backups_folder = db.parent / "not-a-folder"
    store.backups_folder.write_text("a file where the backups folder should be")
    with pytest.raises(StoreError) as err:
        store.backup_now()
    assert "disk" not in str(err.value) and "Your data is saved" in str(err.value)


@pytest.mark.parametrize(
    "code",
    [13, 4874],  # SQLITE_FULL; SQLITE_IOERR_SHMSIZE, as a full disk gives at open
)
def test_a_full_disk_met_by_the_check_at_open_is_not_damage(db, monkeypatch, code):
    with Store.open(db) as s:
        s.add_client(Client(code="HP-0042"))

    def no_room(*args, **kwargs):
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = code
        raise exc

    monkeypatch.setattr(crypto_module, "connect", no_room)
    monkeypatch.setattr(errors_module, "disk_has_no_room", lambda folder: True)
    with pytest.raises(StorageFault) as err:
        Store.open(db)
    assert err.value.reason == "disk_full" and str(err.value) == FULL


@pytest.mark.parametrize("name", ["ENOSPC", "EDQUOT"])
def test_full_disk_errnos_are_a_full_disk(name, db):
    exc = OSError(getattr(errno, name), os.strerror(getattr(errno, name)))
    assert fault_from(exc).reason == "disk_full"
    assert str(store_module._folder_error(db, exc)) == FULL


@pytest.mark.parametrize("code", [13, 8, 10, 5, 11, 1])
def test_fault_messages_fit_the_command_line_too(code):
    """The command line shows these as they are: nothing about a screen it does not have."""
    exc = sqlite3.OperationalError("x")
    exc.sqlite_errorcode = code
    assert "on screen" not in str(fault_from(exc)).lower()


def test_a_read_only_store_met_by_the_check_at_open_says_what_to_do(db, monkeypatch):
    with Store.open(db) as s:
        s.add_client(Client(code="HP-0042"))

    def read_only(*args, **kwargs):
        exc = sqlite3.OperationalError("attempt to write a readonly database")
        exc.sqlite_errorcode = 8
        raise exc

    monkeypatch.setattr(crypto_module, "connect", read_only)
    with pytest.raises(StorageFault) as err:
        Store.open(db)
    assert not isinstance(err.value, DamagedDatabase) and err.value.reason == "read_only"
    assert "was not opened" in str(err.value) and "--data-dir" in str(err.value)
    assert "not saved" not in str(err.value)
