"""What the service hub receives: the facts worth publishing, as outbox items (pseudonymous)."""

from __future__ import annotations

from typing import Any

from ..domain.models import Agreement, Assignment, Review, to_json_dict
from ..storage import OutboxItem

AGREEMENT = "agreement"
REVIEW = "review"
WITHDRAWAL = "withdrawal"


def agreement_item(a: Assignment, agreement: Agreement) -> OutboxItem:
    """The agreed version: its words (AgreedContent), number, time, hash and findings."""
    payload: dict[str, Any] = {
        "assignment_id": a.id,
        "client_code": a.client_code,
        "template_id": a.template_id,
        "follows": a.follows,
        **to_json_dict(agreement),
    }
    return OutboxItem(AGREEMENT, a.id, a.client_code, payload, version=agreement.version)


def review_item(a: Assignment, review: Review) -> OutboxItem:
    """A review as recorded; a later change to it is published as its next revision."""
    payload: dict[str, Any] = {
        "assignment_id": a.id,
        "client_code": a.client_code,
        "review": to_json_dict(review),
    }
    return OutboxItem(REVIEW, review.id, a.client_code, payload)


def withdrawal_item(a: Assignment) -> OutboxItem:
    """A withdrawal with its reason (the assignment itself stays in the record)."""
    if a.withdrawal is None:
        raise ValueError("the assignment is not withdrawn")
    payload: dict[str, Any] = {
        "assignment_id": a.id,
        "client_code": a.client_code,
        "withdrawal": to_json_dict(a.withdrawal),
    }
    return OutboxItem(WITHDRAWAL, a.id, a.client_code, payload)
