"""Vague wording in homework ("try to", "a while", "sometimes") and how to make it concrete."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

log = logging.getLogger(__name__)

_SUBJ = r"(?:I|you|we|they|he|she)"
_AM = r"(?:I'm|I\s+am|you're|you\s+are|we're|we\s+are|they're|they\s+are|it's|it\s+is)"
# What follows "when I ..." / "if I ..." that leaves it to mood or chance.
_CHANCE = (
    r"(?:can(?!['’]t|not)|could(?!n['’]t)"
    r"|(?:get|have|find|got)\s+(?:the\s+|a\s+|some\s+|any\s+)?(?:spare\s+|free\s+|quiet\s+)?"
    r"(?:chance|time|moment|minute|energy|opportunity)|remember|want\s+to|like|feel\s+like\s+it"
    r"|feel\s+(?:up\s+to\s+it|able|ready|better|okay|ok|good)|fancy\s+it|get\s+round\s+to\s+it)"
)
_FEEL_STATE = r"(?:up\s+to\s+it|able|ready|better|free|not\s+busy|in\s+the\s+mood)"


@dataclass(frozen=True)
class VagueRule:
    key: str  # stable id, used in tests and by the GUI
    pattern: re.Pattern[str]
    suggestion: str  # "{word}" is replaced by the words found
    question: str  # the short ask, shown next to the field ("how many minutes?")


@dataclass(frozen=True)
class VagueHit:
    key: str
    span: tuple[int, int]
    words: str  # the text found, as typed
    suggestion: str
    question: str


_QUESTION_RE = re.compile(r"^'\{word\}' — (.*?)(?:,?\s+e\.g\.|;\s|$)")


def _r(key: str, pattern: str, suggestion: str) -> VagueRule:
    # Every suggestion reads "'{word}' — <question> e.g. <example>"; the question alone is
    # short enough to show under the field.
    m = _QUESTION_RE.match(suggestion)
    if m is None:
        raise ValueError(f"vague rule {key}: suggestion must start with \"'{{word}}' — \"")
    return VagueRule(key, re.compile(pattern, re.IGNORECASE), suggestion, m.group(1))


# Order matters only for overlapping matches: the longest hit wins, then the earliest rule.
RULES: tuple[VagueRule, ...] = (
    _r(
        "try",
        r"\b(?:try|tries|trying|tried|attempt|attempts|attempting)\s+(?:to|and)\b"
        r"|\b(?:try|tries|trying|tried)\s+(?:\w+ing)\b"
        r"|\b(?:try|trying)\s+(?:my|your|our)\s+(?:best|hardest)\b",
        "'{word}' — say what they will do, e.g. 'walk for 10 minutes' rather than 'try to walk'",
    ),
    _r(
        "chance",
        rf"\b(?:when|whenever|if|once)\s+{_SUBJ}\s+{_CHANCE}\b"
        rf"|\b(?:when|whenever|if|once)\s+{_AM}\s+{_FEEL_STATE}"
        r"|\bwhen(?:ever)?\s+(?:it\s+)?(?:feels?\s+right|possible|convenient)\b"
        r"|\bwhenever(?=\s*(?:$|[.,;!]))|\bif\s+possible\b|\bwhen\s+needed\b|\bas\s+needed\b"
        r"|\bif\s+needed\b|\bany\s*time\b(?!\s+(?:I|I'm|my\s+\w+|the\s+\w+)\s+(?:notice|feel|catch|start|begin"
        r"|spot|sense|hear|see|get|am|'m|is|goes|comes|rises|jumps|drops|dips|wake|panic))|\bwhen\s+there(?:'s|\s+is)\s+time\b|\bas\s+and\s+when\b"
        r"|\b(?:get|getting)\s+(?:a)?round\s+to\s+it\b"
        r"|\bwhen(?:ever)?\s+(?:it\s+)?(?:suits|works)\b|\b(?:at\s+)?(?:a|any)\s+time\s+that\s+"
        r"(?:suits|works)\b",
        "'{word}' — which day and time? e.g. Tuesday at 6 pm, or straight after lunch",
    ),
    _r(
        "as_much_as",
        r"\bas\s+(?:much|often|many\s+times|long|far)\s+as\s+(?:possible|I\s+can|you\s+can|I\s+like)\b"
        r"|\bhowever\s+(?:long|much|often|many(?:\s+times)?)\b"
        r"|\buntil\s+I(?:['’]m|\s+am|\s+feel|\s+get|\s+have\s+had)\s+(?:bored|tired|fed\s+up|enough"
        r"|better|fine|okay|ok|ready|like\s+stopping)\b"
        r"|\bas\s+long\s+as\s+(?:it\s+)?feels?\s+(?:right|ok|okay|good|comfortable)\b"
        r"|\b(?:for\s+)?as\s+long\s+as\s+(?:it\s+takes|(?:is\s+)?needed|(?:is\s+)?necessary|I\s+need"
        r"|I\s+want)\b",
        "'{word}' — set a number they can manage, e.g. 3 times this week for 10 minutes",
    ),
    _r(
        "some_point",
        r"\b(?:at\s+)?some\s+(?:point|stage|time|day)\b|\bone\s+of\s+these\s+days\b|\bone\s+day\b"
        r"|\bsometime\b|(?<!\bas\s)\bsoon(?:-?ish)?\b(?!\s+as\b)"
        r"|\b(?:sooner\s+or\s+)?later\s+on\b|\blater\s+(?:in\s+the\s+(?:week|day|evening)|this\s+week|today)\b"
        r"|^\s*later\s*[.!]?\s*$|\bsoonish\b|\bin\s+the\s+future\b|\beventually\b",
        "'{word}' — when exactly? e.g. Saturday at 10 am",
    ),
    _r(
        "sometimes",
        r"\bsometimes\b|\b(?:every\s+)?now\s+and\s+(?:then|again)\b|\boccasionally\b|\bevery\s+(?:so\s+)?often\b"
        r"|\bfrom\s+time\s+to\s+time\b|\bonce\s+in\s+a\s+while\b|\bhere\s+and\s+there\b"
        r"|\bon\s+and\s+off\b|\bat\s+times\b|\bmost\s+(?:days|nights|mornings|evenings|afternoons)\b",
        "'{word}' — which days? e.g. Monday, Wednesday and Friday",
    ),
    _r(
        "more_often",
        r"\b(?:a\s+few|a\s+couple\s+(?:of)?|several|some|many|a\s+number\s+of)\s+times\b"
        r"|\bmore\s+often\b|\bfrequently\b|\bregularly\b|\boften\b|\ba\s+lot\b",
        "'{word}' — how many times, and on which days? e.g. 3 times: Monday, Wednesday, Friday",
    ),
    _r(
        "a_while",
        r"\b(?:for\s+)?a\s+(?:little\s+|short\s+|good\s+)?while\b|\bfor\s+some\s+time\b"
        r"|\bfor\s+(?:a\s+)?(?:bit|little\s+bit)\b|\bfor\s+a\s+(?:little|short\s+time)\b"
        r"|\bnot\s+(?:too|very|that)\s+long\b",
        "'{word}' — how many minutes? e.g. 15 minutes",
    ),
    _r(
        "a_bit",
        r"\ba\s+(?:little\s+|tiny\s+|wee\s+)?bit(?:\s+more)?\b|\ba\s+little\s+more\b"
        r"|\bslightly\s+more\b|\bsomewhat\b",
        "'{word}' — how much exactly? e.g. 10 minutes, 2 pages or 1 phone call",
    ),
    _r(
        "more_of",
        r"\bspend\s+(?:a\s+bit\s+|a\s+lot\s+)?more\s+time\b"
        r"|\b(?:relax|rest|exercise|walk|read|socialise|socialize|go\s+out|get\s+out"
        r"|get\s+out\s+of\s+the\s+house|see\s+(?:people|friends|others)|sleep|eat|talk|do)"
        r"\s+(?:a\s+(?:lot\s+|bit\s+|little\s+)?)?more\b",
        "'{word}' — name one thing, when and how long, e.g. 'a 10-minute walk after lunch'",
    ),
    _r(
        "be_more",
        r"\b(?:be|being|become|becoming|get|getting|feel|feeling|stay|staying)\s+(?:a\s+bit\s+)?"
        r"(?:more\s+)?(?:active|positive|social|sociable|healthy|healthier|productive|organised"
        r"|organized|confident|mindful|busy|busier|fit|fitter|motivated|relaxed|calm|calmer"
        r"|outgoing|assertive|present)\b",
        "'{word}' — what will they actually do? e.g. 'walk to the shop and back (15 minutes)'",
    ),
    _r(
        "some_thing",
        r"\bsome\s+(?:exercise|activity|activities|relaxation|reading|housework|jobs|chores"
        r"|tasks|things|stuff|work|walking|socialising|socializing|fresh\s+air|self-care)\b"
        r"|\b(?:nice|fun|enjoyable|pleasant|different|new|other|more)\s+(?:things|stuff|activities)\b"
        r"|\bstuff\b|\betc\b\.?|\band\s+so\s+on\b|\bthat\s+sort\s+of\s+thing\b",
        "'{word}' — which one? name it, e.g. 'a 15-minute walk' or 'wash the dishes'",
    ),
    _r(
        "condition",
        r"\bif\s+(?:the\s+)?weather(?:'s|\s+is)\s+(?:nice|good|ok|okay|fine|dry|warm)\b"
        r"|\bif\s+(?:I'm|I\s+am)\s+not\s+(?:too\s+)?(?:tired|busy|low|stressed)\b"
        r"|\bif\s+I\s+feel\s+(?:ok|okay|good|well|alright|all\s+right)\b"
        r"|\bif\s+(?:I'm|I\s+am)\s+in\s+the\s+mood\b",
        "'{word}' — make the task happen anyway, and put this in an if-then plan, "
        "e.g. 'If it rains, then I will walk round the shopping centre'",
    ),
    _r(
        "maybe",
        r"\bmaybe\b|\bperhaps\b|\bpossibly\b|\bhopefully\b|\bmight\b|\bideally\b"
        r"|\bif\s+all\s+goes\s+well\b",
        "'{word}' — agree a firm plan in 'I will ...' words; add a back-up in the if-then plans",
    ),
    _r(
        "somewhere",
        r"\bsomewhere\b|\banywhere\b|\bwherever\b|\bsomeplace\b|\b(?:round|out)\s+and\s+about\b",
        "'{word}' — where exactly? e.g. 'the park at the end of my road'",
    ),
    _r(
        "more",
        # "no more than 10 minutes" and "less than 5" are limits, not vagueness.
        # "a more balanced thought", "a better carer": a comparative inside a noun phrase
        # describes a thing, it is not an amount of doing.
        r"(?<!\bno\s)(?<!\bor\s)(?<!\ba\s)(?<!\ban\s)\b(?:more|less|fewer)\b(?!\s+than\s+(?:\d|a\b|an\b|one\b|two\b|"
        r"three\b|four\b|five\b|ten\b|half\b))|(?<!\ba\s)\bbetter\b",
        "'{word}' — than what? say exactly what and how much, e.g. 'walk for 15 minutes' "
        "rather than 'walk more'",
    ),
)
_BY_KEY = {r.key: r for r in RULES}


# Read in context: a number beside "more" or "a while" says how much ("4 more minutes than last
# week, so 20 minutes"); "anywhere on the bench" is a place; words inside a trigger ("when my
# heart beats faster") describe the moment, not the task.
_QUANTIFIABLE = frozenset(("more", "a_bit", "more_often", "a_while", "more_of", "some_thing"))
_IN_TRIGGER = frozenset(("more", "be_more", "a_bit", "more_often"))
_BOUNDED_PLACE_RE = re.compile(
    r"\s+(?:on|in|at|along|inside|around|round|near|by|within)\s+(?:the|my|our|this|that|a)\s+\w+",
    re.IGNORECASE,
)
_TRIGGER_RE = re.compile(
    r"\b(?:when|whenever|if|as\s+soon\s+as|the\s+moment|once|before|(?<!\blook\s)(?<!\btake\s)after|until|till|each\s+time"
    r"|every\s+time|any\s+time|straight\s+after)\b",
    re.IGNORECASE,
)
_CLAUSE_END_RE = re.compile(r"[.;!?\n]")
_QUANTITY_RE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|half)\s+"
    r"(?:more\s+|less\s+|fewer\s+|extra\s+)?(?:minutes?|hours?|pages?|times?|laps?|steps?|stops?"
    r"|days?|breaths?|calls?|aisles?|metres?|miles?)\b",
    re.IGNORECASE,
)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    a = max((m.end() for m in _CLAUSE_END_RE.finditer(text, 0, start)), default=0)
    m = _CLAUSE_END_RE.search(text, end)
    return a, m.start() if m else len(text)


def _in_context_ok(text: str, start: int, end: int, key: str) -> bool:
    """True when the words around a hit make it concrete after all."""
    a, b = _clause(text, start, end)
    if key in _QUANTIFIABLE and _QUANTITY_RE.search(text, a, b):
        return True
    if key == "somewhere" and _BOUNDED_PLACE_RE.match(text, end):
        return True
    return key in _IN_TRIGGER and bool(_TRIGGER_RE.search(text, a, start))


@lru_cache(maxsize=2048)
def find_vague(text: str) -> tuple[VagueHit, ...]:
    """Vague phrases in `text`, not overlapping, in reading order, judged in context."""
    if not text:
        return ()
    found: list[tuple[int, int, int, VagueRule]] = []
    for order, rule in enumerate(RULES):
        for m in rule.pattern.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), order, rule))
    # Prefer longer hits ("a little bit more" over "more"), then earlier rules.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[tuple[int, int, VagueRule]] = []
    for start, end, _order, rule in found:
        if all(end <= a or start >= b for a, b, _ in taken):
            taken.append((start, end, rule))
    taken = [t for t in taken if not _in_context_ok(text, t[0], t[1], t[2].key)]
    taken.sort(key=lambda t: t[0])
    return tuple(
        VagueHit(
            rule.key, (a, b), text[a:b], rule.suggestion.replace("{word}", text[a:b]), rule.question
        )
        for a, b, rule in taken
    )


def rule(key: str) -> VagueRule:
    return _BY_KEY[key]


# ---- if-then plans ---------------------------------------------------------------------
# A "then" that is an intention, not an action; an "if" that names no obstacle.
VAGUE_THEN_RE = re.compile(
    r"\btry\s+(?:harder|again|my\s+best|better)\b|\bdo\s+(?:my|your)\s+best\b"
    r"|\bpush\s+(?:through|myself|on)\b|\bkeep\s+going\b|\bcope(?:\s+with\s+it)?\b"
    r"|\bdeal\s+with\s+it\b|\bbe\s+(?:strong|brave|positive)\b|\bthink\s+positive(?:ly)?\b"
    r"|\bstay\s+positive\b|\bignore\s+it\b|\bjust\s+do\s+it\b|\bget\s+on\s+with\s+it\b"
    r"|\bnot\s+give\s+up\b|\bforce\s+myself\b|\bmanage\s+it\b"
    r"|\bsort\s+it\s+out\b|\bwork\s+(?:around|round)\s+it\b|\bdo\s+something\s+else\b"
    # An effort with no action: "try anyway", "give it a go".
    r"|\btry\s+anyway\b|\b(?:give\s+it|have)\s+a\s+(?:go|try)(?:\s+anyway)?\s*[.!]?\s*$"
    r"|^\s*(?:just\s+)?try\s*[.!]?\s*$",
    re.IGNORECASE,
)
VAGUE_IF_RE = re.compile(
    r"\b(?:something|anything)(?:\s+else)?\s+(?:comes?\s+up|happens|goes\s+wrong|gets?\s+in\s+the\s+way)\b"
    r"|\bI\s+can'?t\b(?:\s+do\s+it)?(?=\s*$)|\bit\s+(?:doesn't|does\s+not)\s+work\b"
    r"|\bthings\s+(?:go\s+wrong|get\s+in\s+the\s+way)\b|\bsomething\s+gets\s+in\s+the\s+way\b",
    re.IGNORECASE,
)


# ---- is a field concrete? -------------------------------------------------------------------
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|forty-five|sixty|ninety|half|quarter|a|an"
)
_DAY = (
    r"mon(?:day)?s?|tue(?:s|sday)?s?|wed(?:nesday)?s?|thu(?:r|rs|rsday)?s?|fri(?:day)?s?"
    r"|sat(?:urday)?s?|sun(?:day)?s?|weekdays?|weekends?|weeknights?"
)
_CLOCK = (
    r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'clock)|\b\d{1,2}[:.]\d{2}\b"
    r"|\b(?:noon|midday|midnight)\b|\b(?:" + _NUMBER_WORDS + r")\s+o'clock\b"
)
_ANCHOR = (
    r"\b(?:after|before|during|straight\s+after|right\s+after|just\s+after|as\s+soon\s+as"
    r"|when|whenever|while|every\s+time|each\s+time|once|until|on\s+the\s+way|on\s+my\s+way"
    r"|the\s+(?:moment|minute|second|instant)|at\s+the\s+first\s+sign\s+of|any\s+moment|if)\s+\w+"
)
_PART_OF_DAY = (
    r"\b(?:morning|afternoon|evening|night|bedtime|lunchtime|teatime|dinnertime"
    r"|breakfast|lunch|dinner|tea|supper|first\s+thing|last\s+thing)s?\b"
)
WHEN_RE = re.compile(
    rf"{_CLOCK}|\b(?:{_DAY})\b|{_ANCHOR}|{_PART_OF_DAY}|\btoday\b|\btomorrow\b", re.I
)
HOW_OFTEN_RE = re.compile(
    rf"\d|\b(?:once|twice|thrice|daily|nightly|weekly|every|each|per)\b"
    rf"|\b(?:{_NUMBER_WORDS})\s+(?:times?|days?|mornings?|evenings?|nights?)\b"
    rf"|\b(?:{_DAY})\b",
    re.I,
)
HOW_LONG_RE = re.compile(
    rf"\d+\s*(?:-\s*\d+\s*)?(?:min|mins|minutes?|m\b|hours?|hrs?|h\b|seconds?|secs?|pages?|days?|weeks?"
    rf"|laps?|breaths?|rounds?|steps?|km|miles?|metres?|meters?|times?|sets?|reps?|items?|goes)"
    rf"|\b(?:{_NUMBER_WORDS})\s+(?:minutes?|hours?|seconds?|pages?|laps?|breaths?|rounds?|days?|weeks?"
    r"|nights?)\b|\ball\s+(?:week|day|night|evening|morning)\b|\bthe\s+whole\s+(?:week|day|night)\b"
    r"|\bthis\s+week\b"
    r"|\bhalf\s+(?:an|a)\s+hour\b|\ban\s+hour\b|\buntil\b|\btill\b|\b\d+\b",
    re.I,
)


def names_a_time(text: str) -> bool:
    """A clock time, a day, a part of the day or an anchor ("after lunch")."""
    return bool(WHEN_RE.search(text))


def names_a_frequency(text: str) -> bool:
    return bool(HOW_OFTEN_RE.search(text))


def names_a_duration(text: str) -> bool:
    return bool(HOW_LONG_RE.search(text))
