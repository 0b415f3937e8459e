"""Progress over time: timeline, completion across sessions, monitored ratings, a summary paragraph."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from statistics import fmean
from typing import Literal

from .models import COMPLETION_LABELS, Assignment, Review
from .sheet import days_recorded

log = logging.getLogger(__name__)

# A rating typed from a sheet: "4", "4.5", "4,5", "4/10", "7 out of 10". Ticks and words are not.
_NUMBER_RE = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:/\s*\d+|out of \d+|%)?\s*$", re.IGNORECASE)
# A rating scale is written as a range ("0-10", "1 to 5"); a unit ("minutes") is a count, not a
# rating, and would squash the rating lines if drawn on the same axis.
_RANGE_RE = re.compile(r"^\s*\d+\s*(?:-|–|to)\s*\d+\s*$", re.IGNORECASE)


def is_rating_scale(scale: str | None) -> bool:
    return not (scale or "").strip() or bool(_RANGE_RE.match(scale or ""))


MAX_CHART_SERIES = 4


def parse_rating(text: str) -> float | None:
    m = _NUMBER_RE.match(text or "")
    return float(m.group(1).replace(",", ".")) if m else None


def fmt_number(x: float) -> str:
    return str(int(round(x))) if abs(x - round(x)) < 0.05 else f"{x:.1f}"


@dataclass(frozen=True)
class TimelineEvent:
    date: date
    kind: Literal["set", "review"]
    assignment_id: str
    title: str
    completion: int | None = None
    next_step: str | None = None
    summary: str = ""

    @property
    def text(self) -> str:
        title = self.title or "(untitled)"
        if self.kind == "set":
            return f"Set: {title}"
        return f"Reviewed: {title}"


@dataclass(frozen=True)
class SessionPoint:
    """One review: the x position of the chart."""

    date: date
    assignment_id: str
    title: str
    completion: int
    days_recorded: int = 0  # printed days of the sheet with anything written on them
    days_printed: int = 0  # days the sheet printed (0: no sheet)
    phq9: int | None = None  # the PHQ-9 total taken at this review, if any
    gad7: int | None = None  # the GAD-7 total, if any


@dataclass(frozen=True)
class RatingSeries:
    label: str  # the monitoring column as the sheet named it, e.g. "Mood after"
    scale: str | None
    values: tuple[float, ...]  # every number typed, in order
    session_means: tuple[float | None, ...]  # one per SessionPoint (None: not recorded then)

    @property
    def first(self) -> float:
        return self.values[0]

    @property
    def last(self) -> float:
        return self.values[-1]

    @property
    def mean(self) -> float:
        return fmean(self.values)

    @property
    def recorded_sessions(self) -> list[float]:
        return [v for v in self.session_means if v is not None]


@dataclass(frozen=True)
class MeasureSeries:
    label: str  # "PHQ-9" or "GAD-7"
    max_total: int
    session_totals: tuple[int | None, ...]  # one per SessionPoint (None: not taken then)


@dataclass(frozen=True)
class Progress:
    assignments_set: int
    timeline: tuple[TimelineEvent, ...]
    sessions: tuple[SessionPoint, ...]
    series: tuple[RatingSeries, ...] = field(default=())

    @property
    def reviewed(self) -> int:
        return len(self.sessions)

    @property
    def mostly_or_fully(self) -> int:
        return sum(1 for s in self.sessions if s.completion >= 3)

    @property
    def completion_rate(self) -> float | None:
        """Share of reviewed homework mostly or fully done (None before the first review)."""
        return self.mostly_or_fully / self.reviewed if self.sessions else None

    @property
    def days_recorded(self) -> int:
        return sum(s.days_recorded for s in self.sessions)

    @property
    def days_printed(self) -> int:
        return sum(s.days_printed for s in self.sessions)

    @property
    def mean_completion(self) -> float | None:
        return fmean(s.completion for s in self.sessions) if self.sessions else None

    def measure_series(self) -> tuple[MeasureSeries, ...]:
        """PHQ-9 and GAD-7 totals per session, each only when taken at least once."""
        out = []
        for name, top, values in (
            ("PHQ-9", 27, tuple(s.phq9 for s in self.sessions)),
            ("GAD-7", 21, tuple(s.gad7 for s in self.sessions)),
        ):
            if any(v is not None for v in values):
                out.append(MeasureSeries(name, top, values))
        return tuple(out)

    def chart_series(self) -> tuple[RatingSeries, ...]:
        """The few series a chart can show legibly: the most-recorded ones."""
        ranked = sorted(self.series, key=lambda s: -len(s.recorded_sessions))
        keep = {id(s) for s in ranked[:MAX_CHART_SERIES]}
        return tuple(s for s in self.series if id(s) in keep)


def _review_sort_key(r: Review) -> tuple[date, str]:
    return (r.date, r.id)


def compute_progress(assignments: Sequence[Assignment], reviews: Sequence[Review]) -> Progress:
    by_id = {a.id: a for a in assignments}
    ordered = sorted((r for r in reviews if r.assignment_id in by_id), key=_review_sort_key)
    if len(ordered) != len(reviews):
        log.warning("%d review(s) without their assignment left out", len(reviews) - len(ordered))

    events = [
        TimelineEvent(a.created.date(), "set", a.id, a.title)
        for a in sorted(assignments, key=lambda a: (a.created, a.id))
    ]
    events += [
        TimelineEvent(
            r.date,
            "review",
            r.assignment_id,
            by_id[r.assignment_id].title,
            completion=r.completion,
            next_step=r.next_step,
            summary=r.progress_summary,
        )
        for r in ordered
    ]
    # On one day a review comes before the homework set in the same session.
    events.sort(key=lambda e: (e.date, 0 if e.kind == "review" else 1))

    sessions = tuple(_session(r, by_id[r.assignment_id]) for r in ordered)
    return Progress(
        assignments_set=len(assignments),
        timeline=tuple(events),
        sessions=sessions,
        series=tuple(_rating_series(ordered, by_id)),
    )


def _session(r: Review, a: Assignment) -> SessionPoint:
    recorded, printed = days_recorded(a, r.monitoring_entries)
    return SessionPoint(
        r.date,
        r.assignment_id,
        a.title,
        r.completion,
        recorded,
        printed,
        phq9=r.phq9_total,
        gad7=r.gad7_total,
    )


def _rating_series(reviews: Sequence[Review], by_id: dict[str, Assignment]) -> list[RatingSeries]:
    # Columns are matched by label, case-insensitively, so "Mood after" on week 1 and week 5
    # form one line even when the homework itself was adjusted in between.
    names: dict[str, str] = {}
    scales: dict[str, str | None] = {}
    ticks: set[str] = set()  # columns that are not ratings
    for r in reviews:
        for col in by_id[r.assignment_id].monitoring.columns:
            key = col.label.strip().lower()
            names.setdefault(key, col.label.strip())
            scales.setdefault(key, col.scale)
            if not is_rating_scale(col.scale):
                ticks.add(key)  # ticks, minutes, counts: not drawn as a rating line
        for entry in r.monitoring_entries:
            for label in entry.values:
                names.setdefault(label.strip().lower(), label.strip())

    values: dict[str, list[float]] = {k: [] for k in names}
    per_session: dict[str, list[float | None]] = {k: [] for k in names}
    for r in reviews:
        session: dict[str, list[float]] = {k: [] for k in names}
        for entry in r.monitoring_entries:
            for label, value in entry.values.items():
                if not isinstance(value, str):
                    continue  # a blank is "not recorded", never 0; a tick is not a rating
                key = label.strip().lower()
                number = parse_rating(value)
                if number is not None and key not in ticks:
                    session[key].append(number)
                    values[key].append(number)
        for key in names:
            per_session[key].append(fmean(session[key]) if session[key] else None)
    return [
        RatingSeries(names[k], scales.get(k), tuple(values[k]), tuple(per_session[k]))
        for k in names
        if values[k]
    ]


# Which way is better for a rating, read from its label. Lower-is-better is looked for first so
# that "low mood" is not read as "mood".
_LOWER_IS_BETTER = (
    "distress",
    "anxiety",
    "anxious",
    "worry",
    "fear",
    "panic",
    "suds",
    "tension",
    "stress",
    "craving",
    "urge",
    "pain",
    "low mood",
    "sad",
    "anger",
    "irritab",
    "guilt",
    "shame",
)
_HIGHER_IS_BETTER = (
    "mood",
    "achievement",
    "pleasure",
    "enjoy",
    "mastery",
    "confidence",
    "energy",
    "calm",
    "satisfaction",
    "closeness",
    "sleep quality",
    "motivation",
)
Direction = Literal["higher", "lower"]
Side = Literal["before", "after"]


def better_direction(label: str) -> Direction | None:
    """ "lower" when less is better (distress, anxiety), "higher" when more is (mood, pleasure)."""
    text = label.lower()
    if any(word in text for word in _LOWER_IS_BETTER):
        return "lower"
    if any(word in text for word in _HIGHER_IS_BETTER):
        return "higher"
    return None


def split_pair(label: str) -> tuple[str, Side] | None:
    """("Mood", "before") for "Mood before" or "Mood before walk"; None when not a pair half."""
    words = re.findall(r"[^\s:()\-–]+", label)
    for i, word in enumerate(words):
        side = word.lower()
        if side in ("before", "after"):
            base = " ".join(words[:i] if i > 0 else words[i + 1 :]).strip()
            return (base, "before" if side == "before" else "after") if base else None
    return None


def _judged(label: str, start: float, end: float) -> str:
    direction = better_direction(label)
    if direction is None or start == end:
        return ""
    improved = (end > start) == (direction == "higher")
    return " (better)" if improved else " (worse)"


def change_phrase(
    label: str, start: float, end: float, span: str = "", *, judge: bool = True
) -> str:
    """The change of one rating in words: better/worse said only when its direction is known.

    span names the two ends ("week": "first week 4, last week 3"); without it the rating's
    movement is said ("anxiety down from 7 to 4 (better)"). judge=False for one half of a
    before/after pair, whose level alone says nothing about the activity's effect.
    """
    a, b = fmt_number(start), fmt_number(end)
    verdict = _judged(label, start, end) if judge else ""
    if span:
        return f"{label}: first {span} {a}, last {span} {b}{verdict}"
    if a == b:
        return f"{label} steady at {a}"
    return f"{label} {'up' if end > start else 'down'} from {a} to {b}{verdict}"


def pair_change_phrase(base: str, before: float, after: float, days: int = 0) -> str:
    """The change within a day, before to after: "mood rose after the activity, on average from
    3.5 to 6 (better)". days: how many days had both halves written (0: not said)."""
    a, b = fmt_number(before), fmt_number(after)
    on = f" on {_plural(days, 'day')} with both" if days else ""
    if a == b:
        return f"{base} was the same before and after the activity{on}, on average {a}"
    verb = "rose" if after > before else "fell"
    return (
        f"{base} {verb} after the activity{on}, on average from {a} to {b}"
        f"{_judged(base, before, after)}"
    )


