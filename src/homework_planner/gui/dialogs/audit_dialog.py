"""AuditDialog: the changes made to one client's records — when, which record, what kind."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...storage import Store
from ...storage.audit import ACTION_LABELS, RECORD_LABELS, AuditEntry

log = logging.getLogger(__name__)

COLUMNS = ("When", "Record", "Change", "Version")
LIMIT = 5000  # a client's whole history fits; the table stays quick


class AuditDialog(QDialog):
    def __init__(self, parent: QWidget | None, entries: list[AuditEntry], client_code: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Changes to {client_code}'s records")
        intro = QLabel(
            "Every change, newest first: when it was made, to which record, and what kind of "
            "change. The log never holds what was written, and it cannot be edited."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(entries), len(COLUMNS))
        self.table.setAccessibleName("Changes")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, e in enumerate(entries):
            cells = (
                e.at.astimezone().strftime("%a %d %b %Y, %H:%M:%S"),
                RECORD_LABELS.get(e.record_type, e.record_type),
                ACTION_LABELS.get(e.action, e.action),
                "" if e.version is None else str(e.version),
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.empty = QLabel("No changes are recorded for this client yet.")
        self.empty.setVisible(not entries)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(640, 460)

    @classmethod
    def show_for(cls, parent: QWidget | None, store: Store, client_code: str) -> None:
        cls(parent, store.audit_log(client_code, limit=LIMIT), client_code).exec()
