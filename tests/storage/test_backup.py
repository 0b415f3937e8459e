"""Rolling backups: when they are made, what they hold, the rota, restore, and a damaged start."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from homework_planner.domain.models import Assignment, Client, ClientFile
from homework_planner.storage import DamagedDatabase, Store, StoreError, schema
from homework_planner.storage import backup as backups
from homework_planner.storage.crypto import Connector

FIXTURES = Path(__file__).parent.parent / "fixtures"
PLAIN = Connector(None)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "homework-planner.sqlite3"


def _store_with(db: Path, n: int = 3) -> None:
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        for i in range(n):
            store.save_assignment(Assignment(client_code="HP-1", title=f"walk {i}"))


def _files(db: Path) -> list[tuple[Path, datetime, str]]:
    return backups.backup_files(db.parent / "backups")


def test_first_change_of_the_day_is_backed_up_once(db):
    _store_with(db)
    assert _files(db) == []  # a brand-new store has nothing worth a copy yet
    with Store.open(db) as store:
        store.save_assignment(Assignment(client_code="HP-1", title="first change today"))
        for i in range(30):
            store.save_assignment(Assignment(client_code="HP-1", title=f"more {i}"))
    [(path, made, kind)] = _files(db)
    assert kind == "daily" and made.date() == datetime.now(timezone.utc).date()
    # The copy is the state before the day's first change: 3 assignments, not 4 or 34.
    info = backups.inspect(path, PLAIN, verify=True)
    assert (info.ok, info.clients, info.assignments) == (True, 1, 3)
    # A new process the same day finds today's backup and makes no other.
    with Store.open(db) as store:
        store.save_assignment(Assignment(client_code="HP-1", title="later"))
    assert len(_files(db)) == 1


def test_a_large_store_is_backed_up_by_a_thread_from_before_the_change(db, monkeypatch):
    from homework_planner.storage import store as store_module

    _store_with(db, 3)
    monkeypatch.setattr(store_module, "BACKGROUND_BACKUP_BYTES", 0)
    with Store.open(db) as store:
        store.save_assignment(Assignment(client_code="HP-1", title="first change today"))
        assert store._backup_thread is not None  # the save did not wait for the copy
        for i in range(20):
            store.save_assignment(Assignment(client_code="HP-1", title=f"meanwhile {i}"))
    # close() waited for it; the copy is the state before the day's first change.
    [(path, _, kind)] = _files(db)
    info = backups.inspect(path, PLAIN, verify=True)
    assert (kind, info.ok, info.assignments) == ("daily", True, 3)
    assert not list(path.parent.glob(".*.tmp"))


def test_a_new_day_gets_a_new_backup(db):
    _store_with(db)
    with Store.open(db) as store:
        yesterday = datetime.now(timezone.utc) - timedelta(days=1)
        backups.make_backup(store._con.raw, store.backups_folder, "daily", PLAIN, now=yesterday)
        store._backup_checked = yesterday.date()  # the app was left open overnight
        store.save_assignment(Assignment(client_code="HP-1", title="the next morning"))
    assert [k for _, _, k in _files(db)] == ["daily", "daily"]


def test_backup_file_is_self_contained_and_private(db):
    _store_with(db)
    with Store.open(db) as store:
        path = store.backup_now()
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no -wal beside it
    con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    con.close()
    if os.name == "posix":
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_import_is_preceded_by_a_backup(db):
    _store_with(db, 2)
    cf = ClientFile(
        client=Client(code="HP-2"),
        assignments=[Assignment(client_code="HP-2", title=f"i{i}") for i in range(5)],
    )
    with Store.open(db) as store:
        store.import_client_file(cf)
    kinds = {k: p for p, _, k in _files(db)}
    assert "import" in kinds
    info = backups.inspect(kinds["import"], PLAIN)
    assert (info.clients, info.assignments) == (1, 2)  # as it was before the import


def test_migration_is_preceded_by_a_backup_of_the_old_file(db):
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.executescript((FIXTURES / "prototype_v0.sql").read_text())
    con.close()
    with Store.open(db) as store:
        assert store.schema_version == schema.CURRENT_VERSION
        [info] = store.list_backups(verify=True)
    assert info.kind == "migration" and info.ok
    assert (info.clients, info.assignments) == (2, 3)
    old = sqlite3.connect(info.path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 0
    old.close()


def _fake(folder: Path, made: datetime, kind: str = "daily") -> Path:
    path = folder / backups.backup_name(made, kind)
    path.write_bytes(b"")
    return path


def test_rota_keeps_seven_daily_four_weekly_and_the_newest_three(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    start = datetime(2026, 9, 1, 8, 0, tzinfo=timezone.utc)  # a Tuesday
    for day in range(60):  # to Friday 30 October
        _fake(folder, start + timedelta(days=day))  # before the first change of the day
        _fake(folder, start + timedelta(days=day, hours=5), "import")
    backups.prune(folder)
    kept = {(made.strftime("%m-%d"), kind) for _, made, kind in backups.backup_files(folder)}
    daily = {(f"10-{d}", "daily") for d in range(24, 31)}  # the last 7 days, each day's first
    weekly = {("10-19", "daily"), ("10-12", "daily"), ("10-05", "daily")}  # Mondays; 26th is daily
    newest = {("10-30", "import"), ("10-29", "import")}  # with 30 Oct daily: the newest three
    assert kept == daily | weekly | newest


def test_prune_runs_with_each_backup(db):
    _store_with(db)
    folder = db.parent / "backups"
    folder.mkdir()
    long_ago = datetime.now(timezone.utc) - timedelta(days=400)
    old = [_fake(folder, long_ago + timedelta(days=i * 8)) for i in range(10)]
    with Store.open(db) as store:
        store.backup_now()
    left = {p for p, _, _ in _files(db)}
    assert len(left & set(old)) < len(old)
    assert len(left) <= backups.KEEP_DAILY + backups.KEEP_WEEKLY + backups.KEEP_NEWEST


def test_restore_backs_up_the_current_data_first_and_replaces_it(db):
    _store_with(db, 2)
    with Store.open(db) as store:
        made = store.backup_now()
        for i in range(4):
            store.save_assignment(Assignment(client_code="HP-1", title=f"after {i}"))
        safety = store.restore_backup(made)
        assert len(store.list_assignments("HP-1")) == 2
        store.save_assignment(Assignment(client_code="HP-1", title="works after restore"))
        assert store.audit_log(None)[0].action == "restored"
    info = backups.inspect(safety, PLAIN, verify=True)
    assert info.kind == "restore" and info.assignments == 6  # nothing was lost by restoring
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    con.close()
    with Store.open(db) as store:
        assert len(store.list_assignments("HP-1")) == 3


def test_failed_replace_leaves_the_store_as_it_was(db, monkeypatch):
    _store_with(db, 2)
    with Store.open(db) as store:
        made = store.backup_now()
        store.save_assignment(Assignment(client_code="HP-1", title="keep me"))

        real = os.replace

        def refuse(src, dst):
            if Path(dst) == db:  # the backup before the restore works; the switch fails
                raise PermissionError(13, "Permission denied")
            real(src, dst)

        monkeypatch.setattr(backups.os, "replace", refuse)
        with pytest.raises(StoreError, match="Nothing was changed"):
            store.restore_backup(made)
        monkeypatch.undo()
        assert len(store.list_assignments("HP-1")) == 3
        store.save_assignment(Assignment(client_code="HP-1", title="still saving"))
    assert not list(db.parent.glob(".*.tmp"))


def test_restore_is_refused_when_the_current_data_cannot_be_backed_up(db, monkeypatch):
    _store_with(db, 2)
    with Store.open(db) as store:
        made = store.backup_now()
        store.save_assignment(Assignment(client_code="HP-1", title="keep me"))
        monkeypatch.setattr(backups, "make_backup", _no_room)
        with pytest.raises(StoreError, match="nothing was restored"):
            store.restore_backup(made)
        monkeypatch.undo()
        assert len(store.list_assignments("HP-1")) == 3


def _no_room(*args, **kwargs):
    raise OSError(28, "No space left on device")


def test_a_damaged_backup_is_refused_for_restore(db):
    _store_with(db)
    with Store.open(db) as store:
        made = store.backup_now()
        data = bytearray(made.read_bytes())
        # The middle of every page: the schema's own page may hold its rows at the page's end.
        for start in range(0, len(data), 4096):
            data[start + 200 : start + 4000] = os.urandom(3800)
        made.write_bytes(bytes(data))
        with pytest.raises(StoreError, match="cannot be restored"):
            store.restore_backup(made)
        assert len(store.list_assignments("HP-1")) == 3


def _damage(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    data = bytearray(db.read_bytes())
    for offset in range(2 * 4096, len(data)):
        data[offset] = (data[offset] * 7 + 13) % 256
    db.write_bytes(bytes(data))


def test_damaged_store_offers_newest_good_backup_and_keeps_the_damaged_file(db):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        for i in range(200):
            store.save_assignment(Assignment(client_code="HP-1", title=f"t{i}", goal="x" * 300))
        good = store.backup_now()
        newer = store.backup_now()
    # The newest backup is damaged too: it must be skipped, not offered.
    data = bytearray(newer.read_bytes())
    data[4096 * 2 : 4096 * 6] = os.urandom(4096 * 4)
    newer.write_bytes(bytes(data))
    _damage(db)
    damaged_bytes = db.read_bytes()
    with pytest.raises(DamagedDatabase):
        Store.open(db)
    assert db.read_bytes() == damaged_bytes
    offer = backups.newest_good_backup(db.parent / "backups", PLAIN)
    assert offer is not None and offer.path == good and offer.assignments == 200
    kept = backups.restore_damaged(db, offer, db.parent / "backups", PLAIN)
    assert (kept / db.name).read_bytes() == damaged_bytes  # byte for byte, untouched
    with Store.open(db) as store:
        assert len(store.list_assignments("HP-1")) == 200
    # The damaged copy is not listed as a backup to restore.
    assert all(p.parent == db.parent / "backups" for p, _, _ in _files(db))


def test_no_good_backup_means_no_offer(db):
    _store_with(db)
    assert backups.newest_good_backup(db.parent / "backups", PLAIN) is None


@pytest.mark.parametrize(
    "folder, synced",
    [
        ("/home/sam/Dropbox/HomeworkPlanner", True),
        ("/Users/sam/Library/Mobile Documents/com~apple~CloudDocs/HP", True),
        ("C:/Users/sam/OneDrive - NHS Trust/HP", True),
        ("/home/sam/Google Drive/HP", True),
        ("/home/sam/.local/share/HomeworkPlanner", False),
        ("/home/megan/Documents/HP", False),
    ],
)
def test_synced_folders_are_recognised(folder, synced):
    assert (backups.looks_synced(Path(folder)) is not None) == synced


def test_default_backups_are_beside_the_data_not_synced(tmp_path, monkeypatch):
    from homework_planner import paths

    monkeypatch.delenv(paths.DATA_ENV)
    folder = paths.data_dir()
    assert backups.looks_synced(folder) is None
    assert paths.backups_dir(folder).parent == folder
