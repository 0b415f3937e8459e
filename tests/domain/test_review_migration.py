"""Reviews of schema 1 (rows without days) keep working: files and stores are migrated."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from homework_planner import paths
from homework_planner.domain.errors import InvalidData
from homework_planner.domain.migrations import parse_client_file, parse_review
from homework_planner.domain.models import SCHEMA_VERSION, Assignment
from homework_planner.storage import Store, schema
from tests.conftest import full_assignment_dict

OLD_ROWS = [
    {"Walked": "yes", "Mood before": "3", "Mood after": "5"},
    {"Walked": "no", "Mood before": "4"},
    {"Walked": "x", "Mood after": "6"},
    {"Mood after": "7"},  # a fourth row on a sheet that printed three days
]


def old_review(**changes) -> dict:
    return {
        "schema_version": 1,
        "id": "r-old",
        "assignment_id": "a1b2c3d4e5f6",
        "date": "2026-11-27",
        "completion": 3,
        "progress_summary": "Walked twice; mood after up from 5 to 7.",
        "monitoring_entries": OLD_ROWS,
        **changes,
    }


def test_schema_version_is_2():
    assert SCHEMA_VERSION == 2


def test_an_old_client_file_puts_rows_on_the_days_the_sheet_printed():
    cf = parse_client_file(
        {
            "schema_version": 1,
            "client": {"code": "HP-0042"},
            "assignments": [full_assignment_dict()],
            "reviews": [old_review()],
        }
    )
    assert cf.schema_version == 2 and cf.reviews[0].schema_version == 2
    entries = cf.reviews[0].monitoring_entries
    assert [e.key.label for e in entries] == ["Mon 23 Nov", "Wed 25 Nov", "Fri 27 Nov", "Entry 1"]
    assert entries[0].values == {"Walked": True, "Mood before": "3", "Mood after": "5"}
    assert entries[1].values == {"Walked": False, "Mood before": "4"}
    assert entries[2].values["Walked"] == "x"  # not clearly a tick: kept as written
    assert entries[3].values == {"Mood after": "7"}


def test_a_review_alone_becomes_occurrences_1_to_n():
    review = parse_review(old_review())
    assert [e.occurrence for e in review.monitoring_entries] == [1, 2, 3, 4]
    assert all(e.date is None for e in review.monitoring_entries)
    assert review.monitoring_entries[0].values["Walked"] == "yes"  # no columns known: text
    # With its assignment known, the same file gets the sheet's dates.
    a = Assignment.model_validate(full_assignment_dict())
    keyed = parse_review(old_review(), a)
    assert [e.date for e in keyed.monitoring_entries[:3]] == [
        date(2026, 11, 23),
        date(2026, 11, 25),
        date(2026, 11, 27),
    ]


def test_a_new_review_without_schema_version_is_read_as_it_is():
    data = old_review(monitoring_entries=[{"date": "2026-11-25", "values": {"Mood after": None}}])
    del data["schema_version"]
    review = parse_review(data)
    assert review.monitoring_entries[0].date == date(2026, 11, 25)


def test_a_newer_review_is_refused_with_a_clear_message():
    with pytest.raises(InvalidData) as err:
        parse_review(old_review(schema_version=3))
    assert "newer Homework Planner" in err.value.summary()


def _store_before_the_review_migration(db) -> None:
    """A database as the app left it just before reviews were keyed by day."""
    step = schema.MIGRATIONS.index(schema._reviews_keyed_by_day)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")
    for migrate in schema.MIGRATIONS[:step]:
        migrate(con)
    con.execute(f"PRAGMA user_version = {step}")
    con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    now = "2026-11-27T10:00:00+00:00"
    con.execute("INSERT INTO clients(code, created, updated) VALUES ('HP-0042', ?, ?)", (now, now))
    nodays = full_assignment_dict()
    nodays.update(id="nodays")
    nodays["monitoring"]["days"] = 0
    for data in (full_assignment_dict(), nodays):
        con.execute(
            "INSERT INTO assignments(id, client_code, version, title, intervention, status,"
            " review_date, created, updated, data) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                data["id"],
                "HP-0042",
                1,
                data["title"],
                data["intervention"],
                "reviewed",
                data["review_date"],
                data["created"],
                now,
                json.dumps(data),
            ),
        )
    for review in (
        old_review(),
        old_review(id="r-nodays", assignment_id="nodays", monitoring_entries=OLD_ROWS[:2]),
    ):
        con.execute(
            "INSERT INTO reviews(id, assignment_id, date, updated, data) VALUES (?,?,?,?,?)",
            (review["id"], review["assignment_id"], review["date"], now, json.dumps(review)),
        )
    con.execute("COMMIT")
    con.close()


def test_an_old_store_is_migrated_and_keeps_every_value(tmp_path):
    db = paths.database_path(paths.ensure_private_dir(tmp_path / "data"))
    _store_before_the_review_migration(db)
    with Store.open(db) as store:
        assert store.schema_version == schema.CURRENT_VERSION
        by_id = {r.id: r for r in store.list_reviews(client_code="HP-0042")}
        backups = store.list_backups()
    assert [e.key.label for e in by_id["r-old"].monitoring_entries] == [
        "Mon 23 Nov",
        "Wed 25 Nov",
        "Fri 27 Nov",
        "Entry 1",
    ]
    assert by_id["r-old"].monitoring_entries[1].values == {"Walked": False, "Mood before": "4"}
    # Its sheet printed no days: the rows are occurrences, in order.
    assert [e.occurrence for e in by_id["r-nodays"].monitoring_entries] == [1, 2]
    assert any(b.kind == "migration" for b in backups)  # the store as it was, kept
    with Store.open(db) as store:  # opened again: nothing left to migrate, nothing changed
        assert {r.id: r for r in store.list_reviews(client_code="HP-0042")} == by_id
