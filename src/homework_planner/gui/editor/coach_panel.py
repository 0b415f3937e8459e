"""The live coach beside the form: Beck's a-d checklist and one finding per criterion."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ...domain.coach import CRITERIA, CRITERION_LABELS, LEVEL_STYLE, Finding

log = logging.getLogger(__name__)

# One vocabulary with the record, the command line and the trainer (the coach's registry).
CRITERION_NAMES = CRITERION_LABELS
LEVELS = LEVEL_STYLE

# Beck et al. (1979) a-d; c needs both the plans and the client's reaction.
CHECKLIST = (
    ("a", "Clear and specific", ("task.specific",)),
    ("b", "Reason given", ("rationale.given",)),
    ("c", "Obstacles and reaction", ("obstacles.planned", "reaction.elicited")),
    ("d", "Review planned", ("review.scheduled",)),
)


def level_badge(level: str) -> str:
    symbol, word, fg, bg = LEVELS.get(level, LEVELS["missing"])
    return (
        f'<span style="color:{fg}; background-color:{bg}; font-weight:bold;">'
        f"&nbsp;{symbol} {word}&nbsp;</span>"
    )


class FindingView(QLabel):
    def __init__(self, criterion: str) -> None:
        super().__init__()
        self.criterion = criterion
        self.level = ""
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(4)
        self._key: tuple = ()

    def show_finding(self, f: Finding, field_label: str | None) -> None:
        key = (f.level, f.field, f.message, f.suggestion, field_label)
        if key == self._key:
            return
        self._key = key
        self.level = f.level
        name = CRITERION_NAMES.get(f.criterion, f.criterion)
        parts = [f"{level_badge(f.level)} <b>{html.escape(name)}</b>"]
        if f.level != "ok":
            parts.append(html.escape(f.message))
            if f.suggestion:
                parts.append(f"<i>Try:</i> {html.escape(f.suggestion)}")
            if field_label:
                parts.append(
                    f'<a href="{html.escape(f.field)}">Go to {html.escape(field_label)}</a>'
                )
        self.setText("<br>".join(parts))
        symbol, word, _, _ = LEVELS.get(f.level, LEVELS["missing"])
        self.setAccessibleName(f"{name}: {word}")
        self.setAccessibleDescription(f"{f.message} {f.suggestion}".strip())


class CoachPanel(QWidget):
    """Emits field_requested(path) when a finding's link is followed."""

    field_requested = Signal(str)

    def __init__(self, field_label: Callable[[str], str | None]) -> None:
        super().__init__()
        self._field_label = field_label
        self.setAccessibleName("Coach")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Coach</b>")
        outer.addWidget(title)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName("Coach summary")
        outer.addWidget(self.summary_label)

        self.checklist_labels: dict[str, QLabel] = {}
        checklist = QFrame()
        checklist.setFrameShape(QFrame.Shape.StyledPanel)
        checklist.setAccessibleName("Beck checklist a to d")
        check_layout = QVBoxLayout(checklist)
        check_layout.setContentsMargins(6, 4, 6, 4)
        check_layout.setSpacing(2)
        for letter, _text, _criteria in CHECKLIST:
            label = QLabel()
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            self.checklist_labels[letter] = label
            check_layout.addWidget(label)
        outer.addWidget(checklist)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self._list = QVBoxLayout(inner)
        self._list.setContentsMargins(0, 0, 0, 0)
        self.views: dict[str, FindingView] = {}
        for criterion in CRITERIA:
            view = FindingView(criterion)
            view.linkActivated.connect(self.field_requested.emit)
            self.views[criterion] = view
            self._list.addWidget(view)
        self._list.addStretch(1)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)
        self.findings: list[Finding] = []
        # Wide enough to read a finding without scrolling, at any text size.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 42, fm.lineSpacing() * 30)

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        by_criterion = {f.criterion: f for f in findings}
        for criterion, view in self.views.items():
            f = by_criterion.get(criterion)
            view.setVisible(f is not None)
            if f is not None:
                view.show_finding(f, self._field_label(f.field))
        counts = {lvl: sum(1 for f in findings if f.level == lvl) for lvl in LEVELS}
        self.summary_label.setText(
            f"{counts['ok']} of {len(findings)} OK · {counts['warn']} to check · "
            f"{counts['missing']} missing"
        )
        for letter, text, criteria in CHECKLIST:
            levels = [by_criterion[c].level for c in criteria if c in by_criterion]
            done = bool(levels) and all(lvl == "ok" for lvl in levels)
            symbol = "\u2714" if done else "\u25cb"
            state = "done" if done else "to do"
            colour = LEVELS["ok"][2] if done else "#374151"
            self.checklist_labels[letter].setText(
                f'<span style="color:{colour};"><b>{symbol} {letter}.</b> {text}: '
                f"<b>{state}</b></span>"
            )
            self.checklist_labels[letter].setAccessibleName(f"{letter}. {text}: {state}")

    def level_of(self, criterion: str) -> str | None:
        return next((f.level for f in self.findings if f.criterion == criterion), None)

    def checklist_done(self, letter: str) -> bool:
        return self.checklist_labels[letter].accessibleName().endswith(": done")
