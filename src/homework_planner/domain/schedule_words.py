"""One source for each fact: the schedule (days, time, minutes) read from and written as words.

The task's client-facing words (*when*, *how often*, *how long*) and its structured schedule say
the same things twice. This module reads the facts out of words ("Mon, Wed, Fri at 1pm for 15
mins"), writes words from the facts ("Monday, Wednesday and Friday"), and says where the two
disagree. It also decides, for the editor, which words the app may rewrite: only words that are
empty or exactly what the app wrote itself; words the therapist typed are never overwritten.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from .vocabulary import DAY_NAMES, DAYS

log = logging.getLogger(__name__)

WORD_FIELDS: tuple[str, ...] = ("when", "how_often", "how_long")
# Which fact each words field is written from (the other facts may still be read from it).
FIELD_FACT = {"when": "time", "how_often": "days", "how_long": "minutes"}
FIELD_LABELS = {"when": "When", "how_often": "How often", "how_long": "How long"}


@dataclass(frozen=True)
class ScheduleFacts:
    """What a schedule or a piece of text says; None where it says nothing."""

    days: tuple[str, ...] | None = None
    time: str | None = None  # "HH:MM", 24-hour
    minutes: int | None = None
    times_per_week: int | None = None  # "three times a week": read only, never written


# ---- times -------------------------------------------------------------------------------------
_AMPM = r"(a\.?\s?m\.?|p\.?\s?m\.?)"
_TIME_12 = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*" + _AMPM + r"(?![a-z])", re.IGNORECASE)
_TIME_24 = re.compile(r"\b([01]?\d|2[0-3])[:.]([0-5]\d)\b", re.IGNORECASE)
_TIME_AT_DIGITS = re.compile(r"\bat\s+([01]?\d|2[0-3])([0-5]\d)\b", re.IGNORECASE)
_TIME_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "00:00"}
_TIME_WORD_RE = re.compile(r"\b(noon|midday|midnight)\b", re.IGNORECASE)
_WHOLE_DIGITS = re.compile(r"^([01]?\d|2[0-3])([0-5]\d)$")


def _hhmm(hour: int, minute: int) -> str | None:
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return f"{hour:02d}:{minute:02d}"
    return None


def _from_12h(hour: int, minute: int, ampm: str) -> str | None:
    if not 1 <= hour <= 12:
        return None
    pm = ampm.lower().startswith("p")
    hour = hour % 12 + (12 if pm else 0)
    return _hhmm(hour, minute)


def parse_time(text: str) -> str | None:
    """A time box's text as "HH:MM": "1pm", "1:30 pm", "13:00", "1300", "9.15", "noon".

    None when the text is not one time (the caller keeps what was typed and says so).
    """
    s = " ".join(text.strip().split())
    s = re.sub(r"^at\s+", "", s, flags=re.IGNORECASE).rstrip(" .")
    if not s:
        return None
    m = _WHOLE_DIGITS.fullmatch(s)
    if m and len(s) >= 3:
        return _hhmm(int(m.group(1)), int(m.group(2)))
    m = _TIME_12.fullmatch(s)
    if m:
        return _from_12h(int(m.group(1)), int(m.group(2) or 0), m.group(3))
    m = _TIME_24.fullmatch(s)
    if m:
        return _hhmm(int(m.group(1)), int(m.group(2)))
    return _TIME_WORDS.get(s.lower())


def find_time(text: str) -> str | None:
    """The first clock time mentioned in words ("after lunch at 1pm" -> "13:00")."""
    best: tuple[int, str] | None = None
    for m in _TIME_12.finditer(text):
        t = _from_12h(int(m.group(1)), int(m.group(2) or 0), m.group(3))
        if t is not None:
            best = (m.start(), t)
            break
    for m in _TIME_24.finditer(text):
        # "1:30 pm" was read above; skip a 24-hour reading of the same digits.
        if _TIME_12.match(text, m.start()):
            continue
        t = _hhmm(int(m.group(1)), int(m.group(2)))
        if t is not None and (best is None or m.start() < best[0]):
            best = (m.start(), t)
        break
    for m in _TIME_AT_DIGITS.finditer(text):
        t = _hhmm(int(m.group(1)), int(m.group(2)))
        if t is not None and (best is None or m.start() < best[0]):
            best = (m.start(), t)
        break
    m2 = _TIME_WORD_RE.search(text)
    if m2 and (best is None or m2.start() < best[0]):
        best = (m2.start(), _TIME_WORDS[m2.group(1).lower()])
    return best[1] if best else None


def time_words(time: str | None) -> str:
    """ "13:00" -> "1 pm", "13:30" -> "1:30 pm", "12:00" -> "midday"."""
    if not time:
        return ""
    hour, minute = (int(x) for x in time.split(":"))
    if (hour, minute) == (12, 0):
        return "midday"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "pm" if hour >= 12 else "am"
    h12 = hour % 12 or 12
    return f"{h12} {suffix}" if minute == 0 else f"{h12}:{minute:02d} {suffix}"


# ---- days --------------------------------------------------------------------------------------
_DAY_TOKEN = re.compile(
    r"\b(?:(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
    r"|(mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)s?)\b\.?",
    re.IGNORECASE,
)
_RANGE_GAP = re.compile(r"^\s*(?:-|–|—|to|through|till|until|thru)\s*$", re.IGNORECASE)
_LIST_GAP = re.compile(r"^\s*(?:,|&|\+|/|and|or|,\s*and|,\s*or)?\s*$", re.IGNORECASE)
_EVERY_DAY = re.compile(r"\b(every\s*day|everyday|each\s+day|daily|7\s+days\s+a\s+week)\b", re.I)
_WEEKDAYS = re.compile(r"\b(week\s?days|every\s+weekday|working\s+days)\b", re.IGNORECASE)
_WEEKENDS = re.compile(r"\b(week\s?ends?|every\s+weekend)\b", re.IGNORECASE)
# Number words in a plan or a schedule, for both this module and the coach (one table).
NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "a couple": 2,
}
_NUMBER_WORDS = NUMBER_WORDS
_TIMES_A_WEEK = re.compile(
    r"\b(once|twice|\d+|one|two|three|four|five|six|seven)(?:\s+times)?\s+(?:a|per|each|every)\s+week\b",
    re.IGNORECASE,
)


def _day_of(m: re.Match[str]) -> str | None:
    full, short = m.group(1), m.group(2)
    if full:
        return full[:3].lower()
    assert short is not None
    # "sat down", "in the sun": the short forms of those two count only when capitalised.
    if short.lower() in ("sat", "sun") and not short[0].isupper():
        return None
    return short[:3].lower()


def find_days(text: str) -> tuple[str, ...] | None:
    """The days named in words, in week order: "Mon, Wed, Fri", "Monday to Friday", "daily"."""
    if _EVERY_DAY.search(text):
        return DAYS
    found: set[str] = set()
    if _WEEKDAYS.search(text):
        found.update(DAYS[:5])
    if _WEEKENDS.search(text):
        found.update(DAYS[5:])
    previous: tuple[int, str] | None = None  # end position, day
    for m in _DAY_TOKEN.finditer(text):
        day = _day_of(m)
        if day is None:
            continue
        if previous is not None and _RANGE_GAP.match(text[previous[0] : m.start()]):
            i, j = DAYS.index(previous[1]), DAYS.index(day)
            span = range(i, j + 1) if i <= j else [*range(i, 7), *range(0, j + 1)]
            found.update(DAYS[k] for k in span)
        found.add(day)
        previous = (m.end(), day)
    if not found:
        return None
    return tuple(d for d in DAYS if d in found)


def find_times_per_week(text: str) -> int | None:
    m = _TIMES_A_WEEK.search(text)
    if not m:
        return None
    word = m.group(1).lower()
    if word == "once":
        return 1
    if word == "twice":
        return 2
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def days_words(days: tuple[str, ...] | list[str] | None) -> str:
    """("mon", "wed", "fri") -> "Monday, Wednesday and Friday"; all seven -> "Every day"."""
    if not days:
        return ""
    ordered = [d for d in DAYS if d in set(days)]
    if len(ordered) == 7:
        return "Every day"
    if ordered == list(DAYS[:5]):
        return "Monday to Friday"
    names = [DAY_NAMES[d] for d in ordered]
    if len(names) == 1:
        return f"Every {names[0]}"
    return ", ".join(names[:-1]) + " and " + names[-1]


# ---- minutes -----------------------------------------------------------------------------------
_NUM = r"\b(\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_HOURS = re.compile(_NUM + r"\s*(?:h|hr|hrs|hours?)\b", re.IGNORECASE)
_MINUTES = re.compile(_NUM + r"\s*(?:m|min|mins|minutes?)(?![a-z])", re.IGNORECASE)
_HALF_HOUR = re.compile(r"\bhalf\s+an\s+hour\b", re.IGNORECASE)
_QUARTER_HOUR = re.compile(r"\b(?:a\s+)?quarter\s+of\s+an\s+hour\b", re.IGNORECASE)
_HOUR_AND_HALF = re.compile(r"\b(?:an|one|1)\s+hour\s+and\s+a\s+half\b", re.IGNORECASE)


def _number(s: str) -> float | None:
    s = s.lower().replace(",", ".")
    if s in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[s])
    try:
        return float(s)
    except ValueError:
        return None


def find_minutes(text: str) -> int | None:
    """How many minutes words give: "15 mins", "1 hour 30 minutes", "half an hour", "1.5 hrs"."""
    if _HOUR_AND_HALF.search(text):
        return 90
    total = 0.0
    seen = False
    hours = _HOURS.search(text)
    if _HALF_HOUR.search(text):
        total += 30
        seen = True
    elif _QUARTER_HOUR.search(text):
        total += 15
        seen = True
    elif hours:
        n = _number(hours.group(1))
        if n is not None:
            total += n * 60
            seen = True
    minutes = _MINUTES.search(text)
    if minutes:
        n = _number(minutes.group(1))
        if n is not None:
            total += n
            seen = True
    if not seen or total <= 0:
        return None
    return round(total)


def minutes_words(minutes: int | None) -> str:
    """15 -> "15 minutes", 60 -> "1 hour", 90 -> "1 hour 30 minutes"."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour" + ("s" if hours > 1 else ""))
    if rest:
        parts.append(f"{rest} minute" + ("s" if rest > 1 else ""))
    return " ".join(parts)


