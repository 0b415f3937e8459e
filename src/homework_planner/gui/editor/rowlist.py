"""A list of editable rows (if-then plans, monitoring columns): add, remove, reorder by keyboard."""

from __future__ import annotations

import logging
import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

_PART_RE = re.compile(r"^\[(\d+)\](?:\.(\w+))?$")


class ListRow(QWidget):
    """One row: subclasses create `self.editors` (key -> widget) and call `_finish()`."""

    changed = Signal(bool)
    move_requested = Signal(int)  # -1 up, +1 down
    remove_requested = Signal()

    def __init__(self, noun: str) -> None:
        super().__init__()
        self.noun = noun
        self.editors: dict[str, QWidget] = {}
        self.number_label = QLabel()
        # Arrows only (named in full for screen readers and tooltips): the row fits narrow forms.
        self.up_button = QPushButton("\u2191")
        self.down_button = QPushButton("\u2193")
        self.remove_button = QPushButton("Remove")
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addWidget(self.number_label)
        self.buttons.addStretch(1)
        for b in (self.up_button, self.down_button, self.remove_button):
            b.setAutoDefault(False)
            # Off the Tab chain: Tab goes field to field. The keys below do the same from any
            # field of the row (shown in the tooltips and the accessible names).
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.buttons.addWidget(b)
        self.up_button.setToolTip(f"Move this {noun} up (Ctrl+Shift+Up)")
        self.down_button.setToolTip(f"Move this {noun} down (Ctrl+Shift+Down)")
        self.remove_button.setToolTip(f"Remove this {noun} (Ctrl+Shift+Delete)")

    def _finish(self) -> None:
        # Reordering and removing without the mouse: Ctrl+Shift+Up/Down/Delete anywhere inside
        # the row. A key filter, not a QShortcut: text fields claim those for selecting text.
        for w in self.focus_order():
            w.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
            if mods == wanted and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
                return True
            if mods == wanted and event.key() == Qt.Key.Key_Delete:
                self.remove_requested.emit()
                return True
        return super().eventFilter(obj, event)

    def set_number(self, n: int, count: int) -> None:
        self.number_label.setText(f"<b>{self.noun.capitalize()} {n}</b>")
        self.up_button.setEnabled(n > 1)
        self.down_button.setEnabled(n < count)
        self.up_button.setAccessibleName(f"Move {self.noun} {n} up (Ctrl+Shift+Up)")
        self.down_button.setAccessibleName(f"Move {self.noun} {n} down (Ctrl+Shift+Down)")
        self.remove_button.setAccessibleName(f"Remove {self.noun} {n} (Ctrl+Shift+Delete)")
        self._name_editors(n)

    def _name_editors(self, n: int) -> None:
        raise NotImplementedError

    def value(self) -> dict[str, Any]:
        raise NotImplementedError

    def set_value(self, v: dict[str, Any]) -> None:
        raise NotImplementedError

    def first_editor(self) -> QWidget:
        return next(iter(self.editors.values()))

    def focus_order(self) -> list[QWidget]:
        return list(self.editors.values())


class RowList(QWidget):
    """Rows plus an "Add" button. Structural changes emit edited(False) (one undo step each)."""

    edited = Signal(bool)
    structure_changed = Signal()  # rows added/removed/moved: the tab order must be rebuilt

    def __init__(self, add_text: str, empty_text: str) -> None:
        super().__init__()
        self.rows: list[ListRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setWordWrap(True)
        self.add_button = QPushButton(add_text)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_row)
        add_line = QHBoxLayout()
        add_line.addWidget(self.add_button)
        add_line.addStretch(1)
        self._layout.addWidget(self.empty_label)
        self._layout.addLayout(self._rows_layout)
        self._layout.addLayout(add_line)
        self._update()

    # subclasses
    def make_row(self) -> ListRow:
        raise NotImplementedError

    def row_is_empty(self, v: dict[str, Any]) -> bool:
        return not any((x or "").strip() for x in v.values() if isinstance(x, str))

    # value
    def value(self) -> list[dict[str, Any]]:
        return [r.value() for r in self.rows]

    def model_value(self) -> list[dict[str, Any]]:
        return self.value()

    def set_value(self, items: list[dict[str, Any]] | None) -> None:
        items = list(items or [])
        if len(items) != len(self.rows):
            while len(self.rows) > len(items):
                self._take(len(self.rows) - 1)
            while len(self.rows) < len(items):
                self._append()
            self._update()
            self.structure_changed.emit()
        for row, item in zip(self.rows, items, strict=True):
            row.set_value(item)

    # structure
    def _append(self) -> ListRow:
        row = self.make_row()
        row.changed.connect(self.edited.emit)
        row.up_button.clicked.connect(lambda: self.move(row, -1))
        row.down_button.clicked.connect(lambda: self.move(row, 1))
        row.remove_button.clicked.connect(lambda: self.remove(row))
        row.move_requested.connect(lambda step: self.move(row, step))
        row.remove_requested.connect(lambda: self.remove(row))
        self.rows.append(row)
        self._rows_layout.addWidget(row)
        row.show()  # now, not on the next event loop pass: the focus may move into it at once
        return row

    def _take(self, index: int) -> None:
        row = self.rows.pop(index)
        self._rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()

    def add_row(self) -> None:
        row = self._append()
        self._update()
        self.structure_changed.emit()
        self.edited.emit(False)
        row.first_editor().setFocus(Qt.FocusReason.OtherFocusReason)

    def remove(self, row: ListRow) -> None:
        if row not in self.rows:
            return
        index = self.rows.index(row)
        self._take(index)
        self._update()
        self.structure_changed.emit()
        self.edited.emit(False)
        # Keep the keyboard user in the list: the row that took its place, or Add.
        target = self.rows[min(index, len(self.rows) - 1)] if self.rows else None
        (target.first_editor() if target else self.add_button).setFocus()

    # Not QWidget.move(x, y): the list's "move a row" keeps this name for its callers.
    def move(self, row: ListRow, step: int) -> None:  # type: ignore[override]
        if row not in self.rows:
            return
        i = self.rows.index(row)
        j = i + step
        if not 0 <= j < len(self.rows):
            return
        values = self.value()
        values[i], values[j] = values[j], values[i]
        focused = self.focusWidget()
        key = next((k for k, w in row.editors.items() if w is focused), None)
        for r, v in zip(self.rows, values, strict=True):
            r.set_value(v)
        self.edited.emit(False)
        # The focus follows the moved content.
        target = self.rows[j]
        (target.editors[key] if key is not None else target.first_editor()).setFocus()

    def _update(self) -> None:
        for n, row in enumerate(self.rows, start=1):
            row.set_number(n, len(self.rows))
        self.empty_label.setVisible(not self.rows)

    def focus_target(self) -> QWidget:
        return self.rows[0].first_editor() if self.rows else self.add_button

    def focus_order(self) -> list[QWidget]:
        out: list[QWidget] = []
        for row in self.rows:
            out += row.focus_order()
        return [*out, self.add_button]

    def part(self, sub: str) -> QWidget | None:
        """'[2].then' -> the 'then' editor of row 2 (rows count from 1, as people do)."""
        m = _PART_RE.match(sub)
        if not m:
            return None
        index = int(m.group(1)) - 1
        if not 0 <= index < len(self.rows):
            return None
        row = self.rows[index]
        key = m.group(2)
        return row.editors.get(key) if key else row.first_editor()
