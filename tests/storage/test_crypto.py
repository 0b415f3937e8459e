"""Passphrase protection (SQLCipher): set up, changed, removed; backups follow; wrong vs damaged."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from homework_planner.domain.models import Assignment, Client
from homework_planner.storage import DamagedDatabase, Store, StoreError, crypto
from homework_planner.storage import backup as backups
from homework_planner.storage.store import PassphraseRequired, WrongPassphrase

pytestmark = pytest.mark.skipif(not crypto.available(), reason="sqlcipher3 is not installed")

MARKER = "Zebra-crossing-walk-7731"  # invented text that must never appear in a protected file
PASS = "three blue kettles sing"
NEW = "a quiet owl at noon"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    """Fewer key-derivation rounds keep these tests quick; one test uses the real setting."""
    monkeypatch.setattr(crypto, "KDF_ITER", 4000)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "homework-planner.sqlite3"


def _fill(store: Store, n: int = 20) -> None:
    store.add_client(Client(code="HP-1"))
    for i in range(n):
        store.save_assignment(Assignment(client_code="HP-1", title=f"{MARKER} {i}", goal="g" * 200))


def _readable_without_key(path: Path) -> bool:
    data = path.read_bytes()
    if data.startswith(crypto.SQLITE_MAGIC) or MARKER.encode() in data:
        return True
    con = sqlite3.connect(path)
    try:
        con.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def _all_files(db: Path) -> list[Path]:
    return [db] + [p for p, _, _ in backups.backup_files(db.parent / "backups")]


def test_set_up_protects_the_store_and_every_backup(db):
    with Store.open(db) as store:
        _fill(store)
        store.backup_now()  # a plain backup from before: it must not stay readable
        store.set_passphrase(PASS)
        assert store.is_protected
        store.save_assignment(Assignment(client_code="HP-1", title="after protection"))
        store.backup_now()
        assert [e.action for e in store.audit_log(None)][-1:] == ["protection_on"]
    files = _all_files(db)
    assert len(files) >= 4  # the store, the plain one re-keyed, before-protection, manual
    assert not any(_readable_without_key(p) for p in files)
    assert crypto.verifier_path(db).exists()
    # The key-check file holds a salted scrypt hash, never the passphrase.
    assert PASS not in crypto.verifier_path(db).read_text()
    with Store.open(db, passphrase=PASS) as store:
        assert len(store.list_assignments("HP-1")) == 21
        infos = store.list_backups(verify=True)
        assert infos and all(i.ok for i in infos)


def test_opening_needs_the_passphrase_and_tells_a_wrong_one(db, monkeypatch):
    monkeypatch.setattr(crypto, "KDF_ITER", 256_000)  # the shipped setting
    with Store.open(db) as store:
        _fill(store, 2)
        store.set_passphrase(PASS)
    before = db.read_bytes()
    with pytest.raises(PassphraseRequired, match="protected with a passphrase"):
        Store.open(db)
    with pytest.raises(WrongPassphrase, match="does not open this store"):
        Store.open(db, passphrase=PASS.upper())
    assert db.read_bytes() == before
    with Store.open(db, passphrase=PASS) as store:
        assert store.check_passphrase(PASS) and not store.check_passphrase("nope nope nope")


def _scribble(path: Path, start: int, end: int) -> None:
    data = bytearray(path.read_bytes())
    data[start:end] = os.urandom(end - start)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("where", ["first page", "later pages"])
def test_a_damaged_protected_store_is_not_called_a_wrong_passphrase(db, where):
    with Store.open(db) as store:
        _fill(store, 200)
        store.set_passphrase(PASS)
    if where == "first page":
        _scribble(db, 0, 64)  # the salt and first bytes: nothing decrypts
    else:
        _scribble(db, 4096 * 3, 4096 * 8)
    damaged = db.read_bytes()
    with pytest.raises(DamagedDatabase, match="passphrase is right"):
        Store.open(db, passphrase=PASS)
    with pytest.raises(WrongPassphrase):
        Store.open(db, passphrase="not the passphrase")
    assert db.read_bytes() == damaged  # left exactly as it was


def test_without_the_key_check_file_it_says_it_cannot_tell(db):
    with Store.open(db) as store:
        _fill(store, 2)
        store.set_passphrase(PASS)
    crypto.verifier_path(db).unlink()
    with pytest.raises(StoreError, match="key-check file"):
        Store.open(db)  # not asked for a passphrase blindly: the file is explained
    with pytest.raises(
        WrongPassphrase, match="Either the passphrase is wrong or the file is damaged"
    ):
        Store.open(db, passphrase="not the passphrase")
    with Store.open(db, passphrase=PASS) as store:  # the right one still opens it...
        assert store.get_client("HP-1")
    assert crypto.verify(db, PASS) is True  # ...and the key-check file is written again


def test_change_passphrase_re_keys_store_and_backups(db):
    with Store.open(db) as store:
        _fill(store, 3)
        store.set_passphrase(PASS)
        with pytest.raises(WrongPassphrase):
            store.change_passphrase("not it at all", NEW)
        store.change_passphrase(PASS, NEW)
        assert store.check_passphrase(NEW) and not store.check_passphrase(PASS)
        store.save_assignment(Assignment(client_code="HP-1", title="after the change"))
    with pytest.raises(WrongPassphrase):
        Store.open(db, passphrase=PASS)
    with Store.open(db, passphrase=NEW) as store:
        assert len(store.list_assignments("HP-1")) == 4
        infos = store.list_backups(verify=True)
        assert infos and all(i.ok for i in infos)  # every backup opens with the new passphrase
    assert not any(_readable_without_key(p) for p in _all_files(db))
    assert crypto.verifier_count(db) == 1


def test_remove_protection(db):
    with Store.open(db) as store:
        _fill(store, 3)
        store.set_passphrase(PASS)
        with pytest.raises(WrongPassphrase):
            store.remove_passphrase("not it at all")
        store.remove_passphrase(PASS)
        assert not store.is_protected
        actions = [e.action for e in store.audit_log(None)]
        assert actions[:2] == ["protection_off", "protection_on"]
    assert db.read_bytes().startswith(crypto.SQLITE_MAGIC)
    assert not crypto.verifier_path(db).exists()
    with Store.open(db) as store:
        assert len(store.list_assignments("HP-1")) == 3
        assert all(i.ok for i in store.list_backups(verify=True))


def test_interrupted_change_leaves_both_passphrases_valid_until_opened(db):
    with Store.open(db) as store:
        _fill(store, 2)
        store.set_passphrase(PASS)
    # A crash after the key-check file listed both, before the files were switched:
    crypto.write_verifier(db, PASS, NEW)
    with pytest.raises(DamagedDatabase, match="previous passphrase"):
        Store.open(db, passphrase=NEW)  # right per the key-check file, but the store is on PASS
    with Store.open(db, passphrase=PASS) as store:
        assert not store.check_passphrase(NEW)  # the survivor is now the only valid one
    assert crypto.verifier_count(db) == 1


def test_a_crash_during_set_up_leaves_a_plain_store_that_opens(db):
    with Store.open(db) as store:
        _fill(store, 2)
    crypto.write_verifier(db, PASS)  # written just before the switch, which never came
    with Store.open(db) as store:
        assert store.get_client("HP-1") and not store.is_protected
    assert not crypto.verifier_path(db).exists()


def test_new_protected_store_and_passphrase_rules(db, tmp_path):
    with pytest.raises(StoreError, match="at least 8 characters"):
        Store.open(db, passphrase="short")
    assert not db.exists()
    with Store.open(db, passphrase=PASS) as store:
        _fill(store, 1)
        with pytest.raises(StoreError, match="already has a passphrase"):
            store.set_passphrase(NEW)
    assert not _readable_without_key(db)
    for bad in (" leading space", "trailing space ", "nul\x00inside it"):
        with pytest.raises(crypto.PassphraseProblem):
            crypto.check_passphrase_rules(bad)


def test_quotes_in_a_passphrase_are_safe(db):
    tricky = "it's a 'key'; DROP TABLE clients; --"
    with Store.open(db) as store:
        _fill(store, 1)
        store.set_passphrase(tricky)
    with Store.open(db, passphrase=tricky) as store:
        assert store.get_client("HP-1") is not None


def test_key_check_file_format(db):
    with Store.open(db, passphrase=PASS) as store:
        _fill(store, 1)
    data = json.loads(crypto.verifier_path(db).read_text())
    assert data["format"] == crypto.VERIFIER_FORMAT and data["kdf"] == "scrypt"
    assert len(data["checks"]) == 1 and set(data["checks"][0]) == {"salt", "hash"}
    assert "passphrase" not in repr(crypto.Connector(PASS)).lower() or PASS not in repr(
        crypto.Connector(PASS)
    )


def test_faults_on_a_protected_store_are_plain_too(db):
    from homework_planner.storage import StorageFault

    with Store.open(db, passphrase=PASS) as store:
        _fill(store, 2)
        pages = store._con.execute("PRAGMA page_count").fetchone()[0]
        store._con.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StorageFault) as err:
            store.save_assignment(Assignment(client_code="HP-1", goal="x" * 100_000))
        assert err.value.reason == "disk_full"
        assert len(store.list_assignments("HP-1")) == 2


def _no_client_text_anywhere(folder: Path) -> bool:
    for p in folder.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            if MARKER.encode() in data or data.startswith(crypto.SQLITE_MAGIC):
                return False
    return True


def test_a_damaged_backup_is_not_left_readable_by_a_set_up(db):
    with Store.open(db) as store:
        _fill(store, 5)
        store.backup_now()
    (bad,) = [p for p, _, kind in backups.backup_files(db.parent / "backups") if kind == "manual"]
    _scribble(bad, 0, 100)  # no longer opens, but its pages still hold client text
    original = bad.read_bytes()
    assert MARKER.encode() in original
    with Store.open(db) as store:
        store.set_passphrase(PASS)
        assert all(i.ok for i in store.list_backups(verify=True))
    assert not bad.exists()
    assert _no_client_text_anywhere(db.parent)
    (place,) = (db.parent / "backups" / backups.DAMAGED_DIR).iterdir()
    assert crypto.unwrap_files(place / crypto.KEPT_FILES_NAME, PASS) == [(bad.name, original)]


def test_a_damaged_protected_store_is_kept_under_the_passphrase_and_follows_a_change(db):
    with Store.open(db) as store:
        _fill(store, 200)
        store.set_passphrase(PASS)
        store.backup_now()
    _scribble(db, 4096 * 3, 4096 * 8)
    damaged = db.read_bytes()
    with pytest.raises(DamagedDatabase):
        Store.open(db, passphrase=PASS)
    connector = crypto.Connector(PASS)
    offer = backups.newest_good_backup(db.parent / "backups", connector)
    kept = backups.restore_damaged(db, offer, db.parent / "backups", connector)
    assert [p.name for p in kept.iterdir()] == [crypto.KEPT_FILES_NAME]
    with Store.open(db, passphrase=PASS) as store:
        assert store.audit_problem is None
        store.change_passphrase(PASS, NEW)
    assert dict(crypto.unwrap_files(kept / crypto.KEPT_FILES_NAME, NEW))[db.name] == damaged
    with pytest.raises(crypto.DRIVER_ERRORS):
        crypto.unwrap_files(kept / crypto.KEPT_FILES_NAME, PASS)


def test_removal_leaves_every_backup_opening_without_a_passphrase(db):
    with Store.open(db) as store:
        _fill(store, 3)
        store.set_passphrase(PASS)
        store.backup_now()
    (bad,) = [p for p, _, kind in backups.backup_files(db.parent / "backups") if kind == "manual"]
    _scribble(bad, 0, 100)
    with Store.open(db, passphrase=PASS) as store:
        store.remove_passphrase(PASS)
        infos = store.list_backups(verify=True)
    assert infos and all(i.ok for i in infos)  # the unreadable one is kept with the damaged
    assert any(p.name == bad.name for p in (db.parent / "backups" / "damaged").rglob("*"))


def test_a_copy_that_fails_midway_changes_nothing_and_leaves_no_copy(db, monkeypatch):
    with Store.open(db) as store:
        _fill(store, 3)
        store.set_passphrase(PASS)
        store.backup_now()
        real = crypto.export_copy
        calls = []

        def full_disk(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:  # the first backup's copy
                raise OSError(28, "No space left on device")
            return real(*args, **kwargs)

        monkeypatch.setattr(crypto, "export_copy", full_disk)
        with pytest.raises(StoreError, match="Nothing was changed"):
            store.change_passphrase(PASS, NEW)
        monkeypatch.setattr(crypto, "export_copy", real)
        assert store.check_passphrase(PASS) and store.get_client("HP-1")  # still open, as it was
        store.save_assignment(Assignment(client_code="HP-1", title="after the failure"))
    assert not list(db.parent.rglob(".rekey.*"))
    with Store.open(db, passphrase=PASS) as store:
        assert len(store.list_assignments("HP-1")) == 4
        assert all(i.ok for i in store.list_backups(verify=True))
        assert store.audit_problem is None
