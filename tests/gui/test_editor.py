"""The guided editor, driven as a therapist would: keyboard, template, coach, undo, reopen."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client
from homework_planner.domain.templates import get_template
from homework_planner.gui.dialogs.template_dialog import TemplateDialog
from homework_planner.gui.editor.fields import TextField
from homework_planner.gui.main_window import MainWindow
from homework_planner.storage import Store
from tests.conftest import full_assignment_dict


def open_window(qtbot, folder):
    store = Store.open(paths.database_path(paths.ensure_private_dir(folder)))
    window = MainWindow(store, folder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Shortcuts (Ctrl+N, Ctrl+Z) go to the active window only.
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    return window, store


def open_example(qtbot, folder, change=None):
    """A window with client HP-0042 and the invented example assignment open in the editor;
    `change(data)` may alter the example's JSON first."""
    window, store = open_window(qtbot, folder)
    store.add_client(Client(code="HP-0042"))
    data = full_assignment_dict()
    if change is not None:
        change(data)
    a = Assignment.model_validate(data)
    store.save_assignment(a)
    window.refresh_clients()
    window.open_assignment(a.id)
    return window, store, a


def pick_template_by_keyboard(qtbot, words: str) -> None:
    """When the chooser is up: type to filter and press Enter, as a user would."""

    def pick():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TemplateDialog)
        qtbot.keyClicks(dialog.filter_edit, words)
        qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick)


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def field(window, path):
    return window.editor.rows[path].widget


