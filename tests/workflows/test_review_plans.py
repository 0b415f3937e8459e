"""The answers about each if-then plan are stored with the review, decide next week's plans
and are stated in the record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from homework_planner.domain.models import Assignment, Client, PlanReview, Review
from homework_planner.storage import Store
from homework_planner.workflows import assignments as wf
from homework_planner.workflows import records
from homework_planner.workflows.review import record_review
from tests.conftest import full_assignment_dict

DAY = date(2026, 11, 27)


def test_plan_answers_survive_reopen_shape_next_week_and_reach_the_record(tmp_path: Path):
    db = tmp_path / "store.db"
    data = full_assignment_dict()
    data.update(status="draft")
    with Store.open(db) as store:
        store.add_client(Client(code="HP-0042"))
        a = wf.create_draft(store, Assignment.model_validate(data)).assignment
        wf.agree(store, a)
        rain, tired = a.obstacles[0], a.obstacles[1]
        answers = [
            PlanReview.model_validate(
                {"if": rain.if_, "then": rain.then, "happened": "not_needed"}
            ),
            PlanReview.model_validate(
                {"if": tired.if_, "then": tired.then, "happened": "used", "helped": "no"}
            ),
        ]
        review = Review(
            assignment_id=a.id, date=DAY, completion=3, next_step="adjust", plans=answers
        )
        outcome = record_review(store, review, plan_next=True, today=lambda: DAY)
        assert outcome.plans_to_revisit == 2
        assert outcome.open_plans == 1
    with Store.open(db) as store:
        [saved] = store.list_reviews(assignment_id=a.id)
        assert saved.plans == answers
        nxt = next(x for x in store.load_assignments("HP-0042") if x.follows == a.id)
        assert nxt.obstacles[0] == rain  # not needed: kept, with a prompt at the review
        assert (nxt.obstacles[1].if_, nxt.obstacles[1].then) == (tired.if_, "")
        note = records.note_text(store, a.id)
    assert f"If-then plans: {rain.if_}: not needed; {tired.if_}: used, helped: no." in note


def test_a_review_file_without_plans_still_loads():
    r = Review.model_validate({"assignment_id": "a1", "date": "2026-11-27", "completion": 2})
    assert r.plans == []
