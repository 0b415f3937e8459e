"""The outbox: each fact worth publishing is queued in the same transaction as the fact."""

from __future__ import annotations

import json
from datetime import date

import pytest

from homework_planner.domain.models import Assignment, Client, Review
from homework_planner.storage import Store, audit
from homework_planner.workflows.assignments import agree, create_draft, withdraw
from homework_planner.workflows.clients import add_client
from homework_planner.workflows.review import record_review


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "hp.sqlite3", backups=False)
    add_client(s, Client(code="HP-0042", preferred_name="Maria"))
    yield s
    s.close()


def _agreed(store: Store) -> Assignment:
    a = Assignment(client_code="HP-0042", title="A walk after lunch")
    a.task.what = "Walk to the postbox and back"
    create_draft(store, a)
    return agree(store, a, confirm_missing=True).assignment


def _queued(store: Store) -> list[tuple[str, str, int, dict]]:
    return [
        (r.record_type, r.record_id, r.version, json.loads(r.payload))
        for r in store.outbox_pending()
    ]


def test_agree_review_and_withdraw_each_queue_one_fact_with_the_code_only(store, tmp_path):
    a = _agreed(store)
    review = Review(assignment_id=a.id, date=date(2026, 11, 27), completion=3)
    record_review(store, review)
    record_review(store, review)  # saved again unchanged: nothing new to publish
    record_review(store, review.model_copy(update={"completion": 4}))
    withdraw(store, a.id, "Entered for the wrong client")
    queued = _queued(store)
    ag = a.agreements[-1]
    assert ag.version == 2  # the stored version agreed (the draft was version 1)
    assert [(t, i, v) for t, i, v, _ in queued] == [
        ("agreement", a.id, 2),
        ("review", review.id, 1),
        ("review", review.id, 2),
        ("withdrawal", a.id, 1),
    ]
    agreement = queued[0][3]
    assert agreement["content_hash"] == ag.content_hash == ag.content.digest()
    assert agreement["content"]["title"] == "A walk after lunch"
    assert agreement["version"] == 2 and agreement["findings"]
    assert [p["review"]["completion"] for _, _, _, p in queued[1:3]] == [3, 4]
    assert queued[3][3]["withdrawal"]["reason"] == "Entered for the wrong client"
    everything = "".join(r.payload for r in store.outbox_pending())
    assert "Maria" not in everything and "HP-0042" in everything
    store.close()
    reopened = Store.open(tmp_path / "hp.sqlite3", backups=False)
    assert reopened.outbox_counts() == (4, 0)
    reopened.close()


def test_a_failed_save_queues_nothing(store, monkeypatch):
    a = _agreed(store)
    before = store.outbox_counts()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(OSError):
        record_review(store, Review(assignment_id=a.id, date=date(2026, 11, 27), completion=2))
    monkeypatch.undo()
    assert store.outbox_counts() == before
    assert store.list_reviews(assignment_id=a.id) == []


def test_pushed_rows_leave_the_pending_list_and_failures_are_counted(store):
    _agreed(store)
    _agreed(store)
    first, second = store.outbox_pending()
    store.note_outbox_failure([first.seq], "no network")
    assert store.outbox_pending()[0].attempts == 1
    store.mark_outbox_pushed([first.seq])
    assert [r.seq for r in store.outbox_pending()] == [second.seq]
    assert store.outbox_pending(after=second.seq) == []
    assert store.outbox_counts() == (1, 1)
