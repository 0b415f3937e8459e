"""The review form, driven by keyboard as a therapist would in the first minutes of a session."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client, PrintNeeds
from homework_planner.gui.review.review_form import ReviewForm
from homework_planner.storage import Store
from tests.conftest import full_assignment_dict

TODAY = date(2026, 11, 27)


@pytest.fixture
def store(data_dir):
    s = Store.open(paths.database_path(paths.ensure_private_dir(data_dir)))
    s.add_client(Client(code="HP-0042"))
    older = full_assignment_dict()
    older.update(
        id="older",
        title="Older homework",
        status="reviewed",
        created="2026-11-13T10:00:00Z",
        review_date="2026-11-20",
    )
    s.save_assignment(Assignment.model_validate(older))
    due = full_assignment_dict()
    due["review_date"] = TODAY.isoformat()
    s.save_assignment(Assignment.model_validate(due))
    draft = full_assignment_dict()
    draft.update(id="draft", title="A draft", status="draft", created="2026-11-26T10:00:00Z")
    s.save_assignment(Assignment.model_validate(draft))
    yield s
    s.close()


@pytest.fixture
def form(qtbot, store):
    f = ReviewForm(store, today=lambda: TODAY)
    qtbot.addWidget(f)
    f.resize(600, 1000)
    f.show()
    qtbot.waitExposed(f)
    f.set_client("HP-0042")
    return f


def type_cell(qtbot, table, row: int, col: int, text: str) -> None:
    table.setFocus()
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # open the cell editor, as a keyboard user would
    editor = table.focusWidget()
    assert editor is not table
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits and closes the editor from the event loop, as between a person's key presses.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert table.item(row, col).text() == text


def row_labels(table) -> list[str]:
    return [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]


def test_homework_due_for_review_comes_first(form):
    assert form.picker.itemText(0) == "A short walk after lunch  (due for review)"
    assert form.assignment.id == "a1b2c3d4e5f6"
    texts = [form.picker.itemText(i) for i in range(form.picker.count())]
    assert texts[1:] == ["A draft  (draft)", "Older homework  (reviewed)"]
    # The sheet has the columns and days the client's sheet had.
    headers = [form.sheet.horizontalHeaderItem(c).text() for c in range(form.sheet.columnCount())]
    assert headers == ["Walked (tick)", "Mood before (0-10)", "Mood after (0-10)"]
    # One row per day the sheet printed (Mon, Wed, Fri from the day after it was set).
    assert row_labels(form.sheet) == ["Mon 23 Nov", "Wed 25 Nov", "Fri 27 Nov"]
    assert form.completion.value() is None  # nothing pre-judged


def test_fill_the_review_by_keyboard_and_plan_next_week(qtbot, form, store):
    first = form.completion.buttons[0]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Down)  # arrows move through the levels, Space picks
    assert form.completion.buttons[1].hasFocus()
    qtbot.keyClick(form.completion.buttons[1], Qt.Key.Key_Space)
    assert form.completion.value() == 1
    qtbot.keyClick(form.completion.buttons[1], Qt.Key.Key_Down)  # once one is picked, arrows pick
    assert form.completion.value() == 2
    qtbot.keyClick(form.completion.buttons[2], Qt.Key.Key_4)  # or type the number
    assert form.completion.value() == 4
    qtbot.keyClick(form.completion.buttons[4], Qt.Key.Key_2)
    assert form.completion.value() == 2
    assert "About half is real progress" in form.completion_hint.text()

    qtbot.keyClick(form.completion.buttons[2], Qt.Key.Key_Tab)
    assert form.happened_edit.hasFocus()
    qtbot.keyClicks(form.happened_edit, "Walked Monday and Friday")
    qtbot.keyClick(form.happened_edit, Qt.Key.Key_Tab)
    assert form.learned_edit.hasFocus()  # Tab moves on; it is not typed into the box
    qtbot.keyClicks(form.learned_edit, "Mood was better after each walk")
    qtbot.keyClick(form.learned_edit, Qt.Key.Key_Tab)
    assert form.obstacles_edit.hasFocus()
    qtbot.keyClicks(form.obstacles_edit, "Rain on Wednesday")
    qtbot.keyClick(form.obstacles_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(form.obstacles_edit, "Forgot on Friday")
    qtbot.keyClick(form.obstacles_edit, Qt.Key.Key_Tab)
    assert form.sheet.hasFocus()
    type_cell(qtbot, form.sheet, 0, 0, "yes")
    type_cell(qtbot, form.sheet, 0, 1, "3")
    type_cell(qtbot, form.sheet, 0, 2, "5")
    type_cell(qtbot, form.sheet, 1, 1, "4")
    type_cell(qtbot, form.sheet, 1, 2, "6")

    assert form.coach_level == "missing"  # no summary yet: the coach says so, live
    assert "no progress summary" in form.coach_label.text()
    qtbot.keyClicks(form.summary_edit, "fine")
    assert form.coach_level == "warn"
    form.summary_edit.clear()
    qtbot.mouseClick(form.suggest_button, Qt.MouseButton.LeftButton)
    summary = form.summary_edit.toPlainText()
    assert "mood after: first day 5, last day 6" in summary
    assert "mood rose after the activity on 2 days with both, on average from 3.5 to 5.5" in summary
    assert form.coach_level == "ok"

    form.next_combo.setFocus()
    qtbot.keyClick(form.next_combo, Qt.Key.Key_Down)
    assert form.next_combo.currentData() == "adjust"
    assert form.save_next_button.isEnabled()

    with qtbot.waitSignal(form.next_assignment_created) as blocker:
        qtbot.mouseClick(form.save_next_button, Qt.MouseButton.LeftButton)
    nxt = blocker.args[0]

    [review] = store.list_reviews(assignment_id="a1b2c3d4e5f6")
    assert review.completion == 2
    assert review.date == TODAY
    assert review.what_happened == "Walked Monday and Friday"
    assert review.next_step == "adjust"
    assert review.progress_summary == summary
    assert [(e.date, e.values) for e in review.monitoring_entries] == [
        (date(2026, 11, 23), {"Walked": True, "Mood before": "3", "Mood after": "5"}),
        (date(2026, 11, 25), {"Walked": None, "Mood before": "4", "Mood after": "6"}),
        (date(2026, 11, 27), {"Walked": None, "Mood before": None, "Mood after": None}),
    ]
    assert store.get_assignment("a1b2c3d4e5f6").status == "reviewed"
    stored = store.get_assignment(nxt.id)
    assert stored.follows == "a1b2c3d4e5f6" and stored.status == "draft"
    assert stored.review_date == TODAY + timedelta(days=7)
    assert stored.rationale.endswith("What I learned last week: Mood was better after each walk.")
    assert [o.if_ for o in stored.obstacles][-1] == "forgot on Friday"
    assert "agree the 'then' of 1 if-then plan" in form.status_label.text()
    # Neither plan was asked about: both are carried over with a prompt, not silently.
    assert "talk 2 carried-over plan(s) through again" in form.status_label.text()
    # The form stays on the review just saved; the new draft is listed.
    assert form.assignment.id == "a1b2c3d4e5f6"
    assert form.picker.findData(nxt.id) >= 0

    # Clicking again does not make a second copy.
    qtbot.mouseClick(form.save_next_button, Qt.MouseButton.LeftButton)
    follows = [a for a in store.load_assignments("HP-0042") if a.follows == "a1b2c3d4e5f6"]
    assert len(follows) == 1
    assert len(store.list_reviews(assignment_id="a1b2c3d4e5f6")) == 1


def test_saving_without_a_completion_level_keeps_what_was_typed(qtbot, form, store):
    qtbot.keyClicks(form.happened_edit, "Went once")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "Choose how much was done" in form.status_label.text()
    assert "nothing you typed is lost" in form.status_label.text()
    assert form.happened_edit.toPlainText() == "Went once"
    assert store.list_reviews(client_code="HP-0042") == []
    assert form.completion.buttons[0].hasFocus()


def test_a_saved_review_opens_again_for_editing(qtbot, form, store):
    form.completion.buttons[4].setChecked(True)
    qtbot.keyClicks(form.summary_edit, "Walked 3 of 3 days; mood up from 4 to 6.")
    form.next_combo.setCurrentIndex(form.next_combo.findData("stop"))
    assert not form.save_next_button.isEnabled()  # "stop" does not copy the homework
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    first = store.list_reviews(assignment_id="a1b2c3d4e5f6")[0]

    form.set_client("HP-0042")
    index = form.picker.findData("a1b2c3d4e5f6")
    form.picker.setCurrentIndex(index)
    assert "reviewed" in form.picker.itemText(index)
    assert form.completion.value() == 4
    assert form.summary_edit.toPlainText() == "Walked 3 of 3 days; mood up from 4 to 6."
    assert "editing the saved review" in form.heading.text()
    qtbot.keyClicks(form.happened_edit, "All three walks")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [again] = store.list_reviews(assignment_id="a1b2c3d4e5f6")
    assert again.id == first.id and again.what_happened == "All three walks"


def test_homework_without_sheet_columns_copies_the_printed_done_tick(qtbot, store):
    data = full_assignment_dict()
    data.update(id="nocols", created="2026-11-26T11:00:00Z", review_date=TODAY.isoformat())
    data["monitoring"]["columns"] = []
    store.save_assignment(Assignment.model_validate(data))
    f = ReviewForm(store, today=lambda: TODAY)
    qtbot.addWidget(f)
    f.set_client("HP-0042")
    f.picker.setCurrentIndex(f.picker.findData("nocols"))
    # The sheet printed a "Done" tick for each day; the review copies exactly that.
    assert f.sheet.horizontalHeaderItem(0).text() == "Done (tick)"
    assert row_labels(f.sheet) == ["Fri 27 Nov", "Mon 30 Nov", "Wed 2 Dec"]
    assert [e.values for e in f.monitoring_entries()] == [{"Done": None}] * 3


def test_homework_with_nothing_on_its_sheet_says_so(qtbot, store):
    data = full_assignment_dict()
    data.update(id="nothing", created="2026-11-26T11:00:00Z", review_date=TODAY.isoformat())
    data["monitoring"]["columns"] = []
    data["task"]["what"] = ""
    store.save_assignment(Assignment.model_validate(data))
    f = ReviewForm(store, today=lambda: TODAY)
    qtbot.addWidget(f)
    f.set_client("HP-0042")
    f.picker.setCurrentIndex(f.picker.findData("nothing"))
    assert f.sheet.isHidden()
    assert "no columns" in f.sheet_label.text()
    assert f.monitoring_entries() == []


def test_no_client_and_client_without_homework(qtbot, store):
    store.add_client(Client(code="HP-0001"))
    f = ReviewForm(store, today=lambda: TODAY)
    qtbot.addWidget(f)
    assert not f.body.isEnabled()
    f.set_client("HP-0001")
    assert f.picker.itemText(0) == "No homework for this client yet"
    assert f.assignment is None and not f.body.isEnabled()
    assert f.save() is None


def test_switching_homework_or_client_keeps_an_unsaved_review(qtbot, form, store):
    qtbot.keyClick(form.completion.buttons[0], Qt.Key.Key_1)
    qtbot.keyClicks(form.happened_edit, "Got as far as the gate")
    type_cell(qtbot, form.sheet, 2, 1, "4")
    assert form.has_unsaved_changes()
    form.picker.setCurrentIndex(form.picker.findData("older"))
    assert form.happened_edit.toPlainText() == ""
    assert not form.has_unsaved_changes()
    store.add_client(Client(code="HP-0001"))
    form.set_client("HP-0001")  # another client in between
    form.set_client("HP-0042")
    assert form.assignment.id == "a1b2c3d4e5f6"
    assert form.happened_edit.toPlainText() == "Got as far as the gate"
    assert form.completion.value() == 1
    assert form.sheet.item(2, 1).text() == "4"  # still on Friday
    assert "not saved yet" in form.status_label.text()
    assert form.has_unsaved_changes()
    assert store.list_reviews(client_code="HP-0042") == []
    form.save()
    assert not form.has_unsaved_changes()
    [saved] = store.list_reviews(client_code="HP-0042")
    assert [(e.key.label, e.values["Mood before"]) for e in saved.monitoring_entries] == [
        ("Mon 23 Nov", None),
        ("Wed 25 Nov", None),
        ("Fri 27 Nov", "4"),
    ]


def _row_of(table, label: str) -> int:
    labels = row_labels(table)
    assert label in labels, labels
    return labels.index(label)


def test_the_grid_has_the_sheets_dates_and_a_blank_day_stays_blank_after_reopening(qtbot, data_dir):
    from homework_planner.domain.settings import Settings
    from homework_planner.output.sheet import render_sheet
    from tests.output.pdfread import flat, text

    db = paths.database_path(paths.ensure_private_dir(data_dir))
    data = full_assignment_dict()
    # Agreed on Friday 27 Nov: the sheet runs from Saturday and prints Mon, Wed and Fri.
    data.update(id="week2", created="2026-11-27T10:00:00Z", review_date="2026-12-04")
    a = Assignment.model_validate(data)
    with Store.open(db) as s:
        s.add_client(Client(code="HP-0042"))
        s.save_assignment(a)
    printed = flat(text(render_sheet(a, PrintNeeds(), Settings())))
    for label in ("Mon 30 Nov", "Wed 2 Dec", "Fri 4 Dec"):
        assert label in printed

    today = date(2026, 12, 4)
    s = Store.open(db)
    f = ReviewForm(s, today=lambda: today)
    qtbot.addWidget(f)
    f.show()
    qtbot.waitExposed(f)
    f.set_client("HP-0042")
    assert row_labels(f.sheet) == ["Mon 30 Nov", "Wed 2 Dec", "Fri 4 Dec"]  # as printed
    mon, fri = _row_of(f.sheet, "Mon 30 Nov"), _row_of(f.sheet, "Fri 4 Dec")
    type_cell(qtbot, f.sheet, mon, 0, "yes")
    type_cell(qtbot, f.sheet, mon, 1, "3")
    type_cell(qtbot, f.sheet, mon, 2, "5")
    # Wednesday left blank: it rained and nothing was written.
    type_cell(qtbot, f.sheet, fri, 0, "no")
    type_cell(qtbot, f.sheet, fri, 1, "4")
    qtbot.keyClick(f.completion.buttons[0], Qt.Key.Key_2)
    qtbot.keyClicks(f.summary_edit, "Walked once of three; mood after the walk 5.")
    with qtbot.waitSignal(f.saved):
        qtbot.mouseClick(f.save_button, Qt.MouseButton.LeftButton)
    s.close()

    s = Store.open(db)  # the real file, closed and opened again
    try:
        [review] = s.list_reviews(assignment_id="week2")
        assert [(e.key.label, e.values) for e in review.monitoring_entries] == [
            ("Mon 30 Nov", {"Walked": True, "Mood before": "3", "Mood after": "5"}),
            ("Wed 2 Dec", {"Walked": None, "Mood before": None, "Mood after": None}),
            ("Fri 4 Dec", {"Walked": False, "Mood before": "4", "Mood after": None}),
        ]
        g = ReviewForm(s, today=lambda: today)
        qtbot.addWidget(g)
        g.set_client("HP-0042")
        g.picker.setCurrentIndex(g.picker.findData("week2"))
        assert row_labels(g.sheet) == ["Mon 30 Nov", "Wed 2 Dec", "Fri 4 Dec"]
        cells = [
            [g.sheet.item(r, c).text() if g.sheet.item(r, c) else "" for c in range(3)]
            for r in range(3)
        ]
        assert cells == [["yes", "3", "5"], ["", "", ""], ["no", "4", ""]]
        assert not g.has_unsaved_changes()
    finally:
        s.close()


def test_a_tick_that_is_not_yes_or_no_is_asked_about_and_nothing_is_lost(qtbot, form, store):
    form.completion.buttons[3].setChecked(True)
    type_cell(qtbot, form.sheet, 1, 0, "x")  # a cross: done or not done? The form asks.
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    message = form.status_label.text()
    assert message.startswith("On Wed 25 Nov, column 1 is a tick: type yes or no")
    assert "Nothing was saved" in message
    assert store.list_reviews(client_code="HP-0042") == []
    assert form.sheet.item(1, 0).text() == "x"
    assert (form.sheet.currentRow(), form.sheet.currentColumn()) == (1, 0)
    type_cell(qtbot, form.sheet, 1, 0, "no")
    with qtbot.waitSignal(form.saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [review] = store.list_reviews(client_code="HP-0042")
    assert review.monitoring_entries[1].values["Walked"] is False


def test_an_extra_entry_is_numbered_after_the_printed_days(qtbot, form, store):
    form.completion.buttons[4].setChecked(True)
    qtbot.mouseClick(form.add_row_button, Qt.MouseButton.LeftButton)
    assert row_labels(form.sheet) == ["Mon 23 Nov", "Wed 25 Nov", "Fri 27 Nov", "Entry 1"]
    type_cell(qtbot, form.sheet, 3, 1, "2")
    qtbot.mouseClick(form.add_row_button, Qt.MouseButton.LeftButton)  # left empty: not kept
    form.save()
    [review] = store.list_reviews(client_code="HP-0042")
    assert [e.key.label for e in review.monitoring_entries] == [
        "Mon 23 Nov",
        "Wed 25 Nov",
        "Fri 27 Nov",
        "Entry 1",
    ]
    form.set_client("HP-0042")
    form.picker.setCurrentIndex(form.picker.findData("a1b2c3d4e5f6"))
    assert row_labels(form.sheet)[-1] == "Entry 1" and form.sheet.item(3, 1).text() == "2"


def test_each_plan_is_asked_about_by_keyboard_and_only_kept_plans_carry_over(qtbot, form, store):
    panel = form.plans_panel
    assert len(panel.happened) == 2  # one row per if-then plan of the homework
    qtbot.keyClick(form.completion.buttons[0], Qt.Key.Key_3)
    panel.happened[0].setFocus()
    # Plan 1 (rain): used, and it helped. Chosen by typing the first letter, Tab between.
    qtbot.keyClicks(panel.happened[0], "U")
    assert panel.happened[0].currentData() == "used"
    assert panel.helped[0].isEnabled()
    qtbot.keyClick(panel.happened[0], Qt.Key.Key_Tab)
    assert panel.helped[0].hasFocus()
    qtbot.keyClicks(panel.helped[0], "Y")
    assert "kept as it is" in panel.notes[0].text()
    qtbot.keyClick(panel.helped[0], Qt.Key.Key_Tab)
    # Plan 2 (tired): used, and it did not help: its "then" is to be rewritten.
    assert panel.happened[1].hasFocus()
    qtbot.keyClicks(panel.happened[1], "U")
    qtbot.keyClick(panel.happened[1], Qt.Key.Key_Tab)
    assert panel.helped[1].hasFocus()
    qtbot.keyClicks(panel.helped[1], "N")
    assert panel.helped[1].currentData() == "no"
    assert "agree a new one" in panel.notes[1].text()
    form.summary_edit.setPlainText("Walked twice; mood after walks up from 3 to 5.")
    form.next_combo.setCurrentIndex(form.next_combo.findData("adjust"))

    with qtbot.waitSignal(form.next_assignment_created) as blocker:
        qtbot.mouseClick(form.save_next_button, Qt.MouseButton.LeftButton)
    nxt = store.get_assignment(blocker.args[0].id)
    [review] = store.list_reviews(assignment_id="a1b2c3d4e5f6")
    assert [(p.happened, p.helped) for p in review.plans] == [("used", "yes"), ("used", "no")]
    last = store.get_assignment("a1b2c3d4e5f6").obstacles
    assert nxt.obstacles[0] == last[0]  # used and helped: carried over as it was
    assert nxt.obstacles[1].if_ == last[1].if_ and nxt.obstacles[1].then == ""
    assert "talk 1 carried-over plan(s) through again" in form.status_label.text()

    # Reopen: a fresh form on a reopened store shows the answers again.
    store.close()
    again = Store.open(store.path)
    other = ReviewForm(again, today=lambda: TODAY)
    qtbot.addWidget(other)
    other.set_client("HP-0042")
    other.picker.setCurrentIndex(other.picker.findData("a1b2c3d4e5f6"))
    assert [c.currentData() for c in other.plans_panel.happened] == ["used", "used"]
    assert [c.currentData() for c in other.plans_panel.helped] == ["yes", "no"]
    assert not other.has_unsaved_changes()
    again.close()


def test_a_plan_not_needed_is_kept_with_a_prompt_and_the_answer_survives_moving_away(qtbot, form):
    panel = form.plans_panel
    qtbot.keyClicks(panel.happened[0], "N")
    assert panel.happened[0].currentData() == "not_needed"
    assert not panel.helped[0].isEnabled()  # "did it help" is asked only of a used plan
    assert "talk it through again" in panel.notes[0].text()
    assert form.has_unsaved_changes()
    form.set_assignment(None)
    form.set_client("HP-0042")
    form.picker.setCurrentIndex(form.picker.findData("a1b2c3d4e5f6"))
    assert form.plans_panel.happened[0].currentData() == "not_needed"
