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
    deal dealing handle person old self again stuck stop so much time all always constantly
    function functioning thoughts thought thinking overthinking overthink belief beliefs test
    everything symptoms often regularly"""
)
# After a feeling, "about ..." names what it is about, not a change: "less stressed about money".
_TOPIC_OPENERS = frozenset(("about", "over", "around", "regarding", "re"))
_TOPIC_ENDS = frozenset(("so", "and", "to", "that", "because", "then", "but", "by", "when"))
# "Sleep better", "relax more": one activity said comparatively, with no amount, day or time,
# is still a wish; "sleep through the night" and "walk 5 km" say what would be seen.
_COMPARATIVES = frozenset(("better", "more", "less", "worse", "often", "regularly"))


@lru_cache(maxsize=1024)
def names_a_change(goal: str) -> bool:
    content: list[str] = []
    after_feeling = in_topic = False
    comparative = False
    for t in language.tokens(goal):
        if t.lower in _COMPARATIVES:
            comparative = True
        if in_topic:
            if t.lower not in _TOPIC_ENDS:
                continue
            in_topic = False
        if after_feeling and t.lower in _TOPIC_OPENERS:
            in_topic = True
            continue
        if t.lower in language.STOPWORDS or len(t.lower) < 3:
            continue
        if t.lower in _STATE_WORDS or t.lemma in _STATE_WORDS:
            after_feeling = True
            continue
        after_feeling = False
        content.append(t.lower)
    if not content:
        return False
    return not (len(content) == 1 and comparative and not any(ch.isdigit() for ch in goal))


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
