"""task.specific (Beck a): a behaviour, with when, where, how often and how long, all concrete."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..vague import VagueHit, find_vague, names_a_duration, names_a_frequency, names_a_time
from ..vocabulary import DAYS
from . import behaviour, language
from .base import Finding, Issue, blank, finding, join_words, quoted_list
from .template_text import has_prompt

if TYPE_CHECKING:
    from ..models import Assignment, Review, Task

ID = "task.specific"
LABEL = "Clear and specific task"

_TEXT_FIELDS = ("what", "when", "where", "how_often", "how_long", "with_whom", "first_step")
_GAP_WORDS = {
    "task.what": "what",
    "task.when": "when",
    "task.how_often": "how often",
    "task.how_long": "how long",
    "task.where": "where",
}


def vague_issues(field: str, hits: tuple[VagueHit, ...]) -> list[Issue]:
    return [Issue(field, f"'{h.words}' is vague: {h.question}", h.suggestion, h.span) for h in hits]


def _gap_summary(gaps: list[Issue], conjunction: str = "or") -> str:
    return join_words([f"'{_GAP_WORDS[g.field]}'" for g in gaps], conjunction)


def rule(a: Assignment, _review: Review | None = None) -> Finding:
    t = a.task
    s = t.schedule
    sched_when = bool(s and (s.time or s.days))
    sched_often = bool(s and s.days)
    sched_long = bool(s and s.duration_minutes)
    gaps: list[Issue] = []
    gap_names: list[str] = []

    # The words are read even when the schedule is filled in: a schedule does not make
    # "for as long as it takes" concrete.
    vague: list[Issue] = []
    vague_words: list[str] = []
    vague_fields: set[str] = set()
    event_when = bool(_EVENT_WHEN_RE.search(t.when or ""))
    for name in _TEXT_FIELDS:
        hits = find_vague(getattr(t, name) or "")
        if name == "where" and event_when:
            # A task set off by an event ("straight after the guilt comes on") happens where the
            # event happens: "wherever I am" is then the right answer, not a vague one.
            hits = tuple(
                h
                for h in hits
                if not _WHEREVER_I_AM_RE.search(h.words + (t.where or "")[h.span[1] :])
            )
        if hits:
            vague_fields.add(name)
        vague += vague_issues(f"task.{name}", hits)
        vague_words += [h.words.lower() for h in hits]

    def unclear(name: str, test: Callable[[str], bool]) -> bool:
        # A vague field already has its own issue; "not concrete" on top would say it twice.
        text = getattr(t, name)
        return not blank(text) and name not in vague_fields and not test(text)

    reading = behaviour.read_what(t.what) if not blank(t.what) else None
    # A method's name beside the behaviour itself ("Cue-controlled relaxation: breathe out
    # slowly and drop my shoulders") labels a task that is there; it is a word for the handout
    # check, not a missing behaviour. Alone ("Worry postponement") it stands in for the task.
    name_issues = [
        Issue("task.what", *behaviour.message(p), p.span)
        for p in (reading.problems if reading else ())
        if reading is not None and (reading.name_only or p.kind != "therapy")
    ]
    prompt = not blank(t.what) and has_prompt(t.what)
    if prompt:
        name_issues.insert(
            0,
            Issue(
                "task.what",
                "'What' still has the template's [ ] part to fill in with the client.",
                "Replace the words in [ ] with what this client will do, in their words.",
            ),
        )
    if blank(t.what):
        gap_names.append("what")
        gaps.append(
            Issue(
                "task.what",
                "The task does not say what the client will do.",
                "Write one action in the client's words, e.g. 'Walk to the postbox and back'.",
            )
        )
    if blank(t.when) and not sched_when:
        gap_names.append("when")
        gaps.append(
            Issue(
                "task.when",
                "No day or time is set.",
                "Ask: 'Which days, and at what time?' e.g. after lunch at 1 pm, "
                "or tick the days in the schedule.",
            )
        )
    elif not sched_when and unclear("when", names_a_time):
        gaps.append(
            Issue(
                "task.when",
                "'When' does not name a time, a day or what it comes after.",
                "Add a time, a day or an anchor, e.g. 'at 6 pm', 'on Monday' or 'after lunch'.",
            )
        )
    if blank(t.how_often) and not sched_often:
        gap_names.append("how often")
        gaps.append(
            Issue(
                "task.how_often",
                "It does not say how often.",
                "Agree a number or days, e.g. 'Monday, Wednesday and Friday' or '3 times'.",
            )
        )
    elif not sched_often and unclear("how_often", names_a_frequency):
        gaps.append(
            Issue(
                "task.how_often",
                "'How often' has no number or days.",
                "Give a count or days, e.g. 'twice this week' or 'every weekday'.",
            )
        )
    if blank(t.how_long) and not sched_long:
        gap_names.append("how long")
        gaps.append(
            Issue(
                "task.how_long",
                "It does not say how long.",
                "Agree a small, doable length, e.g. '10 minutes' or 'until the end of the road'.",
            )
        )
    elif not sched_long and unclear("how_long", names_a_duration):
        gaps.append(
            Issue(
                "task.how_long",
                "'How long' has no number.",
                "Give minutes or an end point, e.g. '15 minutes' or '2 pages'.",
            )
        )
    if blank(t.where):
        gap_names.append("where")
        gaps.append(
            Issue(
                "task.where",
                "It does not say where.",
                "Ask where it will happen, e.g. 'in the kitchen' or 'the park at the end of my road'.",
            )
        )
    clashes = schedule_clashes(t)

    issues = name_issues + gaps + vague + clashes
    no_what = blank(t.what)
    name_only = prompt or (reading is not None and reading.name_only)
    no_specifics = {"when", "how often", "how long"} <= set(gap_names)
    if no_what:
        message = "The task does not say what the client will do yet."
    elif prompt:
        message = "The task still has the template's [ ] part: it does not say what yet."
    elif name_only and reading is not None:
        message = (
            f"The task is written in name only ({behaviour.kinds_summary(reading.problems)}): "
            "it does not say what the client will do."
        )
    elif no_specifics:
        message = "The task says what, but not when, how often or how long."
    else:
        parts = []
        if name_issues:
            parts.append(name_issues[0].message)
        if gaps:
            absent = [g for g in gaps if _GAP_WORDS[g.field] in gap_names]
            unclear_ = [g for g in gaps if _GAP_WORDS[g.field] not in gap_names]
            if absent:
                parts.append(f"The task does not yet say {_gap_summary(absent)}.")
            if unclear_:
                parts.append(f"Make {_gap_summary(unclear_, 'and')} concrete.")
        if vague_words:
            parts.append(f"Vague wording: {quoted_list(vague_words)}.")
        if clashes:
            parts.append(clashes[0].message)
        message = " ".join(parts)
    return finding(
        ID,
        issues,
        missing=no_what or name_only or no_specifics,
        ok_field="task.what",
        ok_message="The task says what, when, where, how often and how long.",
        message=message,
    )


# ---- the schedule and the words must say the same ------------------------------------------
_FALLBACK_RE = re.compile(r"\b(?:if|otherwise|unless|else|failing\s+that|in\s+case)\b", re.I)


_EVENT_WHEN_RE = re.compile(
    r"\b(?:whenever|each\s+time|every\s+time|any\s*time|as\s+soon\s+as|the\s+moment"
    r"|(?:straight|right|just)\s+after)\b",
    re.I,
)
_WHEREVER_I_AM_RE = re.compile(
    r"^wherever\s+(?:I\s+am|I'm|I\s+happen\s+to\s+be|it\s+happens)\b", re.I
)


def fallback_days(text: str) -> frozenset[str]:
    """Days named after a condition in `text` ("if no reply, phone on Thursday")."""
    m = _FALLBACK_RE.search(text)
    return language.named_days(text[m.end() :]) if m else frozenset()


def schedule_clashes(t: Task) -> list[Issue]:
    s = t.schedule
    if s is None:
        return []
    out: list[Issue] = []
    if s.duration_minutes:
        # The task's own length is in 'how long'; a length inside the 'what' ("within an hour of
        # waking") is part of the behaviour, so the 'what' is read only when 'how long' is empty.
        for field in ("how_long",) if not blank(t.how_long) else ("what",):
            found = language.durations(getattr(t, field) or "")
            # Parts of one practice ("2 minutes running, then 5 minutes noticing") add up to
            # the scheduled length: the schedule may hold either one part or the whole.
            low = sum(d.low for d in found) - 1
            high = sum(d.high for d in found) + 1
            whole = len(found) > 1 and low <= s.duration_minutes <= high
            if (
                found
                and not whole
                and not any(d.low - 1 <= s.duration_minutes <= d.high + 1 for d in found)
            ):
                said = (getattr(t, field) or "")[found[0].span[0] : found[0].span[1]]
                out.append(
                    Issue(
                        f"task.{field}",
                        f"The words say '{said}' but the schedule says {s.duration_minutes} "
                        "minutes.",
                        "Make the schedule's minutes and the words agree, so the handout says "
                        "one thing.",
                        found[0].span,
                    )
                )
                break
    if s.days:
        ticked = set(s.days)
        fields = ("how_often", "when") if not (blank(t.how_often) and blank(t.when)) else ("what",)
        for field in fields:
            text = getattr(t, field) or ""
            per_week = language.times_per_week(text)
            # Days named after an 'if' or 'otherwise' are a fall-back ("Tuesday; if no answer,
            # again on Wednesday"), not days the task is planned for.
            days = language.named_days(text) - fallback_days(text)
            allowed = language.day_range(text)
            if per_week == 7:
                # "Every day, including Saturday and Sunday": the named days are part of all.
                allowed = allowed | frozenset(DAYS)
            if per_week is not None and not days:
                clash = per_week != len(ticked)
            elif days:
                clash = days != ticked and not (days < ticked and allowed | days >= ticked)
            else:
                clash = bool(allowed) and per_week != 7 and not ticked <= allowed
            if not clash:
                continue
            if per_week is not None and not days:
                out.append(
                    Issue(
                        f"task.{field}",
                        f"The words say {per_week} time{'s' if per_week != 1 else ''} a week but "
                        f"the schedule has {len(ticked)} day{'s' if len(ticked) != 1 else ''} "
                        "ticked.",
                        "Tick as many days as the words say, or change the words.",
                    )
                )
            else:
                out.append(
                    Issue(
                        f"task.{field}",
                        "The days in the words are not the days ticked in the schedule.",
                        "Tick the same days as the words say, or change the words.",
                    )
                )
            break
    if s.time:
        h, m = (int(x) for x in s.time.split(":"))
        at = h * 60 + m
        for field in ("when",) if not blank(t.when) else ("what",):
            times = language.clock_times(getattr(t, field) or "")
            if times and not any(abs(x - at) <= 15 for x in times):
                out.append(
                    Issue(
                        f"task.{field}",
                        f"The words say {language.hhmm(times[0])} but the schedule says {s.time}.",
                        "Set the schedule's time to the time in the words, or change the words.",
                    )
                )
                break
    return out