def _change_phrase(label: str, start: float, end: float) -> str:
    return change_phrase(label, start, end)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _rating_changes(series: Sequence[RatingSeries]) -> list[str]:
    """Each rating's change from the first week to the last; a before/after pair also gets the
    change within a day (its averages), so "mood before" going down is not read as worse."""
    by_label = {s.label.lower(): s for s in series}
    out: list[str] = []
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
        paired.update({s.label.lower(), after.label.lower()})
        out.append(pair_change_phrase(pair[0].lower(), s.mean, after.mean))
        for half in (s, after):
            out.append(_over_time(half, paired=True))
    rest = [s for s in series if s.label.lower() not in paired]
    for s in sorted(rest, key=lambda s: -len(s.values))[:3]:
        out.append(_over_time(s, paired=False))
    return out


def _over_time(s: RatingSeries, *, paired: bool) -> str:
    label = s.label.lower()
    sessions = s.recorded_sessions
    if len(sessions) >= 2:
        return change_phrase(label, sessions[0], sessions[-1], "week", judge=not paired)
    if len(s.values) >= 2:
        return change_phrase(label, s.first, s.last, "day" if paired else "", judge=not paired)
    return f"{label} recorded once ({fmt_number(s.first)})"


def summary_text(progress: Progress) -> str:
    """One paragraph for the notes, in plain and non-judging words."""
    n = progress.reviewed
    if n == 0:
        if progress.assignments_set == 0:
            return "No homework set yet."
        return (
            f"{_plural(progress.assignments_set, 'homework')} set; none reviewed yet. "
            "Reviewing it at the next session is the first step."
        )

    parts: list[str] = []
    done = progress.mostly_or_fully
    parts.append(f"{done} of {n} homework{'s' if n != 1 else ''} mostly or fully done")
    partial = sum(1 for s in progress.sessions if 1 <= s.completion <= 2)
    not_tried = sum(1 for s in progress.sessions if s.completion == 0)
    if partial:
        parts.append(f"{partial} partly done")
    if not_tried:
        parts.append(f"{not_tried} not tried")

    changes = _rating_changes(progress.series)

    for m in progress.measure_series():
        taken = [v for v in m.session_totals if v is not None]
        if len(taken) >= 2:
            changes.append(f"{m.label} total from {taken[0]} to {taken[-1]} (of {m.max_total})")
        else:
            changes.append(f"{m.label} total {taken[0]} (of {m.max_total}), taken once")

    if progress.days_printed:
        changes.append(
            f"{progress.days_recorded} of {progress.days_printed} days printed on the "
            "monitoring sheets recorded"
        )

    text = "; ".join(parts + changes) + "."
    last = progress.sessions[-1]
    last_event = next(
        e for e in reversed(progress.timeline) if e.kind == "review"
    )  # the same review as `last`
    text += (
        f" Latest review ({last.date.strftime('%d %b %Y')}, "
        f"{last.title or 'untitled'}): {COMPLETION_LABELS[last.completion].lower()}"
    )
    if last_event.next_step:
        text += f"; next step: {last_event.next_step}"
    text += "."
    return text[0].upper() + text[1:]


