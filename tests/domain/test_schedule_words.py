"""Schedule facts read from words and written as words (table-driven)."""

from __future__ import annotations

import pytest

from homework_planner.domain.schedule_words import (
    ScheduleFacts,
    days_words,
    disagreements,
    facts_of_schedule,
    find_days,
    find_minutes,
    find_time,
    minutes_words,
    parse_time,
    read_words,
    schedule_after_words,
    words_after_schedule,
    words_for,
)

MWF = ("mon", "wed", "fri")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1pm", "13:00"),
        ("1 pm", "13:00"),
        ("1:30 pm", "13:30"),
        ("1.30pm", "13:30"),
        ("1:30 P.M.", "13:30"),
        ("12am", "00:00"),
        ("12 pm", "12:00"),
        ("9am", "09:00"),
        ("13:00", "13:00"),
        ("9:05", "09:05"),
        ("9.15", "09:15"),
        ("1300", "13:00"),
        ("0930", "09:30"),
        ("930", "09:30"),
        ("at 1pm", "13:00"),
        ("noon", "12:00"),
        ("Midday", "12:00"),
        ("  18:30  ", "18:30"),
        ("", None),
        ("13", None),
        ("25:00", None),
        ("13:60", None),
        ("2400", None),
        ("13pm", None),
        ("after lunch", None),
        ("1pm and 3pm", None),
        ("1p", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("After lunch, at 1 pm", "13:00"),
        ("Mon, Wed, Fri at 1pm for 15 mins", "13:00"),
        ("at 1300", "13:00"),
        ("straight after breakfast (about 8:30)", "08:30"),
        ("at noon", "12:00"),
        ("for 15 mins", None),
        ("every day for 1.5 hours", None),
        ("after lunch", None),
        ("in 2026", None),
    ],
)
def test_find_time(text: str, expected: str | None) -> None:
    assert find_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, Wed, Fri at 1pm for 15 mins", MWF),
        ("Monday, Wednesday and Friday", MWF),
        ("mondays and fridays", ("mon", "fri")),
        ("Monday to Friday", ("mon", "tue", "wed", "thu", "fri")),
        ("Mon-Fri", ("mon", "tue", "wed", "thu", "fri")),
        ("Fri to Mon", ("mon", "fri", "sat", "sun")),
        ("Tues and Thurs", ("tue", "thu")),
        ("every day", ("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
        ("Daily", ("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
        ("weekdays", ("mon", "tue", "wed", "thu", "fri")),
        ("at the weekend", ("sat", "sun")),
        ("Every Monday", ("mon",)),
        ("Sat and Sun", ("sat", "sun")),
        ("sat down in the sun", None),
        ("three times a week", None),
        ("after lunch", None),
        ("", None),
    ],
)
def test_find_days(text: str, expected: tuple[str, ...] | None) -> None:
    assert find_days(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 minutes", 15),
        ("for 15 mins", 15),
        ("15m", 15),
        ("10 min", 10),
        ("1 minute", 1),
        ("an hour", 60),
        ("1 hour", 60),
        ("1 hr 30 min", 90),
        ("1 hour 30 minutes", 90),
        ("1.5 hours", 90),
        ("2 hours", 120),
        ("half an hour", 30),
        ("a quarter of an hour", 15),
        ("an hour and a half", 90),
        ("ten minutes", 10),
        ("twenty minutes", 20),
        ("at 1pm", None),
        ("about 10am", None),
        ("a while", None),
        ("every month", None),
        ("", None),
    ],
)
def test_find_minutes(text: str, expected: int | None) -> None:
    assert find_minutes(text) == expected


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (MWF, "Monday, Wednesday and Friday"),
        (("mon",), "Every Monday"),
        (("sat", "sun"), "Saturday and Sunday"),
        (("mon", "tue", "wed", "thu", "fri"), "Monday to Friday"),
        (("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "Every day"),
        ((), ""),
    ],
)
def test_days_words_round_trip(days: tuple[str, ...], words: str) -> None:
    assert days_words(days) == words
    assert find_days(words) == (days or None)


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (1, "1 minute"),
        (15, "15 minutes"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (120, "2 hours"),
    ],
)
def test_minutes_words_round_trip(minutes: int, words: str) -> None:
    assert minutes_words(minutes) == words
    assert find_minutes(words) == minutes


