"""The interchange format: client, assignment and review as pydantic models (DESIGN.md field names)."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .vocabulary import (  # noqa: F401 - re-exported: the models' vocabulary
    DAY_NAMES,
    DAYS,
    INTERVENTION_LABELS,
    Intervention,
    client_display_name,
    new_id,
    now_utc,
)

# 2: a review's monitoring entries are keyed by the day (or occurrence) the sheet printed, and
# keep blanks; 1 kept a list of {label: value} rows without days (domain/migrations.py).
SCHEMA_VERSION = 2

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Rating = Annotated[int, Field(ge=0, le=10)]
# One questionnaire item's answer: 0 "not at all" .. 3 "nearly every day" (PHQ-9, GAD-7).
ItemScore = Annotated[int, Field(ge=0, le=3)]
CLIENT_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _clock_time(v: str | None) -> str | None:
    """A 24-hour time "HH:MM", or None for none (schedules and monitoring entries alike)."""
    if v is None or v == "":
        return None
    if not TIME_RE.match(v):
        raise ValueError("must be a 24-hour time like 18:30")
    return v


class _Model(BaseModel):
    # Unknown keys are refused so that a misspelt field in an imported file is reported, not
    # silently dropped. validate_assignment keeps the GUI honest when it sets attributes.
    # defer_build: each model's validator is built when first used, not at import, so the
    # window's start does not pay for models it does not touch yet (~30 ms).
    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, populate_by_name=True, defer_build=True
    )


class Schedule(_Model):
    days: list[Day] = Field(default_factory=list)
    time: str | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=720)

    @field_validator("time")
    @classmethod
    def _time_format(cls, v: str | None) -> str | None:
        return _clock_time(v)

    @field_validator("days")
    @classmethod
    def _days_unique_ordered(cls, v: list[str]) -> list[str]:
        return [d for d in DAYS if d in set(v)]


class Task(_Model):
    what: str = ""
    when: str = ""
    where: str = ""
    how_often: str = ""
    how_long: str = ""
    with_whom: str | None = None
    first_step: str | None = None
    schedule: Schedule | None = None


class Obstacle(_Model):
    if_: str = Field(default="", alias="if")
    then: str = ""


class MonitoringColumn(_Model):
    label: str = Field(min_length=1, max_length=60)
    scale: str | None = None


class Monitoring(_Model):
    what_to_record: str = ""
    when_to_record: str = ""
    columns: list[MonitoringColumn] = Field(default_factory=list)
    days: int = Field(default=7, ge=0, le=31)


class ClientReaction(_Model):
    summary_in_own_words: str = ""
    importance: Rating | None = None
    confidence: Rating | None = None
    concerns: str = ""


Status = Literal["draft", "agreed", "reviewed"]
NextStep = Literal["continue", "adjust", "new", "stop"]
FindingLevel = Literal["ok", "warn", "missing"]


class AgreedContent(_Model):
    """The words the client agreed to, field by field (everything the handout prints)."""

    title: str = ""
    intervention: Intervention = Intervention.other
    goal: str = ""
    review_date: date | None = None
    task: Task = Field(default_factory=Task)
    rationale: str = ""
    obstacles: list[Obstacle] = Field(default_factory=list)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    client_reaction: ClientReaction = Field(default_factory=ClientReaction)

    def digest(self) -> str:
        """SHA-256 of the canonical JSON of these words: the same words give the same hash."""
        import hashlib
        import json

        data = self.model_dump(mode="json", by_alias=True)
        raw = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class AgreedFinding(_Model):
    """One coach finding as it stood at the moment of agreement."""

    criterion: str = Field(min_length=1, max_length=64)
    level: FindingLevel
    message: str = Field(default="", max_length=2000)


class Agreement(_Model):
    """A fact, not a label: which version was agreed, when, with which words and findings."""

    version: int = Field(ge=1)
    agreed_at: datetime
    content_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    content: AgreedContent
    findings: list[AgreedFinding] = Field(default_factory=list)
    # Criteria still 'missing' when agreed: the therapist was asked and agreed all the same.
    missing: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _words_match_their_hash(self) -> Agreement:
        # An agreement whose words were changed after the fact (by hand, in a file) is refused:
        # the record must never show altered words as the ones agreed.
        if self.content.digest() != self.content_hash:
            raise ValueError("the agreed words do not match their hash (they were altered)")
        return self


class Withdrawal(_Model):
    """A mistaken assignment is withdrawn with a reason, never deleted."""

    at: datetime
    reason: str = Field(min_length=1, max_length=500)


class Assignment(_Model):
    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    client_code: str
    title: str = ""
    intervention: Intervention = Intervention.other
    goal: str = ""
    status: Status = "draft"
    created: datetime = Field(default_factory=now_utc)
    review_date: date | None = None
    task: Task = Field(default_factory=Task)
    rationale: str = ""
    obstacles: list[Obstacle] = Field(default_factory=list)
    monitoring: Monitoring = Field(default_factory=Monitoring)
    client_reaction: ClientReaction = Field(default_factory=ClientReaction)
    # Additions to the DESIGN.md contract (allowed: "may add fields, never rename").
    template_id: str | None = None
    follows: str | None = None  # id of the assignment this one continues ("next week")
    agreed_on: date | None = None  # the date of the latest agreement (kept for older readers)
    agreements: list[Agreement] = Field(default_factory=list)
    withdrawal: Withdrawal | None = None
    updated: datetime | None = None  # when this version was last saved by the app

    @field_validator("client_code")
    @classmethod
    def _code(cls, v: str) -> str:
        return _check_code(v)


COMPLETION_LABELS = {
    0: "Not tried",
    1: "Thought about it or started",
    2: "About half",
    3: "Mostly",
    4: "Fully, as planned",
}


@dataclass(frozen=True)
class EntryKey:
    """Which row of the printed sheet an entry is: a day (with a time when the sheet printed
    one), or the n-th time for a sheet kept "each time it happens"."""

    date: _dt.date | None = None
    time: str | None = None
    occurrence: int | None = None

    @property
    def label(self) -> str:
        """The row as the sheet printed it: "Mon 30 Nov", "Mon 30 Nov 18:30" or "Entry 3"."""
        if self.date is None:
            return f"Entry {self.occurrence}"
        text = f"{self.date:%a} {self.date.day} {self.date:%b}"
        return f"{text} {self.time}" if self.time else text

    def sort_key(self) -> tuple[int, str, int]:
        if self.date is None:
            return (1, "", self.occurrence or 0)
        return (0, f"{self.date.isoformat()} {self.time or ''}", 0)


# What a cell of the sheet holds: text as written (a number, a word), a tick (True: ticked,
# False: not ticked), or None: nothing written. None is "not recorded", never zero.
EntryValue = str | bool | None


class MonitoringEntry(_Model):
    """One row copied from the client's sheet: the day (or occurrence) it printed, and each
    column's value. Blank days are kept as entries whose values are all None."""

    date: _dt.date | None = None
    time: str | None = None
    occurrence: int | None = Field(default=None, ge=1, le=999)
    values: dict[str, EntryValue] = Field(default_factory=dict)

    @field_validator("time")
    @classmethod
    def _time_format(cls, v: str | None) -> str | None:
        return _clock_time(v)

    @field_validator("values")
    @classmethod
    def _clean_values(cls, v: dict[str, EntryValue]) -> dict[str, EntryValue]:
        out: dict[str, EntryValue] = {}
        for label, value in v.items():
            if not label.strip() or len(label) > 60:
                raise ValueError("each column name must be 1-60 characters")
            if isinstance(value, str):
                value = value.strip() or None  # a blank cell is not recorded, never ""
                if value is not None and len(value) > 200:
                    raise ValueError("a value from the sheet must be at most 200 characters")
            out[label] = value
        return out

    @model_validator(mode="after")
    def _one_key(self) -> MonitoringEntry:
        if (self.date is None) == (self.occurrence is None):
            raise ValueError("an entry needs either the date the sheet printed or an occurrence")
        if self.time is not None and self.date is None:
            raise ValueError("a time needs the date it belongs to")
        return self

    @property
    def key(self) -> EntryKey:
        return EntryKey(self.date, self.time, self.occurrence)

    @property
    def recorded(self) -> bool:
        """Anything written on this row (a tick, a cross, a number or a word)."""
        return any(v is not None for v in self.values.values())


