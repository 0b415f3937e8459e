"""Nothing typed is lost: autosave within 2 s, on switching, on closing; read back from the file."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client
from homework_planner.gui.editor import AssignmentEditor
from homework_planner.gui.main_window import MainWindow
from homework_planner.storage import Store
from tests.conftest import full_assignment_dict


def open_window(qtbot, folder):
    store = Store.open(paths.database_path(paths.ensure_private_dir(folder)))
    window = MainWindow(store, folder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, store


def stored_data(path) -> str:
    """Read the database file directly, with plain sqlite3 (another connection)."""
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT data FROM assignments").fetchone()[0]
    finally:
        con.close()


def test_autosave_after_typing_reaches_the_file(qtbot, tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    store.add_client(Client(code="HP-0042"))
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    editor = AssignmentEditor(store)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(a)
    assert editor.autosave_timer.interval() <= 2000
    goal = editor.rows["goal"].widget
    goal.setFocus()
    goal.moveCursor(goal.textCursor().MoveOperation.End)
    with qtbot.waitSignal(editor.autosaved, timeout=3000) as blocker:
        qtbot.keyClicks(goal, " this spring")
    assert blocker.args == [2]  # one new version for the whole editing session
    assert "seeing my sister this spring" in stored_data(store.path)
    assert editor.save_label.text().startswith("Saved ")
    editor.autosave_ms = 100
    with qtbot.waitSignal(editor.autosaved, timeout=3000) as blocker:
        qtbot.keyClicks(goal, "!")
    assert blocker.args == [2]  # coalesced: still version 2
    with Store.open(store.path) as other:
        assert other.get_assignment(a.id).goal.endswith("this spring!")
        assert [v for v, _ in other.assignment_history(a.id)] == [1, 2]
    store.close()


def test_switching_client_and_closing_save_at_once(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    store.add_client(Client(code="HP-0042"))
    store.add_client(Client(code="HP-0043"))
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    window.refresh_clients(select="HP-0042")
    window.open_assignment(a.id)
    editor = window.editor
    editor.autosave_ms = 60_000  # so only the switch can have saved it
    what = editor.rows["task.what"].widget
    what.setFocus()
    qtbot.keyClicks(what, " quickly")
    assert editor.is_dirty()
    window.refresh_clients(select="HP-0043")
    assert "back quickly" in stored_data(store.path)
    assert window.right_stack.currentWidget() is window.right
    assert not editor.has_assignment()

    window.refresh_clients(select="HP-0042")
    window.assignment_view.setFocus()
    qtbot.keyClick(window.assignment_view, Qt.Key.Key_Return)
    assert editor.current_id == a.id
    qtbot.keyClicks(what, " and back")
    window.close()
    assert "back quickly and back" in stored_data(store.path)
    store.close()


def test_save_failure_keeps_text_and_tells(qtbot, tmp_path):
    store = Store.open(tmp_path / "db.sqlite3")
    store.add_client(Client(code="HP-0042"))
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    editor = AssignmentEditor(store)
    qtbot.addWidget(editor)
    editor.load(a)
    goal = editor.rows["goal"].widget
    qtbot.keyClicks(goal, " soon")
    con = sqlite3.connect(store.path)
    con.execute("BEGIN EXCLUSIVE")  # another program holds the file
    store._con.execute("PRAGMA busy_timeout = 50")
    try:
        assert editor.flush() is False
        assert "Not saved" in editor.error_banner.text()
        assert "still here" in editor.error_banner.text()
        assert goal.value().endswith(" soon") and editor.is_dirty()
    finally:
        con.rollback()
        con.close()
    with qtbot.waitSignal(editor.autosaved, timeout=3000):
        editor.autosave_timer.start(0)  # the retry, without waiting 5 s
    assert editor.error_banner.isHidden()
    assert "soon" in stored_data(store.path)
    store.close()
