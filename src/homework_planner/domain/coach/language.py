"""Reading the words: tokens, lemmas (simplemma), numbers, durations, clock times and meaning groups.

Everything here is cached per text (per sentence where texts are long), so that typing one more
character re-reads only the sentence that changed. The lemma dictionary ships inside the
simplemma wheel and is read on first use (or in the warm-up), never downloaded.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from ..schedule_words import NUMBER_WORDS
from .base import word_set

log = logging.getLogger(__name__)

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.:]\d+)?")


@dataclass(frozen=True)
class Token:
    text: str  # as typed
    lower: str
    lemma: str
    span: tuple[int, int]


@lru_cache(maxsize=1)
def _lemmatizer() -> object:
    import simplemma  # ~70 ms to import and ~0.2 s for the English table: only when first needed

    simplemma.lemmatize("walking", lang="en")  # reads the table now
    return simplemma


def load() -> None:
    """Read the lemma table now (the window's warm-up does this in idle time)."""
    _lemmatizer()


# Words the lemma table maps to something unhelpful for meaning ("better" -> "good" is right,
# "worse" -> "wrong" is not what a reason means) or leaves as they are.
_LEMMA_FIXES = {
    "worse": "bad",
    "worst": "bad",
    "panicking": "panic",
    "panicky": "panic",
    "anxiety": "anxious",
    "anxieties": "anxious",
    "anxiously": "anxious",
    "fearful": "fear",
    "frightening": "frighten",
    "frightened": "frighten",
    "scary": "scare",
    "scared": "scare",
    "worried": "worry",
    "worrying": "worry",
    "sleeping": "sleep",
    "asleep": "sleep",
    "socialising": "socialise",
    "socializing": "socialise",
    "socialize": "socialise",
    "colleagues": "colleague",
    "i'm": "i",
    "i'll": "i",
    "i've": "i",
    "i'd": "i",
}


@lru_cache(maxsize=16384)
def lemma(word: str) -> str:
    w = word.lower().replace("’", "'")
    fixed = _LEMMA_FIXES.get(w)
    if fixed is not None:
        return fixed
    if not w.isalpha():
        return w
    simplemma = _lemmatizer()
    out: str = simplemma.lemmatize(w, lang="en")  # type: ignore[attr-defined]
    return out.lower()


# Per-text caches are kept small: typing fills them with partial sentences, and fewer cached
# objects keep the garbage collector's full passes short.
@lru_cache(maxsize=2048)
def tokens(text: str) -> tuple[Token, ...]:
    return tuple(
        Token(m.group(0), m.group(0).lower().replace("’", "'"), lemma(m.group(0)), m.span())
        for m in _TOKEN_RE.finditer(text)
    )


def lemmas(text: str) -> frozenset[str]:
    return _lemmas(text)


@lru_cache(maxsize=2048)
def _lemmas(text: str) -> frozenset[str]:
    return frozenset(t.lemma for t in tokens(text))


_CLAUSE_RE = re.compile(r"[^.;!?\n]+")


def sentences(text: str) -> tuple[str, ...]:
    """Rough sentences for caching: long texts are read one sentence at a time."""
    return tuple(text[a:b] for a, b in sentence_spans(text))


@lru_cache(maxsize=64)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _CLAUSE_RE.finditer(text) if m.group(0).strip())


# ---- words that carry meaning -----------------------------------------------------------------
STOPWORDS = word_set(
    """a about after again all am an and any are as at be because been before being but by can
    could did do does doing down for from get go going got had has have having he her him his how
    i if in into is it its just me more most my myself no not now of off on once only or other our
    out over own same she so some such than that the their them then there these they this those
    through to too under until up very was we were what when where which while who why will with
    would you your feel want back able lot bit really thing much make also like well still yes ok
    okay let us one way lot really quite even try"""
)


@lru_cache(maxsize=2048)
def content_lemmas(text: str) -> frozenset[str]:
    """Lemmas of the words that carry meaning ("walking to the offices" -> walk, office)."""
    return frozenset(
        t.lemma
        for t in tokens(text)
        if t.lower not in STOPWORDS and t.lemma not in STOPWORDS and len(t.lower) > 2
    )


