"""Keyboard first: Tab goes field to field, the review date lets go, the focus can be seen,
and Help lists every action's keys."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit

from homework_planner.gui.dialogs.shortcuts_dialog import ShortcutsDialog, window_shortcuts
from homework_planner.gui.editor.fields import ReviewDateField
from homework_planner.gui.focus_ring import FOCUS_COLOUR
from tests.gui.test_editor import field, open_example


def no_review_date(data: dict) -> None:
    data["review_date"] = None


def test_tab_goes_field_to_field_and_leaves_a_review_date_that_is_not_set(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir, no_review_date)
    editor = window.editor
    review = field(window, "review_date")
    assert review.value() is None
    row_buttons = {
        id(b)
        for path in ("obstacles", "monitoring.columns")
        for row in field(window, path).rows
        for b in (row.up_button, row.down_button, row.remove_button)
    }
    title = field(window, "title")
    title.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)
    visited = []
    for _ in range(120):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is review.quick_buttons[0]:
            break
    assert visited[-1] is review.quick_buttons[0], "Tab never reached '+1 week'"
    assert visited[-2] is review.date_edit  # straight on from "not set"
    assert not any(id(w) in row_buttons for w in visited)
    # Every stop is a field (or a field's own button), each once.
    assert len({id(w) for w in visited}) == len(visited)
    obstacles = field(window, "obstacles")
    then0 = obstacles.rows[0].then_edit
    assert visited[visited.index(then0) + 1] is obstacles.rows[1].if_edit
    # "+1 week" by keyboard; Shift+Tab goes back into the date.
    qtbot.keyClick(review.quick_buttons[0], Qt.Key.Key_Space)
    assert review.value() == (date.today() + timedelta(days=7)).isoformat()
    qtbot.keyClick(review.quick_buttons[0], Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is review.date_edit
    assert editor.to_assignment().review_date == date.today() + timedelta(days=7)


def test_up_from_not_set_gives_a_week_from_today(qtbot):
    today = date(2026, 3, 2)
    w = ReviewDateField(today=today)
    qtbot.addWidget(w)
    w.show()
    w.date_edit.setFocus()
    qtbot.keyClick(w.date_edit, Qt.Key.Key_Up)
    assert w.value() == "2026-03-09"
    qtbot.keyClick(w.date_edit, Qt.Key.Key_Up)  # then a day (or month/year section) at a time
    assert w.value() > "2026-03-09"


def test_focus_ring_is_drawn_in_the_ring_colour(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir)
    search = window.search_edit
    assert isinstance(search, QLineEdit)
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    image = search.grab().toImage()
    ring = QColor(FOCUS_COLOUR)
    y = image.height() // 2
    left = image.pixelColor(int(image.devicePixelRatio()), y * int(image.devicePixelRatio()))
    assert abs(left.red() - ring.red()) + abs(left.blue() - ring.blue()) < 40, left.name()
    field(window, "goal").setFocus()
    qtbot.waitUntil(lambda: not search.hasFocus())
    unfocused = search.grab().toImage().pixelColor(1, y)
    assert unfocused != left


def test_shortcuts_dialog_lists_the_actions_themselves(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir)
    rows = window_shortcuts(window)
    by_action = {(where, what): keys for where, what, keys in rows}
    assert by_action[("Edit", "Next section")] == QKeySequence("Ctrl+PgDown").toString(
        QKeySequence.SequenceFormat.NativeText
    )
    assert ("Help", "Keyboard shortcuts") in by_action
    # A new action in a menu is listed without anyone keeping a list up to date.
    extra = QAction("&Count the stars", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+8"))
    window.help_menu.addAction(extra)
    rows = window_shortcuts(window)
    assert ("Help", "Count the stars", "Ctrl+Alt+8") in rows
    dialog = ShortcutsDialog(window, rows)
    qtbot.addWidget(dialog)
    texts = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert "Count the stars" in texts and "Next section" in texts
    assert all(isinstance(b, QAbstractButton) for b in dialog.findChildren(QAbstractButton))


def test_a_focused_button_keeps_room_for_its_text(qtbot):
    from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStyle, QStyleOptionButton, QWidget

    from homework_planner.gui.focus_ring import install_focus_ring

    window = QWidget()
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    buttons = [QPushButton(t) for t in ("Add client…", "OK", "Save and plan next week")]
    for b in buttons:
        layout.addWidget(b)
    layout.addStretch(1)
    install_focus_ring(window)
    window.show()
    qtbot.waitExposed(window)
    for button in buttons:
        button.setFixedWidth(button.sizeHint().width())  # laid out at its size before focus
        button.setFocus()
        qtbot.waitUntil(button.hasFocus)
        option = QStyleOptionButton()
        button.initStyleOption(option)
        contents = button.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, button
        )
        assert contents.width() >= button.fontMetrics().horizontalAdvance(button.text())
