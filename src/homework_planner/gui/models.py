"""Qt item models over lists the store returns (clients, assignment summaries)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt

from ..domain.vocabulary import Intervention
from ..storage import AssignmentSummary, ClientSummary

SIZE_LABELS = {
    "standard": "standard print",
    "large": "large print",
    "extra_large": "extra large print",
}


class ClientListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._clients: list[ClientSummary] = []

    def set_clients(self, clients: list[ClientSummary]) -> None:
        self.beginResetModel()
        self._clients = clients
        self.endResetModel()

    def client_at(self, row: int) -> ClientSummary | None:
        return self._clients[row] if 0 <= row < len(self._clients) else None

    def row_of(self, code: str) -> int:
        return next((i for i, c in enumerate(self._clients) if c.code == code), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._clients)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        client = self.client_at(index.row())
        if client is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = client.display_name
            return text + "  (archived)" if client.archived else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{client.display_name}: {SIZE_LABELS[client.size]}"
        if role == Qt.ItemDataRole.UserRole:
            return client.code
        return None


class AssignmentTableModel(QAbstractTableModel):
    HEADERS = ("Title", "Intervention", "Status", "Review date")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AssignmentSummary] = []
        self.today = date.today()

    def is_due(self, s: AssignmentSummary) -> bool:
        return s.status == "agreed" and s.review_date is not None and s.review_date <= self.today

    def set_rows(self, rows: list[AssignmentSummary]) -> None:
        # Due for review first (the session usually starts there), then as the store lists them.
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda s: not self.is_due(s))
        self.endResetModel()

    def row_of(self, assignment_id: str) -> int:
        return next((i for i, s in enumerate(self._rows) if s.id == assignment_id), -1)

    def summary_at(self, row: int) -> AssignmentSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        s = self.summary_at(index.row())
        if s is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        col = index.column()
        if col == 0:
            return s.title or "(untitled)"
        if col == 1:
            try:
                return Intervention(s.intervention).label
            except ValueError:
                return s.intervention
        if col == 2:
            return s.status.capitalize()
        if s.review_date is None:
            return "not set"
        text = s.review_date.strftime("%a %d %b %Y")
        if self.is_due(s):
            text += "  (due)"
        return text
