"""PreferencesDialog: service details for the handout, auto-lock time and passphrase protection."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import InvalidData
from ...domain.settings import Settings
from ..screen_fit import clamp_to_screen
from .problem_label import problem_label

UNSAFE_MAX = Settings.max_length("unsafe_line")  # the counter and the check never disagree


class PreferencesDialog(QDialog):
    """What prints at the foot of every handout and on every record. Checked on OK."""

    def __init__(
        self,
        parent: QWidget | None = None,
        settings: Settings | None = None,
        protection: Callable[[], object] | None = None,
        is_protected: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._protection = protection
        self._is_protected = is_protected
        self.setWindowTitle("Preferences")
        self._settings = settings or Settings()
        self.result_settings: Settings | None = None

        self.service_edit = QLineEdit(self._settings.service_name)
        self.service_edit.setAccessibleName("Service name")
        self.service_edit.setPlaceholderText("e.g. Riverside Talking Therapies")
        self.service_edit.setMaxLength(Settings.max_length("service_name"))
        self.phone_edit = QLineEdit(self._settings.service_phone)
        self.phone_edit.setAccessibleName("Service phone")
        self.phone_edit.setPlaceholderText("the number clients can call, e.g. 0300 123 4567")
        self.phone_edit.setMaxLength(Settings.max_length("service_phone"))
        self.therapist_edit = QLineEdit(self._settings.therapist_name)
        self.therapist_edit.setAccessibleName("Therapist name")
        self.therapist_edit.setPlaceholderText("how clients know you, e.g. Alex")
        self.therapist_edit.setMaxLength(Settings.max_length("therapist_name"))
        self.unsafe_edit = QPlainTextEdit(self._settings.unsafe_line)
        self.unsafe_edit.setAccessibleName("If you feel unsafe line")
        self.unsafe_edit.setTabChangesFocus(True)
        self.unsafe_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.default_button = QPushButton("Use the standard &wording")
        self.default_button.setToolTip("Put back the standard NHS 999 / 111 / Samaritans line")
        self.count_label = QLabel()
        self.lock_spin = QSpinBox()
        self.lock_spin.setRange(0, 240)
        self.lock_spin.setSuffix(" minutes")
        self.lock_spin.setSpecialValueText("never")
        self.lock_spin.setValue(self._settings.auto_lock_minutes)
        self.lock_spin.setAccessibleName("Lock after minutes without use")
        self.lock_spin.setToolTip("The screen hides client data after this long without use.")
        self.protection_label = QLabel()
        self.protection_label.setWordWrap(True)
        self.protection_button = QPushButton("Passphrase prot&ection…")
        self.protection_button.setToolTip("Set up, change or remove the passphrase")
        self.protection_button.setEnabled(protection is not None)
        self.message = problem_label()

        # The safety text, its counter and its reset as one block: the counter sits in its
        # own line under the text and can never be drawn over it.
        unsafe_box = QWidget()
        unsafe_layout = QVBoxLayout(unsafe_box)
        unsafe_layout.setContentsMargins(0, 0, 0, 0)
        unsafe_layout.addWidget(self.unsafe_edit)
        under = QHBoxLayout()
        under.addWidget(self.count_label)
        under.addStretch(1)
        under.addWidget(self.default_button)
        unsafe_layout.addLayout(under)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("&Service name:", self.service_edit)
        form.addRow("Service &phone:", self.phone_edit)
        form.addRow("&Therapist name:", self.therapist_edit)
        unsafe_label = QLabel("If you feel &unsafe:")
        unsafe_label.setBuddy(self.unsafe_edit)
        form.addRow(unsafe_label, unsafe_box)
        form.addRow("&Lock after:", self.lock_spin)
        form.addRow("Protection:", self.protection_label)
        form.addRow("", self.protection_button)
        hint = QLabel("These print at the foot of every handout and on the clinical record.")
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        # The fields scroll if the screen is smaller than the dialog (200% on a small laptop)
        # rather than be squeezed on top of each other.
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(hint)
        body_layout.addLayout(form)
        body_layout.addWidget(self.message)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self._body = body
        self._scroll = scroll
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(body.minimumSizeHint().width() + bar)
        self._sized = False

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.default_button.clicked.connect(self._use_default)
        self.protection_button.clicked.connect(self._protect)
        self._show_protection()
        self.unsafe_edit.textChanged.connect(self._count)
        self._count()

    def _whole_size(self) -> QSize:
        """Big enough to show every field without scrolling (the text wraps at this width)."""
        layout = self.layout()
        assert layout is not None  # set in __init__
        m = layout.contentsMargins()
        spacing = layout.spacing()
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        width = self._body.sizeHint().width()
        height = self._body.heightForWidth(width) if self._body.hasHeightForWidth() else -1
        height = max(height, self._body.sizeHint().height())
        return QSize(
            width + bar + m.left() + m.right(),
            height + self.buttons.sizeHint().height() + spacing + m.top() + m.bottom() + 4,
        )

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:
            # All of it if the screen has room, else as much as fits (the rest scrolls).
            self._sized = True
            # Once shown: only then do the wrapped texts know their real heights.
            QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        clamp_to_screen(self, self._whole_size().expandedTo(self.size()))

    def _show_protection(self) -> None:
        if self._is_protected is None:
            self.protection_label.setText("Open from the main window to change protection.")
        elif self._is_protected():
            self.protection_label.setText(
                "The data and its backups are encrypted with a passphrase."
            )
        else:
            self.protection_label.setText(
                "Not protected: anyone who can open your account can read the data."
            )

    def _protect(self) -> None:
        if self._protection is not None:
            self._protection()
            self._show_protection()

    def _use_default(self) -> None:
        self.unsafe_edit.setPlainText(Settings.default("unsafe_line"))

    def _count(self) -> None:
        n = len(self.unsafe_edit.toPlainText().strip())
        self.count_label.setText(f"{n} of {UNSAFE_MAX} characters")

    def accept(self) -> None:
        update = {
            "service_name": self.service_edit.text().strip(),
            "service_phone": self.phone_edit.text().strip(),
            "therapist_name": self.therapist_edit.text().strip(),
            "unsafe_line": " ".join(self.unsafe_edit.toPlainText().split()),
            "auto_lock_minutes": self.lock_spin.value(),
        }
        try:
            self.result_settings = self._settings.with_changes(**update)
        except InvalidData as exc:
            # Shown under the form; everything typed stays in the fields.
            self.message.setText("\n".join(str(p) for p in exc.problems))
            self.message.show()
            return
        super().accept()

    @classmethod
    def edit(
        cls,
        parent: QWidget | None,
        settings: Settings,
        protection: Callable[[], object] | None = None,
        is_protected: Callable[[], bool] | None = None,
    ) -> Settings | None:
        """The changed settings, or None if the user cancelled. Protection changes happen at
        once through `protection` (they are not undone by Cancel)."""
        dialog = cls(parent, settings, protection, is_protected)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_settings
        return None
