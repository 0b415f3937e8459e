"""The review form's optional PHQ-9 and GAD-7: collapsed, keyboard-driven, totals live, saved
to a real store and shown again when the review is reopened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client
from homework_planner.domain.progress import measure
from homework_planner.gui.review.review_form import ReviewForm
from homework_planner.storage import Store
from tests.conftest import full_assignment_dict
from tests.gui.test_review_form import TODAY


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = Store.open(paths.database_path(paths.ensure_private_dir(data_dir)))
    s.add_client(Client(code="HP-0042"))
    older = full_assignment_dict()
    older.update(id="older", title="Older homework", created="2026-11-13T10:00:00Z")
    s.save_assignment(Assignment.model_validate(older))
    due = full_assignment_dict()
    due["review_date"] = TODAY.isoformat()
    s.save_assignment(Assignment.model_validate(due))
    yield s
    s.close()


@pytest.fixture
def form(qtbot, store: Store) -> ReviewForm:
    f = ReviewForm(store, today=lambda: TODAY)
    qtbot.addWidget(f)
    f.resize(600, 1000)
    f.show()
    qtbot.waitExposed(f)
    f.set_client("HP-0042")
    return f


def answer(qtbot, combo, score: int) -> None:
    """Choose an answer by keyboard: focus the combo, press Down score + 1 times."""
    combo.setFocus()
    for _ in range(score + 1):
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def test_collapsed_at_first_and_opened_by_keyboard(qtbot, form) -> None:
    panel = form.questionnaires
    assert not panel.body.isVisible() and "optional" in panel.toggle.text()
    panel.toggle.setFocus()
    qtbot.keyClick(panel.toggle, Qt.Key.Key_Space)
    assert panel.body.isVisible()
    assert len(panel.phq9.combos) == 9 and len(panel.gad7.combos) == 7
    # The wording shown is the data file's plain-words paraphrase, with its source.
    assert measure("phq9").items[1] in panel.phq9.combos[1].accessibleName()
    assert "Kroenke" in " ".join(
        w.text() for w in panel.phq9.findChildren(type(panel.phq9.total_label))
    )


def test_totals_live_and_saved_with_the_review(qtbot, form, store: Store, data_dir) -> None:
    form.completion.set_value(3)
    form.questionnaires.set_open(True)
    phq = [3, 2, 1, 0, 1, 2, 3, 0, 0]
    for combo, score in zip(form.questionnaires.phq9.combos, phq, strict=True):
        answer(qtbot, combo, score)
    assert form.questionnaires.phq9.total_label.text() == "PHQ-9 total: 12 of 27."
    assert "not asked" in form.questionnaires.gad7.total_label.text()
    assert "PHQ-9 12" in form.questionnaires.toggle.text()
    saved = form.save()
    assert saved is not None and saved.phq9 == phq and saved.gad7 is None
    stored = store.list_reviews(assignment_id=saved.assignment_id)[-1]
    assert stored.phq9_total == 12 and stored.gad7_total is None
    # A fresh form on the same store shows the answers again, opened.
    g = ReviewForm(store, today=lambda: TODAY)
    qtbot.addWidget(g)
    g.set_client("HP-0042")
    g.picker.setCurrentIndex(g.picker.findData(saved.assignment_id))
    assert g.questionnaires.is_open()
    assert g.questionnaires.phq9.answers() == phq
    assert g.questionnaires.phq9.total() == 12


def test_part_answered_is_refused_and_nothing_lost(qtbot, form, store: Store) -> None:
    form.completion.set_value(2)
    form.happened_edit.setPlainText("Walked on two days")
    form.questionnaires.set_open(True)
    gad = form.questionnaires.gad7
    for combo in gad.combos[:4]:
        answer(qtbot, combo, 1)
    assert "4 of 7 items answered" in gad.total_label.text()
    assert form.save() is None
    message = form.status_label.text()
    assert "GAD-7 item 5 has no answer" in message and "Nothing was saved" in message
    assert form.focusWidget() is gad.combos[4]
    assert form.happened_edit.toPlainText() == "Walked on two days"
    assert gad.answers()[:4] == [1, 1, 1, 1]
    # Setting them back to "Not asked" saves without a GAD-7.
    for combo in gad.combos[:4]:
        combo.setCurrentIndex(0)
    saved = form.save()
    assert saved is not None and saved.gad7 is None and saved.phq9 is None


def test_unsaved_answers_come_back_when_the_homework_is_reopened(qtbot, form) -> None:
    form.completion.set_value(1)
    form.questionnaires.set_open(True)
    answer(qtbot, form.questionnaires.gad7.combos[0], 2)
    first = form.assignment.id
    other = form.picker.findData("older")
    form.picker.setCurrentIndex(other)
    assert form.questionnaires.gad7.answers() == [None] * 7
    form.picker.setCurrentIndex(form.picker.findData(first))
    assert form.questionnaires.gad7.answers()[0] == 2