# --- Outcome measures beside homework (PHQ-9, GAD-7) -------------------------------------------
# NHS Talking Therapies for anxiety and depression, Manual (NHS England, 2024, v7) and its
# Measuring recovery guidance: caseness is a PHQ-9 total of 10 or more or a GAD-7 total of 8 or
# more; a reliable improvement is a fall of 6 or more (PHQ-9) or 4 or more (GAD-7); recovery
# is moving from caseness at the first measure to below both thresholds at the last.
PHQ9_CASENESS = 10
GAD7_CASENESS = 8
PHQ9_RELIABLE_CHANGE = 6
GAD7_RELIABLE_CHANGE = 4
THRESHOLDS_CITATION = (
    "NHS Talking Therapies for anxiety and depression Manual (NHS England, 2024): caseness "
    "PHQ-9 >= 10 or GAD-7 >= 8; reliable improvement a fall of >= 6 (PHQ-9) or >= 4 (GAD-7); "
    "recovery = at caseness at the first measure, below both thresholds at the last."
)


def is_case(phq9_total: int, gad7_total: int) -> bool:
    """At caseness: either total at or above its threshold."""
    return phq9_total >= PHQ9_CASENESS or gad7_total >= GAD7_CASENESS


@dataclass(frozen=True)
class MeasurePoint:
    date: date
    phq9: int | None
    gad7: int | None
    completion: int


