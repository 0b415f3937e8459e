"""The audit log: one row per change, in the change's own transaction, append-only, no content."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from homework_planner.domain.models import Assignment, Client, ClientFile, Review
from homework_planner.storage import Store, audit, backup, crypto, schema
from homework_planner.storage.store import StorageFault
from tests.conftest import full_assignment_dict


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "homework-planner.sqlite3"


def _rows(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
    finally:
        con.close()


def test_each_kind_of_change_is_logged_per_client(db, review_dict):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-0042", preferred_name="Sam"))
        a = Assignment.model_validate(full_assignment_dict())
        store.save_assignment(a)
        store.save_assignment(a.model_copy(update={"title": "A longer walk"}))
        store.save_review(Review.model_validate(review_dict))
        store.update_client(Client(code="HP-0042", preferred_name="Sammy"))
        store.archive_client("HP-0042")
        store.archive_client("HP-0042", archived=False)
        store.add_client(Client(code="HP-7"))
        log = store.audit_log("HP-0042")
    got = [(e.record_type, e.action, e.version) for e in reversed(log)]
    assert got == [
        ("client", "created", None),
        ("assignment", "created", 1),
        ("assignment", "changed", 2),
        ("review", "created", None),
        ("client", "changed", None),
        ("client", "archived", None),
        ("client", "unarchived", None),
    ]
    assert log[0].describe() == "Client: Taken out of the archive"
    assert all(e.client_code == "HP-0042" for e in log)


def test_never_the_content(db):
    secret = "Sam-walks-to-the-Elm-Road-postbox"
    with Store.open(db) as store:
        store.add_client(Client(code="HP-0042", preferred_name="Sam"))
        a = Assignment.model_validate(full_assignment_dict())
        store.save_assignment(a.model_copy(update={"title": secret, "goal": secret}))
    text = repr(_rows(db))
    assert secret not in text and "Sam'" not in text and "Elm" not in text


def test_append_only_by_the_database_itself(db):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
    con = sqlite3.connect(db)
    for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute(sql)
    con.close()
    assert len(_rows(db)) == 1


def test_written_in_the_same_transaction_as_the_change(db):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        before = len(_rows(db))
        pages = store._con.execute("PRAGMA page_count").fetchone()[0]
        store._con.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StorageFault):
            store.save_assignment(Assignment(client_code="HP-1", goal="x" * 100_000))
    assert len(_rows(db)) == before  # a change that failed left no entry


def test_autosaves_are_one_entry_per_stretch_of_typing(db):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        a = Assignment(client_code="HP-1", title="t")
        store.save_assignment(a)
        for i in range(50):
            store.save_assignment(a.model_copy(update={"title": f"t{i}"}), coalesce=True)
        store.save_assignment(a.model_copy(update={"title": "final"}))
        actions = [e.action for e in reversed(store.audit_log("HP-1"))]
    # created v1; the first autosave starts v2 ("changed"), later autosaves overwrite it
    # quietly; the explicit save makes v3.
    assert actions == ["created", "created", "changed", "changed"]


def test_import_is_logged_as_imported(db):
    cf = ClientFile(
        client=Client(code="HP-9"),
        assignments=[Assignment(client_code="HP-9", title=f"t{i}") for i in range(3)],
    )
    with Store.open(db) as store:
        store.import_client_file(cf)
        log = store.audit_log("HP-9")
    assert [e.action for e in log] == ["imported"] * 4
    assert {e.record_type for e in log} == {"client", "assignment"}


def test_one_small_row_per_save(db):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        a = Assignment.model_validate(full_assignment_dict("HP-1"))
        for i in range(20):
            store.save_assignment(a.model_copy(update={"title": f"v{i}"}))
    rows = _rows(db)
    assert len(rows) == 21
    assert max(len(repr(r)) for r in rows) < 200


# ---- tamper evidence: a hash chain whose head is kept outside the database ----------------
def _head(db: Path) -> dict:
    head = audit.read_head(db)
    assert isinstance(head, audit.Head)
    return head.__dict__


def _tool(db: Path) -> sqlite3.Connection:
    """Another program with the file: any SQLite tool."""
    return sqlite3.connect(db, isolation_level=None)


def _store_with_log(db: Path, n: int = 5) -> None:
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1", preferred_name="Sam"))
        a = Assignment(client_code="HP-1", title="t")
        for i in range(n):
            store.save_assignment(a.model_copy(update={"title": f"v{i}"}))


def test_each_row_is_chained_and_the_head_is_kept_outside(db):
    _store_with_log(db)
    rows = _rows(db)
    prev = audit.GENESIS
    for row in rows:
        assert row[7] == audit.row_hash(prev, row)
        prev = row[7]
    head = _head(db)
    assert (head["seq"], head["hash"], head["entries"]) == (rows[-1][0], prev, len(rows))
    # Hashes and counts only: nothing about a client.
    for line in audit.head_path(db).read_text().splitlines():
        assert set(json.loads(line)) == {"format", "version", "seq", "hash", "entries", "check"}
    assert "HP-1" not in audit.head_path(db).read_text()
    with Store.open(db) as store:
        assert store.audit_problem is None


def _altered(db: Path, reason: str) -> Store:
    store = Store.open(db)
    assert store.audit_problem is not None
    assert "altered outside Homework Planner" in store.audit_problem
    assert "supervisor" in store.audit_problem
    newest = store.audit_log(None)[0]
    assert (newest.action, newest.record_id) == ("log_altered", reason)
    return store


def test_rows_deleted_with_the_triggers_dropped_and_recreated_are_noticed(db):
    _store_with_log(db)
    con = _tool(db)
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute("DELETE FROM audit_log WHERE seq = 3")
    con.execute(audit.TRIGGERS["audit_log_no_delete"])
    con.close()
    with _altered(db, "rows_changed") as store:
        assert store.audit_log(None)[0].version == 4  # the first row whose link broke
    with Store.open(db) as store:  # recorded once, sealed again, and the record stays
        assert store.audit_problem is None
        assert [e.action for e in store.audit_log(None)] == ["log_altered"]


def test_a_row_edited_is_noticed(db):
    _store_with_log(db)
    con = _tool(db)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET action = 'created' WHERE seq = 4")
    con.close()
    _altered(db, "rows_changed").close()


def test_a_log_rebuilt_with_a_recomputed_chain_does_not_match_its_head(db):
    _store_with_log(db)
    con = _tool(db)
    audit.drop_triggers(con)
    con.execute("DELETE FROM audit_log WHERE seq = 2")
    con.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq > 2")
    audit.seal(con)  # whoever edits it can recompute the hashes too...
    con.close()
    _altered(db, "rows_removed").close()  # ...but not the head kept outside


def test_newest_rows_removed_or_an_older_file_copied_over_are_noticed(db, tmp_path):
    _store_with_log(db, 2)
    older = tmp_path / "older.sqlite3"
    shutil.copyfile(db, older)
    with Store.open(db) as store:
        store.add_client(Client(code="HP-2"))
    for side in ("-wal", "-shm"):
        Path(str(db) + side).unlink(missing_ok=True)
    shutil.copyfile(older, db)
    # First line of defence: the commit counter kept beside the store refuses the older file
    # (and the window offers the backup) ...
    from homework_planner.storage.store import StaleDatabase, seal_path

    with pytest.raises(StaleDatabase):
        Store.open(db)
    # ... and if that counter is removed too, the audit chain's head still notices.
    seal_path(db).unlink()
    with _altered(db, "rows_removed") as store:
        assert "older copy" in store.audit_problem


def test_dropped_safeguards_are_noticed_and_put_back(db):
    _store_with_log(db)
    con = _tool(db)
    audit.drop_triggers(con)
    con.close()
    _altered(db, "safeguards_removed").close()
    con = _tool(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM audit_log")
    con.close()


def test_a_missing_head_file_is_noticed(db):
    _store_with_log(db)
    audit.head_path(db).unlink()
    _altered(db, "head_missing").close()


def test_rows_committed_just_before_a_crash_are_not_called_altered(db):
    _store_with_log(db)
    head_before = audit.head_path(db).read_bytes()
    with Store.open(db) as store:
        store.add_client(Client(code="HP-2"))
    audit.head_path(db).write_bytes(head_before)  # the head file was not rewritten in time
    with Store.open(db) as store:
        assert store.audit_problem is None
    assert _head(db)["entries"] == len(_rows(db))


def _version_2_store(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db, isolation_level=None)
    schema.MIGRATIONS[0](con)
    schema.MIGRATIONS[1](con)
    con.execute("PRAGMA user_version = 2")
    con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    con.execute(
        "INSERT INTO clients(code, created, updated) VALUES ('HP-1', '2026-01-01', '2026-01-01')"
    )
    for i in range(4):
        con.execute(
            "INSERT INTO audit_log(at, client_code, record_type, record_id, action, version)"
            " VALUES (?, 'HP-1', 'client', 'HP-1', ?, NULL)",
            (f"2026-01-0{i + 1}T10:00:00+00:00", "created" if i == 0 else "changed"),
        )
    con.close()


def test_an_existing_store_gets_its_chain_at_first_open(db):
    _version_2_store(db)
    with Store.open(db) as store:
        assert store.schema_version == schema.CURRENT_VERSION
        assert store.audit_problem is None
        assert len(store.audit_log("HP-1")) == 4
    rows = _rows(db)
    assert all(r[7] for r in rows) and _head(db)["entries"] == 4
    con = _tool(db)
    assert audit.check_chain(con, audit.read_head(db)).reason is None
    con.close()
    with Store.open(db) as store:
        assert store.audit_problem is None


def test_restoring_an_older_backup_keeps_the_whole_log(db):
    _store_with_log(db, 2)
    with Store.open(db) as store:
        old_backup = store.backup_now()
        store.add_client(Client(code="HP-2"))
        store.archive_client("HP-2")
        before = _rows(db)
        store.restore_backup(old_backup)
        assert store.get_client("HP-2") is None  # the data is the backup's...
        after = _rows(db)
    assert after[: len(before)] == before  # ...the log is not: it never shortens
    assert after[-1][5] == "restored" and after[-1][4] == old_backup.name
    with Store.open(db) as store:
        assert store.audit_problem is None


def test_a_restore_interrupted_after_the_swap_finishes_at_the_next_open(db, monkeypatch):
    _store_with_log(db, 2)
    with Store.open(db) as store:
        old_backup = store.backup_now()
        store.add_client(Client(code="HP-2"))
        before = _rows(db)

        def crash(self) -> None:
            raise KeyboardInterrupt  # stands for the kill, right after the file was swapped

        monkeypatch.setattr(Store, "_migrate", crash)
        with pytest.raises(KeyboardInterrupt):
            store.restore_backup(old_backup)
        monkeypatch.undo()
        store._con.raw.close()
        store._con.raw = None
    with Store.open(db) as store:
        assert store.audit_problem is None
        assert store.get_client("HP-2") is None
    after = _rows(db)
    assert after[: len(before)] == before and after[-1][5] == "restored"


def test_a_damaged_store_replaced_at_start_is_logged_not_called_altered(db):
    _store_with_log(db, 2)
    with Store.open(db) as store:
        store.backup_now()
        store.add_client(Client(code="HP-2"))
    offer = backup.newest_good_backup(db.parent / "backups", crypto.Connector(None))
    backup.restore_damaged(db, offer, db.parent / "backups", crypto.Connector(None))
    with Store.open(db) as store:
        assert store.audit_problem is None
        newest = store.audit_log(None)[0]
        assert newest.action == "restored_after_damage" and newest.version == 1  # one lost


def test_a_torn_head_write_falls_back_to_the_other_slot(db):
    _store_with_log(db)
    with Store.open(db) as store:
        store.add_client(Client(code="HP-2"))
    raw = bytearray(audit.head_path(db).read_bytes())
    newest = audit.read_head(db)
    slot = 0 if audit._parse_slot(bytes(raw[: audit.SLOT])) == newest else 1
    raw[slot * audit.SLOT + 10 : slot * audit.SLOT + 40] = b"x" * 30  # half written
    audit.head_path(db).write_bytes(bytes(raw))
    older = audit.read_head(db)
    assert isinstance(older, audit.Head) and older.seq < newest.seq
    with Store.open(db) as store:  # a lower bound still: the rows after it are accepted
        assert store.audit_problem is None
    assert audit.read_head(db) == newest


def test_a_head_file_made_up_by_hand_is_not_trusted(db):
    _store_with_log(db)
    audit.head_path(db).write_text('{"seq": 1}\n')
    _altered(db, "head_unreadable").close()


def test_a_long_log_is_checked_in_stretches_and_an_old_edit_is_still_found(db):
    import random

    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        with store._tx() as con:
            for _ in range(120):
                audit.record(con, record_type="client", record_id="HP-1", action="changed")
    con = _tool(db)
    head = audit.read_head(db)
    assert audit.check_chain(con, head, window=20).reason is None
    audit.drop_triggers(con)
    con.execute("UPDATE audit_log SET action = 'created' WHERE seq = 7")  # an old row, in place
    audit.restore_triggers(con)
    # Not in the newest stretch: found once the random older stretch covers it.
    found = [
        audit.check_chain(con, head, window=20, rng=random.Random(n)).first_bad_seq
        for n in range(30)
    ]
    assert 7 in found and set(found) <= {7, None}
    audit.drop_triggers(con)
    con.execute("UPDATE audit_log SET action = 'changed' WHERE seq = 7")
    con.execute("DELETE FROM audit_log WHERE seq = 5")  # removed from the middle, unsealed
    # Whichever stretches are checked, the counts tell that a row is missing.
    for n in range(10):
        check = audit.check_chain(con, head, window=20, rng=random.Random(n))
        assert check.reason in ("rows_removed", "rows_changed")
    con.close()
