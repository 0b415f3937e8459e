"""Reviewing homework: what is due for review, and next week's assignment built from a review."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Protocol, TypeVar

from .models import (
    COMPLETION_LABELS,
    Assignment,
    ClientReaction,
    Obstacle,
    PlanReview,
    Review,
)
from .vocabulary import new_id, now_utc

log = logging.getLogger(__name__)

REVIEW_INTERVAL = timedelta(days=7)

NEXT_STEP_LABELS = {
    "continue": "Continue: keep the same homework for another week",
    "adjust": "Adjust: change it in the light of what we learned",
    "new": "New: start a different piece of homework",
    "stop": "Stop: this homework has done its job for now",
}

# Said to the therapist beside each completion level. Partial completion is data, not failure:
# every level points at what the review can use next.
COMPLETION_HINTS = {
    0: "Useful to know. What got in the way is what we plan around next.",
    1: "A start. What helped it begin, and where did it stall?",
    2: "About half is real progress. What made the difference on the days it happened?",
    3: "Mostly done. What made that possible?",
    4: "Done as planned. What did the client notice?",
}

CARRIES_FORWARD = ("continue", "adjust")

LEARNED_PREFIX = "What I learned last week: "
# Shown in an if-then plan whose "then" the therapist still has to agree with the client.
THEN_PROMPT = ""


class _Due(Protocol):
    @property
    def status(self) -> str: ...

    @property
    def review_date(self) -> date | None: ...


T = TypeVar("T", bound=_Due)


def is_due(item: _Due, today: date) -> bool:
    """Agreed homework whose review date has come (a draft was never taken home)."""
    return (
        item.status in ("agreed", "amended")
        and item.review_date is not None
        and item.review_date <= today
    )


def due_for_review(summaries: Iterable[T], today: date) -> list[T]:
    """Only the homework due for review, the longest-waiting first."""
    due = [s for s in summaries if is_due(s, today)]
    return sorted(due, key=lambda s: s.review_date or today)


def order_for_review(summaries: Sequence[T], today: date) -> list[T]:
    """All of a client's homework with what is due for review first, then the rest as given.

    The store lists newest first; that order is kept for everything that is not due, so a
    returning client opens on last week's homework and the history stays where it was.
    """
    due = due_for_review(summaries, today)
    due_ids = {id(s) for s in due}
    return due + [s for s in summaries if id(s) not in due_ids]


def completion_text(level: int) -> str:
    return f"{level} – {COMPLETION_LABELS[level]}"


def _clean_clause(text: str) -> str:
    text = text.strip().strip(".;,").strip()
    text = re.sub(r"^(if|when)\s+", "", text, flags=re.IGNORECASE)
    # "Rain on Wednesday" reads as "If rain on Wednesday"; lower-case the first letter unless it
    # is "I" or an abbreviation, so the printed "If ..., then I will ..." reads as one sentence.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and not text.startswith("I "):
        text = text[0].lower() + text[1:]
    return text


def obstacles_from_text(text: str) -> list[str]:
    """Split "what got in the way" into separate obstacles (one per line, ';' or sentence)."""
    parts = re.split(r"[\n;]+|(?<=[.!?])\s+", text)
    out: list[str] = []
    seen: set[str] = set()
    for part in parts:
        clause = _clean_clause(part)
        key = _key(clause)
        if clause and key and key not in seen:
            seen.add(key)
            out.append(clause)
    return out


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _words(text: str) -> set[str]:
    stop = {"i", "a", "the", "to", "on", "in", "it", "was", "is", "and", "or", "my", "of", "at"}
    return {_stem(w) for w in _key(text).split() if w not in stop and len(w) > 2}


def _stem(word: str) -> str:
    # Crude, but enough to see that "rain on Wednesday" and "it is raining" are one obstacle.
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _matching_plan(clause: str, plans: Sequence[Obstacle]) -> Obstacle | None:
    """An existing if-then plan about the same thing (shares a content word), if any."""
    words = _words(clause)
    best: tuple[int, Obstacle] | None = None
    for plan in plans:
        overlap = len(words & _words(plan.if_))
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, plan)
    return None if best is None else best[1]


PLAN_HAPPENED_LABELS = {
    None: "Not asked",
    "not_needed": "Not needed",
    "used": "Used",
    "not_used": "Meant to, but didn't",
}
PLAN_HELPED_LABELS = {None: "Not asked", "yes": "Yes", "partly": "Partly", "no": "No"}


def plan_answer(review: Review, plan: Obstacle) -> PlanReview | None:
    """The review's answers about `plan` (matched by its words), if it was asked about."""
    return next(
        (
            p
            for p in review.plans
            if p.if_.strip() == plan.if_.strip() and p.then.strip() == plan.then.strip()
        ),
        None,
    )


