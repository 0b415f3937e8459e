"""Field widgets of the editor: each has value()/set_value() and an `edited` signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFontMetrics, QKeyEvent, QKeySequence, QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.models import DAY_NAMES, DAYS, Intervention
from ...domain.schedule_words import parse_time
from ...domain.templates import prompts_in

log = logging.getLogger(__name__)

# The whole form has one undo history (the Edit menu); text widgets must not swallow Ctrl+Z.
_UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


def is_undo_key(event: QKeyEvent) -> bool:
    return any(event.matches(k) for k in _UNDO_KEYS)


class _UndoToForm(QObject):
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # Returning True leaves the ShortcutOverride unaccepted: the form's Undo action fires.
        return event.type() == QEvent.Type.ShortcutOverride and is_undo_key(event)  # type: ignore[arg-type]


def pass_undo_to_form(widget: QWidget) -> None:
    """Ctrl+Z in this (Qt) widget undoes in the form's history, not only inside the widget."""
    widget.installEventFilter(_UndoToForm(widget))


class TextField(QPlainTextEdit):
    """Plain text that grows with its content; Tab moves on; vague words can be highlighted.

    A QPlainTextEdit even for one-line answers so that the coach can mark words in place
    (QSyntaxHighlighter works on documents, not on QLineEdit).
    """

    edited = Signal(bool)  # mergeable: consecutive typing in one field is one undo step

    def __init__(self, *, single_line: bool = False, min_lines: int = 1, max_lines: int = 6):
        super().__init__()
        self.single_line = single_line
        self._min_lines = 1 if single_line else max(min_lines, 1)
        self._max_lines = max_lines
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit_height)
        self.textChanged.connect(self._on_text_changed)
        self._fit_height()

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, text: str | None) -> None:
        text = text or ""
        if text != self.toPlainText():
            self.setPlainText(text)
            self.moveCursor(self.textCursor().MoveOperation.End)

    def _on_text_changed(self) -> None:
        self.edited.emit(True)

    def _fit_height(self, *_: object) -> None:
        # Height follows the font (200% text scaling) and the number of wrapped lines.
        fm = QFontMetrics(self.font())
        lines = max(self._min_lines, min(self._max_lines, self._visual_lines()))
        margins = self.contentsMargins()
        doc_margin = self.document().documentMargin()
        height = lines * fm.lineSpacing() + 2 * doc_margin + margins.top() + margins.bottom() + 4
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(int(height))

    def _visual_lines(self) -> int:
        count = 0
        block = self.document().begin()
        while block.isValid():
            layout = block.layout()
            count += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        return count

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_height()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and is_undo_key(event):  # type: ignore[arg-type]
            # Leave the event unaccepted so the Edit menu's Undo/Redo shortcut fires.
            return True
        return super().event(event)

    def select_blank(self, after: int = 0) -> bool:
        """Select the first "[ ... ]" blank starting at or after `after`, so that typing
        replaces it; False when there is none."""
        for start, end in prompts_in(self.toPlainText()):
            if start >= after:
                cursor = self.textCursor()
                cursor.setPosition(start)
                cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
                self.setTextCursor(cursor)
                return True
        return False

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        # Arriving by Tab (or Enter in a one-line field) at a template's blank selects it.
        reasons = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        if event.reason() in reasons and not self.textCursor().hasSelection():
            self.select_blank()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.single_line and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # One-line answers: Enter moves on, like Tab, instead of adding a line break.
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source) -> None:  # noqa: N802
        if self.single_line and source.hasText():
            self.insertPlainText(" ".join(source.text().split()))
            return
        super().insertFromMimeData(source)


