"""The template chooser lists the service's shared templates beside the built-in ones."""

from __future__ import annotations

from homework_planner.domain.models import Assignment
from homework_planner.gui.dialogs.template_dialog import available_choices
from homework_planner.storage import SharedTemplate

from .work import open_store


def _shared(tid: str, name: str, withdrawn: str | None = None) -> SharedTemplate:
    words = Assignment(client_code="TEMPLATE", title=f"{name} title")
    words.task.what = "Write down one worry and the time it came"
    return SharedTemplate(tid, 3, name, "lee", "2026-11-30T09:00:00+00:00", withdrawn, words)


def test_shared_templates_are_listed_and_a_withdrawn_one_is_not(tmp_path):
    store = open_store(tmp_path / "s")
    store.save_shared_templates(
        [_shared("worry", "Worry time"), _shared("old", "Old one", "2026-12-01T00:00:00+00:00")]
    )
    choices, problem = available_choices(store)
    assert problem == ""
    shared = [c for c in choices if c.label.startswith("Service: ")]
    assert [c.label for c in shared] == ["Service: Worry time — Other (version 3, lee, 2026-11-30)"]
    builtin = [c for c in choices if not c.is_blank and not c.label.startswith("Service: ")]
    assert builtin  # beside the built-in ones
    draft = shared[0].make("HP-0042")
    assert (draft.client_code, draft.template_id) == ("HP-0042", "service:worry@3")
    assert draft.task.what == "Write down one worry and the time it came"
    assert draft.agreements == [] and draft.status == "draft"
    store.close()
