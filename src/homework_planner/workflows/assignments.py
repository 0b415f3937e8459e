"""Assignment use cases: create a draft, save it, agree, agree changes, withdraw, next week."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..domain.agreement import agreement_state, content_hash, content_of, unagreed_copy
from ..domain.models import AgreedFinding, Agreement, Assignment, Review, Withdrawal, now_utc
from ..storage import Store, StoreError
from .errors import NeedsConfirmation, WorkflowError
from .publish import agreement_item, withdrawal_item

log = logging.getLogger(__name__)

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Saved:
    assignment: Assignment
    version: int


def _get(store: Store, assignment_id: str) -> Assignment:
    a = store.get_assignment(assignment_id)
    if a is None:
        raise WorkflowError(
            "There is no assignment with that id in this data folder. "
            "List a client's assignments with `homework-planner summary --client CODE`."
        )
    return a


def create_draft(store: Store, a: Assignment) -> Saved:
    """Save a new draft (from a template, blank or copied): it starts an editing session."""
    if store.get_assignment(a.id) is not None:
        raise WorkflowError("An assignment with this id is already in the store.")
    fresh = unagreed_copy(a, updated=now_utc().isoformat())
    try:
        version = store.save_assignment(fresh, coalesce=True)
    except StoreError as exc:
        raise WorkflowError.of(exc) from None
    return Saved(fresh, version)


def save_draft(store: Store, a: Assignment, *, coalesce: bool = True) -> Saved:
    """Save what the therapist typed. An agreed assignment stays agreed (its agreed version is
    frozen in the history); the new words are an amendment until *Agree changes*."""
    stored = store.get_assignment(a.id)
    if stored is not None and stored.withdrawal is not None:
        raise WorkflowError("This assignment was withdrawn; it can be read but not changed.")
    if stored is not None and [g.content_hash for g in stored.agreements] != [
        g.content_hash for g in a.agreements
    ]:
        # The editor's copy must never rewrite or drop an agreement made elsewhere.
        a = a.model_copy(update={"agreements": stored.agreements, "agreed_on": stored.agreed_on})
    a = _validated(a, updated=now_utc())
    version = store.save_assignment(a, coalesce=coalesce)
    return Saved(a, version)


def _validated(a: Assignment, **changes: object) -> Assignment:
    """A copy with `changes`, checked field by field as the models check typed input."""
    data = a.model_dump(by_alias=True)
    data.update(changes)
    return Assignment.model_validate(data)


@dataclass(frozen=True)
class Agreed:
    assignment: Assignment
    version: int
    missing: list[str]
    was_amendment: bool


def agree(
    store: Store,
    a: Assignment,
    *,
    confirm_missing: bool = False,
    last_review: Review | None = None,
    at: datetime | None = None,
) -> Agreed:
    """Freeze this version as agreed: its number, date and time, the coach's findings now and a
    hash of the words. With criteria still 'missing' it raises NeedsConfirmation unless
    confirm_missing; the record then says "agreed with N items missing"."""
    from ..domain import coach

    stored = store.get_assignment(a.id)
    if stored is not None and stored.withdrawal is not None:
        raise WorkflowError("This assignment was withdrawn; it cannot be agreed.")
    if stored is not None:
        a = a.model_copy(update={"agreements": stored.agreements})
    state = agreement_state(a)
    if state.agreed and not state.changed:
        raise WorkflowError("Nothing has changed since this was agreed; there is nothing to agree.")
    findings = coach.check(a, last_review)
    missing = [f.criterion for f in findings if f.level == "missing"]
    if missing and not confirm_missing:
        labels = [coach.CRITERION_LABELS.get(c, c) for c in missing]
        raise NeedsConfirmation(missing, labels)
    when = at or now_utc()
    content = content_of(a)
    version = (store.assignment_version(a.id) or 0) + 1
    agreement = Agreement(
        version=version,
        agreed_at=when,
        content_hash=content_hash(content),
        content=content,
        findings=[
            AgreedFinding(criterion=f.criterion, level=f.level, message=f.message[:2000])
            for f in findings
        ],
        missing=missing,
    )
    status = a.status if a.status == "reviewed" else "agreed"
    agreed = _validated(
        a,
        agreements=[*a.agreements, agreement],
        agreed_on=when.date(),
        status=status,
        updated=when,
    )
    try:
        saved = store.save_assignment(
            agreed,
            coalesce=False,
            audit_action="agreed",
            outbox=agreement_item(agreed, agreement),
        )
    except StoreError as exc:
        raise WorkflowError.of(exc) from None
    if saved != version:  # another program saved in between: say so, never mislabel a version
        raise WorkflowError(
            "The assignment was changed by another program while agreeing. Open it again "
            "and agree once more."
        )
    log.info("assignment agreed (version %d, %d missing)", version, len(missing))
    return Agreed(agreed, version, missing, state.agreed)


def agree_by_id(store: Store, assignment_id: str, *, confirm_missing: bool = False) -> Agreed:
    a = _get(store, assignment_id)
    reviews = store.list_reviews(assignment_id=assignment_id)
    return agree(store, a, confirm_missing=confirm_missing, last_review=_last(reviews))


def withdraw(
    store: Store, assignment_id: str, reason: str, *, at: datetime | None = None
) -> Assignment:
    """Hide a mistaken assignment from lists; it stays in the store, its history, the audit log
    and the record, with the reason. Nothing is deleted."""
    reason = " ".join(reason.split())
    if not reason:
        raise WorkflowError("Say why the assignment is withdrawn (for the record).")
    if len(reason) > 500:
        raise WorkflowError("Keep the reason to 500 characters or fewer.")
    a = _get(store, assignment_id)
    if a.withdrawal is not None:
        raise WorkflowError("This assignment is already withdrawn.")
    withdrawn = _validated(
        a, withdrawal=Withdrawal(at=at or now_utc(), reason=reason), updated=now_utc()
    )
    try:
        store.save_assignment(
            withdrawn,
            coalesce=False,
            audit_action="withdrawn",
            outbox=withdrawal_item(withdrawn),
        )
    except StoreError as exc:
        raise WorkflowError.of(exc) from None
    return withdrawn


def plan_next_week(store: Store, a: Assignment, *, today: date | None = None) -> Saved:
    """A new draft from this one: new id, follows it, reviewed a week after it; it must be
    agreed on its own."""
    from ..domain.models import new_id

    base = a.review_date or today or date.today()
    nxt = unagreed_copy(
        a,
        id=new_id(),
        follows=a.id,
        created=now_utc().isoformat(),
        review_date=(base + WEEK).isoformat(),
    )
    return create_draft(store, nxt)


def save_user_template(store: Store, name: str, template: Assignment) -> str:
    try:
        return store.save_user_template(name, unagreed_copy(template))
    except StoreError as exc:
        raise WorkflowError.of(exc) from None


def delete_user_template(store: Store, template_id: str) -> None:
    store.delete_user_template(template_id)


def _last(reviews: list[Review]) -> Review | None:
    return reviews[-1] if reviews else None
