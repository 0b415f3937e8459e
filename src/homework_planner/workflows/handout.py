"""Build the client's handout of a stored assignment, at the print size the client needs."""

from __future__ import annotations

from ..domain.models import Assignment, PrintNeeds
from ..domain.settings import Settings
from ..output.handout import HandoutResult, handout_text, render_handout
from ..storage import Store
from .errors import WorkflowError


def _stored(store: Store, assignment_id: str) -> tuple[Assignment, PrintNeeds]:
    a = store.get_assignment(assignment_id)
    if a is None:
        raise WorkflowError(
            "There is no assignment with that id in this data folder. "
            "List a client's assignments with `homework-planner summary --client CODE`."
        )
    client = store.get_client(a.client_code)
    return a, client.print_needs if client is not None else PrintNeeds()


def handout_pdf(
    store: Store, assignment_id: str, settings: Settings, *, with_sheet: bool = False
) -> HandoutResult:
    """The handout at the client's recorded print needs (size, background)."""
    a, needs = _stored(store, assignment_id)
    return render_handout(a, needs, settings, with_sheet=with_sheet)


def handout_plain_text(store: Store, assignment_id: str, settings: Settings) -> str:
    a, needs = _stored(store, assignment_id)
    return handout_text(a, settings, language=needs.language)