# Groups of words that mean the same thing for a client's goal. Lemmas, so "offices", "worked"
# and "working" fall in without listing them. A reason and a goal that share a group are linked.
_MEANING_GROUPS: dict[str, tuple[str, ...]] = {
    "work": (
        "work",
        "job",
        "office",
        "colleague",
        "boss",
        "shift",
        "career",
        "workplace",
        "employer",
        "desk",
        "meeting",
        "manager",
        "team",
    ),
    "return": ("return", "back", "again", "resume", "restart", "rejoin"),
    "people": (
        "friend",
        "sister",
        "brother",
        "family",
        "people",
        "mum",
        "mother",
        "dad",
        "father",
        "partner",
        "wife",
        "husband",
        "child",
        "kid",
        "son",
        "daughter",
        "grandchild",
        "grandson",
        "granddaughter",
        "neighbour",
        "visit",
        "socialise",
        "social",
        "company",
        "lonely",
        "meet",
        "see",
        "talk",
        "phone",
        "ring",
        "chat",
        "face",
    ),
    "mood": (
        "mood",
        "low",
        "depressed",
        "depression",
        "down",
        "sad",
        "happy",
        "cheerful",
        "lift",
        "good",
        "enjoy",
        "pleasure",
        "fun",
        "stuck",
        "motivated",
        "energy",
        "hopeless",
        "life",
    ),
    "fear": (
        "anxious",
        "fear",
        "frighten",
        "scare",
        "afraid",
        "panic",
        "nervous",
        "worry",
        "calm",
        "confident",
        "confidence",
        "safe",
        "danger",
        "dread",
        "terrify",
        "tense",
        "tension",
        "stress",
        "relax",
        "easy",
        "cope",
        "manage",
    ),
    "sleep": ("sleep", "bed", "tired", "rest", "night", "insomnia", "awake", "wake", "bedtime"),
    "home": ("home", "house", "outside", "out", "indoors", "door", "flat"),
    "shop": ("shop", "supermarket", "shopping", "store", "queue", "till"),
    "travel": ("bus", "train", "travel", "drive", "car", "journey", "tube", "commute"),
    "fit": ("gym", "exercise", "fit", "walk", "run", "swim", "active", "sport", "class"),
    "study": ("study", "college", "school", "course", "university", "exam", "learn"),
    "thought": ("thought", "think", "believe", "belief", "mind"),
    "body": ("heart", "chest", "breath", "breathe", "dizzy", "symptom", "body", "pulse"),
}
_GROUP_OF: dict[str, frozenset[str]] = {}
for _name, _words in _MEANING_GROUPS.items():
    for _w in _words:
        _GROUP_OF[_w] = _GROUP_OF.get(_w, frozenset()) | {_name}


@lru_cache(maxsize=2048)
def meanings(text: str) -> frozenset[str]:
    """The content lemmas of `text` and the meaning groups they belong to."""
    out: set[str] = set()
    for lem in content_lemmas(text) | {t.lemma for t in tokens(text) if t.lower in _GROUP_OF}:
        out.add(lem)
        out |= {"@" + g for g in _GROUP_OF.get(lem, ())}
    # "go back" and "get back" are a return even though "back" alone is a stop word.
    if re.search(r"\b(?:go|get|going|getting|went|come|coming)\s+back\b", text, re.I):
        out.add("@return")
    return frozenset(out)


def shared_meaning(a: str, b: str) -> frozenset[str]:
    """What two texts share by meaning: lemmas, or groups other than 'return' alone."""
    common = meanings(a) & meanings(b)
    # "again" on its own links anything; it counts only beside something else shared.
    if common <= {"@return", "return", "again"}:
        return frozenset()
    return common


# ---- who is speaking ------------------------------------------------------------------------
_FIRST_PERSON_RE = re.compile(
    r"\b(?:I|I['’](?:m|ll|ve|d)|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Ww]e['’](?:ll|re|ve)|[Uu]s|[Oo]ur)\b"
)
_THIRD_PERSON_RE = re.compile(
    r"^\s*(?:the\s+)?(?:client|pt|patient|service\s+user|su|he|she|they|mr|mrs|ms|miss|mx)\b"
    r"|\b(?:the\s+)?(?:client|pt|patient|service\s+user)\b"
    r"|\b(?:he|she|they)\s+(?:will|would|agreed|agrees|said|says|is|was|can|understands"
    r"|understood|repeated|stated|reports|reported|knows|plans|feels)\b"
    r"|\b(?:his|her|their)\s+own\s+words\b",
    re.IGNORECASE,
)


def first_person(text: str) -> bool:
    return bool(_FIRST_PERSON_RE.search(text))


def therapist_voice(text: str) -> bool:
    """A note about the client ("Client agreed", "pt repeated it back", "She will ...")."""
    return bool(_THIRD_PERSON_RE.search(text))


# ---- numbers, durations, counts and clock times -------------------------------------------------
_NUMBERS = NUMBER_WORDS  # one table, in domain/schedule_words.py
_NUM = (
    r"(?:\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(k) for k in _NUMBERS), key=len)[::-1]) + ")"
)


def number(text: str) -> float | None:
    t = text.lower().strip()
    if t in _NUMBERS:
        return float(_NUMBERS[t])
    try:
        return float(t)
    except ValueError:
        return None