def plan_next_week(answer: PlanReview | None) -> str:
    """What next week's draft does with a plan: "keep" it as it was, "rewrite" its "then" (used
    and it did not help), or "revisit" it with the client (not needed, not used, not asked)."""
    if answer is None or answer.happened is None:
        return "revisit"
    if answer.happened == "used":
        return "rewrite" if answer.helped == "no" else "keep" if answer.helped else "revisit"
    return "revisit"


def plans_text(review: Review) -> str:
    """The plans' answers for the record: "If-then plans: rain: used, helped; ...". "" if none."""
    said: list[str] = []
    for p in review.plans:
        if p.happened is None:
            bit = "not asked"
        else:
            bit = PLAN_HAPPENED_LABELS[p.happened].lower()
            if p.helped is not None:
                bit += f", helped: {PLAN_HELPED_LABELS[p.helped].lower()}"
        said.append(f"{p.if_.strip()}: {bit}")
    return "If-then plans: " + "; ".join(said) + "." if said else ""


def plans_to_revisit(a: Assignment, review: Review) -> list[Obstacle]:
    """The plans next week's draft carries over only with a prompt: talk them through again."""
    return [o for o in a.obstacles if plan_next_week(plan_answer(review, o)) != "keep"]


def next_assignment(a: Assignment, review: Review, today: date) -> Assignment:
    """Next week's homework from this one and its review ("continue" or "adjust").

    Everything that worked is kept. What the client learned goes into the reason (in their words,
    so it prints on the handout), and each obstacle met becomes an if-then plan: when a plan for it
    already existed it stays as it was; otherwise the "if" is filled and the "then" is left for
    the therapist and client to agree, which the coach then asks for.
    """
    if review.next_step not in CARRIES_FORWARD:
        raise ValueError(
            "Next week's homework is built from this one only when the next step is "
            "'continue' or 'adjust'; for 'new' start from a template."
        )
    rationale = a.rationale.strip()
    learned = review.what_learned.strip()
    if learned:
        # Replace last week's carried-over lesson rather than stacking one per week.
        rationale = rationale.split(LEARNED_PREFIX)[0].strip()
        sentence = learned if learned.endswith((".", "!", "?")) else learned + "."
        rationale = f"{rationale} {LEARNED_PREFIX}{sentence}".strip()

    plans: list[Obstacle] = []
    for o in a.obstacles:
        if plan_next_week(plan_answer(review, o)) == "rewrite":
            # Used and it did not help: the "if" stays, a new "then" is agreed (the coach asks).
            plans.append(Obstacle.model_validate({"if": o.if_, "then": THEN_PROMPT}))
        else:
            plans.append(o.model_copy())
    for clause in obstacles_from_text(review.obstacles_met):
        existing = _matching_plan(clause, plans)
        if existing is not None and existing.then.strip():
            continue  # already planned for; the plan is carried over as it was
        if existing is not None:
            continue  # same obstacle, "then" still open: do not list it twice
        plans.append(Obstacle.model_validate({"if": clause, "then": THEN_PROMPT}))

    log.debug("next assignment built from a review (%s)", review.next_step)
    nxt = a.model_copy(deep=True)
    # Attribute by attribute so that validate_assignment checks every value that changes.
    nxt.id = new_id()
    nxt.follows = a.id
    nxt.status = "draft"
    nxt.created = now_utc()
    nxt.agreed_on = None
    nxt.agreements = []  # next week is agreed on its own, never by inheritance
    nxt.withdrawal = None
    nxt.updated = None
    nxt.review_date = today + REVIEW_INTERVAL
    nxt.rationale = rationale
    nxt.obstacles = plans
    # The client's reaction is to *this* week's plan: ask again (teach-back, confidence).
    nxt.client_reaction = ClientReaction()
    return nxt


