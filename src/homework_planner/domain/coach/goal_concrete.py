"""goal.concrete (advisory): the client's goal names a change someone could notice.

Clients often start from "I just want to feel better". That is where the conversation starts, not
where the goal ends: asking what they would be doing if they felt better turns it into a goal
that homework can link to (concrete goals go with better outcome: Detweiler-Bedell & Whisman
2005). This criterion only prompts; it is never 'missing' and never stops an agreement.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from . import language
from .base import Finding, Issue, blank, finding, word_set

if TYPE_CHECKING:
    from ..models import Assignment, Review

ID = "goal.concrete"
LABEL = "A goal the client could notice"

# Words for a feeling, a state or a general wish: alone, they name no change anyone could see.
_STATE_WORDS = word_set(
    """feel feeling felt better good well happy happier happiness calm calmer relaxed less more
    anxious anxiety stressed stress depressed depression low down sad normal myself self confident
    confidence okay ok fine great positive content peace peaceful cope coping manage managing life
    back again get getting be become just want like sort sorted out top thing things control mood
    improve improved improvement worry worried fear scared panic alright whole lot bit generally
    general overall mental health wellbeing well-being emotionally emotional stable balanced strong
    stronger safe safer recover recovery healthy healthier bad worse best enjoy lift lighter
    motivated motivation energy hopeful hope nervous tense tension upset angry anger less able
    deal dealing handle person old self again stuck stop so much time all always constantly"""
)


@lru_cache(maxsize=1024)
def names_a_change(goal: str) -> bool:
    for t in language.tokens(goal):
        if t.lower in language.STOPWORDS or len(t.lower) < 3:
            continue
        if t.lower in _STATE_WORDS or t.lemma in _STATE_WORDS:
            continue
        return True
    return False


def rule(a: Assignment, _review: Review | None = None) -> Finding:
    goal = a.goal or ""
    if blank(goal):
        # No goal names no change either; the prompt is the same question, asked from the start.
        return Finding(
            ID,
            "warn",
            "goal",
            "There is no goal yet to link the homework to.",
            "Ask: 'What would you like to be doing that you're not doing now?' and write it in "
            "the client's words, e.g. 'Take my grandson to the park on Saturdays'.",
        )
    issues: list[Issue] = []
    if not names_a_change(goal):
        issues.append(
            Issue(
                "goal",
                "The goal names a feeling, not a change anyone could notice. A good place to "
                "start; worth one more question.",
                "Ask: 'If you felt better, what would you be doing that you're not doing now?' "
                "and write that in their words, e.g. 'Take my grandson to the park on Saturdays'.",
            )
        )
    return finding(
        ID,
        issues,
        missing=False,
        ok_field="goal",
        ok_message="The goal names a change the client could notice.",
    )