_DURATION_RE = re.compile(
    r"\b(?P<half>an\s+hour\s+and\s+a\s+half|half\s+an\s+hour|half-an-hour"
    r"|(?:a\s+)?quarter\s+of\s+an\s+hour)\b"
    rf"|\b(?P<a>{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<b>{_NUM}))?[\s-]*"
    r"(?P<unit>minutes?|mins?|hours?|hrs?|h|seconds?|secs?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Duration:
    low: float  # minutes
    high: float
    span: tuple[int, int]


@lru_cache(maxsize=4096)
def durations(text: str) -> tuple[Duration, ...]:
    out = []
    for m in _DURATION_RE.finditer(text):
        if m.group("half"):
            words = m.group("half").lower()
            minutes = 90.0 if "and a half" in words else 15.0 if "quarter" in words else 30.0
            out.append(Duration(minutes, minutes, m.span()))
            continue
        a = number(m.group("a"))
        b = number(m.group("b")) if m.group("b") else a
        if a is None or b is None:
            continue
        unit = m.group("unit").lower()
        factor = 60.0 if unit.startswith("h") else 1 / 60 if unit.startswith("s") else 1.0
        out.append(Duration(min(a, b) * factor, max(a, b) * factor, m.span()))
    return tuple(out)


_QUANTITY_RE = re.compile(
    rf"\b{_NUM}\s*(?:-\s*)?(?:minutes?|mins?|hours?|hrs?|seconds?|secs?|pages?|laps?|breaths?"
    r"|rounds?|steps?|km|miles?|metres?|meters?|times?|sets?|reps?|items?|goes|stops?|calls?"
    r"|texts?|days?|nights?|lines?|words?|questions?|worries|thoughts?|percent|%|aisles?|streets?"
    r"|houses?|floors?|shops?|people|points?)\b|\d",
    re.IGNORECASE,
)


def has_quantity(text: str) -> bool:
    """A number with what it counts ("4 more minutes", "two pages"), or any digit."""
    return bool(_QUANTITY_RE.search(text))


_DAY_WORDS = {
    "mon": ("monday", "mondays", "mon"),
    "tue": ("tuesday", "tuesdays", "tue", "tues"),
    "wed": ("wednesday", "wednesdays", "wed"),
    "thu": ("thursday", "thursdays", "thu", "thur", "thurs"),
    "fri": ("friday", "fridays", "fri"),
    "sat": ("saturday", "saturdays", "sat"),
    "sun": ("sunday", "sundays", "sun"),
}
_DAY_OF = {w: d for d, ws in _DAY_WORDS.items() for w in ws}


@lru_cache(maxsize=4096)
def named_days(text: str) -> frozenset[str]:
    """Days named one by one ("Monday and Thursday")."""
    return frozenset(_DAY_OF[t.lower] for t in tokens(text) if t.lower in _DAY_OF)


@lru_cache(maxsize=4096)
def day_range(text: str) -> frozenset[str]:
    """Days a text allows without naming each ("weekday mornings", "at weekends")."""
    low = text.lower()
    found: set[str] = set()
    if re.search(r"\bweekdays?\b|\bmonday\s+to\s+friday\b|\bworkdays?\b|\bwork\s+days\b", low):
        found |= {"mon", "tue", "wed", "thu", "fri"}
    if re.search(r"\bweekends?\b", low):
        found |= {"sat", "sun"}
    return frozenset(found)


_PER_WEEK_RE = re.compile(
    rf"\b(?P<n>{_NUM}|once|twice)\s*(?:(?:times?|days?|mornings?|evenings?|nights?)\s*)?"
    r"(?:a|per|each|every|this|in\s+the|of\s+the)\s+week\b"
    r"|\b(?P<daily>every\s+day|each\s+day|daily|every\s+night|each\s+night|nightly"
    r"|every\s+morning|every\s+evening|7\s+days\s+a\s+week|seven\s+days\s+a\s+week)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def times_per_week(text: str) -> int | None:
    """How many times a week the text says ("3 times a week", "twice this week", "daily")."""
    m = _PER_WEEK_RE.search(text)
    if m is None:
        return None
    if m.group("daily"):
        return 7
    word = m.group("n").lower()
    n = {"once": 1, "twice": 2}.get(word) or number(word)
    return int(n) if n else None


_CLOCK_RE = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>am|pm|a\.m\.|p\.m\.)(?![a-z])"
    r"|\b(?P<h24>[01]?\d|2[0-3])[:.](?P<m24>[0-5]\d)\b"
    r"|\b(?P<noon>noon|midday|midnight)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def clock_times(text: str) -> tuple[int, ...]:
    """Clock times in the text, as minutes after midnight."""
    out = []
    for m in _CLOCK_RE.finditer(text):
        if m.group("noon"):
            out.append(0 if m.group("noon").lower() == "midnight" else 12 * 60)
        elif m.group("ap"):
            h = int(m.group("h"))
            if not 1 <= h <= 12:
                continue
            pm = m.group("ap").lower().startswith("p")
            h = (h % 12) + (12 if pm else 0)
            out.append(h * 60 + int(m.group("m") or 0))
        else:
            out.append(int(m.group("h24")) * 60 + int(m.group("m24")))
    return tuple(out)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
