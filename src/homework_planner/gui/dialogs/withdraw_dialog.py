"""WithdrawDialog: withdraw a mistaken assignment, with the reason the record keeps."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from .problem_label import problem_label

MAX_REASON = 500


class WithdrawDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Withdraw assignment")
        self.reason: str | None = None
        info = QLabel(
            "Withdrawing hides a mistaken assignment from the lists. Nothing is deleted: it stays "
            "in the history, the audit log and the record, with your reason."
        )
        info.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setMaxLength(MAX_REASON)
        self.reason_edit.setAccessibleName("Reason for withdrawing")
        self.reason_edit.setPlaceholderText("e.g. entered for the wrong client")
        self.message = problem_label()
        form = QFormLayout()
        form.addRow("&Reason:", self.reason_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.withdraw_button = buttons.addButton(
            "&Withdraw", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        text = " ".join(self.reason_edit.text().split())
        if not text:
            self.message.setText("Say why it is withdrawn: the record keeps the reason.")
            self.message.show()
            self.reason_edit.setFocus()
            return
        self.reason = text
        super().accept()

    @classmethod
    def get_reason(cls, parent: QWidget | None) -> str | None:
        dialog = cls(parent)
        return dialog.reason if dialog.exec() == QDialog.DialogCode.Accepted else None
