"""The one list of the form's fields, in conversation order, and the widgets built from it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from .fields import (
    DaysField,
    InterventionField,
    RatingField,
    ReviewDateField,
    ScheduleField,
    TextField,
)
from .monitoring import ColumnList
from .obstacles import ObstacleList

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FieldSpec:
    path: str  # dotted path in the Assignment JSON, as the coach names fields
    label: str
    kind: str  # line | text | intervention | schedule | obstacles | columns | rating | days | date
    placeholder: str = ""
    help: str = ""
    empty_as_none: bool = False  # optional model fields: "" is stored as absent


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    intro: str
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "goal",
        "1. Goal",
        "What the client wants to change, and the kind of homework.",
        (
            FieldSpec(
                "title",
                "Title",
                "line",
                "e.g. A short walk after lunch",
                "The heading on the client's handout.",
            ),
            FieldSpec("intervention", "Intervention", "intervention"),
            FieldSpec(
                "goal",
                "Goal",
                "text",
                "e.g. Feel less stuck at home and get back to seeing my sister",
            ),
        ),
    ),
    SectionSpec(
        "task",
        "2. What I will do",
        "Specific enough that you could both tell, next week, whether it happened.",
        (
            FieldSpec(
                "task.what",
                "What",
                "text",
                "e.g. Walk to the postbox at the end of my road and back",
            ),
            FieldSpec("task.when", "When", "line", "e.g. After lunch, at 1 pm"),
            FieldSpec("task.where", "Where", "line", "e.g. From my front door to the postbox"),
            FieldSpec("task.how_often", "How often", "line", "e.g. Monday, Wednesday and Friday"),
            FieldSpec("task.how_long", "How long", "line", "e.g. 15 minutes"),
            FieldSpec(
                "task.with_whom",
                "With whom",
                "line",
                "optional, e.g. on my own, or with my sister",
                empty_as_none=True,
            ),
            FieldSpec(
                "task.first_step",
                "First step",
                "line",
                "optional, e.g. put my shoes by the door in the morning",
                empty_as_none=True,
            ),
            FieldSpec(
                "task.schedule",
                "Days and time",
                "schedule",
                "",
                "Ticked days become tick boxes on the handout.",
            ),
        ),
    ),
    SectionSpec(
        "why",
        "3. Why",
        "The reason, in the client's own words, linked to their goal.",
        (
            FieldSpec(
                "rationale",
                "Why this helps",
                "text",
                "e.g. When I do a bit more, my mood lifts, and I feel ready to see my sister",
            ),
        ),
    ),
    SectionSpec(
        "obstacles",
        "4. What might get in the way",
        "Ask what could stop it, and plan what to do then.",
        (FieldSpec("obstacles", "If-then plans", "obstacles"),),
    ),
    SectionSpec(
        "monitoring",
        "5. How I will keep track",
        "What the client writes down, when, and on which scale.",
        (
            FieldSpec(
                "monitoring.what_to_record",
                "What to write down",
                "text",
                "e.g. Whether I walked, and my mood before and after",
            ),
            FieldSpec(
                "monitoring.when_to_record",
                "When to write it",
                "line",
                "e.g. Straight after each walk",
            ),
            FieldSpec("monitoring.columns", "Columns", "columns"),
            FieldSpec("monitoring.days", "Days on the sheet", "days"),
        ),
    ),
    SectionSpec(
        "reaction",
        "6. In your own words",
        "Ask the client to say the plan back, and how important and doable it feels.",
        (
            FieldSpec(
                "client_reaction.summary_in_own_words",
                "Plan in their words",
                "text",
                "e.g. I'll walk to the postbox after lunch three days and note my mood",
            ),
            FieldSpec(
                "client_reaction.importance",
                "Importance",
                "rating",
                "",
                '"How important is this to you, from 0 to 10?"',
            ),
            FieldSpec(
                "client_reaction.confidence",
                "Confidence",
                "rating",
                "",
                '"How sure are you that you will do it, from 0 to 10?" '
                "Below 7: make it smaller, or add a back-up plan.",
            ),
            FieldSpec(
                "client_reaction.concerns",
                "Concerns",
                "text",
                "e.g. Bad weather; feeling too tired",
            ),
        ),
    ),
    SectionSpec(
        "review",
        "7. Review",
        "When you will look at it together.",
        (FieldSpec("review_date", "Review date", "date"),),
    ),
)

FIELD_SPECS: tuple[FieldSpec, ...] = tuple(f for s in SECTIONS for f in s.fields)


def make_widget(spec: FieldSpec) -> QWidget:
    kind = spec.kind
    if kind == "line":
        w: QWidget = TextField(single_line=True)
    elif kind == "text":
        w = TextField(min_lines=2)
    elif kind == "intervention":
        w = InterventionField()
    elif kind == "schedule":
        w = ScheduleField()
    elif kind == "obstacles":
        w = ObstacleList()
    elif kind == "columns":
        w = ColumnList()
    elif kind == "rating":
        w = RatingField()
    elif kind == "days":
        w = DaysField()
    elif kind == "date":
        w = ReviewDateField()
    else:  # a programming error in SECTIONS, caught by the tests
        raise ValueError(f"unknown field kind {kind!r}")
    if isinstance(w, TextField) and spec.placeholder:
        w.setPlaceholderText(spec.placeholder)
    return w


class FieldRow(QWidget):
    """A field's widget with, under it, its help, the coach's word marks and any problem."""

    def __init__(self, spec: FieldSpec, section: SectionSpec) -> None:
        super().__init__()
        self.spec = spec
        self.widget = make_widget(spec)
        name = f"{section.title.split('. ', 1)[-1]}: {spec.label}"
        if not isinstance(self.widget, (ScheduleField, ReviewDateField)):
            self.widget.setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        if spec.kind in ("rating", "days"):
            # A number box as wide as a number, not as the page.
            layout.addWidget(self.widget, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            layout.addWidget(self.widget)
        self.help_label = QLabel(spec.help)
        self.help_label.setWordWrap(True)
        self.help_label.setObjectName("fieldHelp")
        # Into the layout first: made visible while it had no parent, it would open as a
        # window of its own for a moment (and take the focus from the main window).
        layout.addWidget(self.help_label)
        self.help_label.setVisible(bool(spec.help))
        # Coach marks (vague words) and validation problems are text, never colour alone.
        self.marks_label = QLabel()
        self.marks_label.setWordWrap(True)
        self.marks_label.setObjectName("fieldMarks")
        self.marks_label.setAccessibleName(f"{name}: coach notes")
        self.marks_label.hide()
        layout.addWidget(self.marks_label)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setObjectName("fieldProblem")
        self.problem_label.setAccessibleName(f"{name}: problem")
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        # Words that contradict the schedule (days, time, minutes): shown, never silently kept.
        self.mismatch_label = QLabel()
        self.mismatch_label.setWordWrap(True)
        self.mismatch_label.setObjectName("fieldMismatch")
        self.mismatch_label.setAccessibleName(f"{name}: does not match the schedule")
        self.mismatch_label.hide()
        layout.addWidget(self.mismatch_label)

    def value(self) -> Any:
        return self.widget.value()  # type: ignore[attr-defined]

    def model_value(self) -> Any:
        w = self.widget
        v = w.model_value() if hasattr(w, "model_value") else w.value()  # type: ignore[attr-defined]
        if self.spec.empty_as_none and isinstance(v, str) and not v.strip():
            return None
        return v

    def set_value(self, v: Any) -> None:
        self.widget.set_value(v)  # type: ignore[attr-defined]

    def focus_target(self) -> QWidget:
        w = self.widget
        return w.focus_target() if hasattr(w, "focus_target") else w

    def set_marks(self, lines: list[str]) -> None:
        text = "\n".join(lines)
        if text != self.marks_label.text():
            self.marks_label.setText(text)
        self.marks_label.setVisible(bool(lines))

    def set_mismatch(self, text: str) -> None:
        if text != self.mismatch_label.text():
            self.mismatch_label.setText(text)
        self.mismatch_label.setVisible(bool(text))

    def set_problem(self, text: str) -> None:
        if text != self.problem_label.text():
            self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))


class SectionBox(QGroupBox):
    def __init__(self, spec: SectionSpec) -> None:
        super().__init__(spec.title)
        self.spec = spec
        self.setAccessibleName(f"Section {spec.title}")
        layout = QVBoxLayout(self)
        intro = QLabel(spec.intro)
        intro.setWordWrap(True)
        intro.setObjectName("sectionIntro")
        layout.addWidget(intro)
        form = QFormLayout()
        # Labels beside fields when there is room, above them at large text sizes.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(form)
        self.rows: dict[str, FieldRow] = {}
        for f in spec.fields:
            row = FieldRow(f, spec)
            label = QLabel(f"{f.label}:")
            label.setBuddy(row.focus_target())
            form.addRow(label, row)
            self.rows[f.path] = row

    def first_field(self) -> QWidget:
        return next(iter(self.rows.values())).focus_target()
