"""The coach: checks an assignment against Beck's homework criteria and says how to fix gaps.

Levels (a draft is always checked, never refused):

- ``task.specific``: *missing* when there is no ``what``, or when none of when / how often /
  how long is given (neither in words nor in the schedule); *warn* for any other gap (no place,
  no number in how long, no day or time in when, no count or days in how often) and for each vague
  phrase (see ``vague.py``); *ok* otherwise. A schedule's days, time and minutes count in favour.
- ``rationale.given``: *missing* with no reason; *warn* when the reason is very short, when there
  is no goal to link it to, or when it neither shares a content word with the goal nor uses a
  linking phrase ("so that", "because", "helps me").
- ``obstacles.planned``: *missing* when no plan has both an "if" and a "then"; *warn* for a plan
  with one half empty, a vague "if" ("something comes up") or a vague "then" ("try harder").
- ``reaction.elicited``: *missing* with neither teach-back nor confidence; *warn* when one of them
  is absent, the teach-back is a copy of the task, or confidence / importance is below 7 of 10
  (this app's design rule for "talk it over now", not a research norm).
- ``monitoring.planned``: *missing* with nothing about recording; *warn* for no "what", no "when",
  no columns, vague "when", or a rating column without a scale.
- ``review.scheduled``: *missing* without a review date; *warn* when it is before the assignment
  was created or more than five weeks after it.
- ``review.summarised``: judged only when a review is given: *missing* with no progress summary,
  *warn* for a content-free one ("fine", "went well") or one without numbers or what was learned.
- ``handout.plain``: *warn* for sentences over 20 words, therapy jargon, or a reading age above
  11 for the whole handout; *ok* otherwise (an empty handout has nothing to fix yet).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from . import plain
from .models import Assignment, Review
from .vague import (
    VAGUE_IF_RE,
    VAGUE_THEN_RE,
    VagueHit,
    find_vague,
    names_a_duration,
    names_a_frequency,
    names_a_time,
)

log = logging.getLogger(__name__)

CRITERIA: tuple[str, ...] = (
    "task.specific",
    "rationale.given",
    "obstacles.planned",
    "reaction.elicited",
    "monitoring.planned",
    "review.scheduled",
    "review.summarised",
    "handout.plain",
)

CRITERION_LABELS: dict[str, str] = {
    "task.specific": "Clear and specific task",
    "rationale.given": "A reason linked to the goal",
    "obstacles.planned": "If-then plans for obstacles",
    "reaction.elicited": "Client's own words and confidence",
    "monitoring.planned": "How progress is recorded",
    "review.scheduled": "A review date",
    "review.summarised": "Progress summarised at review",
    "handout.plain": "Plain words on the handout",
}

Level = Literal["ok", "warn", "missing"]
LEVELS: tuple[str, ...] = ("ok", "warn", "missing")
# A design rule of this app for when to talk the plan over again, not a published cut-off.
CONFIDENCE_THRESHOLD = 7
IMPORTANCE_THRESHOLD = 7
MAX_REVIEW_DAYS = 35


@dataclass(frozen=True)
class Issue:
    field: str
    message: str
    suggestion: str
    span: tuple[int, int] | None = None  # characters in that field's text


@dataclass(frozen=True)
class Finding:
    criterion: str
    level: Level
    field: str
    message: str
    suggestion: str
    issues: tuple[Issue, ...] = ()

    @property
    def label(self) -> str:
        return CRITERION_LABELS[self.criterion]


def check(assignment: Assignment, last_review: Review | None = None) -> list[Finding]:
    """One Finding per criterion, in CRITERIA order. Empty fields are judged, never refused."""
    a = assignment
    return [
        _task_specific(a),
        _rationale_given(a),
        _obstacles_planned(a),
        _reaction_elicited(a),
        _monitoring_planned(a),
        _review_scheduled(a),
        _review_summarised(last_review),
        _handout_plain(a),
    ]


def findings_json(findings: list[Finding]) -> dict[str, Any]:
    """The `check --json` shape: {"findings": [{criterion, level, field, message, suggestion}]}."""
    return {
        "findings": [
            {
                "criterion": f.criterion,
                "level": f.level,
                "field": f.field,
                "message": f.message,
                "suggestion": f.suggestion,
            }
            for f in findings
        ]
    }


def worst_level(findings: list[Finding]) -> Level:
    levels = {f.level for f in findings}
    return "missing" if "missing" in levels else "warn" if "warn" in levels else "ok"


# ---- helpers --------------------------------------------------------------------------------
def _blank(text: str | None) -> bool:
    return not (text and text.strip())


def _finding(
    criterion: str,
    issues: list[Issue],
    *,
    missing: bool,
    ok_field: str,
    ok_message: str,
    message: str | None = None,
) -> Finding:
    if not issues:
        return Finding(criterion, "ok", ok_field, ok_message, "")
    first = issues[0]
    return Finding(
        criterion,
        "missing" if missing else "warn",
        first.field,
        message or first.message,
        first.suggestion,
        tuple(issues),
    )


def _vague_issues(field: str, hits: tuple[VagueHit, ...]) -> list[Issue]:
    return [Issue(field, f"'{h.words}' is vague: {h.question}", h.suggestion, h.span) for h in hits]


def _quoted_list(items: list[str], limit: int = 3) -> str:
    unique = [f"'{i}'" for i in dict.fromkeys(items)]
    more = len(unique) - limit
    return ", ".join(unique[:limit]) + (f" and {more} more" if more > 0 else "")


def _join_words(items: list[str], conjunction: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


# ---- task.specific (Beck a) -----------------------------------------------------------------
_TASK_TEXT_FIELDS = ("what", "when", "where", "how_often", "how_long", "with_whom", "first_step")


def _task_specific(a: Assignment) -> Finding:
    t = a.task
    s = t.schedule
    sched_when = bool(s and (s.time or s.days))
    sched_often = bool(s and s.days)
    sched_long = bool(s and s.duration_minutes)
    gaps: list[Issue] = []
    gap_names: list[str] = []

    vague: list[Issue] = []
    vague_words: list[str] = []
    vague_fields: set[str] = set()
    for name in _TASK_TEXT_FIELDS:
        hits = find_vague(getattr(t, name) or "")
        if hits:
            vague_fields.add(name)
        vague += _vague_issues(f"task.{name}", hits)
        vague_words += [h.words.lower() for h in hits]

    def unclear(name: str, test: Callable[[str], bool]) -> bool:
        # A vague field already has its own issue; "not concrete" on top would say it twice.
        text = getattr(t, name)
        return not _blank(text) and name not in vague_fields and not test(text)

    if _blank(t.what):
        gap_names.append("what")
        gaps.append(
            Issue(
                "task.what",
                "The task does not say what the client will do.",
                "Write one action in the client's words, e.g. 'Walk to the postbox and back'.",
            )
        )
    if _blank(t.when) and not sched_when:
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
    if _blank(t.how_often) and not sched_often:
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
    if _blank(t.how_long) and not sched_long:
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
    if _blank(t.where):
        gap_names.append("where")
        gaps.append(
            Issue(
                "task.where",
                "It does not say where.",
                "Ask where it will happen, e.g. 'in the kitchen' or 'the park at the end of my road'.",
            )
        )

    issues = gaps + vague
    no_what = _blank(t.what)
    no_specifics = {"when", "how often", "how long"} <= set(gap_names)
    if no_what:
        message = "The task does not say what the client will do yet."
    elif no_specifics:
        message = "The task says what, but not when, how often or how long."
    else:
        parts = []
        if gaps:
            absent = [g for g in gaps if _GAP_WORDS[g.field] in gap_names]
            not_concrete = [g for g in gaps if _GAP_WORDS[g.field] not in gap_names]
            if absent:
                parts.append(f"The task does not yet say {_gap_summary(absent)}.")
            if not_concrete:
                parts.append(f"Make {_gap_summary(not_concrete, 'and')} concrete.")
        if vague_words:
            parts.append(f"Vague wording: {_quoted_list(vague_words)}.")
        message = " ".join(parts)
    return _finding(
        "task.specific",
        issues,
        missing=no_what or no_specifics,
        ok_field="task.what",
        ok_message="The task says what, when, where, how often and how long.",
        message=message,
    )


_GAP_WORDS = {
    "task.what": "what",
    "task.when": "when",
    "task.how_often": "how often",
    "task.how_long": "how long",
    "task.where": "where",
}


def _gap_summary(gaps: list[Issue], conjunction: str = "or") -> str:
    return _join_words([f"'{_GAP_WORDS[g.field]}'" for g in gaps], conjunction)


# ---- rationale.given (Beck b) ---------------------------------------------------------------
_LINK_RE = re.compile(
    r"\bso\s+(?:that|I|we|you|it)\b|\bbecause\b|\bas\s+it\b|\bhelps?\s+(?:me|us|you|to)\b"
    r"|\bhelping\s+me\b|\bwill\s+help\b|\bcan\s+help\b|\bin\s+order\s+to\b|\bwhich\s+(?:means|will|helps)\b"
    r"|\bmeans?\s+(?:I|that|we)\b|\bto\s+help\b|\bthen\s+I\s+(?:can|will|might|could)\b"
    r"|\bleads?\s+to\b|\bcloser\s+to\b|\bsteps?\s+towards?\b|\bget\s+back\s+to\b|\bfor\s+my\b",
    re.IGNORECASE,
)


def _rationale_given(a: Assignment) -> Finding:
    r = a.rationale or ""
    issues: list[Issue] = []
    if _blank(r):
        return Finding(
            "rationale.given",
            "missing",
            "rationale",
            "There is no reason for the task yet.",
            "Ask the client how this could help them, and write it in their words, e.g. "
            "'Walking lifts my mood, so that I can get back to seeing my sister.'",
        )
    n_words = len(plain.words(r))
    if n_words < 5:
        issues.append(
            Issue(
                "rationale",
                "The reason is very short.",
                "Ask how the task will help, and write a full sentence, e.g. "
                "'Doing this helps my mood, so that I can ...'.",
            )
        )
    if _blank(a.goal):
        issues.append(
            Issue(
                "goal",
                "There is no goal yet, so the reason cannot be linked to it.",
                "Write the client's goal in their words, e.g. 'Get back to seeing my sister'.",
            )
        )
    elif not (plain.content_words(r) & plain.content_words(a.goal)) and not _LINK_RE.search(r):
        issues.append(
            Issue(
                "rationale",
                "The reason is not linked to the client's goal.",
                "Link it to the goal with 'so that' or 'because', using the client's words "
                "from the goal.",
            )
        )
    return _finding(
        "rationale.given",
        issues,
        missing=False,
        ok_field="rationale",
        ok_message="There is a reason, linked to the client's goal.",
    )


# ---- obstacles.planned (Beck c) -------------------------------------------------------------
def _then_hits(text: str) -> list[tuple[tuple[int, int], str, str, str]]:
    """(span, words, suggestion, question) for each vague part of a "then"."""
    found = [
        (
            m.span(),
            m.group(0),
            f"'{m.group(0)}' — say exactly what they will do instead, "
            "e.g. 'walk for just 5 minutes' or 'text my sister to come with me'",
            "what exactly will they do?",
        )
        for m in VAGUE_THEN_RE.finditer(text)
    ]
    for h in find_vague(text):
        if all(h.span[1] <= a or h.span[0] >= b for (a, b), *_ in found):
            found.append((h.span, h.words, h.suggestion, h.question))
    return sorted(found)


def _obstacles_planned(a: Assignment) -> Finding:
    issues: list[Issue] = []
    complete = 0
    vague_words: list[str] = []
    for i, ob in enumerate(a.obstacles, start=1):
        if_blank, then_blank = _blank(ob.if_), _blank(ob.then)
        if if_blank and then_blank:
            continue  # an empty row the therapist has not used yet
        if if_blank:
            issues.append(
                Issue(
                    f"obstacles[{i}].if",
                    f"Plan {i} has a 'then' but no 'if'.",
                    "Name what might get in the way, e.g. 'it is raining' or 'I feel too tired'.",
                )
            )
        elif then_blank:
            issues.append(
                Issue(
                    f"obstacles[{i}].then",
                    f"Plan {i} has an 'if' but no 'then'.",
                    "Agree what the client will do then, e.g. 'walk for just 5 minutes'.",
                )
            )
        else:
            complete += 1
        for m in VAGUE_IF_RE.finditer(ob.if_):
            vague_words.append(m.group(0))
            issues.append(
                Issue(
                    f"obstacles[{i}].if",
                    f"'{m.group(0)}' does not name the obstacle.",
                    "Name one likely obstacle, e.g. 'my friend cancels' or 'it is raining'.",
                    m.span(),
                )
            )
        for span, words, suggestion, question in _then_hits(ob.then):
            vague_words.append(words)
            issues.append(
                Issue(f"obstacles[{i}].then", f"'{words}' is vague: {question}", suggestion, span)
            )
    if complete == 0:
        return Finding(
            "obstacles.planned",
            "missing",
            issues[0].field if issues else "obstacles",
            "There is no complete if-then plan for what might get in the way.",
            issues[0].suggestion
            if issues
            else "Ask: 'What might stop you?' and agree a plan, e.g. 'If it is raining, "
            "then I will walk up and down the stairs for 10 minutes.'",
            tuple(issues),
        )
    message = None
    if vague_words:
        message = f"An if-then plan is vague: {_quoted_list(vague_words)}."
    return _finding(
        "obstacles.planned",
        issues,
        missing=False,
        ok_field="obstacles",
        ok_message=f"{complete} if-then plan{'s' if complete != 1 else ''} for obstacles.",
        message=message,
    )


# ---- reaction.elicited (Beck c) -------------------------------------------------------------
_NORMALISE_RE = re.compile(r"[^a-z0-9]+")


def _norm(text: str) -> str:
    return _NORMALISE_RE.sub(" ", text.lower()).strip()


def _reaction_elicited(a: Assignment) -> Finding:
    cr = a.client_reaction
    summary_blank = _blank(cr.summary_in_own_words)
    if summary_blank and cr.confidence is None:
        return Finding(
            "reaction.elicited",
            "missing",
            "client_reaction.summary_in_own_words",
            "The client's own summary and confidence are not recorded.",
            "Ask: 'Can you tell me in your own words what you'll do?' then 'How confident "
            "are you, 0 to 10, that you'll do it?'",
        )
    issues: list[Issue] = []
    if summary_blank:
        issues.append(
            Issue(
                "client_reaction.summary_in_own_words",
                "The client has not said the plan back in their own words.",
                "Ask: 'Can you tell me in your own words what you'll do this week?'",
            )
        )
    elif _norm(cr.summary_in_own_words) == _norm(a.task.what) and not _blank(a.task.what):
        issues.append(
            Issue(
                "client_reaction.summary_in_own_words",
                "The summary is a copy of the task, not the client's own words.",
                "Write down what the client says when asked to explain the plan back.",
            )
        )
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
    return _finding(
        "reaction.elicited",
        issues,
        missing=False,
        ok_field="client_reaction.summary_in_own_words",
        ok_message="The client has said the plan in their own words and feels confident.",
    )


# ---- monitoring.planned ---------------------------------------------------------------------
_RATING_LABEL_RE = re.compile(
    r"\b(?:mood|anxi\w*|pleasure|enjoy\w*|achieve\w*|mastery|belief|believe\w*|severity|intensity"
    r"|tension|tense|rested|distress|score|rating|rate|level|urge|confidence|strength|worry"
    r"|worried|quality|pain|fear|sad\w*|stress\w*|calm\w*|energy|tired\w*|low|panic|upset"
    r"|satisf\w*|helpful\w*|how\s+\w+)\b",
    re.IGNORECASE,
)


def _monitoring_planned(a: Assignment) -> Finding:
    m = a.monitoring
    if _blank(m.what_to_record) and _blank(m.when_to_record) and not m.columns:
        return Finding(
            "monitoring.planned",
            "missing",
            "monitoring.what_to_record",
            "There is no plan for how the client will keep track.",
            "Agree what to note and when, e.g. 'mood before and after, 0 to 10, straight "
            "after each walk', and add those columns.",
        )
    issues: list[Issue] = []
    if _blank(m.what_to_record):
        issues.append(
            Issue(
                "monitoring.what_to_record",
                "It does not say what to record.",
                "Say what to note, e.g. 'whether I did it, and my mood before and after'.",
            )
        )
    if _blank(m.when_to_record):
        issues.append(
            Issue(
                "monitoring.when_to_record",
                "It does not say when to record.",
                "Pick a moment, e.g. 'straight after each walk' or 'at 9 pm each evening'.",
            )
        )
    else:
        issues += _vague_issues("monitoring.when_to_record", find_vague(m.when_to_record))
    if not m.columns:
        issues.append(
            Issue(
                "monitoring.columns",
                "The record sheet has no columns.",
                "Add at least one column, e.g. 'Done (tick)' or 'Mood 0-10'.",
            )
        )
    for i, col in enumerate(m.columns, start=1):
        if _blank(col.scale) and _RATING_LABEL_RE.search(col.label):
            issues.append(
                Issue(
                    f"monitoring.columns[{i}].scale",
                    f"The column '{col.label}' looks like a rating but has no scale.",
                    "Give it a scale, e.g. 0-10 (0 = none, 10 = the most).",
                )
            )
    return _finding(
        "monitoring.planned",
        issues,
        missing=False,
        ok_field="monitoring.what_to_record",
        ok_message="It says what to record, when, and on which scale.",
    )


# ---- review.scheduled / review.summarised (Beck d) ------------------------------------------
def _review_scheduled(a: Assignment) -> Finding:
    if a.review_date is None:
        return Finding(
            "review.scheduled",
            "missing",
            "review_date",
            "There is no review date.",
            "Set the date of the next session, so the homework is reviewed then.",
        )
    created = a.created.date()
    issues = []
    if a.review_date < created:
        issues.append(
            Issue(
                "review_date",
                "The review date is before the assignment was written.",
                "Set the date of the next session.",
            )
        )
    elif a.review_date > created + timedelta(days=MAX_REVIEW_DAYS):
        issues.append(
            Issue(
                "review_date",
                "The review is more than five weeks away.",
                "Review homework at the next session, usually in 1 or 2 weeks.",
            )
        )
    return _finding(
        "review.scheduled",
        issues,
        missing=False,
        ok_field="review_date",
        ok_message=f"Review planned for {a.review_date.isoformat()}.",
    )


_CONTENT_FREE = frozenset(
    _norm(s)
    for s in (
        "fine",
        "ok",
        "okay",
        "good",
        "great",
        "bad",
        "not bad",
        "alright",
        "all right",
        "went well",
        "went ok",
        "went fine",
        "it went well",
        "went okay",
        "did it",
        "done",
        "completed",
        "n/a",
        "na",
        "none",
        "nothing",
        "nil",
        "same",
        "as before",
        "as planned",
        "no change",
        "some progress",
        "progress",
        "improved",
        "better",
        "worse",
        "yes",
        "no",
        "see notes",
        "see above",
        "all good",
        "not great",
        "so so",
        "mixed",
    )
)
_EVIDENCE_RE = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|once|twice|half|most|every|none)\b"
    r"|\b(?:learn\w*|notic\w*|found|find|realis\w*|realiz\w*|discover\w*|show\w*|mood|anxi\w*"
    r"|rating|rated|score\w*|belief|predict\w*|instead|because|felt|fell|rose|dropped|went\s+up"
    r"|went\s+down|more\s+than|less\s+than|fewer|compared)\b",
    re.IGNORECASE,
)


def _review_summarised(review: Review | None) -> Finding:
    field = "review.progress_summary"
    if review is None:
        return Finding(
            "review.summarised",
            "ok",
            field,
            "This applies when the homework is reviewed: then summarise progress together.",
            "",
        )
    text = review.progress_summary or ""
    if _blank(text):
        return Finding(
            "review.summarised",
            "missing",
            field,
            "The review has no progress summary.",
            "Summarise together what happened and what was learned, with numbers from the "
            "record, e.g. 'Walked 2 of 3 days; mood after walks up from 3 to 5.'",
        )
    issues = []
    if _norm(text) in _CONTENT_FREE:
        issues.append(
            Issue(
                field,
                f"'{text.strip()}' does not say what happened or what was learned.",
                "Add what the record shows and what the client learned, e.g. 'mood up from 3 to "
                "5 after walks'.",
            )
        )
    elif not _EVIDENCE_RE.search(text):
        issues.append(
            Issue(
                field,
                "The summary has no numbers and does not say what was learned.",
                "Add a number from the record or one thing the client noticed, e.g. "
                "'Did it 3 of 4 days; noticed anxiety fell after 10 minutes.'",
            )
        )
    return _finding(
        "review.summarised",
        issues,
        missing=False,
        ok_field=field,
        ok_message="The review summarises what happened and what was learned.",
    )


# ---- handout.plain --------------------------------------------------------------------------
def _handout_plain(a: Assignment) -> Finding:
    texts = plain.client_facing_texts(a)
    if not texts:
        return Finding(
            "handout.plain",
            "ok",
            "task.what",
            "Nothing to print yet; the wording is checked as you type.",
            "",
        )
    obstacle_parts = {
        f"obstacles[{i}]": plain.if_then(ob.if_, ob.then) for i, ob in enumerate(a.obstacles, 1)
    }
    issues: list[Issue] = []
    n_long = n_jargon = 0
    hardest: tuple[float, str] | None = None
    for path, text in texts.items():
        report = plain.analyse(text)
        for s in report.long_sentences:
            n_long += 1
            issues.append(
                Issue(
                    path,
                    f"A sentence has {s.words} words; aim for {plain.MAX_SENTENCE_WORDS} or fewer.",
                    "Split it into two short sentences, e.g. where it says 'and' or 'so'.",
                    None if path in obstacle_parts else s.span,
                )
            )
        for hit in report.jargon:
            n_jargon += 1
            span: tuple[int, int] | None
            field, span = path, hit.span
            if path in obstacle_parts:
                field, span = _map_if_then(path, obstacle_parts[path], hit.span)
            word = text[hit.span[0] : hit.span[1]]
            issues.append(
                Issue(
                    field,
                    f"'{word}' may be a new word for the client: say '{hit.plain}'.",
                    f"Say '{hit.plain}'.",
                    span,
                )
            )
        if report.reading_age is not None and (hardest is None or report.reading_age > hardest[0]):
            hardest = (report.reading_age, path)
    age = plain.reading_age_of(list(texts.values()))
    too_hard = age is not None and round(age) > plain.READING_AGE_AIM[1]
    if too_hard and age is not None and hardest is not None:
        issues.append(
            Issue(
                _field_of(hardest[1]),
                f"The handout reads at about age {round(age)}; aim for "
                f"{plain.READING_AGE_AIM[0]} to {plain.READING_AGE_AIM[1]}.",
                "Use shorter sentences and everyday words, e.g. 'help' for 'assist'.",
            )
        )
    parts = []
    if n_long:
        parts.append(f"{n_long} long sentence{'s' if n_long > 1 else ''}")
    if n_jargon:
        parts.append(f"{n_jargon} therapy word{'s' if n_jargon > 1 else ''} a client may not know")
    if too_hard and age is not None:
        parts.append(f"a reading age of about {round(age)}")
    age_text = f" (reading age about {round(age)})" if age is not None else ""
    return _finding(
        "handout.plain",
        issues,
        missing=False,
        ok_field="task.what",
        ok_message=f"The handout is in plain words{age_text}.",
        message=("The handout has " + _and(parts) + ".") if parts else None,
    )


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _field_of(path: str) -> str:
    return path + ".if" if path.startswith("obstacles[") else path


def _map_if_then(
    path: str, parts: plain.IfThen, span: tuple[int, int]
) -> tuple[str, tuple[int, int] | None]:
    """A span in the rendered "If ..., then I will ..." sentence -> the field it was typed in."""
    a, b = span
    if parts.if_span[0] <= a and b <= parts.if_span[1]:
        shift = parts.if_offset - parts.if_span[0]
        return f"{path}.if", (a + shift, b + shift)
    if parts.then_span[0] <= a and b <= parts.then_span[1]:
        shift = parts.then_offset - parts.then_span[0]
        return f"{path}.then", (a + shift, b + shift)
    return path, None
