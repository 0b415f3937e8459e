"""The schedule and the words agree: typed words fill the schedule, ticks write the words."""

from __future__ import annotations

from PySide6.QtCore import Qt

from homework_planner.domain.models import Assignment
from tests.gui.test_editor import field, open_example


def blank_task(data: dict) -> None:
    data["task"].update(when="", how_often="", how_long="", schedule=None)


def test_typed_words_fill_the_schedule_and_the_other_words(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir, blank_task)
    editor = window.editor
    when = field(window, "task.when")
    when.setFocus()
    qtbot.keyClicks(when, "Mon, Wed, Fri at 1pm for 15 mins")
    schedule = field(window, "task.schedule")
    assert schedule.value() == {
        "days": ["mon", "wed", "fri"],
        "time": "13:00",
        "duration_minutes": 15,
    }
    assert schedule.time_edit.text() == "13:00"
    # The empty words fields were written from the schedule; the typed ones are kept.
    assert when.value() == "Mon, Wed, Fri at 1pm for 15 mins"
    assert field(window, "task.how_often").value() == "Monday, Wednesday and Friday"
    assert field(window, "task.how_long").value() == "15 minutes"
    qtbot.waitUntil(lambda: editor.save_label.text().startswith("Saved"), timeout=5000)
    saved = store.get_assignment(a.id)
    assert saved.task.schedule.days == ["mon", "wed", "fri"]
    assert saved.task.schedule.time == "13:00"
    # One undo step takes back the typing and what it filled.
    editor.undo_action.trigger()
    assert when.value() == ""
    assert schedule.value() is None
    assert field(window, "task.how_often").value() == ""


def test_ticks_rewrite_app_words_but_never_typed_words_and_a_mismatch_shows(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir, blank_task)
    editor = window.editor
    schedule = field(window, "task.schedule")
    how_often = field(window, "task.how_often")
    how_long_row = editor.rows["task.how_long"]
    schedule.day_boxes["mon"].setFocus()
    qtbot.keyClick(schedule.day_boxes["mon"], Qt.Key.Key_Space)
    assert how_often.value() == "Every Monday"
    schedule.day_boxes["wed"].setFocus()
    qtbot.keyClick(schedule.day_boxes["wed"], Qt.Key.Key_Space)
    assert how_often.value() == "Monday and Wednesday"  # the app's own words: rewritten
    # The time box takes "1300" and the when words follow.
    schedule.time_edit.setFocus()
    qtbot.keyClicks(schedule.time_edit, "1300")
    assert field(window, "task.when").value() == "At 1 pm"
    qtbot.keyClick(schedule.time_edit, Qt.Key.Key_Tab)
    assert schedule.time_edit.text() == "13:00"
    # The therapist's own words are kept when the schedule changes; the mismatch is shown.
    how_long = field(window, "task.how_long")
    how_long.setFocus()
    qtbot.keyClicks(how_long, "about ten minutes")
    assert schedule.minutes.value_or_none() == 10
    schedule.minutes.setFocus()
    schedule.minutes.selectAll()
    qtbot.keyClicks(schedule.minutes, "201")
    assert schedule.minutes.value_or_none() == 201
    assert how_long.value() == "about ten minutes"
    qtbot.waitUntil(lambda: how_long_row.mismatch_label.isVisible(), timeout=3000)
    text = how_long_row.mismatch_label.text()
    assert "10 minutes" in text and "3 hours 21 minutes" in text
    # Putting the words right clears it.
    how_long.selectAll()
    how_long.setFocus()
    qtbot.keyClicks(how_long, "201 minutes")
    qtbot.waitUntil(lambda: not how_long_row.mismatch_label.isVisible(), timeout=3000)


def test_a_stored_mismatch_is_shown_when_opened(qtbot, data_dir):
    def change(data: dict) -> None:
        data["task"].update(
            how_long="10 minutes", schedule={"days": ["mon"], "duration_minutes": 20}
        )

    window, store, a = open_example(qtbot, data_dir, change)
    assert Assignment.model_validate(store.get_assignment(a.id).model_dump(by_alias=True))
    row = window.editor.rows["task.how_long"]
    assert row.mismatch_label.isVisibleTo(window)
    assert "20 minutes" in row.mismatch_label.text()


def test_days_on_the_sheet_says_how_many_rows_the_ticked_days_give(qtbot, data_dir):
    def change(data: dict) -> None:
        data["task"]["schedule"] = {"days": ["mon", "wed", "fri"], "time": "13:00"}
        data["monitoring"]["days"] = 7

    window, store, a = open_example(qtbot, data_dir, change)
    row = window.editor.rows["monitoring.days"]
    assert row.help_label.isVisibleTo(window)
    assert "3 rows" in row.help_label.text() and "7 days" in row.help_label.text()
    days = field(window, "monitoring.days")
    days.setFocus()
    days.selectAll()
    qtbot.keyClicks(days, "14")
    qtbot.waitUntil(lambda: "6 rows" in row.help_label.text(), timeout=3000)
    schedule = field(window, "task.schedule")
    for day in ("mon", "wed", "fri"):
        schedule.day_boxes[day].setChecked(False)
    qtbot.waitUntil(lambda: not row.help_label.isVisibleTo(window), timeout=3000)
