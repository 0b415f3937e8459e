"""The coach's reading tools: numbers, durations, days, clock times, voice, meaning and caches."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from homework_planner.domain import coach, plain
from homework_planner.domain.coach import REGISTRY, behaviour, language, template_text
from homework_planner.domain.coach.rationale_given import linked_to_goal
from homework_planner.domain.models import Assignment
from tests.conftest import full_assignment_dict

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("15 minutes", [(15, 15)]),
        ("10-15 mins", [(10, 15)]),
        ("half an hour", [(30, 30)]),
        ("an hour and a half", [(90, 90)]),
        ("a quarter of an hour", [(15, 15)]),
        ("two hours", [(120, 120)]),
        ("until the 5-minute alarm", [(5, 5)]),
        ("Three more minutes than last time, so 18 minutes", [(18, 18)]),
        ("until the end of the road", []),
    ],
)
def test_durations_in_minutes(text, minutes):
    assert [(d.low, d.high) for d in language.durations(text)] == minutes


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("3 times a week", 3),
        ("twice this week", 2),
        ("once a week", 1),
        ("on four days this week", 4),
        ("every day", 7),
        ("daily", 7),
        ("Monday and Friday", None),
    ],
)
def test_times_per_week(text, count):
    assert language.times_per_week(text) == count


def test_days_named_one_by_one_and_ranges():
    assert language.named_days("Mon, Wednesday and Fridays") == {"mon", "wed", "fri"}
    assert language.named_days("weekday mornings") == frozenset()
    assert language.day_range("weekday mornings") == {"mon", "tue", "wed", "thu", "fri"}
    assert language.day_range("at weekends") == {"sat", "sun"}


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("at 6 pm", [18 * 60]),
        ("6.30am", [6 * 60 + 30]),
        ("at 18:45, before tea", [18 * 60 + 45]),
        ("midday", [12 * 60]),
        ("12 am", [0]),
        ("after lunch", []),
    ],
)
def test_clock_times(text, times):
    assert list(language.clock_times(text)) == times


@pytest.mark.parametrize(
    ("text", "own", "note"),
    [
        ("I'll walk after lunch", True, False),
        ("Me and the dog, round the park on Monday", True, False),
        ("Client agreed to walk", False, True),
        ("pt repeated it back", False, True),
        ("She will walk after lunch", False, True),
        ("Patient able to summarise", False, True),
    ],
)
def test_who_is_speaking(text, own, note):
    assert language.first_person(text) is own
    assert language.therapist_voice(text) is note


@pytest.mark.parametrize(
    ("reason", "goal", "linked"),
    [
        ("Going back to the office gets less frightening", "Return to work", True),
        ("Each trip on the bus makes the journey easier", "Travel to see my daughter", True),
        ("Walks lift my mood", "Feel less low", True),
        ("The fresh air is nice", "Return to work", False),
        ("I do it again", "Return to work", False),  # a return alone links nothing
    ],
)
def test_a_reason_is_linked_to_the_goal_by_meaning(reason, goal, linked):
    assert linked_to_goal(reason, goal) is linked


def test_lemmas_come_from_the_shipped_table():
    assert language.lemma("offices") == "office"
    assert language.lemma("went") == "go"
    assert language.lemma("frightening") == "frighten"
    assert {"walk", "postbox"} <= language.content_lemmas("walking to the postboxes")


def test_the_lemma_table_loads_with_the_network_cut_off():
    code = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('no network')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from homework_planner.domain.coach import language\n"
        "language.load()\n"
        "print(language.lemma('children'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": ""},
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "child"


@pytest.mark.parametrize(
    ("what", "kinds", "name_only"),
    [
        ("GE", ["acronym"], True),
        ("Do ERP at the sink", ["acronym"], True),
        ("Worry postponement", ["therapy"], True),
        ("Carry on with the programme", ["reference"], True),
        ("Use the strategies we discussed", ["reference"], True),
        ("Cut down on reassurance seeking", ["aim"], True),
        ("Walk to the GP surgery", [], False),
        ("Write each worry on my list and save it for my worry time", [], False),
        ("Walk to the shop as agreed", ["reference"], False),
    ],
)
def test_what_is_read_for_a_behaviour(what, kinds, name_only):
    reading = behaviour.read_what(what)
    assert [p.kind for p in reading.problems] == kinds
    assert reading.name_only is name_only
    for p in reading.problems:
        message, suggestion = behaviour.message(p)
        assert message and suggestion


def test_a_template_prompt_is_never_the_clients_words():
    assert template_text.has_prompt("This helps me [my goal, in my words].")
    assert not template_text.has_prompt("This helps me see my sister.")
    a = Assignment.model_validate(full_assignment_dict())
    a.rationale = "Walking helps my mood, so [my goal, in my words]."
    f = next(f for f in coach.check(a) if f.criterion == "rationale.given")
    assert f.level == "warn" and "template's words" in f.message
    a.task.what = "Do my planned activity: [name it]"
    f = next(f for f in coach.check(a) if f.criterion == "task.specific")
    assert f.level == "missing" and f.field == "task.what"


def test_the_registry_is_the_one_vocabulary():
    assert tuple(c.id for c in REGISTRY) == coach.CRITERIA
    assert set(coach.CRITERION_LABELS) == set(coach.CRITERIA)
    assert len(set(coach.CRITERION_LABELS.values())) == len(coach.CRITERIA)
    for table in (coach.LEVEL_WORDS, coach.LEVEL_STYLE, coach.LEVEL_MARKS):
        assert set(table) == set(coach.LEVELS)
    # Each criterion's rule lives in its own module.
    assert len({c.rule.__module__ for c in REGISTRY}) == len(REGISTRY)
    assert [c.id for c in REGISTRY if c.advisory] == ["goal.concrete"]


def test_the_advisory_goal_prompt_never_blocks():
    a = Assignment.model_validate({**full_assignment_dict(), "goal": "Just feel better"})
    findings = coach.check(a)
    goal = next(f for f in findings if f.criterion == "goal.concrete")
    assert goal.level == "warn"
    assert "what would you be doing" in goal.suggestion
    assert coach.worst_level(findings) != "missing"


def test_typing_one_more_character_rereads_only_the_last_sentence():
    reason = " ".join(
        f"Walking on day {i} lifts my mood, so I can see my sister." for i in range(80)
    )
    a = Assignment.model_validate(full_assignment_dict())
    a.rationale = reason
    coach.check(a)
    before = plain._sentence.cache_info().misses
    a.rationale = reason + " A"
    coach.check(a)
    assert plain._sentence.cache_info().misses - before <= 2
