"""The review's questions about each if-then plan: did it happen, and did it help?"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel

from ...domain.models import Obstacle, PlanReview
from ...domain.review import PLAN_HAPPENED_LABELS, PLAN_HELPED_LABELS, plan_next_week

_NEXT_WEEK = {
    "keep": "Next week: kept as it is.",
    "rewrite": "Next week: the 'then' is left open to agree a new one.",
    "revisit": "Next week: carried over with a prompt to talk it through again.",
}


class PlanReviewPanel(QGroupBox):
    """One row per if-then plan: Did it happen? Did it help? (two drop-downs, Tab to each)."""

    def __init__(self) -> None:
        super().__init__("If-then plans: did each happen, and did it help?")
        self.grid = QGridLayout(self)
        self.happened: list[QComboBox] = []
        self.helped: list[QComboBox] = []
        self.notes: list[QLabel] = []
        self._plans: list[Obstacle] = []
        self.set_plans([], [])

    def set_plans(self, plans: list[Obstacle], answers: list[PlanReview]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._plans = [p for p in plans if p.if_.strip()]
        self.happened, self.helped, self.notes = [], [], []
        for i, plan in enumerate(self._plans):
            text = QLabel(f"If {plan.if_.strip()}, then I will {plan.then.strip() or '…'}")
            text.setWordWrap(True)
            happened = _combo(f"Plan {i + 1}: did it happen?", PLAN_HAPPENED_LABELS)
            helped = _combo(f"Plan {i + 1}: did it help?", PLAN_HELPED_LABELS)
            note = QLabel()
            note.setWordWrap(True)
            answer = _answer_for(plan, answers)
            if answer is not None:
                happened.setCurrentIndex(max(happened.findData(answer.happened), 0))
                helped.setCurrentIndex(max(helped.findData(answer.helped), 0))
            happened.currentIndexChanged.connect(self._update)
            helped.currentIndexChanged.connect(self._update)
            row = 3 * i
            self.grid.addWidget(text, row, 0, 1, 4)
            self.grid.addWidget(_label("Did it happen?", happened), row + 1, 0)
            self.grid.addWidget(happened, row + 1, 1)
            self.grid.addWidget(_label("Did it help?", helped), row + 1, 2)
            self.grid.addWidget(helped, row + 1, 3)
            self.grid.addWidget(note, row + 2, 0, 1, 4)
            self.happened.append(happened)
            self.helped.append(helped)
            self.notes.append(note)
        self.setVisible(bool(self._plans))
        self._update()

    def _update(self, *_: object) -> None:
        for i, answer in enumerate(self.plans()):
            used = answer.happened == "used"
            self.helped[i].setEnabled(used)
            self.notes[i].setText(_NEXT_WEEK[plan_next_week(answer)])

    def plans(self) -> list[PlanReview]:
        """The answers as the form holds them; "did it help" only for a plan that was used."""
        out: list[PlanReview] = []
        for plan, happened, helped in zip(self._plans, self.happened, self.helped, strict=True):
            used = happened.currentData() == "used"
            out.append(
                PlanReview.model_validate(
                    {
                        "if": plan.if_,
                        "then": plan.then,
                        "happened": happened.currentData(),
                        "helped": helped.currentData() if used else None,
                    }
                )
            )
        return out

    def state(self) -> tuple[tuple[Any, Any], ...]:
        return tuple(
            (h.currentIndex(), g.currentIndex())
            for h, g in zip(self.happened, self.helped, strict=True)
        )

    def set_state(self, state: tuple[tuple[Any, Any], ...]) -> None:
        for (h, g), happened, helped in zip(state, self.happened, self.helped, strict=False):
            happened.setCurrentIndex(h)
            helped.setCurrentIndex(g)


def _combo(name: str, labels: dict[Any, str]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for key, text in labels.items():
        combo.addItem(text, key)
    return combo


def _label(text: str, buddy: QComboBox) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _answer_for(plan: Obstacle, answers: list[PlanReview]) -> PlanReview | None:
    return next(
        (
            p
            for p in answers
            if p.if_.strip() == plan.if_.strip() and p.then.strip() == plan.then.strip()
        ),
        None,
    )
