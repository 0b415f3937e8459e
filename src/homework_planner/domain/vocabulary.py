"""The plain-Python parts of the domain: interventions, days, ids, the clock, a client's name.

Everything here is needed before the main window shows (the client list, the assignment table),
so it must not import pydantic; models.py re-exports it for everything else.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum

DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


class Intervention(str, Enum):
    behavioural_activation = "behavioural_activation"
    graded_exposure = "graded_exposure"
    thought_record = "thought_record"
    worry_time = "worry_time"
    problem_solving = "problem_solving"
    sleep = "sleep"
    panic = "panic"
    relaxation = "relaxation"
    behavioural_experiment = "behavioural_experiment"
    other = "other"

    @property
    def label(self) -> str:
        return INTERVENTION_LABELS[self]


INTERVENTION_LABELS = {
    Intervention.behavioural_activation: "Behavioural activation",
    Intervention.graded_exposure: "Graded exposure",
    Intervention.thought_record: "Thought record",
    Intervention.worry_time: "Worry time",
    Intervention.problem_solving: "Problem solving",
    Intervention.sleep: "Sleep",
    Intervention.panic: "Panic",
    Intervention.relaxation: "Relaxation",
    Intervention.behavioural_experiment: "Behavioural experiment",
    Intervention.other: "Other",
}


def new_id() -> str:
    import uuid  # uuid imports platform: not needed until something new is made

    return uuid.uuid4().hex


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def client_display_name(code: str, preferred_name: str | None) -> str:
    """How a client is shown everywhere: the code, and the preferred name if there is one."""
    return f"{code} ({preferred_name})" if preferred_name else code
