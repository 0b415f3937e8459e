"""record_review: the review, the "reviewed" status and next week's draft are one transaction."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from homework_planner.domain.models import Assignment, Client, MonitoringEntry, Review
from homework_planner.storage import Store, StoreError
from homework_planner.workflows.review import ReviewError, follow_up_of, record_review
from tests.conftest import full_assignment_dict

TODAY = date(2026, 11, 27)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "homework-planner.sqlite3"


@pytest.fixture
def store(db):
    s = Store.open(db)
    s.add_client(Client(code="HP-0042"))
    s.save_assignment(Assignment.model_validate(full_assignment_dict()))
    yield s
    s.close()


def review(**changes) -> Review:
    data = {
        "id": "rev-1",
        "assignment_id": "a1b2c3d4e5f6",
        "date": TODAY,
        "completion": 2,
        "obstacles_met": "Forgot on Friday",
        "progress_summary": "Walked 1 of 3 days; mood after 6.",
        "next_step": "adjust",
        "monitoring_entries": [
            MonitoringEntry(date=date(2026, 11, 23), values={"Walked": True, "Mood after": "6"}),
            MonitoringEntry(date=date(2026, 11, 25), values={"Walked": None, "Mood after": None}),
        ],
    }
    data.update(changes)
    return Review.model_validate(data)


def state(store: Store) -> tuple[bool, str, bool]:
    a = store.get_assignment("a1b2c3d4e5f6")
    assert a is not None
    return (
        bool(store.list_reviews(assignment_id=a.id)),
        a.status,
        follow_up_of(store, a) is not None,
    )


def test_review_status_and_next_week_are_saved_together(store, db):
    outcome = record_review(store, review(), plan_next=True, today=lambda: TODAY)
    assert outcome.next_created and outcome.assignment.status == "reviewed"
    assert outcome.open_plans == 1  # "forgot on Friday" waits for its "then"
    assert outcome.version == 2
    store.close()
    with Store.open(db) as again:
        assert state(again) == (True, "reviewed", True)
        actions = [(e.record_type, e.action) for e in again.audit_log("HP-0042")]
        assert ("review", "created") in actions
        assert actions.count(("assignment", "created")) == 2  # this week's and next week's
        # Once more: the review is updated; next week's draft is not made twice.
        second = record_review(again, review(completion=3), plan_next=True, today=lambda: TODAY)
        assert not second.next_created and second.next_assignment is not None
        assert [r.completion for r in again.list_reviews(client_code="HP-0042")] == [3]
        assert len(again.load_assignments("HP-0042")) == 2


def test_stop_or_new_plans_no_next_week(store):
    outcome = record_review(store, review(next_step="stop"), plan_next=True)
    assert outcome.next_assignment is None and not outcome.next_created
    assert state(store) == (True, "reviewed", False)


def test_unknown_homework_or_wrong_client_saves_nothing(store):
    with pytest.raises(ReviewError, match="not in the store"):
        record_review(store, review(assignment_id="gone"))
    other = Assignment(client_code="HP-0042", title="x").model_copy(update={"client_code": "HP-9"})
    with pytest.raises(ReviewError, match="same client"):
        record_review(store, review(), next_assignment=other)
    assert state(store) == (False, "agreed", False)


class FailingConnection:
    """The real connection, except that one kind of statement meets an I/O error."""

    def __init__(self, raw, failing: str, nth: int = 1) -> None:
        self.raw, self.failing, self.nth, self.seen = raw, failing, nth, 0

    def execute(self, sql, params=()):
        if sql.startswith(self.failing):
            self.seen += 1
            if self.seen == self.nth:
                exc = sqlite3.OperationalError("disk I/O error")
                exc.sqlite_errorcode = 10  # SQLITE_IOERR
                raise exc
        return self.raw.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self.raw, name)


@pytest.mark.parametrize(
    ("failing", "nth"),
    [
        ("UPDATE assignments", 1),  # marking the homework reviewed
        ("INSERT INTO reviews", 1),  # the review itself
        ("INSERT INTO audit_log", 2),  # the review's audit entry
        ("INSERT INTO assignments", 1),  # next week's draft, the last write
        ("COMMIT", 1),
    ],
)
def test_a_failure_at_any_step_leaves_none_of_it(store, db, failing, nth):
    real = store._con.raw
    store._con.raw = FailingConnection(real, failing, nth)
    with pytest.raises(StoreError):
        record_review(store, review(), plan_next=True, today=lambda: TODAY)
    assert store._con.raw.seen >= nth
    store._con.raw = real
    assert not real.in_transaction
    assert state(store) == (False, "agreed", False)
    # The same review saves once the fault has gone.
    record_review(store, review(), plan_next=True, today=lambda: TODAY)
    assert state(store) == (True, "reviewed", True)


def test_a_draft_the_caller_made_is_saved_with_the_review(store, db):
    made = Assignment(client_code="HP-0042", title="Next week, as agreed in session")
    made.follows = "a1b2c3d4e5f6"
    outcome = record_review(store, review(), next_assignment=made)
    assert outcome.next_created and outcome.next_assignment == made
    store.close()
    with Store.open(db) as again:
        assert state(again) == (True, "reviewed", True)
        assert again.get_assignment(made.id) == made
    with Store.open(db) as again, pytest.raises(ReviewError, match="not both"):
        record_review(again, review(), next_assignment=made, plan_next=True)
