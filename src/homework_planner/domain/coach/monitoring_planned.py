"""monitoring.planned: what the client records, when, and on which scale."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..vague import find_vague
from .base import Finding, Issue, blank, finding
from .task_specific import vague_issues

if TYPE_CHECKING:
    from ..models import Assignment, Review

ID = "monitoring.planned"
LABEL = "How progress is recorded"

_RATING_LABEL_RE = re.compile(
    r"\b(?:mood|anxi\w*|pleasure|enjoy\w*|achieve\w*|mastery|belief|believe\w*|severity|intensity"
    r"|tension|tense|rested|distress|score|rating|rate|level|urge|confidence|strength|worry"
    r"|worried|quality|pain|fear|sad\w*|stress\w*|calm\w*|energy|tired\w*|low|panic|upset"
    r"|satisf\w*|helpful\w*|how\s+\w+)\b",
    re.IGNORECASE,
)


# A label that carries its own scale ("Tension (0-10)", "Mood 0-100", "Done (tick)").
_SCALE_IN_LABEL_RE = re.compile(
    r"\d+\s*(?:-|–|to)\s*\d+|\d+\s*%|%|/\s*10\b|/\s*100\b|\bout\s+of\s+\d+|\btick\b|\by\s*/\s*n\b"
    r"|\byes\s*/\s*no\b|\bminutes\b|\bmins\b|\bhours\b|\bnumber\s+of\b|\bhow\s+many\b",
    re.IGNORECASE,
)


def rule(a: Assignment, _review: Review | None = None) -> Finding:
    m = a.monitoring
    if blank(m.what_to_record) and blank(m.when_to_record) and not m.columns:
        return Finding(
            ID,
            "missing",
            "monitoring.what_to_record",
            "There is no plan for how the client will keep track.",
            "Agree what to note and when, e.g. 'mood before and after, 0 to 10, straight "
            "after each walk', and add those columns.",
        )
    issues: list[Issue] = []
    if blank(m.what_to_record):
        issues.append(
            Issue(
                "monitoring.what_to_record",
                "It does not say what to record.",
                "Say what to note, e.g. 'whether I did it, and my mood before and after'.",
            )
        )
    if blank(m.when_to_record):
        issues.append(
            Issue(
                "monitoring.when_to_record",
                "It does not say when to record.",
                "Pick a moment, e.g. 'straight after each walk' or 'at 9 pm each evening'.",
            )
        )
    else:
        issues += vague_issues("monitoring.when_to_record", find_vague(m.when_to_record))
    if not m.columns:
        issues.append(
            Issue(
                "monitoring.columns",
                "The record sheet has no columns.",
                "Add at least one column, e.g. 'Done (tick)' or 'Mood 0-10'.",
            )
        )
    for i, col in enumerate(m.columns, start=1):
        if (
            blank(col.scale)
            and _RATING_LABEL_RE.search(col.label)
            and not _SCALE_IN_LABEL_RE.search(col.label)
        ):
            issues.append(
                Issue(
                    f"monitoring.columns[{i}].scale",
                    f"The column '{col.label}' looks like a rating but has no scale.",
                    "Give it a scale, e.g. 0-10 (0 = none, 10 = the most).",
                )
            )
    return finding(
        ID,
        issues,
        missing=False,
        ok_field="monitoring.what_to_record",
        ok_message="It says what to record, when, and on which scale.",
    )
