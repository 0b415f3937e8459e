"""Small parts of the review form: the completion chooser, text boxes and sheet-cell values."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.models import (
    COMPLETION_LABELS,
    Assignment,
    EntryKey,
    EntryValue,
    MonitoringColumn,
    MonitoringEntry,
)
from ...domain.sheet import is_tick, parse_tick, tick_text


class CompletionChooser(QGroupBox):
    """Five radio buttons, 0-4. Arrow keys move between them; typing 0-4 picks one directly."""

    changed = Signal(int)

    def __init__(self) -> None:
        super().__init__("How much was done?")
        self.setAccessibleName("How much of the homework was done, 0 to 4")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: list[QRadioButton] = []
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        for level, text in COMPLETION_LABELS.items():
            button = QRadioButton(f"{level}  {text}")
            button.setAccessibleName(f"{level}: {text}")
            self.group.addButton(button, level)
            self.buttons.append(button)
            layout.addWidget(button)
        self.group.idToggled.connect(self._toggled)

    def _toggled(self, level: int, checked: bool) -> None:
        if checked:
            self.changed.emit(level)

    def value(self) -> int | None:
        level = self.group.checkedId()
        return None if level < 0 else level

    def set_value(self, level: int | None) -> None:
        if level is None:
            # An exclusive group cannot be unchecked directly; lift exclusivity for a moment.
            self.group.setExclusive(False)
            for b in self.buttons:
                b.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[level].setChecked(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text in ("0", "1", "2", "3", "4"):
            self.buttons[int(text)].setChecked(True)
            self.buttons[int(text)].setFocus()
            return
        super().keyPressEvent(event)


def text_box(name: str, placeholder: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # keyboard flow: Tab goes to the next field
    line = box.fontMetrics().lineSpacing()
    box.setFixedHeight(int(line * lines + 14))
    return box


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)  # Alt+letter moves to the field
    return label


def text_of(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


class BadTick(ValueError):
    def __init__(self, row: int, column: int) -> None:
        super().__init__("not a tick")
        self.row, self.column = row, column


def cell_text(value: EntryValue, tick: bool) -> str:
    if tick:
        return tick_text(value)
    return value if isinstance(value, str) else tick_text(value)


def cell_value(text: str, tick: bool, strict: bool, row: int, column: int) -> EntryValue:
    if not text:
        return None  # not recorded: kept on its day, never 0
    if not tick:
        return text
    try:
        return parse_tick(text)
    except ValueError:
        if strict:
            raise BadTick(row, column) from None
        return text  # while typing: kept as written


def fill_sheet(
    sheet: QTableWidget,
    columns: list[MonitoringColumn],
    keys: list[EntryKey],
    entries: list[MonitoringEntry],
) -> None:
    """Lay the sheet out as it printed (one row per key) and put each saved value on its day."""
    sheet.clear()
    sheet.setColumnCount(len(columns))
    sheet.setRowCount(len(keys))
    sheet.setHorizontalHeaderLabels(
        [c.label + (f" ({c.scale})" if c.scale else "") for c in columns]
    )
    for c, col in enumerate(columns):
        header = sheet.horizontalHeaderItem(c)
        if header is not None and is_tick(col):
            header.setToolTip(
                "A tick: type yes (ticked) or no (not ticked); leave blank if nothing was written"
            )
    sheet.setVerticalHeaderLabels([k.label for k in keys])
    by_key = {e.key: e for e in entries}
    for r, key in enumerate(keys):
        entry = by_key.get(key)
        if entry is None:
            continue
        for c, col in enumerate(columns):
            text = cell_text(entry.values.get(col.label), is_tick(col))
            if text:
                sheet.setItem(r, c, QTableWidgetItem(text))


def fit_sheet(sheet: QTableWidget, rows: int) -> None:
    """Show up to `rows` rows without an inner scroll bar; longer sheets scroll."""
    visible = min(sheet.rowCount(), rows)
    rows_h = visible * sheet.verticalHeader().defaultSectionSize()
    head = sheet.horizontalHeader().sizeHint().height()
    sheet.setFixedHeight(rows_h + head + 2 * sheet.frameWidth() + 2)


def sheet_hint(has_assignment: bool, has_columns: bool, has_rows: bool) -> str:
    """What to copy from the client's sheet, said above the grid."""
    if not has_assignment:
        return ""
    if has_columns and not has_rows:
        return (
            "This homework's sheet printed no days. Add a row for each time the client "
            "wrote something down."
        )
    if has_columns:
        return (
            "Copy each day as it is on the client's sheet. Leave blank what was not "
            "filled in; gaps are information too. In a tick column type yes or no."
        )
    return (
        "This homework had no columns on its monitoring sheet, so there are no numbers "
        "to copy. Note what the client noticed under 'What happened'."
    )


def heading_texts(a: Assignment | None, *, reviewed: bool) -> tuple[str, str]:
    """The form's heading (rich text, the title escaped) and the one line of what was agreed."""
    if a is None:
        return "<b>Review</b>: choose a client with homework to review.", ""
    title = html.escape(a.title or "(untitled)")
    when = f", review date {a.review_date.strftime('%a %d %b')}" if a.review_date else ""
    state = "editing the saved review" if reviewed else "not reviewed yet"
    t = a.task
    bits = [t.what, t.when, t.how_often, t.how_long]
    agreed = "Agreed: " + "; ".join(b for b in bits if b.strip()) if t.what else ""
    return f"<b>Review: {title}</b> <span>({state}{when})</span>", agreed


def next_week_message(open_plans: int, to_revisit: int) -> str:
    """Said once next week's draft is made: what is still to agree with the client."""
    text = "Review saved. Next week's homework is ready as a draft"
    if open_plans:
        text += f"; agree the 'then' of {open_plans} if-then plan(s) with the client"
    if to_revisit:
        text += f"; talk {to_revisit} carried-over plan(s) through again"
    return text + "."
