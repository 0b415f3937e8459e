"""rationale.given (Beck b): the client's own reason, linked to their goal by what it means."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import plain
from . import language
from .base import Finding, Issue, blank, finding
from .obstacles_planned import fear_work
from .template_text import STILL_TEMPLATE, same_as_template_rationale

if TYPE_CHECKING:
    from ..models import Assignment, Review

ID = "rationale.given"
LABEL = "A reason linked to the goal"

_LINK_RE = re.compile(
    r"\bso\s+(?:that|I|we|you|it)\b|\bbecause\b|\bas\s+it\b|\bhelps?\s+(?:me|us|you|to)\b"
    r"|\bhelping\s+me\b|\bwill\s+help\b|\bcan\s+help\b|\bin\s+order\s+to\b|\bwhich\s+(?:means|will|helps)\b"
    r"|\bmeans?\s+(?:I|that|we)\b|\bto\s+help\b|\bthen\s+I\s+(?:can|will|might|could)\b"
    r"|\bleads?\s+to\b|\bcloser\s+to\b|\bsteps?\s+towards?\b|\bget\s+back\s+to\b|\bfor\s+my\b"
    r"|\bmatters?\s+to\s+me\b|\bI\s+(?:want|miss|need|would\s+like|wish|hope)\b",
    re.IGNORECASE,
)
# The therapy's authority, or the fact that it is homework, in place of the client's reason.
_AUTHORITY_RE = re.compile(
    r"\b(?:the|my|our)\s+(?:therapist|counsell?or|doctor|gp|psychologist|practitioner|pwp|worker"
    r"|nurse|clinician|team)\s+(?:said|says|told|suggested|suggests|wants|thinks|recommended"
    r"|recommends|asked|set|advised|advises)\b"
    r"|\b(?:I\s+(?:was|am|have\s+been)|I['’]ve\s+been|we\s+were)\s+(?:told|asked|advised)\s+to\b"
    r"|\b(?:said|told|asked)\s+so\b|\btold\s+me\s+to\b"
    r"|\bCBT\b[^.]{0,40}\b(?:proven|works?|evidence|effective|recommended)\b"
    r"|\b(?:research|studies|evidence|science|trials|(?:the\s+)?guidelines|NICE(?:\s+guidelines)?)\s+"
    r"(?:shows?|says?"
    r"|suggests?|recommends?|proves?|is\s+clear|found)\b"
    r"|\b(?:evidence[\s-]based|clinically\s+proven|proven\s+to\s+(?:work|help)|scientifically\s+proven)\b"
    r"|\b(?:it\s+is|it['’]s|this\s+is|because\s+it['’]s|because\s+it\s+is)\s+(?:just\s+)?"
    r"(?:my\s+|the\s+|part\s+of\s+(?:my\s+|the\s+)?)(?:[A-Za-z]+\s+)?(?:homework|treatment|programme"
    r"|program|therapy"
    r"|plan|course|task)\b"
    r"|\bit\s+was\s+set\b|\b(?:to|so\s+(?:that\s+)?I\s+(?:can\s+)?)\s*(?:do|complete|finish)\s+"
    r"(?:my|the)\s+homework\b|\bbecause\s+(?:it['’]s|it\s+is)\s+homework\b"
    # The next session as the reason: "so we can discuss it next time", "to bring to session".
    r"|\b(?:so|that)\s+(?:that\s+)?(?:we|you|the\s+therapist)\s+(?:can|could|will)\s+(?:discuss"
    r"|go\s+(?:over|through)|look\s+(?:at|over)|talk\s+(?:about|through)|review|check)\s+"
    r"(?:it|this|them|that|my\s+\w+)(?:\s+(?:next\s+(?:time|session|week)|in\s+(?:the\s+)?(?:next\s+)?session"
    r"|together)){0,2}\s*[.!]?\s*$"
    r"|\b(?:to\s+)?bring\s+(?:it|this|them)\s+(?:back\s+)?to\s+(?:the\s+)?(?:next\s+)?session\b",
    re.IGNORECASE,
)
# A general truth ("A routine is good for sleep") rather than why it matters to this client.
_GENERIC_RE = re.compile(
    r"\b(?:is|are|can\s+be|it['’]s)\s+(?:very\s+|really\s+)?(?:good|great|helpful|important|useful"
    r"|beneficial|healthy|recommended|effective|known)\b|\bcan\s+help\b(?!\s+(?:me|us|my))"
    r"|\bhelps?\s+(?:people|you|anxiety|depression|sleep|mood)\b|\bis\s+the\s+best\s+way\b",
    re.IGNORECASE,
)


# A reason that credits safety in fear work: "keep me safe", "stop the panic", "so I don't faint".
_SAFETY_REASON_RE = re.compile(
    r"\bkeeps?\s+me\s+safe\b|\b(?:stop|stops|prevent|prevents|control|controls|head\s+off)\s+"
    r"(?:the\s+|a\s+|an\s+|my\s+)?(?:panic(?:\s+attacks?)?|attacks?|anxiety|faint\w*|collaps\w*"
    r"|heart\s+attacks?)\b"
    r"|\b(?:so|that)\s+(?:that\s+)?(?:I|nothing)\s+(?:don['’]t|do\s+not|won['’]t|will\s+not|can['’]t"
    r"|bad)\s+(?:faint|collapse|panic|lose\s+control|have\s+(?:a\s+)?(?:panic|heart)\s+attack|happens?)\b"
    r"|\bmake\s+sure\s+(?:I|nothing)\s+(?:don['’]t|do\s+not|won['’]t|bad)\b",
    re.IGNORECASE,
)
# Words that say what the task does for the client (an effect, a step, a purpose).
_EFFECT_RE = re.compile(
    r"\b(?:help\w*|so|means?|meaning|which|then|lead\w*|closer|steps?|towards?|teach\w*"
    r"|show\w*|build\w*|lift\w*|make\w*|gets?|getting|gives?|giving|let\w*|allow\w*|improv\w*"
    r"|will|should|would|can|could|might|start\w*|stop\w*|keeps?|break\w*|learn\w*|find\s+out"
    r"|test\w*|check\w*|see|seeing|to|by|if|when|each|every|after|more|less|better|enough)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Facts:
    authority: tuple[tuple[int, int], str] | None  # span in the sentence, words
    generic: bool
    link: bool
    first_person: bool
    words: int


@lru_cache(maxsize=2048)
def _sentence_facts(sentence: str) -> _Facts:
    m = _AUTHORITY_RE.search(sentence)
    return _Facts(
        (m.span(), m.group(0)) if m else None,
        bool(_GENERIC_RE.search(sentence)),
        bool(_LINK_RE.search(sentence)),
        language.first_person(sentence),
        len(plain.words(sentence)),
    )


def _facts(text: str) -> tuple[tuple[tuple[int, int], str] | None, bool, bool, bool, int]:
    """What the reason says, read one (cached) sentence at a time."""
    authority = None
    generic = link = first = False
    n_words = 0
    for a, b in language.sentence_spans(text):
        f = _sentence_facts(text[a:b])
        if f.authority and authority is None:
            (x, y), words = f.authority
            authority = ((x + a, y + a), words)
        generic |= f.generic
        link |= f.link
        first |= f.first_person
        n_words += f.words
    return authority, generic, link, first, n_words


def _sentence_meanings(text: str) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for s in language.sentences(text):
        out |= language.meanings(s)
    return out


def _sentence_content(text: str) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for s in language.sentences(text):
        out |= language.content_lemmas(s)
    return out


def _task_meanings(a: Assignment) -> frozenset[str]:
    t = a.task
    return language.content_lemmas(f"{t.where} {t.first_step or ''} {t.how_long}")


@lru_cache(maxsize=1024)
def _goal_meanings(goal: str) -> frozenset[str]:
    return language.meanings(goal)


def linked_to_goal(reason: str, goal: str) -> bool:
    """Do the reason and the goal share a meaning (a lemma or a meaning group)?"""
    common = _sentence_meanings(reason) & _goal_meanings(goal)
    return bool(common - {"@return", "return", "again"})


def rule(a: Assignment, _review: Review | None = None) -> Finding:
    r = a.rationale or ""
    if blank(r):
        return Finding(
            ID,
            "missing",
            "rationale",
            "There is no reason for the task yet.",
            "Ask the client how this could help them, and write it in their words, e.g. "
            "'Walking lifts my mood, so that I can get back to seeing my sister.'",
        )
    if same_as_template_rationale(a.template_id, r):
        return finding(
            ID,
            [
                Issue(
                    "rationale",
                    f"The reason is {STILL_TEMPLATE}.",
                    "Ask: 'How could this help you with your goal?' and write their answer.",
                )
            ],
            missing=False,
            ok_field="rationale",
            ok_message="",
        )
    issues: list[Issue] = []
    authority, generic, link, first, n_words = _facts(r)
    if authority:
        issues.append(
            Issue(
                "rationale",
                f"'{authority[1]}' gives the therapy's authority or calls it homework; that "
                "is not the client's own reason.",
                "Ask: 'What difference could this make for you?' and write the client's answer, "
                "linked to their goal.",
                authority[0],
            )
        )
    safe = _SAFETY_REASON_RE.search(r) if fear_work(a) else None
    if safe:
        issues.append(
            Issue(
                "rationale",
                f"'{safe.group(0)}' gives the credit to staying safe: in fear work that keeps the "
                "fear going, because the client never finds out the feared thing does not happen "
                "(Clark 1986; Salkovskis 1991).",
                "Write what the practice will show, e.g. 'Bringing on the racing heart on purpose "
                "shows me it is not dangerous, so I can ride the bus again.'",
                safe.span(),
            )
        )
    if n_words < 5 and not issues:
        issues.append(
            Issue(
                "rationale",
                "The reason is very short.",
                "Ask how the task will help, and write a full sentence, e.g. "
                "'Doing this helps my mood, so that I can ...'.",
            )
        )
    if blank(a.goal):
        issues.append(
            Issue(
                "goal",
                "There is no goal yet, so the reason cannot be linked to it.",
                "Write the client's goal in their words, e.g. 'Get back to seeing my sister'.",
            )
        )
    elif not issues:
        content = _sentence_content(r)
        task = language.content_lemmas(a.task.what or "")
        if content and task and content <= task | {"because", "so", "help", "week"}:
            issues.append(
                Issue(
                    "rationale",
                    "The reason only says the task again, not why it matters.",
                    "Ask: 'What do you hope will be different if you do this?' and write that.",
                )
            )
        elif not _EFFECT_RE.search(r) and not (content & (task | _task_meanings(a))):
            # "Because money is a big stressor for me": the problem said again, with nothing
            # on how the task could help with it.
            issues.append(
                Issue(
                    "rationale",
                    "The reason says what the problem is, not how the task could help with it.",
                    "Ask: 'How might doing this help with that?' and write their answer, e.g. "
                    "'... so that I can ...'.",
                )
            )
        elif not first and generic:
            issues.append(
                Issue(
                    "rationale",
                    "The reason is a general statement, not why this matters to the client.",
                    "Ask what difference it could make for them, and write it in their words "
                    "('I', 'my'), linked to their goal.",
                )
            )
        elif not linked_to_goal(r, a.goal) and not (first and link):
            issues.append(
                Issue(
                    "rationale",
                    "The reason is not linked to the client's goal.",
                    "Say how the task leads towards the goal, in the client's words, e.g. "
                    "'... so that I can ...' and the goal's own words.",
                )
            )
    return finding(
        ID,
        issues,
        missing=False,
        ok_field="rationale",
        ok_message="There is a reason, linked to the client's goal.",
    )
