"""A client's progress: the summary paragraph for the notes, the chart and the timeline."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.models import COMPLETION_LABELS
from ...domain.progress import Progress, compute_progress, summary_text
from ...storage import Store
from ..models import plain_date
from .progress_chart import ProgressChart

log = logging.getLogger(__name__)


class TimelineView(QTreeWidget):
    """Date-ordered: homework set and homework reviewed, newest at the top."""

    COLUMNS = ("Date", "What", "Done")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline of homework and reviews")
        self.setColumnCount(len(self.COLUMNS))
        self.setHeaderLabels(list(self.COLUMNS))
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Dates and "n – label" are alike in width: size those columns from the first 100 rows,
        # not all of them (a long caseload has hundreds of entries).
        header.setResizeContentsPrecision(100)

    def set_progress(self, progress: Progress) -> None:
        self.clear()
        items = []
        for e in reversed(progress.timeline):
            done = (
                ""
                if e.completion is None
                else f"{e.completion} – {COMPLETION_LABELS[e.completion]}"
            )
            item = QTreeWidgetItem([plain_date(e.date), e.text, done])
            item.setData(0, Qt.ItemDataRole.UserRole, e.assignment_id)
            item.setData(1, Qt.ItemDataRole.UserRole, e.summary)
            for col in range(3):
                item.setToolTip(col, e.summary)
            items.append(item)
        self.addTopLevelItems(items)  # at once: one insertion for the view, not one per row


class ProgressPanel(QWidget):
    """Shows one client's progress; call set_client(code) and refresh() after a save.

    Progress needs every assignment and review of the client as full models (a long caseload:
    ~40 ms), so while the panel is hidden (a tab behind another dock) set_client() and
    refresh() only note the change, and the panel catches up when it is shown or when
    ensure_current() is called.
    """

    summary_copied = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.client_code = ""
        self.progress: Progress = compute_progress([], [])
        self._stale = False

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setAccessibleName("Progress summary for the notes")
        self.copy_button = QPushButton("Copy s&ummary for the notes")
        self.copy_button.clicked.connect(self.copy_summary)
        self.chart = ProgressChart()
        self.timeline = TimelineView()
        # The narrow dock has no room for a summary column: the chosen review's summary shows here.
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label.setAccessibleName("Summary of the chosen review")
        self.timeline.currentItemChanged.connect(self._show_detail)

        head = QHBoxLayout()
        title = QLabel("<b>Progress</b>")
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.copy_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.timeline, 1)
        lower_layout.addWidget(self.detail_label)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.summary_label)
        layout.addWidget(split, 1)
        self.set_client("")

    def set_client(self, code: str) -> None:
        self.client_code = code
        self.refresh()

    def refresh(self) -> None:
        """Show the client's progress as stored now; while hidden, on the next show."""
        if self._on_screen():
            self.refresh_now()
        else:
            self._stale = True

    def _on_screen(self) -> bool:
        # A dock behind another dock's tab stays "visible" to Qt (it is moved out of the
        # window), so ask whether any of it can be painted.
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def ensure_current(self) -> None:
        """Catch up with a change made while the panel was hidden."""
        if self._stale:
            self.refresh_now()

    def showEvent(self, event) -> None:  # noqa: N802
        self.ensure_current()  # before the first paint: never shows the previous client
        super().showEvent(event)

    def refresh_now(self) -> None:
        self._stale = False
        if self.client_code:
            assignments = self.store.load_assignments(self.client_code)
            reviews = self.store.list_reviews(client_code=self.client_code)
        else:
            assignments, reviews = [], []
        self.progress = compute_progress(assignments, reviews)
        self.summary_label.setText(
            summary_text(self.progress) if self.client_code else "Choose a client to see progress."
        )
        self.copy_button.setEnabled(bool(self.client_code))
        self.chart.set_progress(self.progress)
        self.timeline.set_progress(self.progress)
        # Open on the latest review's summary: that is what the session starts from.
        items = [self.timeline.topLevelItem(i) for i in range(self.timeline.topLevelItemCount())]
        first = next(
            (it for it in items if it is not None and it.text(2)), items[0] if items else None
        )
        if first is not None:
            self.timeline.setCurrentItem(first)
        self._show_detail(first)

    def _show_detail(self, item: QTreeWidgetItem | None, *_: object) -> None:
        text = item.data(1, Qt.ItemDataRole.UserRole) if item is not None else ""
        if item is None:
            self.detail_label.setText("")
        elif text:
            self.detail_label.setText(f"{item.text(0)}: {text}")
        else:
            self.detail_label.setText(f"{item.text(0)}: {item.text(1)}")

    def summary(self) -> str:
        self.ensure_current()  # Copy summary works from the menu while the panel is hidden
        return summary_text(self.progress)

    def copy_summary(self) -> None:
        text = self.summary()
        QGuiApplication.clipboard().setText(text)
        self.summary_copied.emit(text)
