"""Shared templates pulled from the hub; the hub's migrations and the connection's TLS rule."""

from __future__ import annotations

import psycopg
import pytest

from homework_planner.domain.models import Assignment
from homework_planner.hub import migrate
from homework_planner.hub.connection import BadAddress, HubError, prepare
from homework_planner.hub.sync import sync
from homework_planner.hub.templates import publish_template, withdraw_template
from homework_planner.workflows.assignments import create_draft
from homework_planner.workflows.clients import add_client

from .work import open_store


def _template(title: str) -> Assignment:
    a = Assignment(client_code="X1", title=title, goal="")
    a.task.what = "Write down one worry and the time it came"
    return a


def test_templates_are_pulled_versioned_and_a_withdrawn_one_leaves_old_work_intact(hub, tmp_path):
    hub.add("lee", role="supervisor")
    url = hub.add("kim")
    with psycopg.connect(hub.url("lee")) as conn:
        assert publish_template(conn, "worry-time", "Worry time", _template("Worry time")) == 1
        publish_template(conn, "walks", "Short walks", _template("A walk"))
    store = open_store(tmp_path / "kim")
    first = sync(store, url)
    assert (first.templates_new, first.templates_updated) == (2, 0)
    shared = {t.id: t for t in store.list_shared_templates()}
    assert set(shared) == {"worry-time", "walks"}
    assert (shared["walks"].version, shared["walks"].author) == (1, "lee")
    assert shared["walks"].assignment.task.what == "Write down one worry and the time it came"
    assert shared["walks"].assignment.agreements == []
    # an assignment made from the template keeps its own words
    from homework_planner.domain.models import Client

    add_client(store, Client(code="KIM-1"))
    made = shared["walks"].assignment.model_copy(
        update={"client_code": "KIM-1", "template_id": "service:walks@1"}
    )
    create_draft(store, made)
    with psycopg.connect(hub.url("lee")) as conn:
        assert publish_template(conn, "walks", "Short walks", _template("A longer walk")) == 2
        assert withdraw_template(conn, "worry-time")
    second = sync(store, url)
    assert (second.templates_new, second.templates_updated, second.templates_withdrawn) == (0, 1, 1)
    assert [t.id for t in store.list_shared_templates()] == ["walks"]
    assert store.list_shared_templates()[0].assignment.title == "A longer walk"
    assert len(store.list_shared_templates(include_withdrawn=True)) == 2
    kept = store.get_assignment(made.id)
    assert kept is not None and kept.title == "A walk"
    assert sync(store, url).templates_updated == 0  # nothing new: nothing rewritten
    store.close()


def test_service_init_is_idempotent_and_records_each_migration(pg_server):
    db = pg_server.new_database()
    url = pg_server.admin_url(db)
    names = [f"{m.version:03d}_{m.name}" for m in migrate.available()]
    assert migrate.init_service(url) == names
    assert migrate.init_service(url) == []
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT version, name FROM hub.schema_migrations ORDER BY 1").fetchall()
    assert [f"{v:03d}_{n}" for v, n in rows] == names


def test_a_practitioner_cannot_run_service_init(hub):
    url = hub.add("ned")
    db = hub.server.new_database()
    with pytest.raises(HubError, match="may not set up the hub"):
        migrate.init_service(url.rsplit("/", 1)[0] + "/" + db)


def test_sync_to_a_database_that_is_not_a_hub_says_so(pg_server, tmp_path):
    db = pg_server.new_database()
    store = open_store(tmp_path / "x")
    with pytest.raises(HubError, match="not set up as a service hub"):
        sync(store, pg_server.admin_url(db))
    store.close()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ana@localhost/hub",
        "postgresql://ana@127.0.0.1:5433/hub",
        "postgresql://ana@[::1]/hub",
        "host=/run/postgresql dbname=hub",
        "dbname=hub",
    ],
)
def test_a_local_host_needs_no_tls(url, monkeypatch):
    monkeypatch.delenv("PGHOST", raising=False)
    monkeypatch.delenv("PGSSLMODE", raising=False)
    assert "sslmode" not in psycopg.conninfo.conninfo_to_dict(prepare(url))


def test_a_network_host_gets_tls_and_an_unencrypted_one_is_refused(monkeypatch):
    monkeypatch.delenv("PGSSLMODE", raising=False)
    info = psycopg.conninfo.conninfo_to_dict(prepare("postgresql://ana:pw@hub.example.org/svc"))
    assert info["sslmode"] == "require"
    kept = prepare("postgresql://ana@hub.example.org/svc?sslmode=verify-full")
    assert psycopg.conninfo.conninfo_to_dict(kept)["sslmode"] == "verify-full"
    for mode in ("disable", "allow", "prefer"):
        with pytest.raises(BadAddress, match="must be encrypted") as exc:
            prepare(f"postgresql://ana:s3cret@hub.example.org/svc?sslmode={mode}")
        assert "s3cret" not in str(exc.value)
    with pytest.raises(BadAddress, match="must be encrypted"):
        prepare("host=localhost,hub.example.org dbname=svc sslmode=disable")
