"""Progress numbers from a known series of reviews, and the one-paragraph summary."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from homework_planner.domain.models import Assignment, MonitoringEntry, Review
from homework_planner.domain.progress import (
    change_phrase,
    compute_progress,
    fmt_number,
    is_rating_scale,
    pair_change_phrase,
    parse_rating,
    split_pair,
    summary_text,
)
from homework_planner.domain.sheet import entries_from_rows, sheet_rows
from tests.conftest import full_assignment_dict

START = date(2026, 10, 1)


def series(completions, mood_after_rows):
    """One walking homework a week; each review has the given mood-after numbers."""
    assignments, reviews = [], []
    for week, (completion, rows) in enumerate(zip(completions, mood_after_rows, strict=True)):
        data = full_assignment_dict()
        data["id"] = f"a{week}"
        data["created"] = datetime.combine(
            START + timedelta(weeks=week), datetime.min.time(), timezone.utc
        ).isoformat()
        a = Assignment.model_validate(data)
        assignments.append(a)
        reviews.append(
            Review(
                id=f"r{week}",
                assignment_id=a.id,
                date=START + timedelta(weeks=week + 1),
                completion=completion,
                progress_summary=f"week {week}",
                next_step="adjust",
                monitoring_entries=entries_from_rows(
                    a, [{"Walked": "yes", "Mood before": "3", "Mood after": str(v)} for v in rows]
                ),
            )
        )
    return assignments, reviews


def test_numbers_from_a_known_series():
    assignments, reviews = series([4, 3, 1, 3], [[4, 5], [5], [], [6, 6, 7]])
    p = compute_progress(assignments, list(reversed(reviews)))  # order given does not matter
    assert p.reviewed == 4
    assert p.mostly_or_fully == 3
    assert p.completion_rate == pytest.approx(0.75)
    assert p.mean_completion == pytest.approx(2.75)
    assert [s.completion for s in p.sessions] == [4, 3, 1, 3]
    labels = [s.label for s in p.series]
    assert labels == ["Mood before", "Mood after"]  # "Walked" is a tick column, not a rating
    after = p.series[1]
    assert after.values == (4, 5, 5, 6, 6, 7)
    assert after.first == 4 and after.last == 7
    assert after.mean == pytest.approx(33 / 6)
    assert after.session_means == (4.5, 5, None, pytest.approx(19 / 3))
    assert after.recorded_sessions[0] == 4.5
    text = summary_text(p)
    assert text.startswith("3 of 4 homeworks mostly or fully done; 1 partly done;")
    # A before/after pair: the change within a day, then each half from first to last week,
    # with no better/worse on one half alone.
    assert "mood rose after the activity, on average from 3 to 5.5 (better)" in text
    assert "mood after: first week 4.5, last week 6.3;" in text
    assert "mood before: first week 3, last week 3;" in text
    assert "next step: adjust" in text
    # Each sheet printed Mon, Wed and Fri: 2 + 1 + 0 + 3 of them have something written.
    assert [(s.days_recorded, s.days_printed) for s in p.sessions] == [
        (2, 3),
        (1, 3),
        (0, 3),
        (3, 3),
    ]
    assert "6 of 12 days printed on the monitoring sheets recorded" in text


def test_a_blank_day_is_not_recorded_never_zero():
    assignments, reviews = series([3, 3], [[4, 6], [5]])
    mon, wed, fri = (k.date for k in sheet_rows(assignments[0]))
    reviews[0].monitoring_entries = [
        MonitoringEntry(date=mon, values={"Walked": True, "Mood after": "4"}),
        MonitoringEntry(date=wed, values={"Walked": None, "Mood after": None}),  # it rained
        MonitoringEntry(date=fri, values={"Walked": False, "Mood after": "6"}),
    ]
    p = compute_progress(assignments, reviews)
    after = next(s for s in p.series if s.label == "Mood after")
    assert after.values == (4, 6, 5)  # no 0 for Wednesday
    assert after.session_means[0] == 5  # (4 + 6) / 2, not (4 + 0 + 6) / 3
    assert (p.sessions[0].days_recorded, p.sessions[0].days_printed) == (2, 3)
    # A week with every day blank is a gap in the line, not a drop to 0.
    mon2 = sheet_rows(assignments[1])[0].date
    reviews[1].monitoring_entries = [MonitoringEntry(date=mon2, values={"Mood after": None})]
    p = compute_progress(assignments, reviews)
    after = next(s for s in p.series if s.label == "Mood after")
    assert after.session_means == (5, None)
    assert p.sessions[1].days_recorded == 0


def test_timeline_is_date_ordered_with_reviews_before_new_homework_on_the_same_day():
    assignments, reviews = series([2, 4], [[4], [6]])
    # Week 2's homework is set on the day week 1 is reviewed.
    p = compute_progress(assignments, reviews)
    kinds = [(e.date, e.kind) for e in p.timeline]
    assert kinds == sorted(kinds, key=lambda k: (k[0], 0 if k[1] == "review" else 1))
    assert [e.kind for e in p.timeline] == ["set", "review", "set", "review"]
    assert p.timeline[1].text == "Reviewed: A short walk after lunch"


def test_nothing_reviewed_yet():
    assignments, _ = series([3], [[5]])
    assert summary_text(compute_progress([], [])) == "No homework set yet."
    p = compute_progress(assignments, [])
    assert p.completion_rate is None and p.series == ()
    assert summary_text(p).startswith("1 homework set; none reviewed yet.")


def test_not_tried_is_reported_plainly_and_single_ratings_once():
    assignments, reviews = series([0, 2], [[], [5]])
    text = summary_text(compute_progress(assignments, reviews))
    assert text.startswith("0 of 2 homeworks mostly or fully done; 1 partly done; 1 not tried;")
    assert "mood after recorded once (5)" in text


def test_units_are_not_drawn_as_ratings_and_reviews_without_assignment_are_left_out():
    data = full_assignment_dict()
    data["monitoring"]["columns"] = [
        {"label": "Fear at start", "scale": "0-100"},
        {"label": "Minutes", "scale": "minutes"},
    ]
    a = Assignment.model_validate(data)
    r = Review(
        assignment_id=a.id,
        date=START,
        completion=4,
        monitoring_entries=entries_from_rows(
            a, [{"Fear at start": "80", "Minutes": "12"}, {"fear at START": "60"}]
        ),
    )
    orphan = Review(assignment_id="gone", date=START, completion=1)
    p = compute_progress([a], [r, orphan])
    assert [(s.label, s.values) for s in p.series] == [("Fear at start", (80, 60))]
    assert p.reviewed == 1


@pytest.mark.parametrize(
    ("text", "value"),
    [("4", 4), (" 4.5 ", 4.5), ("4,5", 4.5), ("7/10", 7), ("7 out of 10", 7), ("60%", 60)],
)
def test_parse_rating_reads_what_people_write(text, value):
    assert parse_rating(text) == value


@pytest.mark.parametrize("text", ["", "yes", "✓", "about 5", "5-6"])
def test_parse_rating_ignores_words_and_ticks(text):
    assert parse_rating(text) is None


def test_scales_and_number_format():
    assert is_rating_scale("0-10") and is_rating_scale("1 to 5") and is_rating_scale(None)
    assert not is_rating_scale("tick") and not is_rating_scale("minutes")
    assert fmt_number(4.0) == "4" and fmt_number(4.25) == "4.2" and fmt_number(6.333) == "6.3"


@pytest.mark.parametrize(
    ("label", "start", "end", "span", "expected"),
    [
        ("anxiety", 7, 4, "", "anxiety down from 7 to 4 (better)"),
        ("anxiety", 4, 7, "", "anxiety up from 4 to 7 (worse)"),
        ("distress (0-100)", 80, 40, "", "distress (0-100) down from 80 to 40 (better)"),
        ("mood", 3, 6, "", "mood up from 3 to 6 (better)"),
        ("mood", 6, 3, "", "mood down from 6 to 3 (worse)"),
        ("low mood", 6, 3, "", "low mood down from 6 to 3 (better)"),
        ("pleasure", 2, 5, "week", "pleasure: first week 2, last week 5 (better)"),
        ("achievement", 5, 2, "week", "achievement: first week 5, last week 2 (worse)"),
        ("steps walked", 2000, 5000, "", "steps walked up from 2000 to 5000"),
        ("mood", 4, 4, "", "mood steady at 4"),
        ("worry", 5.5, 5.5, "week", "worry: first week 5.5, last week 5.5"),
    ],
)
def test_change_phrase_says_better_or_worse_only_when_the_direction_is_known(
    label, start, end, span, expected
):
    assert change_phrase(label, start, end, span) == expected


def test_one_half_of_a_pair_is_not_judged():
    text = change_phrase("mood before", 4, 3, "week", judge=False)
    assert text == "mood before: first week 4, last week 3"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Mood before", ("Mood", "before")),
        ("Mood after walk", ("Mood", "after")),
        ("Anxiety (before)", ("Anxiety", "before")),
        ("Before: distress", ("distress", "before")),
        ("Mood", None),
        ("Before", None),
        ("Afterglow", None),
    ],
)
def test_split_pair_finds_the_before_and_after_halves(label, expected):
    assert split_pair(label) == expected


@pytest.mark.parametrize(
    ("base", "before", "after", "days", "expected"),
    [
        ("mood", 3.5, 6, 0, "mood rose after the activity, on average from 3.5 to 6 (better)"),
        (
            "anxiety",
            7,
            4,
            3,
            "anxiety fell after the activity on 3 days with both, on average from 7 to 4 (better)",
        ),
        (
            "mood",
            5,
            4,
            1,
            "mood fell after the activity on 1 day with both, on average from 5 to 4 (worse)",
        ),
        ("energy", 4, 4, 0, "energy was the same before and after the activity, on average 4"),
        ("tiredness", 3, 5, 0, "tiredness rose after the activity, on average from 3 to 5"),
    ],
)
def test_pair_change_phrase_states_the_gain_within_a_day(base, before, after, days, expected):
    assert pair_change_phrase(base, before, after, days) == expected
