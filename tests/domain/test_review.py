"""Reviewing homework: what is due, next week's assignment from a review, the coach on summaries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from homework_planner import paths
from homework_planner.domain.coach import check
from homework_planner.domain.migrations import parse_client_file
from homework_planner.domain.models import (
    Assignment,
    Client,
    MonitoringEntry,
    Review,
    to_json_dict,
)
from homework_planner.domain.review import (
    LEARNED_PREFIX,
    due_for_review,
    is_due,
    next_assignment,
    obstacles_from_text,
    order_for_review,
    suggest_summary,
)
from homework_planner.storage import Store
from homework_planner.storage.interchange import dumps, read_import_file, write_json
from tests.conftest import full_assignment_dict

TODAY = date(2026, 11, 27)
# The full assignment (made 20 Nov, Mon/Wed/Fri) prints these days on its sheet.
MON, WED, FRI = date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 27)


def day(d: date, walked=None, before=None, after=None) -> MonitoringEntry:
    return MonitoringEntry(
        date=d, values={"Walked": walked, "Mood before": before, "Mood after": after}
    )


@dataclass
class S:
    id: str
    status: str
    review_date: date | None


def test_due_for_review_orders_the_longest_waiting_first():
    items = [
        S("new-draft", "draft", TODAY - timedelta(days=3)),
        S("due-today", "agreed", TODAY),
        S("future", "agreed", TODAY + timedelta(days=2)),
        S("overdue", "agreed", TODAY - timedelta(days=7)),
        S("done", "reviewed", TODAY - timedelta(days=14)),
        S("no-date", "agreed", None),
    ]
    assert [s.id for s in due_for_review(items, TODAY)] == ["overdue", "due-today"]
    ordered = order_for_review(items, TODAY)
    assert [s.id for s in ordered] == [
        "overdue",
        "due-today",
        "new-draft",
        "future",
        "done",
        "no-date",
    ]
    assert not is_due(items[0], TODAY)  # a draft was never taken home


@pytest.fixture
def assignment() -> Assignment:
    return Assignment.model_validate(full_assignment_dict())


def _review(a: Assignment, **kw) -> Review:
    base = {
        "assignment_id": a.id,
        "date": TODAY,
        "completion": 2,
        "what_happened": "Walked on Monday; Wednesday was wet.",
        "what_learned": "Mood was better after each walk than before",
        "obstacles_met": "Rain on Wednesday\nA neighbour called round at one; forgot on Friday.",
        "progress_summary": "Walked 1 of 3 days; mood after the walk 6, before 4.",
        "next_step": "adjust",
        "monitoring_entries": [day(MON, True, "4", "6"), day(WED), day(FRI)],
    }
    base.update(kw)
    return Review.model_validate(base)


def test_adjust_prefills_next_weeks_assignment(assignment):
    review = _review(assignment)
    nxt = next_assignment(assignment, review, TODAY)
    assert nxt.id != assignment.id
    assert nxt.follows == assignment.id
    assert nxt.status == "draft"
    assert nxt.agreed_on is None
    assert nxt.review_date == TODAY + timedelta(days=7)
    assert nxt.client_code == assignment.client_code
    # Everything that worked is kept.
    assert nxt.task == assignment.task
    assert nxt.monitoring == assignment.monitoring
    assert nxt.goal == assignment.goal
    # The lesson goes into the reason, in the client's words, after the old reason.
    assert nxt.rationale.startswith(assignment.rationale)
    assert nxt.rationale.endswith(LEARNED_PREFIX + "Mood was better after each walk than before.")
    # Old plans stay; "rain" was already planned for (it is raining), so it is not repeated;
    # the two new obstacles become plans whose "then" the therapist agrees with the client.
    ifs = [o.if_ for o in nxt.obstacles]
    assert ifs[:2] == [o.if_ for o in assignment.obstacles]
    assert nxt.obstacles[:2] == assignment.obstacles
    assert ifs[2:] == ["a neighbour called round at one", "forgot on Friday"]
    assert all(o.then == "" for o in nxt.obstacles[2:])
    # The client is asked again about the new plan.
    assert nxt.client_reaction.confidence is None
    assert nxt.client_reaction.summary_in_own_words == ""
    # The coach then asks for the missing "then" halves.
    obstacles = next(f for f in check(nxt) if f.criterion == "obstacles.planned")
    assert obstacles.level == "warn"
    # The original is untouched.
    assert assignment.status == "agreed" and len(assignment.obstacles) == 2


def test_a_second_week_replaces_the_carried_lesson(assignment):
    week2 = next_assignment(assignment, _review(assignment), TODAY)
    week3 = next_assignment(
        week2, _review(week2, what_learned="Shorter walks still help."), TODAY + timedelta(7)
    )
    assert week3.rationale.count(LEARNED_PREFIX) == 1
    assert week3.rationale.endswith("Shorter walks still help.")
    assert week3.follows == week2.id


def test_continue_without_obstacles_or_lessons_copies_the_plan(assignment):
    review = _review(assignment, next_step="continue", what_learned="", obstacles_met="")
    nxt = next_assignment(assignment, review, TODAY)
    assert nxt.rationale == assignment.rationale
    assert nxt.obstacles == assignment.obstacles


@pytest.mark.parametrize("step", ["new", "stop"])
def test_new_or_stop_does_not_copy(assignment, step):
    with pytest.raises(ValueError, match="continue' or 'adjust"):
        next_assignment(assignment, _review(assignment, next_step=step), TODAY)


def test_obstacles_from_text_splits_and_reads_as_if_clauses():
    assert obstacles_from_text("If it rains.\nFelt tired; felt tired\n\nNHS letter came") == [
        "it rains",
        "felt tired",
        "NHS letter came",
    ]


def test_coach_flags_empty_and_content_free_summaries(assignment):
    def level(summary: str) -> str:
        r = _review(assignment, progress_summary=summary)
        return next(f for f in check(assignment, r) if f.criterion == "review.summarised").level

    assert level("") == "missing"
    assert level("   ") == "missing"
    assert level("fine") == "warn"
    assert level("went well") == "warn"
    assert level("Walked 2 of 3 days; mood after walks up from 3 to 5.") == "ok"


def test_suggested_summary_has_the_numbers_and_satisfies_the_coach(assignment):
    review = _review(
        assignment,
        progress_summary="",
        monitoring_entries=[day(MON, True, "3", "5"), day(WED), day(FRI, True, "4", "7")],
    )
    text = suggest_summary(assignment, review)
    assert text.startswith(
        "Done: about half; recorded on 2 of 3 days printed (not recorded: Wed 25 Nov); "
        "walked: ticked on 2 of 3 days; "
    )
    # The blank Wednesday is not a 0: the average is of the two days written down, and the
    # before/after pair is said as the change within a day, not as "mood before up".
    assert (
        "mood rose after the activity on 2 days with both, on average from 3.5 to 6 (better)"
        in text
    )
    assert "mood after: first day 5, last day 7" in text
    assert "mood before: first day 3, last day 4;" in text
    assert " up from " not in text and " down from " not in text
    assert "walked: first" not in text  # ticks are not ratings
    assert text.endswith("Learned: mood was better after each walk than before.")
    review.progress_summary = text
    f = next(f for f in check(assignment, review) if f.criterion == "review.summarised")
    assert f.level == "ok"


def test_suggested_summary_counts_a_not_ticked_day_as_recorded(assignment):
    review = _review(assignment, monitoring_entries=[day(MON, True), day(WED, False), day(FRI)])
    text = suggest_summary(assignment, review)
    assert "recorded on 2 of 3 days printed (not recorded: Fri 27 Nov)" in text
    assert "walked: ticked on 1 of 3 days (1 marked not done)" in text


def test_a_blank_middle_day_survives_store_reopen_export_and_import(tmp_path, assignment):
    review = _review(
        assignment,
        monitoring_entries=[day(MON, True, "3", "5"), day(WED), day(FRI, False, "4")],
    )
    db = paths.database_path(paths.ensure_private_dir(tmp_path / "data"))
    with Store.open(db) as store:
        store.add_client(Client(code=assignment.client_code))
        store.save_assignment(assignment)
        store.save_review(review)
    with Store.open(db) as store:  # reopened: read from the file, not from memory
        [stored] = store.list_reviews(assignment_id=assignment.id)
        exported = store.export_client(assignment.client_code)
    assert stored == review
    assert [e.date for e in stored.monitoring_entries] == [MON, WED, FRI]
    assert stored.monitoring_entries[1].values == {
        "Walked": None,
        "Mood before": None,
        "Mood after": None,
    }
    # The file carries the dates and the blanks (null, never 0 or a shifted row).
    out = tmp_path / "export.json"
    write_json(out, exported)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    rows = data["reviews"][0]["monitoring_entries"]
    assert [r["date"] for r in rows] == ["2026-11-23", "2026-11-25", "2026-11-27"]
    assert rows[1]["values"] == {"Walked": None, "Mood before": None, "Mood after": None}
    assert rows[2]["values"] == {"Walked": False, "Mood before": "4", "Mood after": None}
    assert text_has_no_zero_for_blank(dumps(exported))

    other = paths.database_path(paths.ensure_private_dir(tmp_path / "other"))
    with Store.open(other) as store:
        store.import_client_file(read_import_file(out))
    with Store.open(other) as store:
        [back] = store.list_reviews(assignment_id=assignment.id)
    assert back == review
    assert to_json_dict(back) == to_json_dict(review)
    assert back.monitoring_entries[1].date == WED and not back.monitoring_entries[1].recorded
    assert parse_client_file(data).reviews == [review]


def text_has_no_zero_for_blank(text: str) -> bool:
    wed = json.loads(text)["reviews"][0]["monitoring_entries"][1]["values"]
    return all(v is None for v in wed.values())


def test_entries_are_one_per_day_and_kept_in_the_sheets_order(assignment):
    r = _review(assignment, monitoring_entries=[day(FRI, True), day(MON, False)])
    assert [e.date for e in r.monitoring_entries] == [MON, FRI]
    with pytest.raises(ValueError, match="only once"):
        _review(assignment, monitoring_entries=[day(MON, True), day(MON, False)])
    with pytest.raises(ValueError, match="either the date"):
        MonitoringEntry(values={"Walked": True})
    with pytest.raises(ValueError, match="either the date"):
        MonitoringEntry(date=MON, occurrence=1)
    assert MonitoringEntry(date=MON, values={"Mood": "  "}).values == {"Mood": None}
    assert MonitoringEntry(occurrence=2).key.label == "Entry 2"
    assert MonitoringEntry(date=WED, time="18:30").key.label == "Wed 25 Nov 18:30"


def test_due_for_review_sorts_the_stores_summaries(tmp_path):
    db = paths.database_path(paths.ensure_private_dir(tmp_path / "data"))
    with Store.open(db) as store:
        store.add_client(Client(code="HP-0042"))
        for aid, status, review in (
            ("old", "reviewed", "2026-11-13"),
            ("due", "agreed", "2026-11-27"),
            ("next", "agreed", "2026-12-04"),
        ):
            data = full_assignment_dict()
            data.update(id=aid, status=status, review_date=review)
            store.save_assignment(Assignment.model_validate(data))
        summaries = store.list_assignments("HP-0042")
    assert [s.id for s in due_for_review(summaries, TODAY)] == ["due"]
    assert order_for_review(summaries, TODAY)[0].id == "due"


@pytest.mark.parametrize(
    ("happened", "helped", "expected"),
    [
        ("used", "yes", "keep"),
        ("used", "partly", "keep"),
        ("used", "no", "rewrite"),
        ("used", None, "revisit"),
        ("not_needed", None, "revisit"),
        ("not_used", None, "revisit"),
        (None, None, "revisit"),
    ],
)
def test_what_next_week_does_with_each_plan(happened, helped, expected):
    from homework_planner.domain.models import PlanReview
    from homework_planner.domain.review import plan_next_week

    answer = PlanReview.model_validate(
        {"if": "rain", "then": "walk indoors", "happened": happened, "helped": helped}
    )
    assert plan_next_week(answer) == expected
    assert plan_next_week(None) == "revisit"