PlanUse = Literal["not_needed", "used", "not_used"]
PlanHelp = Literal["yes", "partly", "no"]


class PlanReview(_Model):
    """How one if-then plan went, asked at the review: did it happen, and did it help?"""

    if_: str = Field(default="", alias="if")
    then: str = ""
    happened: PlanUse | None = None  # None: not asked
    helped: PlanHelp | None = None  # asked only when the plan was used


class Review(_Model):
    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=new_id, min_length=1, max_length=64)
    assignment_id: str = Field(min_length=1, max_length=64)
    date: date
    completion: int = Field(ge=0, le=4)
    what_happened: str = ""
    what_learned: str = ""
    obstacles_met: str = ""
    progress_summary: str = ""
    next_step: NextStep = "continue"
    # What was copied from the monitoring sheet: one entry per printed day (or occurrence),
    # blanks kept, in the sheet's order.
    monitoring_entries: list[MonitoringEntry] = Field(default_factory=list, max_length=400)
    # Optional outcome measures taken at this review: the nine PHQ-9 and seven GAD-7 item
    # answers, 0-3 each, in the questionnaire's order; None when not asked. Older files have
    # neither key and import unchanged.
    phq9: list[ItemScore] | None = Field(default=None, min_length=9, max_length=9)
    gad7: list[ItemScore] | None = Field(default=None, min_length=7, max_length=7)
    # Each if-then plan of the reviewed homework, as it was, with the answers; older files
    # have no key and import unchanged.
    plans: list[PlanReview] = Field(default_factory=list, max_length=50)

    @property
    def phq9_total(self) -> int | None:
        """The PHQ-9 total, 0-27, or None when it was not asked."""
        return None if self.phq9 is None else sum(self.phq9)

    @property
    def gad7_total(self) -> int | None:
        """The GAD-7 total, 0-21, or None when it was not asked."""
        return None if self.gad7 is None else sum(self.gad7)

    @field_validator("monitoring_entries")
    @classmethod
    def _one_entry_per_row(cls, v: list[MonitoringEntry]) -> list[MonitoringEntry]:
        keys = [e.key for e in v]
        if len(set(keys)) != len(keys):
            raise ValueError("each day or occurrence of the sheet may appear only once")
        return sorted(v, key=lambda e: e.key.sort_key())

    def entry_for(self, key: EntryKey) -> MonitoringEntry | None:
        return next((e for e in self.monitoring_entries if e.key == key), None)


