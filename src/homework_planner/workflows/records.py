"""Build the clinical record and the note: one way, for the window and the command line alike."""

from __future__ import annotations

from typing import Any

from ..domain.models import Assignment
from ..domain.settings import Settings
from ..output.record import (
    AssignmentRecord,
    assignment_record,
    client_record_text,
    record_text_for,
    render_records_pdf,
)
from ..storage import Store
from .errors import WorkflowError


def _findings(a: Assignment, record_reviews: list[Any]) -> list[Any]:
    from ..domain import coach

    return list(coach.check(a, record_reviews[-1] if record_reviews else None))


def record_of(store: Store, assignment_id: str) -> AssignmentRecord:
    """The record of one stored assignment: its history, agreements, amendments, reviews."""
    a = store.get_assignment(assignment_id)
    if a is None:
        raise WorkflowError(
            "There is no assignment with that id in this data folder. "
            "List a client's assignments with `homework-planner summary --client CODE`."
        )
    reviews = store.list_reviews(assignment_id=assignment_id)
    return assignment_record(
        a,
        version=store.assignment_version(assignment_id),
        findings_now=_findings(a, reviews),
        history=store.assignment_history(assignment_id),
        reviews=reviews,
    )


def note_text(store: Store, assignment_id: str) -> str:
    """The plain-text note for the clinical notes (Copy note; `record --id --text`)."""
    return record_text_for(record_of(store, assignment_id))


def _chart(store: Store, client_code: str) -> Any:
    from ..domain.progress import compute_progress
    from ..output.chart import progress_drawing

    reviews = store.list_reviews(client_code=client_code)
    if not reviews:
        return None
    assignments = [a for a in store.load_assignments(client_code) if a.withdrawal is None]
    return progress_drawing(compute_progress(assignments, reviews))


def record_pdf(store: Store, assignment_id: str, settings: Settings) -> bytes:
    """The record PDF of one stored assignment, with the client's progress chart."""
    rec = record_of(store, assignment_id)
    return render_records_pdf([rec], settings, chart=_chart(store, rec.assignment.client_code))


def client_records(store: Store, client_code: str) -> list[AssignmentRecord]:
    """Every assignment of the client (withdrawn ones too), in the order they were created."""
    if store.get_client_summary(client_code) is None:
        raise WorkflowError(
            "There is no client with that code in this data folder. "
            "List the clients with `homework-planner summary`."
        )
    return [record_of(store, a.id) for a in store.load_assignments(client_code)]


def client_record_note(store: Store, client_code: str) -> str:
    return client_record_text(client_code, client_records(store, client_code))


def client_record_pdf(store: Store, client_code: str, settings: Settings) -> bytes:
    return render_records_pdf(
        client_records(store, client_code),
        settings,
        chart=_chart(store, client_code),
        client_code=client_code,
    )
