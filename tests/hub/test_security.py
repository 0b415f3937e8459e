"""Row-level security with real roles, tried with SQL as each login; hostile text kept literally."""

from __future__ import annotations

import json

import psycopg
import pytest

from homework_planner.domain.models import Assignment
from homework_planner.hub.connection import HubError
from homework_planner.hub.sync import sync
from homework_planner.hub.templates import publish_template

from .work import day_of_work, open_store

HOSTILE = "O'Brien\"; DROP TABLE hub.agreements; -- \\ \x00 end"

ROW = (
    "INSERT INTO hub.agreements(practitioner, assignment_id, version, client_code, agreed_at,"
    " content_hash, payload, payload_hash) VALUES (%s, %s, 1, %s, now(), %s, '{}', 'x')"
)


def _synced(hub, tmp_path, login: str, n: int, **kw) -> str:
    url = hub.add(login, **kw)
    store = open_store(tmp_path / login)
    day_of_work(store, n, prefix=login.upper())
    sync(store, url)
    store.close()
    return url


def test_a_practitioner_reads_and_writes_only_their_own_rows(hub, tmp_path):
    url_a = _synced(hub, tmp_path, "amy", 3)
    _synced(hub, tmp_path, "bob", 2)
    with psycopg.connect(url_a) as conn:
        seen = conn.execute("SELECT DISTINCT practitioner FROM hub.agreements").fetchall()
        assert seen == [("amy",)]
        assert conn.execute("SELECT count(*) FROM hub.reviews").fetchone() == (3,)
        # bob's rows cannot be seen, so they cannot be changed either
        assert conn.execute(
            "SELECT count(*) FROM hub.reviews WHERE practitioner = 'bob'"
        ).fetchone() == (0,)
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(ROW, ("bob", "forged", "BOB-0001", "0" * 64))
        conn.rollback()
        for statement in (
            "UPDATE hub.agreements SET client_code = 'X' WHERE practitioner = 'bob'",
            "DELETE FROM hub.reviews WHERE practitioner = 'bob'",
            "UPDATE hub.agreements SET client_code = 'X'",  # not even their own: facts stay
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM hub.practitioner_summary")
    assert hub.count("agreements") == 5  # nothing forged, nothing lost


def test_a_supervisor_reads_their_supervisees_rows_only(hub, tmp_path):
    hub.add("sue", role="supervisor")
    _synced(hub, tmp_path, "cal", 2, supervisor="sue")
    _synced(hub, tmp_path, "dot", 3)
    with psycopg.connect(hub.url("sue")) as conn:
        rows = conn.execute("SELECT practitioner, count(*) FROM hub.reviews GROUP BY 1").fetchall()
        assert rows == [("cal", 2)]
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(ROW, ("sue", "x", "SUE-1", "0" * 64))


def test_an_auditor_sees_aggregates_and_no_rows(hub, tmp_path):
    hub.add("ada", role="auditor")
    _synced(hub, tmp_path, "eve", 4)
    _synced(hub, tmp_path, "fay", 2)
    with psycopg.connect(hub.url("ada")) as conn:
        summary = conn.execute(
            "SELECT practitioner, clients, assignments_agreed, reviews, withdrawn"
            " FROM hub.practitioner_summary ORDER BY 1"
        ).fetchall()
        assert summary == [("eve", 4, 4, 4, 0), ("fay", 2, 2, 2, 0)]
        for table in ("agreements", "reviews", "withdrawals", "supervision"):
            conn.rollback()
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM hub.{table}")


def test_hostile_titles_and_ids_are_stored_literally_and_nul_in_an_id_is_held_back(hub, tmp_path):
    url = hub.add("gus")
    store = open_store(tmp_path / "gus")
    [aid] = day_of_work(store, 1, prefix="GUS", title=HOSTILE)
    from homework_planner.workflows.assignments import agree, create_draft

    odd = Assignment(id="x'; DROP TABLE hub.reviews; --", client_code="GUS-0000", title=HOSTILE)
    create_draft(store, odd)
    agree(store, odd, confirm_missing=True)
    nul = Assignment(id="nul\x00id", client_code="GUS-0000", title="fine")
    create_draft(store, nul)
    agree(store, nul, confirm_missing=True)
    result = sync(store, url)
    assert (result.sent, result.held_back, result.waiting) == (3, 1, 1)
    assert result.notes == [
        "1 record not sent: its id contains a NUL character, which PostgreSQL cannot store; "
        "kept in the outbox."
    ]
    with psycopg.connect(url) as conn:
        rows = dict(conn.execute("SELECT assignment_id, payload FROM hub.agreements").fetchall())
    assert set(rows) == {aid, odd.id}
    for payload in rows.values():
        assert json.loads(payload)["content"]["title"].startswith(HOSTILE)
    assert hub.count("reviews") == 1  # the table the id tried to drop is there
    store.close()


def test_a_template_name_with_nul_is_refused_with_a_clear_message(hub):
    hub.add("tom", role="supervisor")
    with psycopg.connect(hub.url("tom")) as conn:
        with pytest.raises(HubError, match="NUL character"):
            publish_template(conn, "t1", "Walk\x00", Assignment(client_code="X1"))
        assert (
            publish_template(conn, "t1", HOSTILE.replace("\x00", ""), Assignment(client_code="X1"))
            == 1
        )
        name, author = conn.execute("SELECT name, author FROM hub.shared_templates").fetchone()
    assert name == " ".join(HOSTILE.replace("\x00", "").split())
    assert author == "tom"


def test_only_a_supervisor_publishes_templates_in_their_own_name(hub):
    url = hub.add("pam")
    with psycopg.connect(url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        publish_template(conn, "t2", "Mine", Assignment(client_code="X1"))
    hub.add("sam", role="supervisor")
    denied = pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security")
    with psycopg.connect(hub.url("sam")) as conn, denied:
        conn.execute(
            "INSERT INTO hub.shared_templates(template_id, version, name, intervention,"
            " author, payload) VALUES ('t3', 1, 'x', 'other', 'someone_else', '{}')"
        )