DEFAULT_LANGUAGE = "en-GB"
# Other ways of writing a shipped language's tag (BCP 47 is case-insensitive).
_LANGUAGE_ALIASES = {"en": "en-GB", "pa-guru": "pa", "pa-guru-in": "pa", "ur-arab": "ur"}


def shipped_languages() -> list[str]:
    """The BCP 47 tags of the shipped handout catalogues (resources/locale/<tag>/), English first."""
    from importlib import resources

    root = resources.files("homework_planner") / "resources" / "locale"
    tags = sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and (p / "LC_MESSAGES" / "handout.po").is_file()
    )
    return sorted(tags, key=lambda t: (t != DEFAULT_LANGUAGE, t))


def normalise_language(tag: str) -> str:
    """A shipped tag for `tag` ("CY" -> "cy", "pa-Guru" -> "pa"); ValueError if none is shipped."""
    wanted = tag.strip().replace("_", "-").lower()
    wanted = _LANGUAGE_ALIASES.get(wanted, wanted)
    for shipped in shipped_languages():
        if shipped.lower() == wanted.lower():
            return shipped
    raise ValueError("must be one of the shipped languages: " + ", ".join(shipped_languages()))


class PrintNeeds(_Model):
    size: Literal["standard", "large", "extra_large"] = "standard"
    background: Literal["white", "cream"] = "white"
    easy_read: bool = False
    # The client's language (BCP 47), for every fixed word the app prints on their handout.
    language: str = DEFAULT_LANGUAGE

    @field_validator("language")
    @classmethod
    def _language(cls, v: str) -> str:
        return normalise_language(v)


class Client(_Model):
    code: str
    preferred_name: str | None = None
    print_needs: PrintNeeds = Field(default_factory=PrintNeeds)
    archived: bool = False

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        return _check_code(v)

    @field_validator("preferred_name")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        if v is None:
            return None
        v = v.strip()
        if len(v) > 60:
            raise ValueError("must be at most 60 characters")
        return v or None

    @property
    def display_name(self) -> str:
        return client_display_name(self.code, self.preferred_name)


class ClientFile(_Model):
    """What `export --client` writes and `import` reads."""

    schema_version: int = SCHEMA_VERSION
    client: Client
    assignments: list[Assignment] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list)


def _check_code(v: str) -> str:
    v = v.strip()
    if not CLIENT_CODE_RE.match(v):
        raise ValueError(
            "must be a pseudonymous code of 1-32 letters, digits, '.', '-' or '_' "
            "(no spaces, no real names), for example HP-0042"
        )
    return v


def to_json_dict(model: BaseModel) -> dict[str, Any]:
    """The contract's JSON shape: field aliases ("if"), ISO dates, enum values."""
    return model.model_dump(mode="json", by_alias=True)
