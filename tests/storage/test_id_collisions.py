"""Every id is unique across the whole store: an import never overwrites another client's record,
nor a record of another type (issue 13: a review id reused by client B overwrote A's review)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from homework_planner.domain.models import Assignment, Client, ClientFile, Review
from homework_planner.storage import Store, StoreError

A_NOTE = "Client A walked three times"
B_NOTE = "Client B's own note"


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "data" / "homework-planner.sqlite3")
    s.import_client_file(
        ClientFile(
            client=Client(code="HP-A"),
            assignments=[Assignment(id="a-1", client_code="HP-A", title="A's walk")],
            reviews=[
                Review(
                    id="r-1",
                    assignment_id="a-1",
                    date=date(2026, 11, 27),
                    completion=3,
                    what_happened=A_NOTE,
                )
            ],
        )
    )
    s.save_user_template("My walk", Assignment(id="t-1", client_code="HP-A", title="x"))
    yield s
    s.close()


def everything(store: Store) -> tuple:
    """What an import must not change when it is refused."""
    return (
        [c.code for c in store.list_clients(include_archived=True)],
        {code: store.export_client(code).model_dump_json() for code in store.client_codes()},
        [t[0] for t in store.list_user_templates()],
        len(store.audit_log(None)),
    )


def b_file(*, assignments: list[Assignment] | None = None, reviews: list[Review] | None = None):
    return ClientFile(
        client=Client(code="HP-B"),
        assignments=assignments
        if assignments is not None
        else [Assignment(id="b-1", client_code="HP-B", title="B's task")],
        reviews=reviews or [],
    )


def review(rid: str, aid: str, note: str = B_NOTE) -> Review:
    return Review(
        id=rid, assignment_id=aid, date=date(2026, 12, 1), completion=1, what_happened=note
    )


@pytest.mark.parametrize(
    ("cf", "message"),
    [
        # B's review reuses the id of A's review (the case the attack found).
        (
            b_file(reviews=[review("r-1", "b-1")]),
            "Review 1 in the file has the id of another client's review",
        ),
        # B's assignment reuses the id of A's assignment.
        (
            b_file(
                assignments=[
                    Assignment(id="b-0", client_code="HP-B"),
                    Assignment(id="a-1", client_code="HP-B"),
                ]
            ),
            "Assignment 2 in the file has the id of another client's assignment",
        ),
        # A record of one type with the id of a record of another type.
        (
            b_file(assignments=[Assignment(id="r-1", client_code="HP-B")]),
            "Assignment 1 in the file has the id of a review already in the store",
        ),
        (
            b_file(reviews=[review("a-1", "b-1")]),
            "Review 1 in the file has the id of an assignment already in the store",
        ),
        (
            b_file(assignments=[Assignment(id="user:t-1", client_code="HP-B")]),
            "Assignment 1 in the file has the id of one of your templates",
        ),
        # B's review attached to A's assignment.
        (
            b_file(reviews=[review("r-9", "a-1")]),
            "Review 1 in the file is for another client's assignment",
        ),
        # Ids repeated inside the file itself.
        (
            b_file(
                assignments=[
                    Assignment(id="b-1", client_code="HP-B"),
                    Assignment(id="b-1", client_code="HP-B"),
                ]
            ),
            "Assignment 2 in the file has the same id as an earlier assignment",
        ),
        (
            b_file(reviews=[review("b-1", "b-1")]),
            "Review 1 in the file has the same id as an earlier assignment",
        ),
        # An assignment of another client inside B's file.
        (
            b_file(assignments=[Assignment(id="b-1", client_code="HP-A")]),
            "Assignment 1 in the file is for another client than the file's client",
        ),
    ],
)
def test_every_collision_is_refused_and_changes_nothing(store, cf, message):
    before = everything(store)
    with pytest.raises(StoreError) as err:
        store.import_client_file(cf)
    text = str(err.value)
    assert text.startswith(message)
    assert B_NOTE not in text and "b-1" not in text and "a-1" not in text  # position, never text
    assert everything(store) == before
    assert store.list_reviews(client_code="HP-A")[0].what_happened == A_NOTE


def test_a_reimport_of_the_same_clients_own_records_updates_them(store):
    """Same record, same client: today's behaviour (updated in place, history kept)."""
    cf = store.export_client("HP-A")
    changed = ClientFile(
        client=cf.client,
        assignments=[cf.assignments[0].model_copy(update={"title": "A's walk, longer"})],
        reviews=[cf.reviews[0].model_copy(update={"what_happened": "A's corrected note"})],
    )
    result = store.import_client_file(changed)
    assert (result.assignments_updated, result.reviews_updated) == (1, 1)
    assert store.get_assignment("a-1").title == "A's walk, longer"
    assert store.list_reviews(client_code="HP-A")[0].what_happened == "A's corrected note"
    assert [a.title for _, a in store.assignment_history("a-1")] == ["A's walk", "A's walk, longer"]


def test_a_review_moved_to_another_assignment_of_the_same_client_is_refused(store):
    store.save_assignment(Assignment(id="a-2", client_code="HP-A"))
    cf = ClientFile(client=Client(code="HP-A"), reviews=[review("r-1", "a-2")])
    with pytest.raises(StoreError, match="Review 1 in the file has the id of a review of another"):
        store.import_client_file(cf)
    assert store.list_reviews(assignment_id="a-1")[0].what_happened == A_NOTE


def test_a_single_assignment_with_another_clients_id_is_refused(store):
    with pytest.raises(StoreError, match="Assignment 1 in the file has the id of another client"):
        store.import_assignment(Assignment(id="a-1", client_code="HP-B", title="B"))
    assert store.get_client("HP-B") is None
    assert store.get_assignment("a-1").title == "A's walk"
