"""Does a *what* name a behaviour someone could see the client doing, or only a name for one?

Four kinds of words stand in for a behaviour without being one: shorthand (an acronym such as
"GE"), the name of a therapy or protocol ("worry postponement"), a pointer to something said or
written elsewhere ("as agreed in session", "the worksheet") and an aim ("cut down on ...", "feel
calmer"). When one of them is the head of the task (alone, or after a verb such as "do",
"practise" or "carry on with"), the task is written in name only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import language
from .base import word_set

Kind = str  # "acronym" | "therapy" | "reference" | "aim"


@dataclass(frozen=True)
class NameOnly:
    kind: Kind
    span: tuple[int, int]
    words: str


@dataclass(frozen=True)
class WhatReading:
    problems: tuple[NameOnly, ...]
    name_only: bool  # nothing in the text is a behaviour


# Capitals a client reads every day; anything else of 2-5 capitals is taken as shorthand.
_EVERYDAY_CAPITALS = word_set(
    "OK TV GP NHS UK AM PM DIY BBC ID PIN ATM CD DVD PC CV USA II III IV DJ MOT BMX WC SMS "
    "ITV TESCO ASDA LIDL ALDI BT EE O2 SPAR M&S A&E"
)
_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z&]{1,4}s?\b")
# Therapy shorthand: flagged wherever it stands. Other capitals (a club, a shop) only when they
# stand in for the whole task.
_THERAPY_ACRONYMS = word_set(
    "GE BA CR ERP E&RP BE PMR TR WT WP PS AR CBT NAT NATS SUDS SB SBS IE EMDR ACT DBT MI SR SC "
    "SH TC CT TF CBTI CBT-I HW"
)

_THERAPY_RE = re.compile(
    r"\b(?:(?:graded|in[\s-]vivo|interoceptive|imaginal|prolonged)\s+)?exposures?"
    r"(?:\s+(?:work|therapy|tasks?|practice|sessions?|hierarchy|exercises?|homework|step))?\b"
    r"|\bcognitive\s+(?:restructuring|reframing|challenging)\b"
    r"|\b(?:thought|cognitive)\s+challenging\b|\bchallenging\s+(?:my\s+|the\s+)?(?:negative\s+)?thoughts\b"
    r"|\bbehaviou?ral\s+(?:activation|experiments?)\b|\bactivity\s+scheduling\b"
    r"|\bworry\s+(?:postponement|time|scheduling)\b|\bpostpone(?:ment)?\b"
    r"|\b(?:progressive\s+muscle\s+|applied\s+)?relaxation(?:\s+(?:practice|exercises?|training|techniques?))?\b"
    r"|\bmindfulness(?:\s+(?:practice|exercises?|meditation))?\b"
    r"|\bsleep\s+(?:hygiene|restriction|scheduling)\b|\bstimulus\s+control\b"
    r"|\bproblem[\s-]solving\b|\bresponse\s+prevention\b|\bimagery\s+rescripting\b"
    r"|\b(?:breathing|grounding|coping|calming)\s+(?:exercises?|techniques?|skills?|strategies|retraining)\b"
    r"|\bchallenge\s+(?:my\s+|the\s+|negative\s+|unhelpful\s+|hot\s+)*(?:thoughts?|NATs?|beliefs?"
    r"|worries|cognitions)\b|\bhierarch(?:y|ies)\b|\bfear\s+ladder\b"
    r"|\bself[\s-]care\b|\bhomework\b|\bthought\s+stopping\b|\bdistraction\s+techniques?\b",
    re.IGNORECASE,
)

_SESSION = (
    r"(?:\s+(?:in|during|at|from)\s+(?:the\s+|our\s+|today['’]s\s+|last\s+|this\s+week['’]s\s+)?"
    r"(?:session|appointment|meeting|call|group|class|therapy|clinic|week))?"
)
_GENERIC = (
    r"(?:techniques?|strategies|strategy|skills?|tools?|exercises?|methods?|plan|programme|goals?"
    r"|targets?|aims?|ideas?|points?"
    r"|program|worksheets?|handouts?|sheets?|booklet|workbook|module|tasks?|activities|things"
    r"|stuff|routine|work|practice)"
)
_COVERED = (
    r"\s+(?:(?:that\s+)?(?:we|I|you)\s+(?:have\s+|had\s+)?(?:covered|discussed|learned|learnt|agreed"
    r"|practised|practiced|talked\s+about|went\s+through|did|set|looked\s+at|planned|made))"
)
_REFERENCE_RE = re.compile(
    r"\bas\s+(?:we\s+|I\s+)?(?:agreed|discussed|planned|arranged|practised|practiced|covered"
    r"|talked\s+about|before|usual|last\s+week|set|shown|explained)\b"
    + _SESSION
    + r"|\b(?:the|my|those|these|our|your)\s+(?:\w+\s+)?"
    + _GENERIC
    + r"\b"
    r"(?:" + _COVERED + _SESSION + r"|\s+(?:from|in)\s+(?:the\s+|our\s+|today['’]s\s+|last\s+)?"
    r"(?:session|appointment|group|class|booklet|workbook|programme|program))"
    r"|\b(?:what|everything|anything)\s+(?:we|I)\s+(?:covered|discussed|learned|learnt|agreed"
    r"|talked\s+about|practised|practiced|went\s+through|did|started|began|set\s+up|planned)\b"
    + _SESSION
    + r"|\b(?:stuff|things|exercises?|tasks?|activities|steps|bits)\s+(?:on|from|in)\s+(?:the|my)\s+"
    r"(?:sheet|handout|worksheet|booklet|leaflet|list|workbook|book|pack|app)\b"
    r"|\b(?:same\s+as\s+(?:last\s+(?:week|time)|before)|the\s+usual|same\s+again"
    r"|more\s+of\s+the\s+same|as\s+before)\b"
    r"|^\s*(?:the\s+|my\s+)?next\s+(?:step|rung|item|stage|one)\b(?![^:]*:)",
    re.IGNORECASE,
)

_GENERIC_ONLY_RE = re.compile(
    r"(?:do|carry\s+on|continue|complete|finish|practi[sc]e|use|follow|keep\s+up|keep\s+on|work"
    r"|stick|start|begin|go\s+on|apply|repeat|fill\s+(?:in|out)|get\s+on)\s+(?:with\s+|on\s+|at\s+"
    r"|through\s+|to\s+)?(?:all\s+)?(?:the|my|our|this|that|those|these|your)\s+(?:\w+\s+)?"
    + _GENERIC
    + r"\s*[.!]?\s*$",
    re.IGNORECASE,
)

# "Keep going with the diary", "Keep practising": more of last week's something, unsaid.
_CONTINUE_RE = re.compile(
    r"(?:keep|carry\s+on|continue|go\s+on)\s+(?:practi[sc]ing|going|doing\s+(?:it|this|that)|with\s+it"
    r"|trying|at\s+it|as\s+before)\s*[.!]?\s*$"
    r"|(?:carry\s+on|continue|keep\s+(?:going|up|on)|stick|go\s+on|persevere|persist)\s+"
    r"(?:with\s+|at\s+)?(?:the|my|our|this|that|those|these|your)\s+(?:\w+\s+){0,2}\w+\s*[.!]?\s*$",
    re.IGNORECASE,
)

# A form's name alone ("Activity diary", "Thought records"): what will the client write, when?
_FORM_ONLY_RE = re.compile(
    r"(?:(?:my|the|a|an|daily|weekly|usual|new)\s+)*(?:\w+\s+)?(?:diary|diaries|records?|logs?|sheets?"
    r"|worksheets?|schedule|chart|homework|exercises?|forms?)\s*[.!]?\s*$",
    re.IGNORECASE,
)

_LEAD_RE = re.compile(
    r"^\s*(?:(?:I\s+will|I['’]ll|I\s+am\s+going\s+to|I['’]m\s+going\s+to|I\s+want\s+to|I\s+need\s+to"
    r"|I\s+should|to|try\s+to|try\s+and|aim\s+to|just|please|then|and)\s+)*",
    re.IGNORECASE,
)
# Verbs that carry no behaviour of their own when their object is only a name.
_LIGHT_RE = re.compile(
    r"(?:do|doing|carry\s+on(?:\s+with)?|continue(?:\s+(?:with|to\s+do))?|complete|finish|practi[sc]e"
    r"|use|follow|keep\s+(?:up|on|going)(?:\s+with)?|keep|work\s+(?:on|through|at)|stick\s+(?:to|with)"
    r"|start|begin|have\s+a\s+go\s+at|go\s+(?:on\s+with|through|over)|apply|repeat|fill\s+(?:in|out)"
    r"|get\s+on\s+with|try|revise|remember|look\s+at|think\s+about)"
    r"\s+(?:(?:the|my|a|an|some|more|our|those|these|with|on|of|all|any|daily|regular|weekly|usual"
    r"|new|own)\s+)*",
    re.IGNORECASE,
)
_AIM_RE = re.compile(
    r"(?:reduce|cut\s+(?:down|back|out)|lessen|decrease|lower|limit|minimi[sz]e|increase|improve"
    r"|boost|build(?:\s+up)?(?:\s+my)?\s+(?:confidence|strength|stamina|resilience|self[\s-]esteem)|overcome|beat|tackle|manage|control|conquer|get\s+over|get\s+better"
    r"|feel(?!\s+(?:the|my|each|how|what|your|for|it)\b)|become|be\s+(?:more|less|a\s+bit|calm|calmer|happier|happy|relaxed|confident|positive"
    r"|kinder|better|ok|okay|fine|brave|braver|stronger|normal|well)|stay\s+(?:calm|positive|strong)"
    r"|learn\s+to\s+(?:cope|relax|accept|manage|live)|start\s+to\s+feel|deal\s+with|cope\s+with"
    r"|change\s+(?:my|the\s+way)|get\s+(?:on\s+top|control|used|rid)|worry\s+less|stress\s+less"
    r"|(?:stop|quit|give\s+up|avoid)\s+\w+ing|work\s+on\s+(?:my\s+)?(?:confidence|self|mood|anxiety"
    r"|worry|sleep|fear))\b",
    re.IGNORECASE,
)
# "Cut down on checking by putting my phone in a drawer": the words after "by" are the behaviour.
_BY_BEHAVIOUR_RE = re.compile(
    r"\bby\s+\w+ing\b|:\s*\w+|\bfor\s+example\b|\be\.g\.|\bthat\s+is\b", re.IGNORECASE
)
_TIME_WORDS = word_set(
    """minute minutes min mins hour hours day days week weeks time times daily weekly every each
    morning evening night afternoon today tomorrow once twice week session"""
)


def _acronyms(text: str, start: int) -> list[NameOnly]:
    if sum(c.isalpha() for c in text) > 12 and text.upper() == text:
        return []  # the whole text in capitals: shouting, not shorthand
    light = _LIGHT_RE.match(text, start)
    head = light.end() if light else start
    out = []
    for m in _ACRONYM_RE.finditer(text):
        word = m.group(0)
        core = word[:-1] if word.endswith("s") and len(word) > 2 else word
        if core in _EVERYDAY_CAPITALS or word in _EVERYDAY_CAPITALS or core == "I":
            continue
        if (
            core.upper() in _THERAPY_ACRONYMS
            or word.upper() in _THERAPY_ACRONYMS
            or m.start() in (start, head)
        ):
            out.append(NameOnly("acronym", m.span(), word))
    return out


@lru_cache(maxsize=4096)
def read_what(text: str) -> WhatReading:
    lead = _LEAD_RE.match(text)
    start = lead.end() if lead else 0
    problems: list[NameOnly] = []
    for kind, pattern in (("therapy", _THERAPY_RE), ("reference", _REFERENCE_RE)):
        for m in pattern.finditer(text):
            if all(m.end() <= p.span[0] or m.start() >= p.span[1] for p in problems):
                problems.append(NameOnly(kind, m.span(), m.group(0)))
    # Shorthand inside a method's name ("challenge NATs") is part of that name.
    problems += [
        p
        for p in _acronyms(text, start)
        if all(p.span[1] <= q.span[0] or p.span[0] >= q.span[1] for q in problems)
    ]
    aim = _AIM_RE.match(text, start)
    # "Limit screen time to 30 minutes after 9 pm" says how much: an aim made concrete.
    if aim and not _BY_BEHAVIOUR_RE.search(text, aim.end()) and not language.has_quantity(text):
        problems.append(
            NameOnly("aim", (aim.start(), len(text.rstrip(" .!"))), text[aim.start() :])
        )
    whole = None
    if not problems:
        whole = (
            _GENERIC_ONLY_RE.match(text, start)
            or _CONTINUE_RE.match(text, start)
            or _FORM_ONLY_RE.match(text, start)
        )
    if whole:
        # "Complete the worksheet", "Carry on with the programme": a verb and a generic name.
        problems.append(NameOnly("reference", (start, whole.end()), text[start : whole.end()]))
    # "save it for my worry time": the client's own slot, named after a behaviour, is not a label.
    problems = [p for p in problems if not _owned_later(text, start, p)]
    problems.sort(key=lambda p: p.span)
    return WhatReading(tuple(problems), bool(problems) and _name_only(text, start, problems))


# "save it for my worry time", "at worry time": the client's own slot, not a label for the task.
_OWNED_RE = re.compile(
    r"\b(?:my|our|for|in|at|during|until|till|before|after|into)\s+$", re.IGNORECASE
)


def _owned_later(text: str, start: int, p: NameOnly) -> bool:
    if p.kind != "therapy" or p.span[0] <= start + 1:
        return False
    light = _LIGHT_RE.match(text, start)
    if light and p.span[0] <= light.end():
        return False
    return bool(_OWNED_RE.search(text[max(0, p.span[0] - 10) : p.span[0]]))


_LABEL_SEP_RE = re.compile(r"\s*(?:\d+\s*)?(?::|\s[-–—]\s)\s*\w")


def _name_only(text: str, start: int, problems: list[NameOnly]) -> bool:
    if any(p.kind == "aim" for p in problems):
        return True
    light = _LIGHT_RE.match(text, start)
    head = light.end() if light else start
    # "Worry time: write each worry on a list" is a label, then the behaviour: not name only.
    # Shorthand ("BA: walk") and pointers ("Homework: as per last session") stay name only.
    if any(
        p.span[0] in (start, head)
        and not (
            p.kind == "therapy"
            and p.words.strip().lower() not in ("homework", "task", "tasks", "plan")
            and _LABEL_SEP_RE.match(text, p.span[1])
            and not read_what(text[p.span[1] :].lstrip(" :-–—0123456789")).problems
            and len(language.tokens(text[p.span[1] :])) >= 3
            and not any(q.span[0] >= p.span[1] for q in problems)
        )
        for p in problems
    ):
        return True
    # Nothing left once the names, the verbs that carry them and the times are taken away.
    rest = []
    for t in language.tokens(text):
        if any(p.span[0] <= t.span[0] < p.span[1] for p in problems):
            continue
        if t.span[1] <= head or t.lower in language.STOPWORDS or t.lower in _TIME_WORDS:
            continue
        if t.text[:1].isdigit():
            continue
        rest.append(t)
    return not rest


_KIND_WORDS = {
    "acronym": "shorthand",
    "therapy": "the name of a method",
    "reference": "something said or written elsewhere",
    "aim": "an aim",
}


def message(p: NameOnly) -> tuple[str, str]:
    """(message, suggestion) for one stand-in, kind and specific."""
    w = p.words.strip()
    if p.kind == "acronym":
        return (
            f"'{w}' is shorthand: the client reads the handout at home, without you.",
            "Write what they will do in everyday words, e.g. 'Stand in the queue at the corner "
            "shop for 5 minutes'.",
        )
    if p.kind == "therapy":
        return (
            f"'{w}' names the method, not what the client will do.",
            "Write the step itself, e.g. 'Sit on the bus for 3 stops without my phone'.",
        )
    if p.kind == "reference":
        return (
            f"'{w}' points to something said or written elsewhere; the handout has to say it.",
            "Write the action itself, e.g. 'Write each worry on my list and save it for 6 pm'.",
        )
    return (
        f"'{w}' is an aim, not something anyone could see the client doing.",
        "Ask what they will do to get there, and write that, e.g. 'Ask my partner for "
        "reassurance once a day at most, at 8 pm'.",
    )


def kinds_summary(problems: tuple[NameOnly, ...]) -> str:
    kinds = list(dict.fromkeys(_KIND_WORDS[p.kind] for p in problems))
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]