# ---- words <-> facts ---------------------------------------------------------------------------
def read_words(text: str) -> ScheduleFacts:
    """Every schedule fact a piece of words gives."""
    return ScheduleFacts(
        days=find_days(text),
        time=find_time(text),
        minutes=find_minutes(text),
        times_per_week=find_times_per_week(text),
    )


def facts_of_schedule(
    schedule: dict[str, object] | None, time_text: str | None = None
) -> ScheduleFacts:
    """A schedule as the form or the model holds it ({days, time, duration_minutes})."""
    s = schedule or {}
    raw_days = s.get("days") or []
    days = tuple(d for d in DAYS if isinstance(raw_days, (list, tuple)) and d in raw_days)
    raw_time = s.get("time") if time_text is None else time_text
    time = parse_time(raw_time) if isinstance(raw_time, str) else None
    minutes = s.get("duration_minutes")
    return ScheduleFacts(
        days=days or None,
        time=time,
        minutes=minutes if isinstance(minutes, int) and minutes > 0 else None,
    )


def words_for(field: str, facts: ScheduleFacts) -> str:
    """The words the app writes into a words field from the schedule."""
    if field == "when":
        t = time_words(facts.time)
        return f"At {t}" if t else ""
    if field == "how_often":
        return days_words(facts.days)
    if field == "how_long":
        return minutes_words(facts.minutes)
    raise ValueError(f"not a words field: {field!r}")


