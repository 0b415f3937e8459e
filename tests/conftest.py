"""Shared fixtures: every user path points into tmp_path; nothing touches the real home."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("HOMEWORK_PLANNER_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("HOMEWORK_PLANNER_CONFIG", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def full_assignment_dict(client_code: str = "HP-0042") -> dict:
    """An invented, complete behavioural-activation assignment in the interchange format."""
    return {
        "schema_version": 1,
        "id": "a1b2c3d4e5f6",
        "client_code": client_code,
        "title": "A short walk after lunch",
        "intervention": "behavioural_activation",
        "goal": "Feel less stuck at home and get back to seeing my sister",
        "status": "agreed",
        "created": "2026-11-20T10:15:00Z",
        "review_date": "2026-11-27",
        "task": {
            "what": "Walk to the postbox at the end of Elm Road and back",
            "when": "After lunch, at 1 pm",
            "where": "From my front door to the postbox and back",
            "how_often": "On Monday, Wednesday and Friday",
            "how_long": "15 minutes",
            "with_whom": "On my own, or with the dog",
            "first_step": "Put my shoes by the door in the morning",
            "schedule": {"days": ["mon", "wed", "fri"], "time": "13:00", "duration_minutes": 15},
        },
        "rationale": "When I do a bit more, my mood lifts a little, and that helps me feel ready to see my sister.",
        "obstacles": [
            {"if": "it is raining", "then": "walk to the end of the corridor and back five times"},
            {
                "if": "I feel too tired after lunch",
                "then": "go for just five minutes and see how I feel",
            },
        ],
        "monitoring": {
            "what_to_record": "Whether I walked, and my mood before and after",
            "when_to_record": "Straight after each walk",
            "columns": [
                {"label": "Walked", "scale": "tick"},
                {"label": "Mood before", "scale": "0-10"},
                {"label": "Mood after", "scale": "0-10"},
            ],
            "days": 7,
        },
        "client_reaction": {
            "summary_in_own_words": "I'll walk to the postbox after lunch three days and note my mood.",
            "importance": 8,
            "confidence": 7,
            "concerns": "Bad weather",
        },
    }


@pytest.fixture
def full_assignment() -> dict:
    return full_assignment_dict()


@pytest.fixture
def review_dict() -> dict:
    return {
        "id": "r0000001",
        "assignment_id": "a1b2c3d4e5f6",
        "date": date(2026, 11, 27).isoformat(),
        "completion": 3,
        "what_happened": "Walked on Monday and Friday; Wednesday was wet so did the corridor.",
        "what_learned": "Mood was better after each walk than before.",
        "obstacles_met": "Rain on Wednesday",
        "progress_summary": "Two walks and one indoor walk; mood after walks up from 3 to 5.",
        "next_step": "adjust",
    }
