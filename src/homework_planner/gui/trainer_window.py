"""Trainer mode: poor, better and good versions of the same homework side by side, with reasons."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..domain import coach
from ..domain.examples import LEVEL_LABELS, LEVELS, Example, load_examples
from ..domain.models import DAY_NAMES, Assignment
from .review.badges import badge, finding_html
from .screen_fit import clamp_to_screen

log = logging.getLogger(__name__)

PRESENTATION_SCALE = 1.8
AT_REVIEW = ("review.summarised",)
AT_REVIEW_NOTE = "Progress summarised: judged when the homework is reviewed (Beck d)."
HEADER_COLOURS = {"poor": "#7f1d1d", "better": "#7c2d12", "good": "#14532d"}


NOT_GIVEN = '<span style="color:#4b5563;">(not given)</span>'


def _row(label: str, value: str | None) -> str:
    value = (value or "").strip()
    shown = html.escape(value) if value else NOT_GIVEN
    return f"<b>{html.escape(label)}:</b> {shown}"


def homework_html(a: Assignment) -> str:
    """The parts of the homework a trainer talks about, in the form's order."""
    t = a.task
    parts = [
        f"<b>{html.escape(a.title or '(untitled)')}</b>",
        _row("Goal", a.goal),
        _row("What", t.what),
        _row("When", t.when),
        _row("Where", t.where),
        _row("How often", t.how_often),
        _row("How long", t.how_long),
    ]
    if t.schedule and t.schedule.days:
        days = ", ".join(DAY_NAMES[d][:3] for d in t.schedule.days)
        parts.append(_row("Days", days + (f" at {t.schedule.time}" if t.schedule.time else "")))
    parts.append(_row("Why", a.rationale))
    if a.obstacles:
        plans = "".join(
            f"<li>If {html.escape(o.if_ or '…')}, then I will "
            f"{html.escape(o.then) if o.then.strip() else NOT_GIVEN}.</li>"
            for o in a.obstacles
        )
        parts.append(f"<b>If-then plans:</b><ul style='margin:0;'>{plans}</ul>")
    else:
        parts.append(_row("If-then plans", ""))
    m = a.monitoring
    cols = ", ".join(c.label + (f" ({c.scale})" if c.scale else "") for c in m.columns)
    parts.append(_row("Keep track of", m.what_to_record))
    parts.append(_row("Record", ", ".join(x for x in (m.when_to_record, cols) if x)))
    r = a.client_reaction
    parts.append(_row("In the client's words", r.summary_in_own_words))
    conf = "" if r.confidence is None else f"{r.confidence} out of 10"
    parts.append(_row("Confidence", conf))
    parts.append(_row("Review", a.review_date.strftime("%a %d %b") if a.review_date else ""))
    return "<br>".join(parts)


def protocol_html(e: Example) -> str:
    """The published protocol the example follows, with its sources, for the trainer to cite."""
    sources = "; ".join(html.escape(s) for s in e.protocol.sources)
    return (
        f"<b>Follows:</b> {html.escape(e.protocol.follows)}<br>"
        f'<span style="color:#374151;">Sources: {sources}</span>'
    )


def _label(rich: str, name: str) -> QLabel:
    label = QLabel(rich)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class VersionColumn(QFrame):
    """One version: a header with its coach score, the homework, then the coach's findings."""

    def __init__(self, level: str) -> None:
        super().__init__()
        self.level = level
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.header = _label("", f"{LEVEL_LABELS[level]} version")
        self.homework = _label("", f"{LEVEL_LABELS[level]} version: the homework")
        self.findings = _label("", f"{LEVEL_LABELS[level]} version: coach findings")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.homework)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addWidget(self.findings)
        layout.addStretch(1)
        self.levels: dict[str, str] = {}

    def show_version(
        self, a: Assignment, findings: list[coach.Finding], details: bool = True
    ) -> None:
        self.levels = {f.criterion: f.level for f in findings}
        # Summarising progress (Beck d) happens at the review, not when homework is written:
        # an "OK" for it here would praise the poor version for something it never attempted.
        findings = [f for f in findings if f.criterion not in AT_REVIEW]
        ok = sum(1 for f in findings if f.level == "ok")
        colour = HEADER_COLOURS[self.level]
        self.header.setText(
            f'<span style="color:{colour}; font-size:x-large;"><b>{LEVEL_LABELS[self.level]}</b>'
            f"</span>&nbsp;&nbsp;coach: <b>{ok} of {len(findings)} OK</b>"
        )
        self.homework.setText(homework_html(a))
        # Details only where something is to fix; an "OK" line is enough for the rest.
        self.findings.setText(
            "<b>Coach</b><br>"
            + "<br>".join(finding_html(f, details=details) for f in findings)
            + f"<br>{NOT_GIVEN.replace('(not given)', AT_REVIEW_NOTE)}"
        )


