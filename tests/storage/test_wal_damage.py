"""A store that lost acknowledged saves is never served silently (issue 13): a damaged or deleted
-wal, a file emptied to 0 bytes or cut short, a new store whose only data was in its -wal.

The copies of a live store below are what a crash (or a power cut) leaves on disk: the main
file, its -wal and its commit seal, taken while the writer still has them open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from homework_planner.domain.models import Assignment, Client
from homework_planner.storage import DamagedDatabase, NotOurDatabase, Store
from homework_planner.storage import database as database_module
from homework_planner.storage.store import StaleDatabase, reset_seal, seal_path

NAME = "homework-planner.sqlite3"


def files(folder: Path) -> dict[str, bytes]:
    """The data (the -shm is SQLite's index of the -wal, rebuilt by any reader)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith("-shm")
    }


def live_copy(tmp_path: Path, saves: int, *, checkpoint: bool = True) -> Path:
    """A store with `saves` acknowledged saves, copied while its writer is still open (so
    that the saves are in the -wal, not yet in the main file)."""
    src = tmp_path / "live"
    db = src / NAME
    store = Store.open(db, backups=False)
    try:
        store.add_client(Client(code="HP-1"))
        if checkpoint:  # the client in the main file; the saves after it only in the -wal
            store._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for i in range(saves):
            store.save_assignment(Assignment(client_code="HP-1", title=f"save {i}"))
        copy = tmp_path / "copy"
        copy.mkdir()
        for p in src.iterdir():
            if p.is_file():
                shutil.copy2(p, copy / p.name)
    finally:
        store.close()
    assert (copy / f"{NAME}-wal").stat().st_size > 0
    return copy / NAME


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_wal_that_drops_the_last_saves_is_refused(tmp_path):
    db = live_copy(tmp_path, saves=3)
    flip(db.with_name(NAME + "-wal"), -100)  # inside the last frame: SQLite drops it silently
    before = files(db.parent)
    with pytest.raises(StaleDatabase) as err:
        Store.open(db)
    assert "missing changes that were saved" in str(err.value)
    assert "newest good backup" in str(err.value)
    assert files(db.parent) == before  # left exactly as it is, -wal and all


def test_a_deleted_wal_is_refused(tmp_path):
    db = live_copy(tmp_path, saves=2)
    db.with_name(NAME + "-wal").unlink()
    db.with_name(NAME + "-shm").unlink()
    with pytest.raises(StaleDatabase):
        Store.open(db)


def test_an_intact_crash_copy_opens_with_every_save(tmp_path):
    db = live_copy(tmp_path, saves=3)
    with Store.open(db) as store:
        assert len(store.list_assignments("HP-1")) == 3
        store.save_assignment(Assignment(client_code="HP-1", title="after"))
    for _ in range(3):  # clean closes and opens never raise a false alarm
        with Store.open(db) as store:
            assert len(store.list_assignments("HP-1")) == 4


def test_a_new_store_whose_only_data_was_in_a_damaged_wal_is_not_another_programs(tmp_path):
    db = live_copy(tmp_path, saves=0, checkpoint=False)
    assert db.stat().st_size <= 4096  # the main file holds only SQLite's first page
    flip(db.with_name(NAME + "-wal"), 32 + 24 + 50)  # the first frame: every save is lost
    with pytest.raises(DamagedDatabase) as err:
        Store.open(db)
    assert not isinstance(err.value, NotOurDatabase)
    assert "another program" not in str(err.value)
    assert "-wal file beside it, which is damaged or missing" in str(err.value)


def test_an_emptied_store_is_not_replaced_by_a_new_one(tmp_path):
    db = tmp_path / "data" / NAME
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
    db.write_bytes(b"")
    with pytest.raises(DamagedDatabase) as err:
        Store.open(db)
    assert "is empty (0 bytes), but it held saved data" in str(err.value)
    assert db.stat().st_size == 0  # still the same empty file: nothing was created in it


def test_a_store_cut_short_is_damaged_not_foreign(tmp_path):
    db = tmp_path / "data" / NAME
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        store.backup_now()
    db.write_bytes(db.read_bytes()[:60])
    reset_seal(db)  # the backup alone shows that the folder held data
    with pytest.raises(DamagedDatabase) as err:
        Store.open(db)
    assert "has been cut short" in str(err.value)


def test_a_deleted_store_beside_its_seal_is_not_silently_recreated(tmp_path):
    db = tmp_path / "data" / NAME
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
    db.unlink()
    with pytest.raises(DamagedDatabase, match="is missing, but this folder held saved data"):
        Store.open(db)
    assert not db.exists()


def test_an_empty_file_with_no_sign_of_data_is_still_a_new_store(tmp_path):
    db = tmp_path / "data" / NAME
    db.parent.mkdir()
    db.write_bytes(b"")  # created, then stopped before the first save
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
    with Store.open(db) as store:
        assert store.get_client("HP-1") is not None


def test_a_store_from_before_the_seal_opens_and_is_sealed_from_its_next_save(tmp_path):
    db = tmp_path / "data" / NAME
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        store._con.execute("DROP TABLE store_seal")
    reset_seal(db)
    with Store.open(db) as store:
        assert not seal_path(db).exists()
        store.add_client(Client(code="HP-2"))
    assert seal_path(db).exists()
    with Store.open(db) as store:
        assert store.get_client("HP-2") is not None


@pytest.mark.parametrize("content", [b"", b"garbage\n", b"00000000000000000099 00000000\n"])
def test_a_torn_or_foreign_seal_is_ignored(tmp_path, content):
    db = tmp_path / "data" / NAME
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
    seal_path(db).write_bytes(content)
    with Store.open(db) as store:
        assert store.get_client("HP-1") is not None


def test_restoring_an_older_backup_is_no_false_alarm(tmp_path):
    db = tmp_path / "data" / NAME
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        made = store.backup_now()
        for i in range(5):
            store.save_assignment(Assignment(client_code="HP-1", title=f"t{i}"))
        store.restore_backup(made)
    with Store.open(db) as store:
        assert store.list_assignments("HP-1") == []


def test_a_large_store_cut_short_is_refused_without_its_page_check(tmp_path, monkeypatch):
    """Above QUICK_CHECK_MAX_BYTES no page check runs at open: the header still shows that
    the file has lost its end."""
    db = tmp_path / "data" / NAME
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        for i in range(40):
            store.save_assignment(Assignment(client_code="HP-1", title=f"t{i}", goal="g" * 2000))
    size = db.stat().st_size
    assert size > 8 * 4096
    with open(db, "r+b") as fh:
        fh.truncate(size - 4 * 4096)
    monkeypatch.setattr(database_module, "QUICK_CHECK_MAX_BYTES", 0)
    with pytest.raises(DamagedDatabase, match="has been cut short"):
        Store.open(db)
    assert db.stat().st_size == size - 4 * 4096