def suggest_summary(a: Assignment, review: Review) -> str:
    """A first draft of the progress summary from what the form already holds.

    It uses the completion words, the numbers typed from the sheet (first and last of each rating
    column, and how many entries) and what was learned, so the therapist edits rather than writes.
    """
    from .progress import (
        change_phrase,
        compute_progress,
        fmt_number,
        pair_change_phrase,
        parse_rating,
        split_pair,
    )
    from .sheet import days_recorded, grid_columns, is_tick, not_recorded_days

    parts = [f"Done: {COMPLETION_LABELS[review.completion].lower()}"]
    entries = review.monitoring_entries
    recorded, printed = days_recorded(a, entries)
    if printed:
        text = f"recorded on {recorded} of {printed} day{'s' if printed != 1 else ''} printed"
        blank = not_recorded_days(a, entries)
        if blank and recorded:
            text += " (not recorded: " + ", ".join(k.label for k in blank) + ")"
        parts.append(text)
    extra = [e for e in entries if e.date is None and e.recorded]
    if extra:
        parts.append(f"{len(extra)} more entr{'y' if len(extra) == 1 else 'ies'} on the sheet")
    for column in grid_columns(a):
        if is_tick(column):
            ticks = [e.values.get(column.label) for e in entries]
            yes, no = ticks.count(True), ticks.count(False)
            if yes or no:
                days = printed or yes + no
                words = f"{column.label.lower()}: ticked on {yes} of {days} day"
                words += "" if days == 1 else "s"
                if no and printed and yes + no < printed:
                    words += f" ({no} marked not done)"
                parts.append(words)
    series = compute_progress([a], [review]).series
    by_label = {s.label.lower(): s for s in series}
    paired: set[str] = set()
    for s in series:
        pair = split_pair(s.label)
        if pair is None or pair[1] != "before":
            continue
        after = next(
            (o for k, o in by_label.items() if split_pair(k) == (pair[0].lower(), "after")), None
        )
        if after is None:
            continue
        # Within a day: only the days with both halves written, so a gap never reads as change.
        gains = []
        for e in entries:
            b, f = e.values.get(s.label), e.values.get(after.label)
            x = parse_rating(b) if isinstance(b, str) else None
            y = parse_rating(f) if isinstance(f, str) else None
            if x is not None and y is not None:
                gains.append((x, y))
        if not gains:
            continue
        paired.update({s.label.lower(), after.label.lower()})
        mean_before = sum(x for x, _ in gains) / len(gains)
        mean_after = sum(y for _, y in gains) / len(gains)
        parts.append(pair_change_phrase(pair[0].lower(), mean_before, mean_after, len(gains)))
        for half in (s, after):
            if len(half.values) >= 2:
                parts.append(
                    change_phrase(half.label.lower(), half.first, half.last, "day", judge=False)
                )
    for s in series:
        if s.label.lower() in paired:
            continue
        if len(s.values) >= 2:
            parts.append(
                f"{change_phrase(s.label.lower(), s.first, s.last, 'day')}, "
                f"average {fmt_number(s.mean)}"
            )
        else:
            parts.append(f"{s.label.lower()}: {fmt_number(s.first)}")
    text = "; ".join(parts) + "."
    learned = review.what_learned.strip()
    if learned:
        text += " Learned: " + learned[0].lower() + learned[1:]
        if not text.endswith((".", "!", "?")):
            text += "."
    return text
