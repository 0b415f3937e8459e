"""The interchange models: full and draft assignments, invalid input named by field, round trip."""

from __future__ import annotations

import json

import pytest

from homework_planner.domain.errors import InvalidData
from homework_planner.domain.migrations import (
    load_json_text,
    parse_assignment,
    parse_client_file,
    parse_import,
)
from homework_planner.domain.models import Assignment, Client, ClientFile, Review, to_json_dict


def test_full_assignment_validates(full_assignment):
    a = parse_assignment(full_assignment)
    assert a.task.schedule.days == ["mon", "wed", "fri"]
    assert a.obstacles[0].if_ == "it is raining"
    assert a.client_reaction.confidence == 7


def test_draft_with_missing_sections_validates():
    a = parse_assignment({"client_code": "HP-1"})
    assert a.status == "draft" and a.task.what == "" and a.obstacles == []
    b = parse_assignment(
        {"client_code": "HP-1", "task": {"what": "walk"}, "obstacles": [{"if": "rain"}]}
    )
    assert b.obstacles[0].then == ""


def test_json_round_trip_is_lossless(full_assignment):
    a = parse_assignment(full_assignment)
    again = parse_assignment(json.loads(json.dumps(to_json_dict(a))))
    assert again == a
    dumped = to_json_dict(a)
    assert dumped["obstacles"][0] == {
        "if": "it is raining",
        "then": full_assignment["obstacles"][0]["then"],
    }
    for key in ("task", "rationale", "obstacles", "monitoring", "client_reaction", "review_date"):
        assert key in dumped


SECRET = "Jane-Smith-secret-value"

INVALID = [
    ({"client_reaction": {"confidence": 11}}, "client_reaction.confidence", "at most 10"),
    ({"client_reaction": {"importance": -1}}, "client_reaction.importance", "at least 0"),
    ({"client_reaction": {"confidence": SECRET}}, "client_reaction.confidence", "whole number"),
    ({"intervention": SECRET}, "intervention", "one of"),
    ({"review_date": SECRET}, "review_date", "YYYY-MM-DD"),
    ({"review_date": "2026-02-30"}, "review_date", "YYYY-MM-DD"),
    ({"status": SECRET}, "status", "one of"),
    ({"task": {"schedule": {"time": SECRET}}}, "task.schedule.time", "24-hour time"),
    ({"task": {"schedule": {"days": [SECRET]}}}, "task.schedule.days[1]", "one of"),
    ({"task": {"what": 42}}, "task.what", "text"),
    # An unknown key is the file's own text: the object it is in is named, not the key.
    ({"obstacles": [{"if": "x", SECRET: "y"}]}, "obstacles[1]", "unknown field"),
    ({"monitoring": {"days": 400}}, "monitoring.days", "at most 31"),
    ({"client_code": SECRET + " with spaces"}, "client_code", "pseudonymous code"),
]


@pytest.mark.parametrize(("patch", "field", "words"), INVALID)
def test_invalid_input_names_field_and_never_echoes_value(patch, field, words):
    data = {"client_code": "HP-1", **patch}
    with pytest.raises(InvalidData) as info:
        parse_assignment(data)
    problems = info.value.problems
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message
    shown = str(info.value)
    assert SECRET not in shown
    assert "input_value" not in shown


def test_review_and_client_validation():
    with pytest.raises(InvalidData) as info:
        parse_client_file(
            {
                "client": {"code": "HP-1", "print_needs": {"size": "huge"}},
                "assignments": [],
                "reviews": [{"assignment_id": "zz", "date": "2026-11-27", "completion": 9}],
            }
        )
    fields = {p.field for p in info.value.problems}
    assert fields == {"client.print_needs.size", "reviews[1].completion"}
    with pytest.raises(InvalidData) as info:
        parse_client_file(
            {
                "client": {"code": "HP-1"},
                "assignments": [{"client_code": "HP-2"}],
                "reviews": [{"assignment_id": "nope", "date": "2026-11-27", "completion": 2}],
            }
        )
    assert {p.field for p in info.value.problems} == {
        "assignments[1].client_code",
        "reviews[1].assignment_id",
    }


def test_client_file_round_trip(full_assignment, review_dict):
    cf = ClientFile(
        client=Client(code="HP-0042", preferred_name="Sam"),
        assignments=[Assignment.model_validate(full_assignment)],
        reviews=[Review.model_validate(review_dict)],
    )
    assert parse_import(json.loads(json.dumps(to_json_dict(cf)))) == cf


def test_newer_schema_is_refused_clearly():
    with pytest.raises(InvalidData, match="newer Homework Planner"):
        parse_assignment({"client_code": "HP-1", "schema_version": 99})


def test_schema_0_obstacles_are_migrated():
    a = parse_assignment(
        {"client_code": "HP-1", "obstacles": ["If it rains, then I will walk indoors."]}
    )
    assert (a.obstacles[0].if_, a.obstacles[0].then) == ("it rains", "I will walk indoors")
    assert a.schema_version == 1


def test_duplicate_keys_and_bad_json_are_explained():
    with pytest.raises(InvalidData, match="appears twice"):
        load_json_text('{"client_code": "A", "client_code": "B"}')
    with pytest.raises(InvalidData, match="line 1, column"):
        load_json_text('{"client_code": ')


def test_schedules_and_monitoring_entries_share_one_clock_time_rule():
    import pytest
    from pydantic import ValidationError

    from homework_planner.domain.models import MonitoringEntry, Schedule

    assert Schedule(time="18:30").time == "18:30" and Schedule(time="").time is None
    assert MonitoringEntry(date="2026-12-02", time="07:05").time == "07:05"
    for bad in ("25:00", "7pm"):
        with pytest.raises(ValidationError, match="24-hour time"):
            Schedule(time=bad)
        with pytest.raises(ValidationError, match="24-hour time"):
            MonitoringEntry(date="2026-12-02", time=bad)
