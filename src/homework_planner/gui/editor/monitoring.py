"""How I will keep track: the columns of the monitoring sheet, each with a label and a scale."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout

from .fields import LineField, pass_undo_to_form
from .rowlist import ListRow, RowList

# Suggestions only: the scale box is editable, the therapist may type any scale.
SCALES = ("", "tick", "0-10", "0-100", "yes/no", "number", "time", "words")


class ColumnRow(ListRow):
    def __init__(self) -> None:
        super().__init__("column")
        self.label_edit = LineField()
        self.label_edit.setMaxLength(60)  # the model's limit, so it can never be refused
        self.label_edit.setPlaceholderText("e.g. Mood after")
        self.scale_combo = QComboBox()
        self.scale_combo.setEditable(True)
        self.scale_combo.addItems(SCALES)
        self.scale_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        scale_edit = self.scale_combo.lineEdit()
        assert scale_edit is not None  # setEditable(True) gave the combo its line edit
        scale_edit.setPlaceholderText("scale")
        # The combo has the focus, its line edit the text: both must leave Ctrl+Z to the form.
        pass_undo_to_form(self.scale_combo)
        pass_undo_to_form(scale_edit)
        self.editors = {"label": self.label_edit, "scale": self.scale_combo}
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        name_label = QLabel("Name")
        name_label.setBuddy(self.label_edit)
        scale_label = QLabel("Scale")
        scale_label.setBuddy(self.scale_combo)
        line.addWidget(name_label)
        line.addWidget(self.label_edit, 3)
        line.addWidget(scale_label)
        line.addWidget(self.scale_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addLayout(self.buttons)
        layout.addLayout(line)
        self.label_edit.textEdited.connect(lambda *_: self.changed.emit(True))
        self.scale_combo.currentTextChanged.connect(lambda *_: self.changed.emit(True))
        self._finish()

    def _name_editors(self, n: int) -> None:
        self.label_edit.setAccessibleName(f"Column {n}: name")
        self.scale_combo.setAccessibleName(f"Column {n}: scale")

    def value(self) -> dict[str, Any]:
        scale = self.scale_combo.currentText().strip()
        return {"label": self.label_edit.text(), "scale": scale or None}

    def set_value(self, v: dict[str, Any]) -> None:
        label = v.get("label") or ""
        if self.label_edit.text() != label:
            self.label_edit.setText(label)
        scale = v.get("scale") or ""
        if self.scale_combo.currentText() != scale:
            self.scale_combo.setCurrentText(scale)


class ColumnList(RowList):
    def __init__(self) -> None:
        super().__init__(
            "Add a colu&mn",
            "No columns yet. What will the client write down each time? e.g. Mood 0-10",
        )
        self.setAccessibleName("Columns of the record sheet")

    def make_row(self) -> ListRow:
        return ColumnRow()

    def model_value(self) -> list[dict[str, Any]]:
        # Fully empty rows are not columns yet; the model needs a name for the rest.
        return [v for v in self.value() if v["label"].strip() or v["scale"]]
