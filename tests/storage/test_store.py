"""The SQLite store: real files, closed and reopened; history; migration; refusing bad files."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from homework_planner.domain.models import Assignment, Client, PrintNeeds, Review
from homework_planner.storage import (
    DamagedDatabase,
    NewerDatabase,
    NotOurDatabase,
    Store,
    StoreError,
    schema,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "hp.sqlite3"


def test_save_close_reopen_same_data(db, full_assignment, review_dict):
    with Store.open(db) as store:
        store.add_client(
            Client(code="HP-0042", preferred_name="Sam", print_needs=PrintNeeds(size="large"))
        )
        a = Assignment.model_validate(full_assignment)
        assert store.save_assignment(a) == 1
        store.save_review(Review.model_validate(review_dict))
    with Store.open(db) as store:
        assert store.get_client("HP-0042").print_needs.size == "large"
        assert store.get_assignment(a.id) == a
        assert store.list_reviews(assignment_id=a.id)[0].completion == 3
        [summary] = store.list_assignments("HP-0042")
        assert (summary.title, summary.status, summary.version) == (a.title, "agreed", 1)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == schema.CURRENT_VERSION
    con.close()


def test_an_edit_keeps_the_old_version(db, full_assignment):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-0042"))
        a = Assignment.model_validate(full_assignment)
        store.save_assignment(a)
        assert store.save_assignment(a) == 1  # unchanged: no new version
        changed = a.model_copy(update={"title": "A longer walk"})
        assert store.save_assignment(changed) == 2
    with Store.open(db) as store:
        history = store.assignment_history(a.id)
        assert [(v, x.title) for v, x in history] == [(1, a.title), (2, "A longer walk")]


def test_autosave_coalesces_within_a_session_but_keeps_the_start(db, full_assignment):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-0042"))
        a = Assignment.model_validate(full_assignment)
        store.save_assignment(a)
    with Store.open(db) as store:
        for word in ("A", "A w", "A walk"):
            store.save_assignment(a.model_copy(update={"title": word}), coalesce=True)
        titles = [x.title for _, x in store.assignment_history(a.id)]
        assert titles == [full_assignment["title"], "A walk"]


def test_search_by_code_or_name_and_archive(db):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-0001", preferred_name="Robin"))
        store.add_client(Client(code="HP-0002", preferred_name="Alex"))
        store.add_client(Client(code="XY_9"))
        assert [c.code for c in store.list_clients("rob")] == ["HP-0001"]
        assert [c.code for c in store.list_clients("hp-")] == ["HP-0001", "HP-0002"]
        assert [c.code for c in store.list_clients("_")] == ["XY_9"]  # LIKE wildcards are literal
        store.archive_client("HP-0002")
        assert [c.code for c in store.list_clients()] == ["HP-0001", "XY_9"]
        assert len(store.list_clients(include_archived=True)) == 3
        with pytest.raises(StoreError, match="already exists"):
            store.add_client(Client(code="HP-0001"))


def test_client_summaries_are_the_clients_as_listed(db):
    with Store.open(db) as store:
        store.add_client(
            Client(
                code="HP-0001",
                preferred_name="Robin",
                print_needs=PrintNeeds(size="large", background="cream", easy_read=True),
            )
        )
        store.add_client(Client(code="HP-0002"))
        store.add_client(Client(code="HP-0003", archived=True))
    with Store.open(db) as store:
        for search, archived in (("", False), ("", True), ("rob", False), ("0003", True)):
            full = store.list_clients(search, include_archived=archived)
            rows = store.list_client_summaries(search, include_archived=archived)
            assert [
                (r.code, r.display_name, r.archived, r.size, r.background, r.easy_read)
                for r in rows
            ] == [
                (
                    c.code,
                    c.display_name,
                    c.archived,
                    c.print_needs.size,
                    c.print_needs.background,
                    c.print_needs.easy_read,
                )
                for c in full
            ]
        assert [r.code for r in store.list_client_summaries(limit=1)] == ["HP-0001"]
        robin = store.get_client_summary("HP-0001")
        assert robin is not None and robin.display_name == "HP-0001 (Robin)"
        assert robin.size == "large" and robin.background == "cream" and robin.easy_read
        assert store.get_client_summary("NOPE") is None


def test_assignment_for_unknown_client_is_refused(db):
    with Store.open(db) as store, pytest.raises(StoreError, match="Add the client first"):
        store.save_assignment(Assignment(client_code="NOPE"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_private_permissions(db):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_migration_from_prototype_v0(db):
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.executescript((FIXTURES / "prototype_v0.sql").read_text())
    con.close()
    with Store.open(db) as store:
        assert store.schema_version == schema.CURRENT_VERSION
        assert [c.code for c in store.list_clients()] == ["OLD-001", "OLD-002"]
        a = store.get_assignment("p1")
        assert a.intervention.value == "sleep" and a.review_date.isoformat() == "2026-01-10"
        assert (a.obstacles[0].if_, a.obstacles[0].then) == (
            "I forget",
            "I will put the diary by the kettle",
        )
        assert len(store.list_assignments("OLD-001")) == 2


def _refused_unchanged(path: Path, error: type[Exception], match: str) -> None:
    before = path.read_bytes()
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(error, match=match):
        Store.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings


def test_garbage_file_is_refused_and_untouched(db):
    db.parent.mkdir(parents=True)
    db.write_bytes(b"This is a shopping list, not a database.\n" * 50)
    _refused_unchanged(db, NotOurDatabase, "not a Homework Planner database")


def test_other_programs_sqlite_is_refused_and_untouched(db):
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE photos(id)")
    con.commit()
    con.close()
    _refused_unchanged(db, NotOurDatabase, "another program")


def test_newer_schema_is_refused_and_untouched(db):
    db.parent.mkdir(parents=True)
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 5}")
    con.execute("CREATE TABLE future(x)")
    con.commit()
    con.close()
    _refused_unchanged(db, NewerDatabase, "newer version")


def test_damaged_file_is_refused_and_untouched(db):
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        for i in range(300):
            store.save_assignment(
                Assignment(client_code="HP-1", title=f"t{i}", rationale="x" * 500)
            )
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = DELETE")  # fold the WAL in so the damage is in one file
    con.close()
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(3 * page, min(len(data), 12 * page)):
        data[offset] = (
            data[offset] * 7 + 13
        ) % 256  # scribble over interior pages, keep the header
    db.write_bytes(bytes(data))
    _refused_unchanged(db, DamagedDatabase, "damaged|integrity")
