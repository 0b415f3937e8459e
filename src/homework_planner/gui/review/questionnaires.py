"""The review form's optional questionnaires: PHQ-9 and GAD-7, collapsed until opened.

One combo box per item ("not asked" or 0-3), the total shown as the answers are chosen. The
items are shown in plain words (resources/measures/*.json), with the source cited.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.progress import Measure, measure

MeasureId = Literal["phq9", "gad7"]
NOT_ASKED = "Not asked"


class IncompleteMeasure(ValueError):
    """Some but not all of a questionnaire's items were answered."""

    def __init__(self, measure_id: MeasureId, item: int) -> None:
        super().__init__(measure_id)
        self.measure_id = measure_id
        self.item = item


class MeasureBox(QGroupBox):
    """One questionnaire: a combo per item and its total."""

    changed = Signal()

    def __init__(self, m: Measure) -> None:
        super().__init__(m.title)
        self.measure = m
        layout = QVBoxLayout(self)
        question = QLabel(m.question)
        question.setWordWrap(True)
        layout.addWidget(question)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.combos: list[QComboBox] = []
        for n, text in enumerate(m.items, start=1):
            combo = QComboBox()
            combo.addItem(NOT_ASKED, None)
            for score, answer in enumerate(m.answers):
                combo.addItem(f"{score}  {answer}", score)
            combo.setAccessibleName(f"{m.name} item {n}: {text}")
            combo.currentIndexChanged.connect(self._changed)
            label = QLabel(f"{n}. {text}")
            label.setWordWrap(True)
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.combos.append(combo)
        layout.addLayout(form)
        self.total_label = QLabel()
        self.total_label.setAccessibleName(f"{m.name} total")
        layout.addWidget(self.total_label)
        source = QLabel(f"Items in plain words. Source: {m.citation}")
        source.setWordWrap(True)
        source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(source)
        self._show_total()

    def _changed(self, *_: object) -> None:
        self._show_total()
        self.changed.emit()

    def answers(self) -> list[int | None]:
        out: list[int | None] = []
        for c in self.combos:
            data = c.currentData()
            out.append(data if isinstance(data, int) else None)
        return out

    def _show_total(self) -> None:
        given = [a for a in self.answers() if a is not None]
        n = len(self.combos)
        if not given:
            text = f"{self.measure.name}: not asked at this review."
        elif len(given) < n:
            text = (
                f"{self.measure.name}: {len(given)} of {n} items answered, so far "
                f"{sum(given)}. Answer all {n} for a total, or set them back to {NOT_ASKED}."
            )
        else:
            text = f"{self.measure.name} total: {sum(given)} of {self.measure.max_total}."
        self.total_label.setText(text)

    def total(self) -> int | None:
        a = self.answers()
        return sum(x for x in a if x is not None) if all(x is not None for x in a) else None

    def scores(self, *, strict: bool = False) -> list[int] | None:
        """All items' answers, or None when none was asked. With strict, a part-answered
        questionnaire raises IncompleteMeasure (naming the first unanswered item)."""
        a = self.answers()
        if all(x is None for x in a):
            return None
        missing = [i for i, x in enumerate(a) if x is None]
        if missing:
            if strict:
                raise IncompleteMeasure(self.measure.id, missing[0])
            return None
        return [x for x in a if x is not None]

    def set_scores(self, scores: list[int] | tuple[int | None, ...] | None) -> None:
        for i, combo in enumerate(self.combos):
            value = None if scores is None else scores[i]
            combo.blockSignals(True)
            combo.setCurrentIndex(0 if value is None else value + 1)
            combo.blockSignals(False)
        self._show_total()


class QuestionnairePanel(QWidget):
    """A button that opens and closes the PHQ-9 and GAD-7 boxes (closed to begin with)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Questionnaires, PHQ-9 and GAD-7 (optional)")
        self.phq9 = MeasureBox(measure("phq9"))
        self.gad7 = MeasureBox(measure("gad7"))
        self.body = QFrame()
        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.phq9)
        inner.addWidget(self.gad7)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.toggle.toggled.connect(self.set_open)
        self.phq9.changed.connect(self._changed)
        self.gad7.changed.connect(self._changed)
        self.set_open(False)

    def box(self, measure_id: MeasureId) -> MeasureBox:
        return self.phq9 if measure_id == "phq9" else self.gad7

    def _changed(self) -> None:
        self._label()
        self.changed.emit()

    def _label(self) -> None:
        bits = []
        for b in (self.phq9, self.gad7):
            t = b.total()
            if t is not None:
                bits.append(f"{b.measure.name} {t}")
        arrow = "▾" if self.is_open() else "▸"
        taken = f": {', '.join(bits)}" if bits else " (optional)"
        self.toggle.setText(f"{arrow} Questionnaires{taken}")

    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def set_open(self, open_: bool) -> None:
        if self.toggle.isChecked() != open_:
            self.toggle.setChecked(open_)  # comes back here through toggled
            return
        self.body.setVisible(open_)
        self._label()

    def state(self) -> tuple[tuple[int | None, ...], tuple[int | None, ...]]:
        return tuple(self.phq9.answers()), tuple(self.gad7.answers())

    def set_state(self, state: tuple[tuple[int | None, ...], tuple[int | None, ...]]) -> None:
        self.phq9.set_scores(state[0])
        self.gad7.set_scores(state[1])
        if any(x is not None for x in (*state[0], *state[1])):
            self.set_open(True)
        self._label()

    def set_scores(self, phq9: list[int] | None, gad7: list[int] | None) -> None:
        """Show a stored review's answers; closed when neither was taken."""
        self.phq9.set_scores(phq9)
        self.gad7.set_scores(gad7)
        self.set_open(phq9 is not None or gad7 is not None)
        self._label()
