"""What might get in the way: if-then plans, each "If <if>, then I will <then>"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.templates import LibraryPlan
from .fields import TextField
from .rowlist import ListRow, RowList


class ObstacleRow(ListRow):
    def __init__(self) -> None:
        super().__init__("plan")
        self.if_edit = TextField(max_lines=3)
        self.if_edit.setPlaceholderText("e.g. it is raining")
        self.then_edit = TextField(max_lines=3)
        self.then_edit.setPlaceholderText("e.g. walk up and down the stairs five times instead")
        self.editors = {"if": self.if_edit, "then": self.then_edit}
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        if_label = QLabel("If")
        if_label.setBuddy(self.if_edit)
        then_label = QLabel("then I will")
        then_label.setBuddy(self.then_edit)
        form.addRow(if_label, self.if_edit)
        form.addRow(then_label, self.then_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addLayout(self.buttons)
        layout.addLayout(form)
        for editor in self.editors.values():
            # Both are TextFields, which have `edited`; ListRow types editors as plain QWidgets.
            editor.edited.connect(self.changed.emit)  # type: ignore[attr-defined]
        self._finish()

    def _name_editors(self, n: int) -> None:
        self.if_edit.setAccessibleName(f"If-then plan {n}: if")
        self.then_edit.setAccessibleName(f"If-then plan {n}: then I will")

    def value(self) -> dict[str, Any]:
        return {"if": self.if_edit.value(), "then": self.then_edit.value()}

    def set_value(self, v: dict[str, Any]) -> None:
        self.if_edit.set_value(v.get("if", ""))
        self.then_edit.set_value(v.get("then", ""))


class ObstacleList(RowList):
    def __init__(self) -> None:
        super().__init__(
            "Add an if-then &plan",
            "No plans yet. Ask: what might get in the way? Then: what will you do if it does?",
        )
        self.setAccessibleName("What might get in the way")
        # The template's common obstacles, each with a ready plan: picked, not typed.
        self.common_menu = QMenu(self)
        self.common_menu.setToolTipsVisible(True)
        self.common_button = QPushButton("Common obstacles…")
        self.common_button.setAccessibleName("Add a common obstacle with a ready plan")
        self.common_button.setToolTip(
            "The usual obstacles of this kind of homework, each with a plan the client can "
            "change (Space opens the list)"
        )
        self.common_button.setAutoDefault(False)
        self.common_button.setMenu(self.common_menu)
        line = QHBoxLayout()
        line.addWidget(self.common_button)
        line.addStretch(1)
        self._layout.addLayout(line)
        self.set_library(())

    def make_row(self) -> ListRow:
        return ObstacleRow()

    def set_library(self, plans: Sequence[LibraryPlan]) -> None:
        """Offer these plans (the assignment's template's); none hides the button."""
        self.common_menu.clear()
        for plan in plans:
            text = f"If {plan.if_}, then I will {plan.then}"
            action = self.common_menu.addAction(text.replace("&", "&&"))
            action.setToolTip(plan.note)
            action.triggered.connect(lambda _=False, p=plan: self.add_plan(p.if_, p.then))
        self.common_button.setVisible(bool(plans))
        self.structure_changed.emit()

    def add_plan(self, if_text: str, then_text: str) -> None:
        """Add a ready plan as a new row: one undo step; the cursor goes to its 'then' (its
        blank selected, if it has one), ready for the client's own words."""
        self.blockSignals(True)  # the row's text arriving is not typing: one step, below
        try:
            row = self._append()
            row.set_value({"if": if_text, "then": then_text})
        finally:
            self.blockSignals(False)
        self._update()
        self.structure_changed.emit()
        self.edited.emit(False)
        assert isinstance(row, ObstacleRow)
        editor = row.then_edit
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if not editor.select_blank():
            editor.moveCursor(editor.textCursor().MoveOperation.End)

    def focus_order(self) -> list[QWidget]:
        order = super().focus_order()
        return [*order, self.common_button] if self.common_menu.actions() else order
