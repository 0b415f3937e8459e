"""Qt item models over lists the store returns (clients, assignment summaries)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, Qt

from ..domain.vocabulary import Intervention
from ..storage import AssignmentSummary, ClientSummary

if TYPE_CHECKING:
    from typing import TypeAlias

    from PySide6.QtCore import QPersistentModelIndex

    # What Qt's item-model methods are given (and what an override must accept).
    ModelIndex: TypeAlias = QModelIndex | QPersistentModelIndex

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

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._clients)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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


# The roles the table answers (text and its tooltip); ints, so the check is one set lookup.
_TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)})
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _local_day(moment: datetime) -> date:
    """The therapist's calendar day of a stored UTC time."""
    return moment.astimezone().date() if moment.tzinfo is not None else moment.date()


def short_date(d: date) -> str:
    """ "Sun 22 Nov 2026", in English whatever the system's locale (as strftime's %a %d %b %Y
    gives it in the C locale), and quicker than strftime for a long list."""
    return f"{_DAYS[d.weekday()]} {d.day:02d} {_MONTHS[d.month]} {d.year}"


def plain_date(d: date) -> str:
    """ "22 Nov 2026" (strftime's %d %b %Y in the C locale)."""
    return f"{d.day:02d} {_MONTHS[d.month]} {d.year}"


# The list's words for a row's status ("amended": changed since agreed, not yet agreed again).
STATUS_WORDS = {"amended": "Changed since agreed", "withdrawn": "Withdrawn"}


class AssignmentTableModel(QAbstractTableModel):
    # "Created" last: the other columns keep their places (callers index them).
    HEADERS = ("Title", "Intervention", "Status", "Review date", "Created")
    CREATED_COLUMN = 4

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AssignmentSummary] = []
        self._cells: list[tuple[str, str, str, str, str]] = []
        self._first_created: date | None = None
        self.today = date.today()

    def is_due(self, s: AssignmentSummary) -> bool:
        return (
            s.status in ("agreed", "amended")
            and s.review_date is not None
            and s.review_date <= self.today
        )

    def set_rows(self, rows: list[AssignmentSummary]) -> None:
        # Due for review first (the session usually starts there), then as the store lists them.
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda s: not self.is_due(s))
        # Weeks count from the client's first assignment in the list: week 1, week 2, ...
        self._first_created = min((_local_day(s.created) for s in rows), default=None)
        # The texts are made once here: the view asks for each cell many times (to size the
        # columns, to paint, for tooltips), thousands of calls for a long caseload.
        self._cells = [self._texts(s) for s in self._rows]
        self.endResetModel()

    def _texts(self, s: AssignmentSummary) -> tuple[str, str, str, str, str]:
        try:
            intervention = Intervention(s.intervention).label
        except ValueError:
            intervention = s.intervention
        if s.review_date is None:
            review = "not set"
        else:
            review = short_date(s.review_date) + ("  (due)" if self.is_due(s) else "")
        status = STATUS_WORDS.get(s.status, s.status.capitalize())
        day = _local_day(s.created)
        first = self._first_created or day
        created = f"{short_date(day)}  (week {(day - first).days // 7 + 1})"
        return (s.title or "(untitled)", intervention, status, review, created)

    def row_of(self, assignment_id: str) -> int:
        return next((i for i, s in enumerate(self._rows) if s.id == assignment_id), -1)

    def summary_at(self, row: int) -> AssignmentSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _TEXT_ROLES:
            return None
        row = index.row()
        return self._cells[row][index.column()] if 0 <= row < len(self._cells) else None
