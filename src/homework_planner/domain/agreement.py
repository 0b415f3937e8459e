"""Agreement as a fact: the agreed words, their hash, and what changed since (pure functions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .models import AgreedContent, Agreement, Assignment

# Field paths of the agreed content and the words the record and the editor use for them.
FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "intervention": "Intervention",
    "goal": "Goal",
    "review_date": "Review date",
    "task.what": "What",
    "task.when": "When",
    "task.where": "Where",
    "task.how_often": "How often",
    "task.how_long": "How long",
    "task.with_whom": "With whom",
    "task.first_step": "First step",
    "task.schedule": "Schedule",
    "rationale": "Why",
    "obstacles": "If-then plans",
    "monitoring.what_to_record": "What to record",
    "monitoring.when_to_record": "When to record",
    "monitoring.columns": "Columns to fill in",
    "monitoring.days": "Days on the sheet",
    "client_reaction.summary_in_own_words": "In the client's own words",
    "client_reaction.importance": "Importance",
    "client_reaction.confidence": "Confidence",
    "client_reaction.concerns": "Concerns",
}


def content_of(a: Assignment) -> AgreedContent:
    """The part of an assignment that the client agrees to (not its id, status or dates kept)."""
    return AgreedContent(
        title=a.title,
        intervention=a.intervention,
        goal=a.goal,
        review_date=a.review_date,
        task=a.task.model_copy(deep=True),
        rationale=a.rationale,
        obstacles=[o.model_copy() for o in a.obstacles],
        monitoring=a.monitoring.model_copy(deep=True),
        client_reaction=a.client_reaction.model_copy(),
    )


def _canonical(content: AgreedContent) -> dict[str, Any]:
    data: dict[str, Any] = content.model_dump(mode="json", by_alias=True)
    return data


def content_hash(content: AgreedContent) -> str:
    """SHA-256 of the canonical JSON of the agreed words: the same words give the same hash."""
    return content.digest()


def _flatten(content: AgreedContent) -> dict[str, Any]:
    data = _canonical(content)
    flat: dict[str, Any] = {}
    for path in FIELD_LABELS:
        head, _, tail = path.partition(".")
        value = data.get(head)
        if tail:
            value = value.get(tail) if isinstance(value, dict) else None
        if isinstance(value, str):
            value = value.strip()
        flat[path] = value if value not in ("", None, [], {}) else None
    return flat


def changed_fields(old: AgreedContent, new: AgreedContent) -> list[str]:
    """Field paths (FIELD_LABELS order) whose words differ between two contents."""
    a, b = _flatten(old), _flatten(new)
    return [path for path in FIELD_LABELS if a[path] != b[path]]


def describe_fields(paths: Sequence[str]) -> str:
    """'What, When and How long' for a list of field paths."""
    words = [FIELD_LABELS.get(p, p) for p in paths]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class AgreementState:
    """Where an assignment stands: never agreed, agreed as it is, or changed since agreed."""

    agreement: Agreement | None  # the latest agreement, if any
    changed: tuple[str, ...]  # field paths changed since that agreement
    legacy_agreed: bool  # marked agreed by an earlier version that kept no agreed words

    @property
    def agreed(self) -> bool:
        return self.agreement is not None

    @property
    def amended(self) -> bool:
        return self.agreement is not None and bool(self.changed)

    @property
    def can_agree(self) -> bool:
        return self.agreement is None or bool(self.changed)


def agreement_state(a: Assignment) -> AgreementState:
    latest = a.agreements[-1] if a.agreements else None
    if latest is None:
        return AgreementState(None, (), a.status != "draft")
    now = content_of(a)
    if content_hash(now) == latest.content_hash:
        return AgreementState(latest, (), False)
    return AgreementState(latest, tuple(changed_fields(latest.content, now)), False)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class HistoryEvent:
    """One line of an assignment's story after it was first written: agreed, amended, withdrawn."""

    kind: str  # "agreed", "amended", "withdrawn"
    version: int | None
    at: datetime | None
    fields: tuple[str, ...] = ()
    detail: str = ""


def history_events(history: Sequence[tuple[int, Assignment]]) -> list[HistoryEvent]:
    """Agreements, amendments after agreement (with their fields) and withdrawal, in time order.

    `history` is every stored version, oldest first (Store.assignment_history). The agreement
    in force at a stored version is the newest one that version itself carries, so an
    assignment imported from another store (whose version numbers started again) reads right
    too. An amendment is a stored version whose words differ from the agreement in force; its
    time is the version's own `updated` stamp.
    """
    if not history:
        return []
    latest = history[-1][1]
    events = [
        HistoryEvent("agreed", ag.version, ag.agreed_at, detail=_missing(ag))
        for ag in latest.agreements
    ]
    last: str | None = None
    for version, a in history:
        if not a.agreements:
            continue
        in_force = a.agreements[-1]
        words = content_of(a)
        h = content_hash(words)
        if h != in_force.content_hash and h != last:
            fields = tuple(changed_fields(in_force.content, words))
            events.append(HistoryEvent("amended", version, a.updated, fields))
        last = h
    # Stamps are to the second: within one second the stored order decides.
    order = {v: i for i, (v, _) in enumerate(history)}
    events.sort(key=lambda e: (e.at is None, e.at or _EPOCH, order.get(e.version or 0, -1)))
    if latest.withdrawal is not None:
        w = latest.withdrawal
        events.append(HistoryEvent("withdrawn", history[-1][0], w.at, detail=w.reason))
    return events


def _missing(ag: Agreement) -> str:
    n = len(ag.missing)
    return "" if n == 0 else f"agreed with {n} item{'s' * (n != 1)} missing"


def unagreed_copy(a: Assignment, **changes: Any) -> Assignment:
    """A copy that carries none of this one's agreement facts: a new draft (next week, a
    template, a duplicate) is agreed on its own, never by inheritance."""
    data = a.model_dump(mode="json", by_alias=True)
    data.update(status="draft", agreed_on=None, agreements=[], withdrawal=None, updated=None)
    data.update(changes)
    return Assignment.model_validate(data)
