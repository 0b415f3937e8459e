"""reaction.elicited (Beck c): the client says the plan back in their own words, and rates it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vague import find_vague, names_a_time
from . import behaviour, language
from .base import (
    CONFIDENCE_THRESHOLD,
    IMPORTANCE_THRESHOLD,
    Finding,
    Issue,
    blank,
    finding,
    norm,
)
from .template_text import STILL_TEMPLATE, same_as_template_teach_back

if TYPE_CHECKING:
    from ..models import Assignment, Review

ID = "reaction.elicited"
LABEL = "Client's own words and confidence"
FIELD = "client_reaction.summary_in_own_words"

# One-word assent is the therapist's tick, not the client's words.
_ASSENT = frozenset(
    norm(s)
    for s in (
        "ok",
        "okay",
        "yes",
        "y",
        "yep",
        "yeah",
        "agreed",
        "agree",
        "fine",
        "understood",
        "understands",
        "sure",
        "will do",
        "got it",
        "done",
        "happy with it",
        "happy with plan",
        "as above",
        "see above",
        "n a",
        "na",
        "tick",
        "confirmed",
        "all good",
    )
)


_COMPARATIVE_KEYS = frozenset(("more", "be_more", "more_of", "a_bit", "more_often"))


def _teach_back_issues(a: Assignment) -> list[Issue]:
    text = a.client_reaction.summary_in_own_words
    if same_as_template_teach_back(a.template_id, text):
        return [
            Issue(
                FIELD,
                f"The summary is {STILL_TEMPLATE}.",
                "Ask the client to say the plan back, and write down what they say.",
            )
        ]
    if norm(text) in _ASSENT or len(language.tokens(text)) < 3:
        return [
            Issue(
                FIELD,
                "A word of agreement is not the client saying the plan back.",
                "Ask: 'Can you tell me in your own words what you'll do, and when?' and write "
                "their answer.",
            )
        ]
    if not language.therapist_voice(text) and not language.first_person(text):
        return [
            Issue(
                FIELD,
                "The summary is not in the client's voice ('I').",
                "Write it as the client says it, e.g. 'I'll walk to the postbox after lunch on "
                "three days'.",
            )
        ]
    if language.therapist_voice(text):
        return [
            Issue(
                FIELD,
                "The summary is a note about the client, not their own words.",
                "Write what the client says, as they say it: 'I'll ...', e.g. 'I'll walk to the "
                "postbox after lunch on three days'.",
            )
        ]
    if not blank(a.task.what) and norm(text) == norm(a.task.what):
        return [
            Issue(
                FIELD,
                "The summary is a copy of the task, not the client's own words.",
                "Write down what the client says when asked to explain the plan back.",
            )
        ]
    out: list[Issue] = []
    t = a.task
    # The client may name the task by its place or its first step ("go to the park").
    task_words = language.meanings(f"{t.what} {t.where} {t.first_step or ''} {t.with_whom or ''}")
    # "I'll stop lying in bed all morning" is an aim said back; "I will try to sleep better" a
    # hope. Neither says what the client will do, whatever words it shares with the task.
    reading = behaviour.read_what(text)
    aim_only = reading.name_only and any(p.kind == "aim" for p in reading.problems)
    keys = {h.key for h in find_vague(text)}
    hope = "try" in keys and bool(keys & _COMPARATIVE_KEYS)
    if aim_only or hope or (task_words and not (language.meanings(text) & task_words)):
        out.append(
            Issue(
                FIELD,
                "The client's summary does not say what they will do.",
                "Ask them to say what they will do, and write it in their words.",
            )
        )
    when_words = language.meanings(f"{t.when} {t.how_often}")
    days = bool(language.named_days(text)) or language.times_per_week(text) is not None
    if not (names_a_time(text) or days or language.meanings(text) & when_words):
        out.append(
            Issue(
                FIELD,
                "The client's summary does not say when they will do it.",
                "Ask: 'And when will you do it?' and add their answer, e.g. 'after lunch on "
                "Monday'.",
            )
        )
    return out


def rule(a: Assignment, _review: Review | None = None) -> Finding:
    cr = a.client_reaction
    summary_blank = blank(cr.summary_in_own_words)
    if summary_blank and cr.confidence is None:
        return Finding(
            ID,
            "missing",
            FIELD,
            "The client's own summary and confidence are not recorded.",
            "Ask: 'Can you tell me in your own words what you'll do?' then 'How confident "
            "are you, 0 to 10, that you'll do it?'",
        )
    issues: list[Issue] = []
    if summary_blank:
        issues.append(
            Issue(
                FIELD,
                "The client has not said the plan back in their own words.",
                "Ask: 'Can you tell me in your own words what you'll do this week?'",
            )
        )
    else:
        issues += _teach_back_issues(a)
    if cr.confidence is None:
        issues.append(
            Issue(
                "client_reaction.confidence",
                "There is no confidence rating.",
                "Ask: 'How confident are you, 0 to 10, that you'll do it?'",
            )
        )
    elif cr.confidence < CONFIDENCE_THRESHOLD:
        issues.append(
            Issue(
                "client_reaction.confidence",
                f"Confidence is {cr.confidence}/10. (This app suggests talking it over below "
                f"{CONFIDENCE_THRESHOLD}: a design rule, not a norm.)",
                "Shrink the task, add a back-up plan, or troubleshoot what would make it a "
                f"{CONFIDENCE_THRESHOLD}.",
            )
        )
    if cr.importance is not None and cr.importance < IMPORTANCE_THRESHOLD:
        issues.append(
            Issue(
                "client_reaction.importance",
                f"Importance is {cr.importance}/10.",
                "Revisit the reason: link the task to something that matters to the client.",
            )
        )
    return finding(
        ID,
        issues,
        missing=False,
        ok_field=FIELD,
        ok_message="The client has said the plan in their own words and feels confident.",
    )
