"""HomeworkAuditDialog: the supervisor's view of the homework audit — a table, a chart, drill-down."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.settings import Settings
from ...output.audit import BECK_LABELS, BECK_LETTERS, TABLE_HEADINGS, percent, table_cells
from ...workflows.audit import Audit, Period, run_audit
from ...workflows.errors import WorkflowError

if TYPE_CHECKING:
    from ...storage import Store

log = logging.getLogger(__name__)

DEFAULT_WEEKS = 12
CODE_ROLE = Qt.ItemDataRole.UserRole
COLUMN_TIPS = (
    "The client's code",
    "Assignments set in the period (not withdrawn)",
    "Agreed (of which agreed by an earlier version that kept no words)",
    "Agreed with items the quality check called missing",
    "Beck a: clear and specific, at agreement",
    "Beck b: a reason given, at agreement",
    "Beck c: obstacles planned for and the client's reaction asked for, at agreement",
    "Beck d: the review summarised progress",
    "Agreed assignments that have a review",
    "Reviewed at the next session (by the review date + 7 days)",
    "Mean completion at the first review (0 not tried - 4 fully as planned)",
    "Median days from agreement to review",
    "Withdrawn (counted here, left out of the rest)",
)


class BeckChart(QWidget):
    """Four horizontal bars: the share meeting each of Beck's a-d (drawn; no chart library)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shares: dict[str, float | None] = dict.fromkeys(BECK_LETTERS)
        self.setAccessibleName("Beck's criteria met at agreement")
        self.setMinimumHeight(self._row() * len(BECK_LETTERS) + 8)

    def _row(self) -> int:
        return self.fontMetrics().height() + 8

    def set_shares(self, shares: dict[str, float | None]) -> None:
        self.shares = dict(shares)
        self.setAccessibleDescription(self.describe())
        self.update()

    def describe(self) -> str:
        return "; ".join(
            f"{k} {BECK_LABELS[k]}: {percent(self.shares.get(k))}" for k in BECK_LETTERS
        )

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, self._row() * len(BECK_LETTERS) + 8)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        label_w = max(fm.horizontalAdvance(f"{k} {BECK_LABELS[k]}") for k in BECK_LETTERS) + 12
        value_w = fm.horizontalAdvance("100%") + 12
        bar_w = max(20, self.width() - label_w - value_w - 8)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        track = pal.color(QPalette.ColorRole.Mid)
        fill = pal.color(QPalette.ColorRole.Highlight)
        row = self._row()
        for i, k in enumerate(BECK_LETTERS):
            y = 4 + i * row
            share = self.shares.get(k)
            painter.setPen(text)
            painter.drawText(
                0, y, label_w, row, Qt.AlignmentFlag.AlignVCenter, f"{k} {BECK_LABELS[k]}"
            )
            painter.setPen(track)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(label_w, y + 3, bar_w, row - 6)
            if share:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRect(label_w, y + 3, round(bar_w * share), row - 6)
            painter.setPen(text)
            painter.drawText(
                label_w + bar_w + 8,
                y,
                value_w,
                row,
                Qt.AlignmentFlag.AlignVCenter,
                percent(share),
            )
        painter.end()


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class HomeworkAuditDialog(QDialog):
    """The audit of this data folder over a period; Enter on a client shows that client."""

    def __init__(
        self,
        parent: QWidget | None,
        store: Store,
        today: date | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings or Settings()
        self.chosen: str | None = None
        self.audit: Audit | None = None
        self.setWindowTitle("Homework audit")
        today = today or date.today()
        intro = QLabel(
            "Homework set in the period, per client: agreed, Beck's criteria a-d at agreement "
            "(from the quality check frozen when agreed), reviewed, and how much was done. "
            "Press Enter on a client to show their homework."
        )
        intro.setWordWrap(True)
        self.from_edit = self._date_edit(today - timedelta(weeks=DEFAULT_WEEKS), "From")
        self.to_edit = self._date_edit(today, "To")
        from_label = QLabel("&From")
        from_label.setBuddy(self.from_edit)
        to_label = QLabel("&To")
        to_label.setBuddy(self.to_edit)
        period = QHBoxLayout()
        period.setSpacing(8)
        for label, edit in ((from_label, self.from_edit), (to_label, self.to_edit)):
            label.setMinimumWidth(label.sizeHint().width() + 6)  # room for the last letter
            period.addWidget(label)
            period.addWidget(edit)
            period.addSpacing(12)
        period.addStretch(1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(TABLE_HEADINGS))
        self.table.setAccessibleName("Homework audit by client")
        self.table.setHorizontalHeaderLabels(list(TABLE_HEADINGS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, tip in enumerate(COLUMN_TIPS):
            heading = self.table.horizontalHeaderItem(col)
            if heading is not None:
                heading.setToolTip(tip)
        self.chart = BeckChart()
        self.note = QLabel(
            "a clear and specific; b a reason given; c obstacles planned for and the client's "
            "reaction asked for; d progress summarised at the review. On time: reviewed at the "
            "next session (by the review date + 7 days). Days: median days from agreement to "
            "review. Agreed by an earlier version with no words kept: counted as agreed, left "
            "out of a-c. Withdrawn: counted, left out of the rest."
        )
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        # Enter belongs to the table (drill-down), never to the Close button.
        close.setAutoDefault(False)
        close.setDefault(False)
        buttons.rejected.connect(self.reject)
        self.pdf_button = QPushButton("&Save as PDF…")
        self.pdf_button.setAutoDefault(False)
        self.pdf_button.setToolTip("A one- or two-page report of this period, for supervision")
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.saved = QLabel()
        self.saved.setWordWrap(True)
        self.saved.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(period)
        layout.addWidget(self.problem)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chart)
        layout.addWidget(self.note)
        layout.addWidget(self.saved)
        layout.addWidget(buttons)
        self.table.activated.connect(self._drill_down)
        self.table.doubleClicked.connect(self._drill_down)
        self.from_edit.dateChanged.connect(self.refresh)
        self.to_edit.dateChanged.connect(self.refresh)
        self.resize(1040, 640)  # inside 1366 x 768 with the window's frame and a panel
        self.refresh()

    def _date_edit(self, d: date, name: str) -> QDateEdit:
        edit = QDateEdit(_qdate(d))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        return edit

    def period(self) -> Period:
        return Period(_pydate(self.from_edit.date()), _pydate(self.to_edit.date()))

    def refresh(self, *_: object) -> None:
        try:
            self.audit = run_audit(self.store, self.period())
        except WorkflowError as exc:
            self.audit = None
            self.problem.setText(str(exc).replace("--from", "From").replace("--to", "To"))
            self.problem.show()
            self.table.setRowCount(0)
            self.summary.setText("")
            self.chart.set_shares(dict.fromkeys(BECK_LETTERS))
            return
        self.problem.hide()
        audit = self.audit
        rows = [*audit.clients, audit.overall]
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, numbers in enumerate(rows):
            for c, text in enumerate(table_cells(numbers)):
                item = QTableWidgetItem(text)
                item.setData(CODE_ROLE, numbers.client_code)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if numbers.client_code is None:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        o = audit.overall
        self.summary.setText(
            "No assignments were set in this period."
            if not audit.clients
            else f"{o.assignments} assignments in {o.sessions} sessions; {o.agreed} agreed "
            f"({o.agreed_with_missing} with items missing); reviewed "
            f"{percent(o.share('reviewed'))}, at the next session "
            f"{percent(o.share('reviewed_next_session'))}; {o.withdrawn} withdrawn."
        )
        self.chart.set_shares({k: o.share(k) for k in BECK_LETTERS})
        if audit.clients:
            self.table.setCurrentCell(0, 0)

    def save_pdf(self) -> None:
        """The report of the period shown, written where the user chooses (never the store)."""
        if self.audit is None:
            return
        from ...fileio import write_atomic
        from ...output.audit import render_audit_pdf

        p = self.audit.period
        default = Path.home() / f"homework-audit-{p.start}-to-{p.end}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the homework audit", str(default), "PDF files (*.pdf)"
        )
        if not path:
            return
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        try:
            write_atomic(target, render_audit_pdf(self.audit, self.settings), mode=0o600)
        except OSError as exc:
            self.saved.setText(
                f"Could not save {target.name}: {exc.strerror}. Choose another folder."
            )
        else:
            self.saved.setText(f"Saved the audit to {target}.")
        self.saved.show()

    def row_cells(self, row: int) -> list[str]:
        """The texts of one row, as shown (tests read the table this way)."""
        items = (self.table.item(row, c) for c in range(self.table.columnCount()))
        return [item.text() if item is not None else "" for item in items]

    def _drill_down(self, index: object = None) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        code = item.data(CODE_ROLE) if item is not None else None
        if not code:  # the "All clients" row
            return
        self.chosen = str(code)
        self.accept()

    @classmethod
    def choose_client(
        cls, parent: QWidget | None, store: Store, settings: Settings | None = None
    ) -> str | None:
        """Show the audit; the code of the client the user drilled down to, or None."""
        dialog = cls(parent, store, settings=settings)
        dialog.exec()
        return dialog.chosen
