"""The audit log: one row per change, in the change's own transaction, append-only, no content."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from homework_planner.domain.models import Assignment, Client, ClientFile, Review
from homework_planner.storage import Store
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
