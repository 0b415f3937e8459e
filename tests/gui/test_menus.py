"""Every menu action is reachable by keyboard, and no two actions share a shortcut."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QAction, QKeySequence

from tests.gui.test_editor import open_window


def menu_actions(menu) -> list[QAction]:
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            found += menu_actions(action.menu())
        elif not action.isSeparator():
            found.append(action)
    return found


def test_every_action_has_a_key_and_shortcuts_are_unique(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    assert (
        window.editor is not None
    )  # the editor's own actions replace the stand-ins once it exists
    actions = []
    for top in window.menuBar().actions():
        assert "&" in top.text(), f"menu {top.text()!r} has no Alt+letter"
        actions += menu_actions(top.menu())
    assert len(actions) > 30
    for action in actions:
        # Dock toggles are named by their dock; every other action needs a letter or a shortcut.
        keyed = "&" in action.text() or not action.shortcut().isEmpty()
        assert keyed or action.text() in {"Handout preview", "Review", "Progress"}, action.text()
    shortcuts = Counter(
        key.toString() for action in actions for key in action.shortcuts() if not key.isEmpty()
    )
    assert [k for k, n in shortcuts.items() if n > 1] == []
    assert window.archive_client_action.shortcut() == QKeySequence("Ctrl+Shift+A")
    window.close()
    store.close()
