"""ClientDialog: add or edit a client (pseudonymous code, preferred name, print needs)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import problems_from
from ...domain.models import DEFAULT_LANGUAGE, Client, PrintNeeds
from .problem_label import problem_label

SIZES = [
    ("standard", "Standard (14 pt)"),
    ("large", "Large (18 pt)"),
    ("extra_large", "Extra large (24 pt)"),
]


def language_choices() -> list[tuple[str, str]]:
    """(code, "Welsh (Cymraeg) – not yet checked") for every shipped language, English first."""
    from ...output import i18n

    out = []
    for lang in i18n.available():
        note = "" if lang.checked else " – wording not yet checked by a native-speaking clinician"
        out.append((lang.code, f"{lang.name}{note}"))
    return out


class ClientDialog(QDialog):
    """Validation happens on OK; a problem is shown under the form and nothing typed is lost."""

    def __init__(
        self,
        parent: QWidget | None = None,
        client: Client | None = None,
        taken_codes: set[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._editing = client is not None
        self._taken = taken_codes or set()
        self.result_client: Client | None = None
        self.setWindowTitle("Edit client" if self._editing else "Add client")

        self.code_edit = QLineEdit()
        self.code_edit.setAccessibleName("Client code")
        self.code_edit.setPlaceholderText("e.g. HP-0042 (no real names)")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Preferred name")
        self.name_edit.setPlaceholderText("optional, what they like to be called")
        self.size_combo = QComboBox()
        self.size_combo.setAccessibleName("Print size")
        for value, label in SIZES:
            self.size_combo.addItem(label, value)
        self.cream_check = QCheckBox("Cream paper background")
        self.easy_read_check = QCheckBox("Easy read (shorter sentences, more space)")
        self.language_combo = QComboBox()
        self.language_combo.setAccessibleName("Language of the handout")
        self.language_combo.setToolTip(
            "The fixed words of the handout, sheet and reminder print in this language. "
            "Type the client's own words in it too (with the client or an interpreter)."
        )
        for code, label in language_choices():
            self.language_combo.addItem(label, code)
        self.message = problem_label()

        form = QFormLayout()
        form.addRow("&Code:", self.code_edit)
        form.addRow("Preferred &name:", self.name_edit)
        form.addRow("Print &size:", self.size_combo)
        form.addRow("", self.cream_check)
        form.addRow("", self.easy_read_check)
        form.addRow("&Language:", self.language_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        if client is not None:
            self.code_edit.setText(client.code)
            self.code_edit.setReadOnly(True)
            self.name_edit.setText(client.preferred_name or "")
            self.size_combo.setCurrentIndex(self.size_combo.findData(client.print_needs.size))
            self.cream_check.setChecked(client.print_needs.background == "cream")
            self.easy_read_check.setChecked(client.print_needs.easy_read)
            index = self.language_combo.findData(client.print_needs.language)
            self.language_combo.setCurrentIndex(max(0, index))
            self.name_edit.setFocus()

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def accept(self) -> None:
        from pydantic import ValidationError

        code = self.code_edit.text().strip()
        if not code:
            self._show_problem("Type a code for this client, for example HP-0042.")
            self.code_edit.setFocus()
            return
        taken = {c.casefold(): c for c in self._taken}
        if not self._editing and code.casefold() in taken:
            self._show_problem(
                f"There is already a client with the code {taken[code.casefold()]} (capitals "
                "or small letters make no difference). Choose another code."
            )
            self.code_edit.setFocus()
            return
        try:
            self.result_client = Client(
                code=code,
                preferred_name=self.name_edit.text(),
                print_needs=PrintNeeds(
                    size=self.size_combo.currentData(),
                    background="cream" if self.cream_check.isChecked() else "white",
                    easy_read=self.easy_read_check.isChecked(),
                    language=self.language_combo.currentData() or DEFAULT_LANGUAGE,
                ),
            )
        except ValidationError as exc:
            labels = {"code": "Code", "preferred_name": "Preferred name", "language": "Language"}
            problem = problems_from(exc)[0]
            self._show_problem(f"{labels.get(problem.field, problem.field)} {problem.message}.")
            return
        super().accept()

    @classmethod
    def get_client(
        cls,
        parent: QWidget | None = None,
        client: Client | None = None,
        taken_codes: set[str] | None = None,
    ) -> Client | None:
        dialog = cls(parent, client, taken_codes)
        return dialog.result_client if dialog.exec() == QDialog.DialogCode.Accepted else None
