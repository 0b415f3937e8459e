"""PassphraseDialog: open a protected store, or set up, change or remove its passphrase."""

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

from ...storage import crypto

log = logging.getLogger(__name__)

MODES = ("open", "set", "change", "remove")
_TITLES = {
    "open": "Enter the passphrase",
    "set": "Protect the data with a passphrase",
    "change": "Change the passphrase",
    "remove": "Remove the passphrase",
}
_INTROS = {
    "open": "This data is protected with a passphrase. Enter it to open Homework Planner.",
    "set": (
        "With a passphrase, the data file and its backups are encrypted: without the "
        "passphrase nobody can read them, not even from a lost laptop. Write it down somewhere "
        "safe. If it is forgotten, the data cannot be recovered by anyone."
    ),
    "change": "The data file and every backup are encrypted again with the new passphrase.",
    "remove": (
        "The data file and its backups will no longer be encrypted. Anyone with access to "
        "this computer's files could then read them."
    ),
}


def _secret(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class PassphraseDialog(QDialog):
    """Checks what it can before closing (length, the two new entries match); the store
    checks the current passphrase. The passphrase is never shown or logged."""

    def __init__(self, parent: QWidget | None, mode: str, *, problem: str = "") -> None:
        super().__init__(parent)
        if mode not in MODES:
            raise ValueError(mode)
        self.mode = mode
        self.setWindowTitle(_TITLES[mode])
        intro = QLabel(_INTROS[mode])
        intro.setWordWrap(True)
        self.current_edit = _secret("Current passphrase") if mode != "set" else None
        self.new_edit = _secret("New passphrase") if mode in ("set", "change") else None
        self.repeat_edit = _secret("New passphrase again") if mode in ("set", "change") else None
        form = QFormLayout()
        if self.current_edit is not None:
            form.addRow(
                "&Passphrase:" if mode == "open" else "&Current passphrase:", self.current_edit
            )
        if self.new_edit is not None and self.repeat_edit is not None:
            self.new_edit.setPlaceholderText(
                f"at least {crypto.MIN_PASSPHRASE_LENGTH} characters, e.g. four unrelated words"
            )
            form.addRow("&New passphrase:", self.new_edit)
            form.addRow("New passphrase &again:", self.repeat_edit)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("passphraseProblem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #a00000;")
        self.show_problem(problem)
        ok_text = {"open": "&Open", "set": "&Protect", "change": "C&hange", "remove": "&Remove"}[
            mode
        ]
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        first = self.current_edit or self.new_edit
        if first is not None:
            first.setFocus()

    def show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def current(self) -> str:
        return self.current_edit.text() if self.current_edit is not None else ""

    def new(self) -> str:
        return self.new_edit.text() if self.new_edit is not None else ""

    def accept(self) -> None:
        if self.current_edit is not None and not self.current_edit.text():
            self.show_problem("Enter the passphrase.")
            self.current_edit.setFocus()
            return
        if self.current_edit is not None and "\x00" in self.current_edit.text():
            # A NUL (pasted from elsewhere) can be in no passphrase; the store cannot take it.
            self.show_problem(
                "The passphrase contains a character that cannot be used. Type it again."
            )
            self.current_edit.clear()
            self.current_edit.setFocus()
            return
        if self.new_edit is not None and self.repeat_edit is not None:
            try:
                crypto.check_passphrase_rules(self.new_edit.text())
            except crypto.PassphraseProblem as exc:
                self.show_problem(str(exc))
                self.new_edit.setFocus()
                return
            if self.new_edit.text() != self.repeat_edit.text():
                self.show_problem("The two new passphrases are not the same. Type them again.")
                self.repeat_edit.clear()
                self.repeat_edit.setFocus()
                return
            if self.mode == "change" and self.new_edit.text() == self.current():
                self.show_problem("The new passphrase is the same as the current one.")
                return
        super().accept()

    # ---- one call per use ----------------------------------------------------------------
    @classmethod
    def ask_to_open(cls, parent: QWidget | None, problem: str = "") -> str | None:
        dialog = cls(parent, "open", problem=problem)
        return dialog.current() if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def ask_new(cls, parent: QWidget | None) -> str | None:
        dialog = cls(parent, "set")
        return dialog.new() if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def ask_change(cls, parent: QWidget | None, problem: str = "") -> tuple[str, str] | None:
        dialog = cls(parent, "change", problem=problem)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.current(), dialog.new()
        return None

    @classmethod
    def ask_remove(cls, parent: QWidget | None, problem: str = "") -> str | None:
        dialog = cls(parent, "remove", problem=problem)
        return dialog.current() if dialog.exec() == QDialog.DialogCode.Accepted else None