def measure_points(reviews: Sequence[Review]) -> list[MeasurePoint]:
    """The reviews that took a PHQ-9 or a GAD-7, in date order, with their totals."""
    return [
        MeasurePoint(r.date, r.phq9_total, r.gad7_total, r.completion)
        for r in sorted(reviews, key=_review_sort_key)
        if r.phq9 is not None or r.gad7 is not None
    ]


@dataclass(frozen=True)
class OutcomeChange:
    """One client's change from the first to the last measure (None: not measured twice)."""

    phq9_first: int | None
    phq9_last: int | None
    gad7_first: int | None
    gad7_last: int | None

    @property
    def phq9_change(self) -> int | None:
        if self.phq9_first is None or self.phq9_last is None:
            return None
        return self.phq9_last - self.phq9_first

    @property
    def gad7_change(self) -> int | None:
        if self.gad7_first is None or self.gad7_last is None:
            return None
        return self.gad7_last - self.gad7_first

    @property
    def phq9_reliable_improvement(self) -> bool:
        c = self.phq9_change
        return c is not None and -c >= PHQ9_RELIABLE_CHANGE

    @property
    def gad7_reliable_improvement(self) -> bool:
        c = self.gad7_change
        return c is not None and -c >= GAD7_RELIABLE_CHANGE

    @property
    def paired_both(self) -> bool:
        """Both measures taken at the first and at the last measured review."""
        return self.phq9_change is not None and self.gad7_change is not None

    @property
    def case_at_start(self) -> bool:
        if self.phq9_first is None or self.gad7_first is None or not self.paired_both:
            return False
        return is_case(self.phq9_first, self.gad7_first)

    @property
    def recovered(self) -> bool:
        if self.phq9_last is None or self.gad7_last is None or not self.case_at_start:
            return False
        return not is_case(self.phq9_last, self.gad7_last)


