"""AgreeMissingDialog: agreeing while the coach still finds items missing asks first."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class AgreeMissingDialog(QDialog):
    """Names each missing item; the default button goes back to fill them in."""

    def __init__(self, parent: QWidget | None, labels: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agree with items missing?")
        n = len(labels)
        items = "".join(f"<li>{label}</li>" for label in labels)
        text = QLabel(
            f"<p>The coach finds {n} item{'s' * (n != 1)} still missing:</p><ul>{items}</ul>"
            "<p>Fill them in with the client now, or agree all the same: the record will say "
            f"<b>agreed with {n} item{'s' * (n != 1)} missing</b>.</p>"
        )
        text.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.back_button = buttons.addButton(
            "&Go back and fill them in", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.agree_button = buttons.addButton(
            "&Agree all the same", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.back_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)

    @classmethod
    def confirm(cls, parent: QWidget | None, labels: list[str]) -> bool:
        return cls(parent, labels).exec() == QDialog.DialogCode.Accepted