@pytest.mark.parametrize(
    ("time", "words"),
    [
        ("13:00", "At 1 pm"),
        ("13:30", "At 1:30 pm"),
        ("09:05", "At 9:05 am"),
        ("12:00", "At midday"),
    ],
)
def test_when_words_round_trip(time: str, words: str) -> None:
    assert words_for("when", ScheduleFacts(time=time)) == words
    assert find_time(words) == time


def test_one_sentence_gives_every_fact() -> None:
    facts = read_words("Mon, Wed, Fri at 1pm for 15 mins")
    assert (facts.days, facts.time, facts.minutes) == (MWF, "13:00", 15)


def test_schedule_facts_from_the_form_value_and_a_typed_time() -> None:
    form = {"days": ["fri", "mon"], "time": "1pm", "duration_minutes": 20}
    assert facts_of_schedule(form) == ScheduleFacts(days=("mon", "fri"), time="13:00", minutes=20)
    assert facts_of_schedule(None) == ScheduleFacts()
    assert facts_of_schedule({"days": [], "time": "soon"}) == ScheduleFacts()


def test_schedule_change_writes_empty_and_app_words_never_typed_ones() -> None:
    old = ScheduleFacts(days=("mon",), minutes=10)
    new = ScheduleFacts(days=MWF, time="13:00", minutes=15)
    words = {"when": "", "how_often": "Every Monday", "how_long": "ten minutes, roughly"}
    assert words_after_schedule(old, new, words) == {
        "when": "At 1 pm",
        "how_often": "Monday, Wednesday and Friday",
    }
    # Unchanged words are not rewritten.
    same = {
        "when": "At 1 pm",
        "how_often": "Monday, Wednesday and Friday",
        "how_long": "15 minutes",
    }
    assert words_after_schedule(new, new, same) == {}
    # Clearing a fact clears the app's words for it.
    assert words_after_schedule(new, ScheduleFacts(days=MWF), same) == {"when": "", "how_long": ""}


def test_typed_words_fill_the_schedule_and_leave_other_facts() -> None:
    schedule = ScheduleFacts(days=("tue",), time="09:00")
    after = schedule_after_words(schedule, "Mon, Wed, Fri for 15 mins")
    assert after == ScheduleFacts(days=MWF, time="09:00", minutes=15)
    assert schedule_after_words(schedule, "after lunch") == schedule
    # Out of the schedule's range: not taken (the words then disagree, which is shown).
    assert schedule_after_words(schedule, "13 hours").minutes is None


def test_disagreements_name_both_sides_and_not_the_typed_words() -> None:
    schedule = ScheduleFacts(days=MWF, time="13:00", minutes=201)
    words = {
        "when": "after lunch at 1pm",
        "how_often": "Tuesdays, and sometimes Thursdays",
        "how_long": "10 minutes",
    }
    out = disagreements(schedule, words)
    assert set(out) == {"how_often", "how_long"}
    assert "10 minutes" in out["how_long"] and "3 hours 21 minutes" in out["how_long"]
    assert "Tuesday and Thursday" in out["how_often"]
    assert "Monday, Wednesday and Friday" in out["how_often"]
    assert "sometimes" not in out["how_often"]
    assert disagreements(ScheduleFacts(days=("mon", "tue")), {"how_often": "three times a week"})
    assert not disagreements(ScheduleFacts(days=MWF), {"how_often": "three times a week"})
    assert not disagreements(ScheduleFacts(), words)
