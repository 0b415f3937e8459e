"""Record a review and plan next week: one use case, one transaction, for the GUI and the CLI."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..domain.agreement import unagreed_copy
from ..domain.models import Assignment, Review
from ..domain.review import CARRIES_FORWARD, plans_to_revisit
from ..domain.review import next_assignment as build_next_assignment
from ..storage import Store
from .publish import review_item

log = logging.getLogger(__name__)


class ReviewError(Exception):
    """Why a review could not be recorded; a plain message that names no client detail."""


@dataclass(frozen=True)
class ReviewOutcome:
    review: Review
    assignment: Assignment  # as now stored: status "reviewed"
    version: int  # the assignment's stored version
    next_assignment: Assignment | None = None  # next week's draft, new or made earlier
    next_created: bool = False  # False when there is none, or it had been made before

    @property
    def open_plans(self) -> int:
        """If-then plans in next week's draft whose "then" is still to be agreed."""
        if self.next_assignment is None:
            return 0
        return sum(1 for o in self.next_assignment.obstacles if not o.then.strip())

    @property
    def plans_to_revisit(self) -> int:
        """Last week's if-then plans carried over only to be talked through again (not needed,
        not used, not asked about, or used without helping)."""
        return len(plans_to_revisit(self.assignment, self.review))


def follow_up_of(store: Store, assignment: Assignment) -> Assignment | None:
    """Next week's homework already made from `assignment`, if any."""
    return next(
        (a for a in store.load_assignments(assignment.client_code) if a.follows == assignment.id),
        None,
    )


def record_review(
    store: Store,
    review: Review,
    *,
    next_assignment: Assignment | None = None,
    plan_next: bool = False,
    today: Callable[[], date] = date.today,
) -> ReviewOutcome:
    """Save `review`, mark its homework reviewed and (if asked) save next week's draft, all in
    one transaction.

    next_assignment: a draft the caller made; plan_next=True: build it from the homework and
    the review ("continue" or "adjust"), unless one was made from this homework before, which
    is then returned and not made twice. Raises ReviewError or StoreError; then nothing changed.
    """
    current = store.get_assignment(review.assignment_id)
    if current is None:
        raise ReviewError(
            "The homework this review is for is not in the store (it may have been restored "
            "from an older backup). Nothing was saved; open the homework again and review it."
        )
    if current.withdrawal is not None:
        raise ReviewError("This homework was withdrawn; it cannot be reviewed. Nothing was saved.")
    if next_assignment is not None and plan_next:
        raise ReviewError("Give next week's homework or ask for it to be planned, not both.")
    if next_assignment is not None and (next_assignment.agreements or next_assignment.withdrawal):
        # A draft for next week is agreed on its own, never by inheritance.
        next_assignment = unagreed_copy(next_assignment)
    reviewed = current.model_copy(deep=True)
    reviewed.status = "reviewed"
    created = next_assignment is not None
    if next_assignment is not None:
        if next_assignment.client_code != current.client_code:
            raise ReviewError(
                "Next week's homework must be for the same client. Nothing was saved."
            )
    elif plan_next and review.next_step in CARRIES_FORWARD:
        next_assignment = follow_up_of(store, current)
        if next_assignment is None:
            next_assignment = build_next_assignment(current, review, today())
            created = True
    version = store.save_review_outcome(
        review,
        reviewed,
        next_assignment if created else None,
        outbox=review_item(reviewed, review),
    )
    log.info("review recorded%s", " with next week's draft" if created else "")
    return ReviewOutcome(review, reviewed, version, next_assignment, created)
