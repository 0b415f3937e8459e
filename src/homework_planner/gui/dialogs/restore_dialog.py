"""RestoreDialog: the backups with their dates and counts; choose one to put back."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
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

from ...storage.backup import BackupInfo

log = logging.getLogger(__name__)

COLUMNS = ("Made", "Why it was made", "Clients", "Assignments", "State")


def when(info: BackupInfo) -> str:
    """Local time, written out: "Sun 22 Nov 2026, 09:41"."""
    return info.made.astimezone().strftime("%a %d %b %Y, %H:%M")


def _count(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


class RestoreDialog(QDialog):
    """Lists backups newest first. Restore is enabled only for a backup that can be used."""

    def __init__(
        self, parent: QWidget | None, backups: list[BackupInfo], *, intro: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = backups
        self.intro = QLabel(
            intro
            or "Choose the backup to put back. The data as it is now is backed up first, so "
            "you can undo a restore by restoring that backup."
        )
        self.intro.setWordWrap(True)
        self.table = QTableWidget(len(backups), len(COLUMNS))
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row, info in enumerate(backups):
            cells = (
                when(info),
                info.label,
                _count(info.clients),
                _count(info.assignments),
                "Can be restored" if info.ok else info.problem.capitalize(),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.empty = QLabel(
            "There are no backups yet. The first is made before the first change of a day."
        )
        self.empty.setVisible(not backups)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(
            "&Restore this backup", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.itemDoubleClicked.connect(lambda *_: self.restore_button.click())
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        first_ok = next((i for i, b in enumerate(backups) if b.ok), None)
        if first_ok is not None:
            self.table.selectRow(first_ok)
        self._update()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        info = self.backups[rows[0].row()]
        return info if info.ok else None

    def _update(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def accept(self) -> None:
        if self.selected() is not None:
            super().accept()

    @classmethod
    def choose(
        cls, parent: QWidget | None, backups: list[BackupInfo], *, intro: str = ""
    ) -> BackupInfo | None:
        dialog = cls(parent, backups, intro=intro)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.selected()
        return None
