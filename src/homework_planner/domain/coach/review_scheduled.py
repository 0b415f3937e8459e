"""review.scheduled (Beck d): a review date, soon after the homework is set."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from .base import MAX_REVIEW_DAYS, Finding, Issue, finding

if TYPE_CHECKING:
    from ..models import Assignment, Review

ID = "review.scheduled"
LABEL = "A review date"


def rule(a: Assignment, _review: Review | None = None) -> Finding:
    if a.review_date is None:
        return Finding(
            ID,
            "missing",
            "review_date",
            "There is no review date.",
            "Set the date of the next session, so the homework is reviewed then.",
        )
    created = a.created.date()
    issues: list[Issue] = []
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
    return finding(
        ID,
        issues,
        missing=False,
        ok_field="review_date",
        ok_message=f"Review planned for {a.review_date.isoformat()}.",
    )
