"""review.summarised (Beck d): at review, progress is summarised with what was learned."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .base import Finding, Issue, blank, finding, norm

if TYPE_CHECKING:
    from ..models import Assignment, Review

ID = "review.summarised"
LABEL = "Progress summarised at review"

_CONTENT_FREE = frozenset(
    norm(s)
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


def rule(_a: Assignment, review: Review | None = None) -> Finding:
    field = "review.progress_summary"
    if review is None:
        return Finding(
            ID,
            "ok",
            field,
            "This applies when the homework is reviewed: then summarise progress together.",
            "",
        )
    text = review.progress_summary or ""
    if blank(text):
        return Finding(
            ID,
            "missing",
            field,
            "The review has no progress summary.",
            "Summarise together what happened and what was learned, with numbers from the "
            "record, e.g. 'Walked 2 of 3 days; mood after walks up from 3 to 5.'",
        )
    issues: list[Issue] = []
    if norm(text) in _CONTENT_FREE:
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
    return finding(
        ID,
        issues,
        missing=False,
        ok_field=field,
        ok_message="The review summarises what happened and what was learned.",
    )
