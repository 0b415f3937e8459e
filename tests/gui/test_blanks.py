"""A template's [ ] blanks: F3 goes blank to blank across fields and selects each, so typing
fills it; arriving at a field by Tab or Enter selects its blank too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from homework_planner.domain.models import Client
from homework_planner.domain.templates import not_yet_personalised
from tests.gui.test_editor import field, open_window, pick_template_by_keyboard


def new_from_template(qtbot, data_dir, words: str):
    window, store = open_window(qtbot, data_dir)
    store.add_client(Client(code="HP-0042"))
    window.refresh_clients()
    window.client_view.setFocus()
    pick_template_by_keyboard(qtbot, words)
    qtbot.keyClick(window.client_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field(window, "goal"))
    return window, store


def f3() -> None:
    from pytestqt.qtbot import QtBot

    QtBot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F3)


def selected() -> str:
    return QApplication.focusWidget().textCursor().selectedText()


def test_f3_fills_every_blank_in_turn_and_then_says_all_are_filled(qtbot, data_dir):
    window, store = new_from_template(qtbot, data_dir, "activation")
    editor = window.editor
    messages: list[str] = []
    editor.status_message.connect(lambda text, ms: messages.append(text))
    qtbot.keyClicks(QApplication.focusWidget(), "Feel less low")

    f3()
    assert QApplication.focusWidget() is field(window, "task.what")
    assert selected() == "[name it, e.g. walk to the park and back]"
    qtbot.keyClicks(QApplication.focusWidget(), "walk to the park and back")
    assert field(window, "task.what").value() == "Do my planned activity: walk to the park and back"

    f3()
    assert QApplication.focusWidget() is field(window, "rationale")
    assert selected() == "[my goal, in my words]"
    qtbot.keyClicks(QApplication.focusWidget(), "feel less low")

    f3()
    assert selected() == "[what might stop me, e.g. rain]"
    qtbot.keyClicks(QApplication.focusWidget(), "rain")
    f3()
    assert selected() == "[name it]"
    qtbot.keyClicks(QApplication.focusWidget(), "tidy one drawer")

    f3()
    assert messages[-1] == "Every [ ] part is filled in."
    a = editor.to_assignment()
    assert a.obstacles[1].if_ == "rain stops me"
    assert a.obstacles[1].then == "do my back-up instead: tidy one drawer"
    # Only the template's own first plan (no blank, untouched) is still the template speaking.
    assert not_yet_personalised(a) == ["obstacles[1].if", "obstacles[1].then"]
    editor.close_action.trigger()
    window.close()
    store.close()


def test_tab_into_a_field_with_a_blank_selects_it(qtbot, data_dir):
    window, store = new_from_template(qtbot, data_dir, "activation")
    goal = field(window, "goal")
    qtbot.keyClicks(goal, "Feel less low")
    qtbot.keyClick(goal, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is field(window, "task.what")
    assert selected() == "[name it, e.g. walk to the park and back]"
    # A field without a blank: Tab leaves its cursor alone (nothing selected to overwrite).
    qtbot.keyClicks(QApplication.focusWidget(), "a short walk")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert selected() == ""
    window.editor.close_action.trigger()
    window.close()
    store.close()


@pytest.mark.qt_log_ignore(  # a popup menu, offscreen
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)
def test_a_common_obstacle_is_picked_by_keyboard_as_one_undo_step(qtbot, data_dir):
    from PySide6.QtWidgets import QMenu

    from homework_planner.domain.templates import get_template

    window, store = new_from_template(qtbot, data_dir, "activation")
    editor = window.editor
    obstacles = field(window, "obstacles")
    library = get_template("behavioural_activation").obstacle_library
    assert obstacles.common_button.isVisible()
    assert len(obstacles.common_menu.actions()) == len(library)
    # Reached by Tab from the last plan's fields and the Add button, opened with Space.
    obstacles.add_button.setFocus()
    qtbot.keyClick(obstacles.add_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is obstacles.common_button

    def pick_second() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    from PySide6.QtCore import QTimer

    QTimer.singleShot(100, pick_second)
    steps = editor.undo_stack.count()
    qtbot.keyClick(obstacles.common_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(obstacles.rows) == 3, timeout=3000)
    plan = library[1]
    assert obstacles.rows[2].value() == {"if": plan.if_, "then": plan.then}
    # Its blank ("[name it]") is selected, ready for the client's own back-up.
    assert QApplication.focusWidget() is obstacles.rows[2].then_edit
    assert selected() == "[name it]"
    assert editor.undo_stack.count() == steps + 1
    editor.undo_action.trigger()
    assert len(obstacles.rows) == 2
    editor.close_action.trigger()
    window.close()
    store.close()


def test_a_blank_assignment_offers_no_common_obstacles(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    store.add_client(Client(code="HP-0042"))
    window.refresh_clients()
    window.client_view.setFocus()
    pick_template_by_keyboard(qtbot, "blank")
    qtbot.keyClick(window.client_view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.editor.has_assignment())
    obstacles = field(window, "obstacles")
    assert not obstacles.common_button.isVisible()
    assert obstacles.common_button not in obstacles.focus_order()
    window.editor.close_action.trigger()
    window.close()
    store.close()