class LineField(QLineEdit):
    """A short line (monitoring column names); Ctrl+Z goes to the form's undo."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and is_undo_key(event):  # type: ignore[arg-type]
            return True
        return super().event(event)


class InterventionField(QComboBox):
    edited = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        for item in Intervention:
            self.addItem(item.label, item.value)
        self.currentIndexChanged.connect(lambda *_: self.edited.emit(False))

    def value(self) -> str:
        return str(self.currentData())

    def set_value(self, v: Any) -> None:
        v = v.value if isinstance(v, Intervention) else v
        row = self.findData(v or Intervention.other.value)
        if row >= 0 and row != self.currentIndex():
            self.setCurrentIndex(row)


class NumberField(QSpinBox):
    """0..maximum, with an optional "not asked"/"not set" state below the range (stored as None)."""

    edited = Signal(bool)

    def __init__(self, minimum: int, maximum: int, none_text: str | None = None, suffix: str = ""):
        super().__init__()
        self._none = none_text is not None
        self.setRange(minimum - 1 if self._none else minimum, maximum)
        if none_text is not None:
            self.setSpecialValueText(none_text)
        if suffix:
            self.setSuffix(suffix)
        self.setAccelerated(True)
        self.valueChanged.connect(lambda *_: self.edited.emit(True))

    def value_or_none(self) -> int | None:
        v = QSpinBox.value(self)  # subclasses override value() to mean the model's value
        return None if self._none and v == self.minimum() else v

    def set_number(self, v: int | None) -> None:
        target = self.minimum() if v is None else int(v)
        if target != QSpinBox.value(self):
            self.setValue(target)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and is_undo_key(event):  # type: ignore[arg-type]
            return True
        return super().event(event)


class RatingField(NumberField):
    def __init__(self) -> None:
        super().__init__(0, 10, "not asked", " / 10")

    def value(self):
        return self.value_or_none()

    def set_value(self, v: int | None) -> None:
        self.set_number(v)


class DaysField(NumberField):
    def __init__(self) -> None:
        super().__init__(0, 31, None, " days")

    def set_value(self, v: int | None) -> None:
        self.set_number(7 if v is None else v)


class ScheduleField(QWidget):
    """Days Mon..Sun, a time ("1pm", "13:00", "1300": read as HH:MM; kept as typed and checked
    by the model when it is not a time), minutes."""

    edited = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        # Weekdays on one line, the weekend on the next, then time and minutes: narrow enough
        # for a 1366-pixel screen beside the coach and the preview, and for 200% text.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.day_boxes: dict[str, QCheckBox] = {}
        for days in (DAYS[:4], DAYS[4:]):
            layout = QHBoxLayout()
            outer.addLayout(layout)
            for day in days:
                box = QCheckBox(day.capitalize())
                box.setAccessibleName(f"Schedule: {DAY_NAMES[day]}")
                box.toggled.connect(lambda *_: self.edited.emit(False))
                self.day_boxes[day] = box
                layout.addWidget(box)
            layout.addStretch(1)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        at = QLabel("At")
        layout.addWidget(at)
        self.time_edit = LineField()
        self.time_edit.setAccessibleName("Schedule: time")
        self.time_edit.setPlaceholderText("e.g. 1pm")
        self.time_edit.setToolTip("A time such as 1pm, 1:30 pm, 13:00 or 1300")
        self.time_edit.setMaxLength(8)
        fm = QFontMetrics(self.time_edit.font())
        self.time_edit.setMinimumWidth(fm.horizontalAdvance("00:00 ") * 2)
        self.time_edit.textEdited.connect(lambda *_: self.edited.emit(True))
        self.time_edit.editingFinished.connect(self._tidy_time)
        at.setBuddy(self.time_edit)
        layout.addWidget(self.time_edit)
        self.minutes = NumberField(1, 720, "not set", " min")
        self.minutes.setAccessibleName("Schedule: minutes")
        self.minutes.edited.connect(self.edited.emit)
        minutes_label = QLabel("for")
        minutes_label.setBuddy(self.minutes)
        layout.addWidget(minutes_label)
        layout.addWidget(self.minutes)
        layout.addStretch(1)

    def focus_target(self) -> QWidget:
        return self.day_boxes["mon"]

    def focus_order(self) -> list[QWidget]:
        return [*self.day_boxes.values(), self.time_edit, self.minutes]

    def _tidy_time(self) -> None:
        # "1pm" reads as 13:00: show it so once the therapist moves on (same value, no edit).
        time = parse_time(self.time_edit.text())
        if time is not None and time != self.time_edit.text():
            self.time_edit.setText(time)

    def value(self) -> dict | None:
        days = [d for d, box in self.day_boxes.items() if box.isChecked()]
        typed = self.time_edit.text().strip()
        time = parse_time(typed) or typed or None
        minutes = self.minutes.value_or_none()
        if not days and time is None and minutes is None:
            return None
        return {"days": days, "time": time, "duration_minutes": minutes}

    def set_value(self, v: dict | None) -> None:
        v = v or {}
        days = set(v.get("days") or [])
        for day, box in self.day_boxes.items():
            if box.isChecked() != (day in days):
                box.setChecked(day in days)
        time = v.get("time") or ""
        typed = self.time_edit.text().strip()
        if typed != time and (parse_time(typed) or typed) != time:
            self.time_edit.setText(time)
        self.minutes.set_number(v.get("duration_minutes"))


# The date QDateEdit shows as "not set": well before any real review date.
NOT_SET_DATE = QDate(2000, 1, 1)


class ReviewDateEdit(QDateEdit):
    """A QDateEdit where Tab always moves on (never day -> month -> year, which kept the focus
    while the date was "not set"), and Up or Down from "not set" gives a week from today."""

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self._today = today

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(self, forward)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802
        return QWidget.focusNextPrevChild(self, forward)

    def stepBy(self, steps: int) -> None:  # noqa: N802
        if self.date() == NOT_SET_DATE:
            d = self._today() + timedelta(days=7)
            self.setDate(QDate(d.year, d.month, d.day))
            return
        super().stepBy(steps)


class ReviewDateField(QWidget):
    """A date with a "not set" state and quick buttons (+1 week, +2 weeks, clear)."""

    edited = Signal(bool)

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._today = today
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        self.date_edit = ReviewDateEdit(self.today)
        self.date_edit.setAccessibleName("Review date")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setMinimumDate(NOT_SET_DATE)
        self.date_edit.setSpecialValueText("not set")
        self.date_edit.setDate(NOT_SET_DATE)
        self.date_edit.dateChanged.connect(lambda *_: self.edited.emit(True))
        pass_undo_to_form(self.date_edit)
        layout.addWidget(self.date_edit)
        layout.addStretch(1)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        self.quick_buttons: list[QPushButton] = []
        for text, days in (("+1 week", 7), ("+2 weeks", 14)):
            button = QPushButton(text)
            button.setAccessibleName(f"Review date: in {text[1:]} from today")
            button.clicked.connect(lambda _=False, d=days: self.set_in_days(d))
            layout.addWidget(button)
            self.quick_buttons.append(button)
        self.clear_button = QPushButton("Not set")
        self.clear_button.setAccessibleName("Review date: clear")
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        layout.addWidget(self.clear_button)
        layout.addStretch(1)

    def today(self) -> date:
        return self._today or date.today()

    def set_in_days(self, days: int) -> None:
        self.set_value((self.today() + timedelta(days=days)).isoformat())

    def focus_target(self) -> QWidget:
        return self.date_edit

    def focus_order(self) -> list[QWidget]:
        return [self.date_edit, *self.quick_buttons, self.clear_button]

    def value(self) -> str | None:
        d = self.date_edit.date()
        return None if d == NOT_SET_DATE else d.toString(Qt.DateFormat.ISODate)

    def set_value(self, v: str | date | None) -> None:
        if isinstance(v, str):
            v = date.fromisoformat(v)
        target = NOT_SET_DATE if v is None else QDate(v.year, v.month, v.day)
        if self.date_edit.date() != target:
            self.date_edit.setDate(target)