class TrainerWindow(QMainWindow):
    """Built-in invented examples only: nothing here reads or writes the store."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: trainer mode (invented examples)")
        self.examples: list[Example] = load_examples()
        self.presenting = False
        self._base_point_size = self.font().pointSizeF()
        self._build_ui()
        self._create_actions()
        self.example_list.setCurrentRow(0)
        clamp_to_screen(self, QSize(1400, 900))  # 1366×768 laptops: never beyond the screen

    # ---- construction ------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.example_list = QListWidget()
        self.example_list.setAccessibleName("Examples")
        self.example_list.setSpacing(4)
        self.example_list.setWordWrap(True)
        for e in self.examples:
            item = QListWidgetItem(f"{e.intervention.label}\n{e.title}")
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            self.example_list.addItem(item)
        self.example_list.currentRowChanged.connect(self.show_example)

        self.title = _label("", "Example")
        self.scenario = _label("", "Scenario")
        self.protocol = _label("", "The protocol this example follows")
        self.columns = {level: VersionColumn(level) for level in LEVELS}
        row = QHBoxLayout()
        for level in LEVELS:
            row.addWidget(self.columns[level], 1)
        self.differences = _label("", "What changes, and why it matters")

        inner = QWidget()
        body = QVBoxLayout(inner)
        body.addWidget(self.title)
        body.addWidget(self.scenario)
        body.addWidget(self.protocol)
        body.addLayout(row)
        body.addWidget(self.differences)
        body.addStretch(1)
        # Not `self.scroll`: that name is QWidget.scroll(dx, dy).
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(inner)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.example_list)
        self.splitter.addWidget(self.scroll_area)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([220, 1180])
        self.setCentralWidget(self.splitter)
        self.statusBar().showMessage(
            "F5: presentation view (large type, full screen). D: coach details. "
            "Page Up / Page Down: previous / next example."
        )

    def _create_actions(self) -> None:
        self.present_action = QAction("&Presentation view", self)
        self.present_action.setCheckable(True)
        self.present_action.setShortcut(QKeySequence("F5"))
        self.present_action.toggled.connect(self.set_presenting)
        self.leave_action = QAction("Leave presentation view", self)
        self.leave_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.leave_action.triggered.connect(lambda: self.present_action.setChecked(False))
        self.next_action = QAction("&Next example", self)
        self.next_action.setShortcut(QKeySequence(Qt.Key.Key_PageDown))
        self.next_action.triggered.connect(lambda: self.step(1))
        self.prev_action = QAction("Pre&vious example", self)
        self.prev_action.setShortcut(QKeySequence(Qt.Key.Key_PageUp))
        self.prev_action.triggered.connect(lambda: self.step(-1))
        self.details_action = QAction("Coach &details", self)
        self.details_action.setCheckable(True)
        self.details_action.setChecked(True)
        self.details_action.setShortcut(QKeySequence("D"))
        self.details_action.setStatusTip("Show or hide what the coach says about each gap")
        self.details_action.toggled.connect(self._refresh)
        self.close_action = QAction("&Close trainer mode", self)
        self.close_action.setShortcut(QKeySequence.StandardKey.Close)
        self.close_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu("&Trainer")
        for a in (self.present_action, self.details_action, self.prev_action, self.next_action):
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(self.close_action)
        # Shortcuts must work while the menu bar is hidden in presentation view.
        for a in (
            self.present_action,
            self.leave_action,
            self.details_action,
            self.next_action,
            self.prev_action,
        ):
            self.addAction(a)

    # ---- showing -----------------------------------------------------------------------------
    def current_example(self) -> Example | None:
        row = self.example_list.currentRow()
        return self.examples[row] if 0 <= row < len(self.examples) else None

    def step(self, delta: int) -> None:
        if self.examples:
            row = (self.example_list.currentRow() + delta) % len(self.examples)
            self.example_list.setCurrentRow(row)

    def show_example(self, row: int) -> None:
        if not 0 <= row < len(self.examples):
            return
        e = self.examples[row]
        self.title.setText(
            f'<span style="font-size:xx-large;"><b>{html.escape(e.title)}</b></span>'
            f"&nbsp;&nbsp;{html.escape(e.intervention.label)}"
        )
        self.scenario.setText(html.escape(e.scenario))
        self.protocol.setText(protocol_html(e))
        for level in LEVELS:
            a = e.version(level)
            self.columns[level].show_version(a, coach.check(a), self.details_action.isChecked())
        self.differences.setText(self._differences_html(e))
        self.scroll_area.verticalScrollBar().setValue(0)

    def _refresh(self, *_: object) -> None:
        value = self.scroll_area.verticalScrollBar().value()
        self.show_example(self.example_list.currentRow())
        self.scroll_area.verticalScrollBar().setValue(value)

    def _differences_html(self, e: Example) -> str:
        items = []
        for d in e.differences:
            levels = " ".join(
                f"{LEVEL_LABELS[lv]} {badge(self.columns[lv].levels.get(d.criterion, 'ok'))}"
                for lv in LEVELS
            )
            items.append(
                f"<p><b>{html.escape(d.principle)}</b>&nbsp;&nbsp;{levels}<br>"
                f"{html.escape(d.explanation)}<br>"
                f'<span style="color:#374151;">Evidence: {html.escape(d.source)}</span></p>'
            )
        return '<span style="font-size:x-large;"><b>What changes, and why</b></span>' + "".join(
            items
        )

    # ---- presentation view -------------------------------------------------------------------
    def set_presenting(self, on: bool) -> None:
        """Large type and full screen for a room; Esc or F5 returns to the normal view."""
        self.presenting = on
        font = QFont(self.font())
        font.setPointSizeF(self._base_point_size * (PRESENTATION_SCALE if on else 1.0))
        self.setFont(font)
        self.menuBar().setVisible(not on)
        self.example_list.setVisible(not on)
        # In front of a room the badges say enough; D brings the coach's words back.
        self.details_action.setChecked(not on)
        if on:
            self.showFullScreen()
            self.scroll_area.setFocus()  # arrow keys and Space scroll the page
            self.statusBar().showMessage(
                "Presentation view. Esc: leave. D: coach details. "
                "Page Up / Page Down: previous / next example."
            )
        else:
            self.showNormal()
            self.statusBar().showMessage("Presentation view off.", 4000)
        self.present_action.setChecked(on)

    def font_scale(self) -> float:
        return self.font().pointSizeF() / self._base_point_size

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.presenting:
            self.set_presenting(False)
        super().closeEvent(event)