def outcome_change(reviews: Sequence[Review]) -> OutcomeChange:
    """First and last totals of each measure over `reviews`. A measure counts as changed only
    when it was taken at two different reviews; for recovery both measures must be paired,
    each from its own first and last review."""
    points = measure_points(reviews)
    phq = [p.phq9 for p in points if p.phq9 is not None]
    gad = [p.gad7 for p in points if p.gad7 is not None]
    return OutcomeChange(
        phq9_first=phq[0] if len(phq) >= 2 else None,
        phq9_last=phq[-1] if len(phq) >= 2 else None,
        gad7_first=gad[0] if len(gad) >= 2 else None,
        gad7_last=gad[-1] if len(gad) >= 2 else None,
    )


@dataclass(frozen=True)
class Measure:
    """A questionnaire's data file (resources/measures/*.json): items in plain words."""

    id: Literal["phq9", "gad7"]
    name: str
    title: str
    loinc: str
    loinc_total: str
    citation: str
    permission: str
    question: str
    answers: tuple[str, ...]
    items: tuple[str, ...]
    max_total: int
    item_loinc: tuple[str, ...]  # each item's LOINC code, in order
    answer_loinc: tuple[str, ...]  # LOINC answer codes for 0-3


@lru_cache(maxsize=2)
def measure(measure_id: Literal["phq9", "gad7"]) -> Measure:
    """The PHQ-9 or GAD-7 item wording (paraphrased), answers, LOINC codes and citation."""
    from importlib import resources

    text = (
        resources.files("homework_planner")
        .joinpath("resources")
        .joinpath("measures")
        .joinpath(f"{measure_id}.json")
        .read_text(encoding="utf-8")
    )
    d = json.loads(text)
    m = Measure(
        id=measure_id,
        name=str(d["name"]),
        title=str(d["title"]),
        loinc=str(d["loinc"]),
        loinc_total=str(d["loinc_total"]),
        citation=str(d["citation"]),
        permission=str(d["permission"]),
        question=str(d["question"]),
        answers=tuple(str(a) for a in d["answers"]),
        items=tuple(str(i) for i in d["items"]),
        max_total=int(d["max_total"]),
        item_loinc=tuple(str(c) for c in d["item_loinc"]),
        answer_loinc=tuple(str(c) for c in d["answer_loinc"]),
    )
    n = MEASURE_ITEMS[measure_id]
    sizes = (len(m.items), len(m.item_loinc), len(m.answers), len(m.answer_loinc))
    if sizes != (n, n, 4, 4):
        raise ValueError(f"resources/measures/{measure_id}.json has the wrong number of items")
    return m


MEASURE_ITEMS: dict[str, int] = {"phq9": 9, "gad7": 7}