def written_by_app(field: str, text: str, facts: ScheduleFacts) -> bool:
    """Empty, or exactly the words the app writes for these facts: the app may rewrite it."""
    s = text.strip()
    return not s or s == words_for(field, facts)


def words_after_schedule(
    old: ScheduleFacts, new: ScheduleFacts, words: dict[str, str]
) -> dict[str, str]:
    """The words fields to rewrite after the schedule went from `old` to `new`.

    Only a field given in `words` that is empty or holds the app's own words for `old` is
    rewritten, and only when its words change; what the therapist typed is kept (a disagreement is shown instead).
    """
    out: dict[str, str] = {}
    for field in WORD_FIELDS:
        if field not in words:  # not offered (the field being typed in)
            continue
        text = words[field]
        if not written_by_app(field, text, old):
            continue
        wanted = words_for(field, new)
        if wanted != text.strip():
            out[field] = wanted
    return out


def schedule_after_words(schedule: ScheduleFacts, typed: str) -> ScheduleFacts:
    """The schedule after the therapist typed `typed` in a words field: each fact the words
    give replaces the schedule's; facts the words do not mention stay as they are."""
    facts = read_words(typed)
    out = schedule
    if facts.days is not None and facts.days != schedule.days:
        out = replace(out, days=facts.days)
    if facts.time is not None and facts.time != schedule.time:
        out = replace(out, time=facts.time)
    if (
        facts.minutes is not None
        and 1 <= facts.minutes <= 720
        and facts.minutes != schedule.minutes
    ):
        out = replace(out, minutes=facts.minutes)
    return out


def disagreements(schedule: ScheduleFacts, words: dict[str, str]) -> dict[str, str]:
    """For each words field that says something the schedule contradicts: one line saying what
    each says (read facts, never the typed words themselves) and what to do."""
    out: dict[str, str] = {}
    for field in WORD_FIELDS:
        text = words.get(field, "")
        if not text.strip():
            continue
        facts = read_words(text)
        lines: list[str] = []
        if facts.days is not None and schedule.days is not None and facts.days != schedule.days:
            lines.append(
                f"these words give {_days_short(facts.days)} but the days ticked are "
                f"{_days_short(schedule.days)}"
            )
        if (
            facts.days is None
            and facts.times_per_week is not None
            and schedule.days is not None
            and facts.times_per_week != len(schedule.days)
        ):
            lines.append(
                f"these words give {facts.times_per_week} times a week but "
                f"{len(schedule.days)} days are ticked"
            )
        if facts.time is not None and schedule.time is not None and facts.time != schedule.time:
            lines.append(
                f"these words give {time_words(facts.time)} but the schedule time is "
                f"{time_words(schedule.time)}"
            )
        if (
            facts.minutes is not None
            and schedule.minutes is not None
            and facts.minutes != schedule.minutes
        ):
            lines.append(
                f"these words give {minutes_words(facts.minutes)} but the schedule says "
                f"{minutes_words(schedule.minutes)}"
            )
        if lines:
            said = "; ".join(lines)
            out[field] = (
                f"\u26a0 Does not match the schedule: {said}. Change one so that they agree."
            )
    return out


def _days_short(days: tuple[str, ...]) -> str:
    return days_words(days).replace("Every ", "every ")
