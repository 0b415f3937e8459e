"""Help ▸ Keyboard shortcuts: every action of a window with its keys, read from the actions."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

# Keys that are not actions of a menu, but of the form itself (Tab order, rows, mnemonics).
FORM_KEYS: tuple[tuple[str, str], ...] = (
    ("Form", "Tab / Shift+Tab: next / previous field"),
    ("Form", "Enter in a one-line field: next field"),
    ("Form", "Ctrl+Shift+Up / Ctrl+Shift+Down in a plan or column: move it up / down"),
    ("Form", "Ctrl+Shift+Delete in a plan or column: remove it"),
    ("Form", "Up / Down in the review date: a week from today, then a day at a time"),
    ("Any window", "Alt + the underlined letter: that menu, button or field"),
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def menu_shortcuts(menu: QMenu, path: str = "") -> list[tuple[str, str, str]]:
    """(menu path, action, keys) for every action in `menu`, sub-menus included."""
    here = f"{path} ▸ {_plain(menu.title())}" if path else _plain(menu.title())
    rows: list[tuple[str, str, str]] = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        sub = action.menu()
        if isinstance(sub, QMenu):
            rows += menu_shortcuts(sub, here)
            continue
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText)
            for k in action.shortcuts()
            if not k.isEmpty()
        )
        rows.append((here, _plain(action.text()), keys))
    return rows


def window_shortcuts(window: QWidget) -> list[tuple[str, str, str]]:
    """Every action of the window's menu bar, then the window's own actions not in a menu."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    menubar = getattr(window, "menuBar", None)
    if callable(menubar):
        for top in menubar().actions():
            if top.menu() is not None and top.isVisible():
                for action in top.menu().actions():
                    seen.add(id(action))
                rows += menu_shortcuts(top.menu())
    for action in window.findChildren(QAction):
        if id(action) in seen or action.menu() is not None or action.isSeparator():
            continue
        keys = ", ".join(k.toString() for k in action.shortcuts() if not k.isEmpty())
        if keys and action.text() and not any(r[1] == _plain(action.text()) for r in rows):
            rows.append(("Window", _plain(action.text()), keys))
    rows += [(where, what, "") for where, what in FORM_KEYS]
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None, rows: list[tuple[str, str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        intro = QLabel(
            "Everything can be done from the keyboard. Menus open with Alt and the underlined "
            "letter; these are the keys for each action."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 90, fm.lineSpacing() * 30)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @classmethod
    def show_for(cls, window: QWidget) -> None:
        cls(window, window_shortcuts(window)).exec()
