"""The coach: judges an assignment as a clinical supervisor would, and says how to fix each gap.

A registry of criteria (``REGISTRY``: id, label, rule, source), one module per rule, shared by the
GUI, the command line, the record and the trainer. Each rule reads what the words say, not
whether a word from a list occurs; a draft is always checked, never refused. Levels:

- ``task.specific`` (Beck, Rush, Shaw & Emery 1979, a): *missing* without a *what*, when the *what*
  is homework in name only (shorthand such as "GE", the name of a method such as "worry
  postponement", a pointer to something said or written elsewhere such as "as agreed in session"
  or "the worksheet", or an aim such as "cut down on checking" or "feel calmer"), or when none of
  when / how often / how long is given. *warn* for any other gap, for each vague phrase read in
  context (a number beside "more" makes it concrete: "4 more minutes, so 20 minutes"; "anywhere
  on the bench" is a place; a *when* tied to an event, a trigger or a routine is concrete) and
  when the schedule contradicts the words (minutes, days or clock time). The words are read
  even when a schedule is filled in.
- ``rationale.given`` (Beck b): *missing* with no reason; *warn* while it is still the template's
  words, when it cites authority ("the therapist said", "CBT is proven") or says it is homework,
  only restates the task, is a general statement rather than the client's own reason, or is not
  linked to the goal by meaning (lemmas and groups of words that mean the same: "office" is
  "work", "going back" is a return).
- ``goal.concrete`` (advisory, never *missing*, never blocks agreeing): *warn* when there is no goal
  yet or it names only a feeling ("feel better"), with a prompt to ask what the client would be
  doing if they felt better.
- ``obstacles.planned`` (Beck c): *missing* when no plan has both halves; *warn* while a plan is
  still the template's words, for a vague *if*, for a *then* that is not an action for that
  moment ("deal with it", "use what I learned"; if-then plans work because the situation cues a
  ready action: Gollwitzer & Sheeran 2006), for an action that comes before its trigger ("an hour
  before bed", "if I forget, set an alarm"), for a back-up that is named nowhere, and, in exposure,
  panic and fear experiments, for escape, distraction, reassurance and safety behaviours, which
  stop the client learning that the feared outcome does not happen (Clark 1986; Salkovskis 1991).
- ``reaction.elicited`` (Beck c): *missing* with neither teach-back nor confidence; *warn* for a
  teach-back that is still the template's, one-word assent, a note in the therapist's voice
  ("client agreed", "pt repeated it"), not in the first person, a copy of the task, or one that
  says not what or not when; for no confidence rating, or confidence / importance below 7 of 10
  (this app's design rule for "talk it over now", not a research norm).
- ``monitoring.planned``: *missing* with nothing about recording; *warn* for no "what", no "when",
  no columns, a vague "when", or a rating column without a scale (a label that carries its own
  scale, "Tension (0-10)", has one).
- ``review.scheduled`` (Beck d): *missing* without a review date; *warn* when it is before the
  assignment was created or more than five weeks after it.
- ``review.summarised`` (Beck d): judged only when a review is given: *missing* with no summary,
  *warn* for a content-free one or one without numbers or what was learned.
- ``handout.plain``: *warn* for sentences over 20 words, therapy jargon, or a reading age above 11.

Template text the therapist has not changed (``assignment.template_id`` names a built-in template
and the text still equals it) never counts as the client's own.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from . import (
    goal_concrete,
    handout_plain,
    monitoring_planned,
    obstacles_planned,
    rationale_given,
    reaction_elicited,
    review_scheduled,
    review_summarised,
    task_specific,
)
from .base import (
    CONFIDENCE_THRESHOLD,
    IMPORTANCE_THRESHOLD,
    LEVEL_MARKS,
    LEVEL_STYLE,
    LEVEL_WORDS,
    LEVELS,
    MAX_REVIEW_DAYS,
    Criterion,
    Finding,
    Issue,
    Level,
)

if TYPE_CHECKING:
    from ..models import Assignment, Review

log = logging.getLogger(__name__)

__all__ = [
    "CONFIDENCE_THRESHOLD",
    "CRITERIA",
    "CRITERION_LABELS",
    "IMPORTANCE_THRESHOLD",
    "LEVELS",
    "LEVEL_MARKS",
    "LEVEL_STYLE",
    "LEVEL_WORDS",
    "MAX_REVIEW_DAYS",
    "REGISTRY",
    "Criterion",
    "Finding",
    "Issue",
    "Level",
    "check",
    "findings_json",
    "worst_level",
]

REGISTRY: tuple[Criterion, ...] = (
    Criterion(task_specific.ID, task_specific.LABEL, task_specific.rule, "Beck et al. 1979 (a)"),
    Criterion(
        rationale_given.ID, rationale_given.LABEL, rationale_given.rule, "Beck et al. 1979 (b)"
    ),
    Criterion(
        goal_concrete.ID,
        goal_concrete.LABEL,
        goal_concrete.rule,
        "Detweiler-Bedell & Whisman 2005",
        advisory=True,
    ),
    Criterion(
        obstacles_planned.ID,
        obstacles_planned.LABEL,
        obstacles_planned.rule,
        "Beck et al. 1979 (c); Gollwitzer & Sheeran 2006",
    ),
    Criterion(
        reaction_elicited.ID,
        reaction_elicited.LABEL,
        reaction_elicited.rule,
        "Beck et al. 1979 (c)",
    ),
    Criterion(
        monitoring_planned.ID, monitoring_planned.LABEL, monitoring_planned.rule, "Beck (a, d)"
    ),
    Criterion(
        review_scheduled.ID, review_scheduled.LABEL, review_scheduled.rule, "Beck et al. 1979 (d)"
    ),
    Criterion(
        review_summarised.ID,
        review_summarised.LABEL,
        review_summarised.rule,
        "Beck et al. 1979 (d)",
    ),
    Criterion(handout_plain.ID, handout_plain.LABEL, handout_plain.rule, "NHS reading age 9-11"),
)

CRITERIA: tuple[str, ...] = tuple(c.id for c in REGISTRY)
CRITERION_LABELS: dict[str, str] = {c.id: c.label for c in REGISTRY}
ADVISORY: frozenset[str] = frozenset(c.id for c in REGISTRY if c.advisory)


def check(assignment: Assignment, last_review: Review | None = None) -> list[Finding]:
    """One Finding per criterion, in CRITERIA order. Empty fields are judged, never refused."""
    out = []
    for c in REGISTRY:
        f = c.rule(assignment, last_review)
        if c.advisory and f.level == "missing":  # an advisory prompt never blocks
            f = Finding(f.criterion, "warn", f.field, f.message, f.suggestion, f.issues)
        out.append(f)
    return out


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


def load() -> None:
    """Read the lemma table now, so the first check as the therapist types pays nothing."""
    from . import language

    language.load()
