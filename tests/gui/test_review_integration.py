"""Review and Progress in the main window: open a returning client, review, see the trend."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client
from homework_planner.gui.main_window import MainWindow
from homework_planner.gui.review.integration import install_review_features
from homework_planner.storage import Store
from tests.conftest import full_assignment_dict


# The offscreen test platform cannot raise windows; opening trainer mode asks it to.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_review_a_returning_client_and_see_the_timeline_and_chart_update(qtbot, data_dir):
    today = date.today()
    store = Store.open(paths.database_path(paths.ensure_private_dir(data_dir)))
    store.add_client(Client(code="HP-0042", preferred_name="Robin"))
    data = full_assignment_dict()
    data["created"] = f"{today - timedelta(days=7)}T10:00:00Z"
    data["review_date"] = today.isoformat()
    store.save_assignment(Assignment.model_validate(data))

    window = MainWindow(store, data_dir)
    qtbot.addWidget(window)
    features = install_review_features(window)
    assert install_review_features(window) is features  # installing twice changes nothing
    refreshed = []
    original_refresh = window.refresh_assignments
    window.refresh_assignments = lambda *a, **k: (refreshed.append(1), original_refresh())
    window.show()
    qtbot.waitExposed(window)

    form, panel = features.review_form, features.progress_panel
    assert window.current_client().code == "HP-0042"
    assert form.assignment is not None and form.assignment.id == "a1b2c3d4e5f6"
    assert "(due for review)" in form.picker.currentText()
    assert panel.timeline.topLevelItemCount() == 1
    assert panel.chart.progress.reviewed == 0
    assert panel.summary_label.text().startswith("1 homework set; none reviewed yet")

    features.review_action.trigger()
    assert features.review_dock.isVisible()
    assert window.focusWidget() is form.completion.buttons[0]  # ready for the keyboard
    qtbot.keyClick(form.completion.buttons[0], Qt.Key.Key_3)
    assert form.completion.value() == 3
    qtbot.keyClicks(form.happened_edit, "Walked twice")
    qtbot.keyClicks(form.learned_edit, "Walking lifts my mood")
    qtbot.keyClicks(form.summary_edit, "Walked 2 of 3 days; mood after walks 6, before 4.")
    assert form.coach_level == "ok"
    form.next_combo.setFocus()
    qtbot.keyClick(form.next_combo, Qt.Key.Key_Down)
    with qtbot.waitSignal(form.next_assignment_created):
        qtbot.mouseClick(form.save_next_button, Qt.MouseButton.LeftButton)

    assert refreshed  # the window's assignment list was refreshed
    assert "Next week's homework is ready" in window.statusBar().currentMessage()
    assert [s.status for s in store.list_assignments("HP-0042")].count("draft") == 1
    features.progress_action.trigger()
    assert features.progress_dock.isVisible()
    assert panel.chart.progress.reviewed == 1
    assert panel.chart.progress.sessions[0].completion == 3
    texts = [
        panel.timeline.topLevelItem(i).text(1) for i in range(panel.timeline.topLevelItemCount())
    ]
    assert texts == [
        "Set: A short walk after lunch",  # next week's, set today
        "Reviewed: A short walk after lunch",
        "Set: A short walk after lunch",
    ]
    assert panel.summary().startswith("1 of 1 homework mostly or fully done")
    # The latest review's own summary is shown under the timeline.
    assert panel.detail_label.text().endswith("Walked 2 of 3 days; mood after walks 6, before 4.")

    features.copy_summary_action.trigger()
    assert "copied" in window.statusBar().currentMessage()

    features.trainer_action.trigger()
    trainer = features.trainer_window
    qtbot.addWidget(trainer)
    assert trainer.isVisible() and trainer.examples
    trainer.close()
    window.close()
    store.close()


def test_closing_with_an_unsaved_review_asks_first(qtbot, data_dir, monkeypatch):
    store = Store.open(paths.database_path(paths.ensure_private_dir(data_dir)))
    store.add_client(Client(code="HP-0042"))
    data = full_assignment_dict()
    data["review_date"] = date.today().isoformat()
    store.save_assignment(Assignment.model_validate(data))
    window = MainWindow(store, data_dir)
    qtbot.addWidget(window)
    features = install_review_features(window)
    window.show()
    qtbot.waitExposed(window)
    form = features.review_form
    qtbot.keyClicks(form.happened_edit, "Walked once")
    answers = [QMessageBox.StandardButton.Cancel]
    asked = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    assert not window.close()  # Cancel: the window stays, the text stays
    assert window.isVisible() and form.happened_edit.toPlainText() == "Walked once"
    assert "not saved yet" in asked[0]
    answers.append(QMessageBox.StandardButton.Save)
    assert not window.close()  # Save, but no completion chosen yet: stays open and says why
    assert "Choose how much was done" in form.status_label.text()
    form.completion.buttons[2].setChecked(True)
    answers.append(QMessageBox.StandardButton.Save)
    assert window.close()
    assert store.list_reviews(client_code="HP-0042")[0].what_happened == "Walked once"
    store.close()
