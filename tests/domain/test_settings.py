"""Settings: checked values, a damaged file keeps its good values, the file round-trips."""

from __future__ import annotations

import json
import logging

import pytest

from homework_planner.domain.errors import InvalidData
from homework_planner.domain.settings import (
    DEFAULT_UNSAFE_LINE,
    SETTINGS_VERSION,
    Settings,
    settings_from_dict,
)
from homework_planner.storage.settings_file import load_settings, save_settings


def test_defaults():
    s = Settings()
    assert s.schema_version == SETTINGS_VERSION
    assert s.unsafe_line == DEFAULT_UNSAFE_LINE and "Samaritans" in s.unsafe_line
    assert (s.autosave_seconds, s.auto_lock_minutes) == (1.5, 5)
    assert s.author == "Homework Planner"
    assert Settings(therapist_name="Alex", service_name="Riverside").author == "Alex, Riverside"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"unsafe_line": "x" * 401}, "unsafe_line", "must be at most 400 characters"),
        ({"service_phone": "0" * 41}, "service_phone", "must be at most 40 characters"),
        ({"service_name": 42}, "service_name", "must be text"),
        ({"auto_lock_minutes": -1}, "auto_lock_minutes", "must be at least 0"),
        ({"auto_lock_minutes": 241}, "auto_lock_minutes", "must be at most 240"),
        ({"auto_lock_minutes": 2.5}, "auto_lock_minutes", "must be a whole number"),
        ({"auto_lock_minutes": "5"}, "auto_lock_minutes", "must be a whole number"),
        ({"auto_lock_minutes": True}, "auto_lock_minutes", "must be a whole number"),
        ({"autosave_seconds": 0.1}, "autosave_seconds", "must be at least 0.2"),
        ({"autosave_seconds": float("nan")}, "autosave_seconds", "must be a number"),
        ({"autosave_seconds": None}, "autosave_seconds", "must be a number"),
    ],
)
def test_invalid_values_are_named_without_repeating_them(changes, field, message):
    with pytest.raises(InvalidData) as caught:
        Settings().with_changes(**changes)
    [problem] = caught.value.problems
    assert (problem.field, problem.message) == (field, message)
    assert "xxxx" not in str(caught.value) and "0000" not in str(caught.value)


def test_numbers_are_stored_as_their_kind():
    s = Settings(auto_lock_minutes=15.0, autosave_seconds=2)
    assert s.auto_lock_minutes == 15 and isinstance(s.auto_lock_minutes, int)
    assert s.autosave_seconds == 2.0 and isinstance(s.autosave_seconds, float)


def test_settings_cannot_be_changed_in_place():
    with pytest.raises(AttributeError):
        Settings().auto_lock_minutes = 0  # type: ignore[misc]


def test_a_bad_value_falls_back_to_its_default_and_keeps_the_others(caplog):
    data = {
        "service_name": "Hillside Wellbeing",
        "auto_lock_minutes": 9999,
        "unsafe_line": ["not", "text"],
        "colour": "blue",  # unknown keys (e.g. from a newer version) are ignored
    }
    with caplog.at_level(logging.WARNING):
        s = settings_from_dict(data)
    assert s.service_name == "Hillside Wellbeing"
    assert s.auto_lock_minutes == 5 and s.unsafe_line == DEFAULT_UNSAFE_LINE
    logged = caplog.text
    assert "auto_lock_minutes" in logged and "unsafe_line" in logged
    assert "9999" not in logged  # field names only


def test_not_an_object_gives_defaults():
    assert settings_from_dict(["a list"]) == Settings()
    assert settings_from_dict({}) == Settings()  # version 0: no schema_version yet


def test_file_round_trip_and_damaged_file(tmp_path):
    path = tmp_path / "settings.json"
    assert load_settings(path) == Settings()  # no file yet
    chosen = Settings(service_phone="0300 123 4567", auto_lock_minutes=10, autosave_seconds=3)
    save_settings(path, chosen)
    assert json.loads(path.read_text(encoding="utf-8"))["auto_lock_minutes"] == 10
    assert load_settings(path) == chosen
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path) == Settings()


def test_form_limits_come_from_the_fields():
    assert Settings.max_length("unsafe_line") == 400
    assert Settings.max_length("service_phone") == 40
    assert Settings.default("unsafe_line") == DEFAULT_UNSAFE_LINE
