"""What might get in the way: if-then plans, each "If <if>, then I will <then>"."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout

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

    def make_row(self) -> ListRow:
        return ObstacleRow()