def test_template_by_keyboard_coach_turns_ok_undo_and_reopen(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    store.add_client(Client(code="HP-0042"))
    window.refresh_clients()
    window.client_view.setFocus()
    editor = window.editor

    pick_template_by_keyboard(qtbot, "activation")
    qtbot.keyClick(window.client_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.right_stack.currentWidget() is editor
    assert field(window, "title").value() == "Doing things that matter to me"
    assert editor.coach_panel.level_of("task.specific") == "missing"
    # The cursor waits in the first field the coach needs, not at the top of the form: the
    # template's [ ] part of 'what', which only the client can fill in.
    # (the focus comes back to the main window once the chooser has closed)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field(window, "goal"))
    qtbot.keyClicks(QApplication.focusWidget(), "Feel less low and get back to my life")
    what = field(window, "task.what")  # the template's [ ] part only the client can fill in
    what.setFocus()
    qtbot.keyClick(what, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(what, "Walk to the park at the end of my road and back")

    type_into(qtbot, field(window, "task.when"), "After lunch, at 1 pm")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is field(window, "task.where")
    qtbot.keyClicks(QApplication.focusWidget(), "In the park at the end of my road")
    type_into(qtbot, field(window, "task.how_often"), "On Monday, Wednesday and Friday")
    type_into(qtbot, field(window, "task.how_long"), "20 minutes")
    qtbot.waitUntil(lambda: editor.coach_panel.level_of("task.specific") == "ok", timeout=3000)
    assert editor.coach_panel.checklist_done("a")

    type_into(
        qtbot,
        field(window, "client_reaction.summary_in_own_words"),
        "I'll go to the park after lunch three days a week",
    )
    confidence = field(window, "client_reaction.confidence")
    confidence.setFocus()
    for _ in range(9):  # from "not asked" up to 8
        qtbot.keyClick(confidence, Qt.Key.Key_Up)
    assert confidence.value() == 8
    qtbot.waitUntil(lambda: editor.coach_panel.level_of("reaction.elicited") == "ok", timeout=3000)
    qtbot.mouseClick(field(window, "review_date").quick_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.coach_panel.checklist_done("d"), timeout=3000)

    # Undo a typed change and a structural one, from the Edit menu's shortcut.
    where = field(window, "task.where")
    type_into(qtbot, where, " today")
    obstacles = field(window, "obstacles")
    assert len(obstacles.rows) == 2
    qtbot.mouseClick(obstacles.rows[1].remove_button, Qt.MouseButton.LeftButton)
    assert len(obstacles.rows) == 1
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(obstacles.rows) == 2
    assert (
        obstacles.rows[1].then_edit.value()
        == get_template("behavioural_activation").obstacles[1].then
    )
    window.editor.undo_action.trigger()
    assert where.value() == "In the park at the end of my road"
    window.editor.redo_action.trigger()
    assert where.value() == "In the park at the end of my road today"
    a_id = editor.current_id

    window.close()
    store.close()
    window2, store2 = open_window(qtbot, data_dir)
    assert store2.get_assignment(a_id).task.where == "In the park at the end of my road today"
    assert len(store2.get_assignment(a_id).obstacles) == 2
    window2.assignment_view.setFocus()
    qtbot.keyClick(window2.assignment_view, Qt.Key.Key_Return)
    assert window2.editor.current_id == a_id
    assert field(window2, "task.how_long").value() == "20 minutes"
    assert field(window2, "client_reaction.confidence").value() == 8
    assert window2.editor.coach_panel.level_of("task.specific") == "ok"
    window2.close()
    store2.close()


def test_blank_assignment_and_section_keys(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    store.add_client(Client(code="HP-0001"))
    window.refresh_clients()
    pick_template_by_keyboard(qtbot, "blank")
    window.new_assignment_action.trigger()
    editor = window.editor
    assert editor.to_assignment().template_id is None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field(window, "title"))
    assert editor.coach_panel.level_of("task.specific") == "missing"
    qtbot.keyClicks(field(window, "title"), "Sleep diary")
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    assert QApplication.focusWidget() is field(window, "task.what")
    assert window.statusBar().currentMessage() == "Section 2 of 7: What I will do"
    top_of = editor.sections[1].mapTo(editor.form, editor.sections[1].rect().topLeft()).y()
    assert abs(editor.form_scroll.verticalScrollBar().value() - top_of) <= 8  # at the top
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
    )
    assert QApplication.focusWidget() is field(window, "rationale")
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier
    )
    assert "Section 2 of 7" in window.statusBar().currentMessage()
    window.close()
    rows = store.list_assignments("HP-0001")
    assert [r.title for r in rows] == ["Sleep diary"]
    store.close()


def test_every_field_has_an_accessible_name(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    store.add_client(Client(code="HP-0042"))
    window.refresh_clients()
    editor = window.editor
    editor.load(Assignment.model_validate(full_assignment_dict()))
    for row in editor.rows.values():
        w = row.widget
        for part in w.focus_order() if hasattr(w, "focus_order") else [w]:
            name = part.accessibleName() or (isinstance(part, QAbstractButton) and part.text())
            assert name, f"{row.spec.path}: {type(part).__name__}"
    store.close()


def test_coach_link_focuses_field_and_vague_words_are_marked(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir, lambda d: d["task"].update(how_long="a while"))
    editor = window.editor
    how_long = field(window, "task.how_long")
    assert editor.coach_panel.level_of("task.specific") == "warn"
    assert any(
        "a while" in line for line in editor.rows["task.how_long"].marks_label.text().split("\n")
    )
    hl = editor._highlighters[id(how_long)]
    assert hl.spans == ((0, 7),)
    view = editor.coach_panel.views["task.specific"]
    assert "Check" in view.text() and "Go to" in view.text()
    view.linkActivated.emit(view.text().split('href="')[1].split('"')[0])
    assert QApplication.focusWidget() is how_long
    how_long.selectAll()
    qtbot.keyClicks(how_long, "15 minutes")
    qtbot.waitUntil(lambda: editor.coach_panel.level_of("task.specific") == "ok", timeout=3000)
    assert hl.spans == ()
    window.close()  # saves what was typed, while the store is still open
    store.close()


def test_invalid_time_keeps_text_shows_message_saves_rest(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir)
    editor = window.editor
    editor.autosave_ms = 100  # the 2-second promise is tested in test_autosave.py
    schedule = field(window, "task.schedule")
    schedule.time_edit.selectAll()
    qtbot.keyClicks(schedule.time_edit, "25:70")
    with qtbot.waitSignal(editor.autosaved, timeout=3000):
        type_into(qtbot, field(window, "task.what"), " twice")
    problem = editor.rows["task.schedule"].problem_label
    qtbot.waitUntil(problem.isVisible, timeout=3000)
    assert "24-hour time like 18:30" in problem.text()
    assert "kept" in problem.text()
    assert schedule.time_edit.text() == "25:70"
    with Store.open(store.path) as other:
        saved = other.get_assignment(a.id)
    assert saved.task.what.endswith("and back twice")
    assert saved.task.schedule.time is None and saved.task.schedule.days == ["mon", "wed", "fri"]
    schedule.time_edit.selectAll()
    qtbot.keyClicks(schedule.time_edit, "18:30")
    qtbot.waitUntil(lambda: not problem.isVisible(), timeout=3000)
    store.close()


def test_obstacles_and_columns_add_reorder_remove_by_keyboard(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir)
    editor = window.editor
    obstacles = field(window, "obstacles")
    obstacles.add_button.setFocus()
    qtbot.keyClick(obstacles.add_button, Qt.Key.Key_Space)
    assert len(obstacles.rows) == 3
    assert QApplication.focusWidget() is obstacles.rows[2].if_edit
    qtbot.keyClicks(obstacles.rows[2].if_edit, "my sister visits")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "take her with me")
    qtbot.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_Up,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [o["if"] for o in obstacles.value()][1] == "my sister visits"
    assert QApplication.focusWidget() is obstacles.rows[1].then_edit
    assert [o.if_ for o in editor.to_assignment().obstacles][1] == "my sister visits"
    editor.undo_action.trigger()
    assert [o["if"] for o in obstacles.value()][2] == "my sister visits"

    columns = field(window, "monitoring.columns")
    qtbot.mouseClick(columns.add_button, Qt.MouseButton.LeftButton)
    assert len(columns.rows) == 4 and len(editor.to_assignment().monitoring.columns) == 3
    qtbot.keyClicks(columns.rows[3].label_edit, "Steps")
    columns.rows[3].scale_combo.setCurrentText("number")
    assert editor.to_assignment().monitoring.columns[3].label == "Steps"
    # The row buttons are off the Tab chain; Ctrl+Shift+Delete in a row removes it.
    assert columns.rows[0].remove_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    columns.rows[0].label_edit.setFocus()
    qtbot.keyClick(
        columns.rows[0].label_edit,
        Qt.Key.Key_Delete,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QApplication.focusWidget() is columns.rows[0].label_edit  # the keyboard stays here
    assert [c.label for c in editor.to_assignment().monitoring.columns][0] == "Mood before"
    editor.undo_action.trigger()
    assert [c.label for c in editor.to_assignment().monitoring.columns][0] == "Walked"
    window.close()  # saves what was typed, while the store is still open
    store.close()


def test_duplicate_for_next_week_and_mark_agreed_versions(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir, lambda d: d.update(status="draft"))
    editor = window.editor

    type_into(qtbot, field(window, "task.what"), " with the dog")
    assert editor.agree_button.isEnabled()
    qtbot.mouseClick(editor.agree_button, Qt.MouseButton.LeftButton)
    history = store.assignment_history(a.id)
    # The typed words were saved first (version 2); agreeing froze them as version 3.
    assert [v for v, _ in history] == [1, 2, 3]
    assert history[-1][1].status == "agreed" and history[-1][1].agreed_on == date.today()
    assert history[-1][1].agreements[-1].version == 3
    assert history[-1][1].task.what.endswith("with the dog")
    assert "agreed (version 3) on" in editor.status_label.text()
    assert not editor.agree_button.isEnabled()

    editor.duplicate_action.trigger()
    new = editor.to_assignment()
    assert new.id != a.id and new.follows == a.id and new.status == "draft"
    assert new.agreements == [] and "not yet agreed" in editor.status_label.text()
    assert new.review_date == a.review_date + timedelta(days=7)
    assert new.task.what.endswith("with the dog")
    assert store.get_assignment(new.id) is not None
    assert store.get_assignment(a.id).status == "agreed"
    assert {r.id for r in store.list_assignments("HP-0042")} == {a.id, new.id}
    store.close()


def test_save_as_my_template_then_start_from_it(qtbot, data_dir, monkeypatch):
    from homework_planner.gui.dialogs import save_template_dialog

    window, store = open_window(qtbot, data_dir)
    store.add_client(Client(code="HP-0042"))
    store.add_client(Client(code="HP-0043"))
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    window.refresh_clients(select="HP-0042")
    window.open_assignment(a.id)
    monkeypatch.setattr(
        save_template_dialog.SaveTemplateDialog,
        "get_name",
        classmethod(lambda cls, parent, default="": f"{default} (mine)"),
    )
    window.editor.save_template_action.trigger()
    [(tid, name, kept)] = store.list_user_templates()
    assert name == "A short walk after lunch (mine)"
    assert kept.client_reaction.summary_in_own_words == "" and kept.review_date is None

    window.refresh_clients(select="HP-0043")
    assert not window.editor.has_assignment()
    pick_template_by_keyboard(qtbot, "mine")
    window.new_assignment_action.trigger()
    b = window.editor.to_assignment()
    assert b.client_code == "HP-0043" and b.id != a.id and b.template_id == tid
    assert b.task.what == a.task.what and b.client_reaction.confidence is None
    store.close()


def test_text_fields_grow_with_content(qtbot):
    text = TextField(min_lines=2)
    qtbot.addWidget(text)
    text.resize(300, 50)
    text.show()
    before = text.height()
    text.set_value("word " * 200)
    qtbot.waitUntil(lambda: text.height() > before)


def test_due_for_review_is_listed_first_and_opens_with_enter(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    store.add_client(Client(code="HP-0042"))
    due = full_assignment_dict()
    due.update(id="due", title="Due now", status="agreed", created="2026-01-01T10:00:00Z")
    due["review_date"] = (date.today() - timedelta(days=1)).isoformat()
    later = full_assignment_dict()
    later.update(id="later", title="Newer draft", status="draft")
    later["created"] = "2026-11-21T10:00:00Z"
    for d in (due, later):
        store.save_assignment(Assignment.model_validate(d))
    window.refresh_clients()
    model = window.assignment_model
    assert [model.summary_at(r).id for r in range(model.rowCount())] == ["due", "later"]
    assert "(due)" in model.data(model.index(0, 3))
    window.assignment_view.setFocus()
    qtbot.keyClick(window.assignment_view, Qt.Key.Key_Return)
    assert window.editor.current_id == "due"
    seen = []
    window.editor.assignment_changed.connect(seen.append)
    type_into(qtbot, field(window, "title"), "!")
    qtbot.waitUntil(lambda: bool(seen) and seen[-1].title == "Due now!", timeout=3000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.right_stack.currentWidget() is window.right
    assert store.get_assignment("due").title == "Due now!"
    store.close()


def test_ctrl_z_in_date_and_scale_boxes_undoes_in_the_form(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir, lambda d: d.update(review_date=None))
    review = field(window, "review_date")
    review.quick_buttons[1].setFocus()
    qtbot.keyClick(review.quick_buttons[1], Qt.Key.Key_Space)
    assert review.value() == (date.today() + timedelta(days=14)).isoformat()
    review.date_edit.setFocus()
    qtbot.keyClick(review.date_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.value() is None
    scale = field(window, "monitoring.columns").rows[0].scale_combo
    scale.lineEdit().setFocus()
    scale.lineEdit().selectAll()
    qtbot.keyClicks(scale.lineEdit(), "yes/no")
    assert window.editor.to_assignment().monitoring.columns[0].scale == "yes/no"
    qtbot.keyClick(scale.lineEdit(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.to_assignment().monitoring.columns[0].scale == "tick"
    qtbot.keyClick(
        scale.lineEdit(),
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.editor.to_assignment().monitoring.columns[0].scale == "yes/no"
    window.close()  # saves what was typed, while the store is still open
    store.close()


def test_readable_at_200_percent_text_without_sideways_scrolling(qtbot, data_dir):
    app = QApplication.instance()
    normal = app.font()
    big = app.font()
    big.setPointSizeF(normal.pointSizeF() * 2)
    app.setFont(big)
    try:
        window, store = open_window(qtbot, data_dir)
        store.add_client(Client(code="HP-0042"))
        a = Assignment.model_validate(full_assignment_dict())
        store.save_assignment(a)
        window.resize(1280, 860)
        # Even with the side panels shown, the window never needs more than a laptop screen.
        assert window.minimumSizeHint().width() <= 1280
        # At this size a user hides the side panels (Handout/Review menus) to give the form room.
        for dock in (
            window.output_features.dock,
            window.review_features.review_dock,
            window.review_features.progress_dock,
        ):
            dock.toggleViewAction().trigger()
            assert dock.isHidden()
        window.refresh_clients()
        window.open_assignment(a.id)
        editor = window.editor
        what = field(window, "task.what")
        qtbot.waitUntil(lambda: what.height() >= 2 * what.fontMetrics().lineSpacing())
        qtbot.waitUntil(lambda: editor.form.width() > 0)
        assert what.font().pointSizeF() == big.pointSizeF()
        # Every field fits the width: nothing hides to the right of a sideways scroll bar.
        qtbot.waitUntil(
            lambda: editor.form_scroll.horizontalScrollBar().maximum() == 0, timeout=2000
        )
        assert editor.coach_panel.width() >= editor.coach_panel.minimumWidth() > 0
        store.close()
    finally:
        app.setFont(normal)
