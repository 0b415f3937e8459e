"""SaveTemplateDialog: name the current assignment as one of the therapist's own templates."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.models import Assignment, ClientReaction
from .problem_label import problem_label

log = logging.getLogger(__name__)


def as_template(a: Assignment) -> Assignment:
    """What a template keeps: the plan, not this client's own words, ratings or dates."""
    return a.model_copy(
        update={
            "client_reaction": ClientReaction(),
            "review_date": None,
            "status": "draft",
            "agreed_on": None,
            "follows": None,
        }
    )


class SaveTemplateDialog(QDialog):
    def __init__(self, parent: QWidget | None, default_name: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Save as my template")
        self.name: str | None = None
        self.name_edit = QLineEdit(default_name)
        self.name_edit.setAccessibleName("Template name")
        self.name_edit.setMaxLength(80)
        self.name_edit.setPlaceholderText("e.g. Walk after lunch")
        self.name_edit.selectAll()
        info = QLabel(
            "The plan is kept: task, reason, if-then plans and record sheet. The client's own "
            "words, ratings and the review date are not. It appears under New assignment."
        )
        info.setWordWrap(True)
        self.message = problem_label()
        form = QFormLayout()
        form.addRow("Template &name:", self.name_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(info)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.message.setText("Give the template a name, for example 'Walk after lunch'.")
            self.message.show()
            self.name_edit.setFocus()
            return
        self.name = name
        super().accept()

    @classmethod
    def get_name(cls, parent: QWidget | None, default_name: str = "") -> str | None:
        dialog = cls(parent, default_name)
        return dialog.name if dialog.exec() == QDialog.DialogCode.Accepted else None
