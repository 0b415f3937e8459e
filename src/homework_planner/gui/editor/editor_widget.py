"""AssignmentEditor: the guided form for one assignment, the live coach, autosave and undo."""

from __future__ import annotations

import copy
import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain import coach
from ...domain import schedule_words as sw
from ...domain.agreement import agreement_state, describe_fields
from ...domain.errors import Problem
from ...domain.models import Assignment, Review, to_json_dict
from ...domain.templates import obstacle_library
from ...storage import Store
from .coach_panel import CoachPanel
from .fields import TextField
from .highlighter import VagueHighlighter
from .obstacles import ObstacleList
from .saving import SavingMixin
from .sections import SECTIONS, FieldRow, SectionBox
from .state import build_assignment, get_path, set_path
from .undo import FormState, FormStateCommand, merged_into_top

log = logging.getLogger(__name__)

COACH_DELAY_MS = 150
AUTOSAVE_MS = 1500  # within 2 s of the last edit (the brief's promise)

_SUBFIELD_NAMES = {
    "time": "The time",
    "duration_minutes": "The minutes",
    "label": "A column name",
    "days": "The days",
}


class AssignmentEditor(SavingMixin, QWidget):
    """Edits ONE Assignment. load(a) fills the form, to_assignment() reads it back.

    Layout: `self.splitter` holds [form, coach]; add_side_panel() adds a further pane (the live
    handout preview) to its right.
    """

    autosaved = Signal(int)  # the version stored, after each successful write
    saved = Signal(str)  # assignment id, after any successful write (lists refresh)
    status_message = Signal(str, int)  # text, timeout ms: for the main window's status bar
    loaded = Signal(str)  # assignment id ("" when cleared)
    # The current Assignment, after load and ~150 ms after each burst of edits: connect a live
    # preview here (HandoutPanel.set_assignment).
    assignment_changed = Signal(object)

    def __init__(self, store: Store, *, autosave_ms: int = AUTOSAVE_MS) -> None:
        super().__init__()
        self.store = store
        self.last_review: Review | None = None
        self.last_saved: datetime | None = None
        self.save_error = ""
        self._meta: dict[str, Any] | None = None
        # Agreement facts (status, agreements, withdrawal) belong to the workflows, not to the
        # form: undo never rolls them back, and every save and build takes them from here.
        self._facts: dict[str, Any] = {}
        self._state: FormState = {}
        self._dirty = False
        self._restoring = False
        self._cache: tuple[Assignment, list[Problem]] | None = None
        self._highlighters: dict[int, VagueHighlighter] = {}
        self._sized = False
        self.undo_stack = QUndoStack(self)
        self._build_ui()
        self._create_actions()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_ms = autosave_ms
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.coach_timer = QTimer(self)
        self.coach_timer.setSingleShot(True)
        self.coach_timer.setInterval(COACH_DELAY_MS)
        self.coach_timer.timeout.connect(self.refresh_coach)
        self._connect_fields()
        self._fix_tab_order()
        self._set_enabled(False)

    # ---- construction --------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("editorHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Assignment status")
        self.save_label = QLabel()
        self.save_label.setAccessibleName("Autosave state")
        self.back_button = QPushButton("\u2190 &Back to list")
        self.agree_button = QPushButton("Mark as a&greed")
        self.agree_button.setToolTip(
            "The client has agreed: freeze this version's words, with the date and time"
        )
        # Two lines so that a long title never squeezes the status at large text sizes.
        head = QVBoxLayout()
        line1 = QHBoxLayout()
        line1.addWidget(self.back_button)
        line1.addWidget(self.heading, 1)
        line2 = QHBoxLayout()
        line2.addWidget(self.status_label)
        line2.addWidget(self.save_label)
        line2.addStretch(1)
        line2.addWidget(self.agree_button)
        head.addLayout(line1)
        head.addLayout(line2)
        self.error_banner = QLabel()
        self.error_banner.setWordWrap(True)
        self.error_banner.setObjectName("saveError")
        self.error_banner.setStyleSheet(
            "background-color: #fee2e2; color: #7f1d1d; padding: 4px; font-weight: bold;"
        )
        self.error_banner.hide()

        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        self.sections: list[SectionBox] = []
        self.rows: dict[str, FieldRow] = {}
        for spec in SECTIONS:
            box = SectionBox(spec)
            self.sections.append(box)
            self.rows.update(box.rows)
            form_layout.addWidget(box)
        form_layout.addStretch(1)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setAccessibleName("Assignment form")

        self.coach_panel = CoachPanel(self.field_label)
        self.coach_panel.field_requested.connect(self.focus_field)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.form_scroll)
        self.splitter.addWidget(self.coach_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

        self.empty_label = QLabel(
            "No assignment open. Choose one from the list and press Enter, "
            "or press Ctrl+N to start a new one."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.error_banner)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.empty_label, 1)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._balance()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._balance()

    def _balance(self) -> None:
        """The coach gets about a third (enough to read a finding at a glance) but never squeezes
        the form into sideways scrolling while the coach itself could be narrower."""
        total = self.splitter.width() - self.splitter.handleWidth() * (self.splitter.count() - 1)
        if total <= 0 or not self.splitter.isVisible():
            return
        sizes = self.splitter.sizes()
        extras = sizes[2:]
        room = total - sum(extras)
        coach_min = self.coach_panel.minimumWidth()
        coach = room * 35 // 100 if not self._sized else sizes[1]
        self._sized = True
        form_need = (
            self.form.minimumSizeHint().width()
            + self.form_scroll.verticalScrollBar().sizeHint().width()
            + 2 * self.form_scroll.frameWidth()
        )
        coach = max(coach_min, min(coach, room - form_need))
        if [room - coach, coach] != sizes[:2]:
            self.splitter.setSizes([room - coach, coach, *extras])

    def add_side_panel(self, widget: QWidget, stretch: int = 2) -> None:
        """Where the live handout preview plugs in: a third pane right of the coach."""
        self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)

    def _create_actions(self) -> None:
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

        def act(text: str, keys: list[str], slot, tip: str = "") -> QAction:
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            return action

        # Not Alt+Down/Up: in a drop-down list those open the list.
        self.next_section_action = act("&Next section", ["Ctrl+PgDown"], self.next_section)
        self.previous_section_action = act(
            "&Previous section", ["Ctrl+PgUp"], self.previous_section
        )
        self.save_action = act(
            "&Save a version",
            ["Ctrl+S"],
            self.save_version,
            "Keep this state as a version in the history (drafts are saved automatically)",
        )
        self.agree_action = act(
            "Mark as a&greed",
            ["Ctrl+Shift+G"],
            self.mark_agreed,
            "The client has agreed: freeze this version's words, with the date and time",
        )
        self.withdraw_action = act(
            "&Withdraw assignment…",
            [],
            self.withdraw,
            "Hide a mistaken assignment from the list; it is kept with the reason",
        )
        self.duplicate_action = act(
            "&Duplicate for next week",
            ["Ctrl+D"],
            self.duplicate_for_next_week,
            "Start a new draft from this one, reviewed a week later",
        )
        self.save_template_action = act(
            "Save as &my template…",
            [],
            self.save_as_template,
            "Keep this plan as your own template for other clients",
        )
        self.close_action = act("&Close assignment", ["Ctrl+W"], self.close_assignment)
        self.next_blank_action = act(
            "Next &blank to fill in",
            ["F3"],
            self.next_blank,
            "Select the next [ ] part of a template, which only the client can say",
        )
        self.agree_button.clicked.connect(self.agree_action.trigger)
        self.back_button.clicked.connect(self.close_action.trigger)
        self.editing_actions = [
            self.next_section_action,
            self.previous_section_action,
            self.save_action,
            self.agree_action,
            self.withdraw_action,
            self.duplicate_action,
            self.save_template_action,
            self.close_action,
            self.next_blank_action,
        ]
        for action in (self.undo_action, self.redo_action, *self.editing_actions):
            self.addAction(action)

    def _connect_fields(self) -> None:
        for path, row in self.rows.items():
            # Every field widget (sections.make_widget) has `edited`; it is typed as a QWidget.
            row.widget.edited.connect(lambda merge, p=path: self._on_edited(p, merge))  # type: ignore[attr-defined]
            if hasattr(row.widget, "structure_changed"):
                row.widget.structure_changed.connect(self._fix_tab_order)

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.back_button, self.agree_button]
        for row in self.rows.values():
            w = row.widget
            chain += w.focus_order() if hasattr(w, "focus_order") else [w]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _set_enabled(self, on: bool) -> None:
        self.splitter.setVisible(on)
        self.empty_label.setVisible(not on)
        for w in (self.agree_button, self.back_button):
            w.setEnabled(on)
        for action in self.editing_actions:
            action.setEnabled(on)
        if not on:
            self.heading.setText("")
            self.status_label.setText("")
            self.save_label.setText("")

    # ---- the one domain object -----------------------------------------------------------
    def has_assignment(self) -> bool:
        return self._meta is not None

    @property
    def current_id(self) -> str | None:
        return None if self._meta is None else self._meta["id"]

    @property
    def client_code(self) -> str | None:
        return None if self._meta is None else self._meta["client_code"]

    def load(self, a: Assignment, last_review: Review | None = None) -> None:
        """Show `a` in the form. The caller saves the previous one first (flush())."""
        self.autosave_timer.stop()
        self._meta = to_json_dict(a)
        self._facts = _facts_of(self._meta)
        self.last_review = last_review
        self.last_saved = None
        self._set_save_error("")
        self._restoring = True
        try:
            for path, row in self.rows.items():
                row.set_value(get_path(self._meta, path))
        finally:
            self._restoring = False
        obstacles = self.rows["obstacles"].widget
        if isinstance(obstacles, ObstacleList):
            obstacles.set_library(obstacle_library(a.template_id))
        self._state = self._capture()
        self._dirty = False
        self._cache = None
        self.undo_stack.clear()
        self._set_enabled(True)
        self._show_header()
        self.save_label.setText("All changes saved")
        self.refresh_coach()
        self.form_scroll.verticalScrollBar().setValue(0)
        self.loaded.emit(a.id)

    def clear(self) -> None:
        self.autosave_timer.stop()
        self.coach_timer.stop()
        self._meta = None
        self._dirty = False
        self._cache = None
        self.undo_stack.clear()
        self._set_enabled(False)
        self.loaded.emit("")

    def form_data(self) -> dict[str, Any]:
        """The assignment as JSON-shaped data: the loaded one with every field read from the form."""
        if self._meta is None:
            raise RuntimeError("no assignment is loaded")
        data = copy.deepcopy(self._meta)
        data.update(copy.deepcopy(self._facts))
        for path, row in self.rows.items():
            set_path(data, path, row.model_value())
        return data

    def set_facts(self, a: Assignment) -> None:
        """After a workflow changed the stored facts (agreed, agreed changes): show them."""
        if self._meta is None or a.id != self._meta["id"]:
            return
        data = to_json_dict(a)
        self._facts = _facts_of(data)
        self._meta.update(copy.deepcopy(self._facts))
        self._meta["updated"] = data.get("updated")
        self._state = self._capture()
        self._cache = None
        self._dirty = False
        self.autosave_timer.stop()
        self.save_label.setText("All changes saved")
        self._show_header()
        self.refresh_coach()

    def build(self) -> tuple[Assignment, list[Problem]]:
        if self._cache is None:
            assert self._meta is not None
            self._cache = build_assignment(self.form_data(), self._meta)
        return self._cache

    def to_assignment(self) -> Assignment:
        return self.build()[0]

    # ---- edits, undo ---------------------------------------------------------------------
    def _capture(self) -> FormState:
        return {
            "meta": copy.deepcopy(self._meta),
            "fields": {p: copy.deepcopy(r.value()) for p, r in self.rows.items()},
        }

    def _apply_state(self, state: FormState) -> None:
        self._restoring = True
        try:
            self._meta = copy.deepcopy(state["meta"])
            for path, row in self.rows.items():
                row.set_value(copy.deepcopy(state["fields"][path]))
        finally:
            self._restoring = False
        self._state = self._capture()
        self._changed()

    def _on_edited(self, path: str, mergeable: bool) -> None:
        if self._restoring or self._meta is None:
            return
        before = self._state
        self._sync_schedule(path, before)
        after = self._capture()
        if after == before:
            return
        self._state = after
        label = self.rows[path].spec.label
        focus = QApplication.focusWidget()
        key = f"{path}|{id(focus)}" if mergeable else None
        text = f"Typing in {label}" if mergeable else f"Change to {label}"
        if not merged_into_top(self.undo_stack, key, after):
            self.undo_stack.push(
                FormStateCommand(text, before, after, self._apply_state, merge_key=key)
            )
        self._changed()

    def _words(self) -> dict[str, str]:
        return {f: self.rows[f"task.{f}"].value() for f in sw.WORD_FIELDS}

    def _sync_schedule(self, path: str, before: FormState) -> None:
        """One source for each fact: a schedule change writes the words the app may rewrite
        (empty, or its own); typed words fill the schedule. Part of the same undo step."""
        schedule_row = self.rows.get("task.schedule")
        if schedule_row is None or not before:
            return
        old = sw.facts_of_schedule(before["fields"].get("task.schedule"))
        words = self._words()
        if path == "task.schedule":
            new = sw.facts_of_schedule(schedule_row.value())
            changes = sw.words_after_schedule(old, new, words)
        elif path.startswith("task.") and path[5:] in sw.WORD_FIELDS:
            typed_in = path[5:]
            new = sw.schedule_after_words(old, words[typed_in])
            if new == old:
                return
            others = {f: t for f, t in words.items() if f != typed_in}
            changes = sw.words_after_schedule(old, new, others)
        else:
            return
        self._restoring = True
        try:
            if path != "task.schedule":
                schedule_row.set_value(
                    {
                        "days": list(new.days or ()),
                        "time": new.time,
                        "duration_minutes": new.minutes,
                    }
                )
            for field, text in changes.items():
                self.rows[f"task.{field}"].set_value(text)
        finally:
            self._restoring = False

    def _show_mismatches(self) -> None:
        schedule_row = self.rows.get("task.schedule")
        if schedule_row is None:
            return
        found = sw.disagreements(sw.facts_of_schedule(schedule_row.value()), self._words())
        for field in sw.WORD_FIELDS:
            self.rows[f"task.{field}"].set_mismatch(found.get(field, ""))

    def _show_sheet_rows(self, a: Assignment) -> None:
        """Beside "Days on the sheet": what the sheet will have once days are ticked (7 days
        with Mon, Wed, Fri ticked are 3 rows), so the number is never silently overridden."""
        from ...output.content import monitoring_days

        row = self.rows.get("monitoring.days")
        if row is None:
            return
        schedule = a.task.schedule
        text = ""
        if schedule is not None and 0 < len(schedule.days) < 7 and a.monitoring.days > 0:
            rows = len(monitoring_days(a))
            text = (
                f"With {sw.days_words(tuple(schedule.days))} ticked, the sheet has "
                f"{rows} row{'s' * (rows != 1)}: one for each ticked day within these "
                f"{a.monitoring.days} days."
            )
        text = text or row.spec.help
        if row.help_label.text() != text:
            row.help_label.setText(text)
        row.help_label.setVisible(bool(text))

    def apply_generic(self, source: Assignment, what: str = "template") -> None:
        """Fill the empty fields from a template's assignment; one undoable step."""
        if self._meta is None:
            return
        before = self._capture()
        src = to_json_dict(source)
        self._restoring = True
        try:
            for path, row in self.rows.items():
                empty = not _filled(row.value()) or (
                    path == "intervention" and row.value() == "other"
                )
                if empty and _filled(get_path(src, path)):
                    row.set_value(get_path(src, path))
            if src.get("template_id"):
                self._meta["template_id"] = src["template_id"]
        finally:
            self._restoring = False
        after = self._capture()
        if after != before:
            self._state = after
            self.undo_stack.push(
                FormStateCommand(f"Fill from {what}", before, after, self._apply_state)
            )
            self._changed()

    def _changed(self) -> None:
        self._dirty = True
        self._cache = None
        self.autosave_timer.start(self.autosave_ms)
        self.coach_timer.start()
        if self.save_label.text() != "Not saved yet…":
            self.save_label.setText("Not saved yet…")
        self._show_header()

    # ---- the coach -----------------------------------------------------------------------
    def refresh_coach(self) -> None:
        if self._meta is None:
            return
        a, problems = self.build()
        self._show_problems(problems)
        self._show_mismatches()
        self._show_sheet_rows(a)
        try:
            findings = coach.check(a, self.last_review)
        except Exception:  # the coach must never take the form down with it
            log.exception("coach failed")
            self.coach_panel.summary_label.setText("The coach could not check this just now.")
            return
        self.coach_panel.set_findings(findings)
        self._show_marks(findings)
        self._show_agreement(a)
        self.assignment_changed.emit(a)

    def set_last_review(self, review: Review | None) -> None:
        """The review the coach judges 'review.summarised' by (after a review is saved)."""
        self.last_review = review
        self.refresh_coach()

    def _show_problems(self, problems: list[Problem]) -> None:
        by_row: dict[str, list[str]] = {}
        for p in problems:
            path = self._row_for(p.field)
            if path is None:
                log.warning("form problem without a field: %s", p.message)
                continue
            rest = p.field[len(path) :].lstrip(".")
            sub = rest.rsplit(".", 1)[-1] if rest else ""
            who = _SUBFIELD_NAMES.get(sub, "This")
            by_row.setdefault(path, []).append(
                f"\u26a0 {who} {p.message}. What you typed is kept here; the rest is saved."
            )
        for path, row in self.rows.items():
            row.set_problem("\n".join(by_row.get(path, [])))

    def _show_marks(self, findings: list[Any]) -> None:
        spans: dict[int, list[tuple[int, int]]] = {}
        notes: dict[str, list[str]] = {}
        for f in findings:
            for issue in f.issues:
                path = self._row_for(issue.field)
                if path is None:
                    continue
                # Short: the message names the plan or the words; the coach panel says more.
                notes.setdefault(path, []).append(f"\u25b8 {issue.message}")
                widget = self.resolve(issue.field)
                if issue.span and isinstance(widget, TextField):
                    spans.setdefault(id(widget), []).append(tuple(issue.span))
        for path, row in self.rows.items():
            row.set_marks(notes.get(path, []))
        for widget in self._text_fields():
            hl = self._highlighters.get(id(widget))
            if hl is None or hl.document() is not widget.document():
                if id(widget) not in spans:
                    continue
                hl = VagueHighlighter(widget.document())
                self._highlighters[id(widget)] = hl
            hl.set_spans(spans.get(id(widget), []))

    def _text_fields(self) -> list[TextField]:
        out: list[TextField] = []
        for row in self.rows.values():
            w = row.widget
            for x in w.focus_order() if hasattr(w, "focus_order") else [w]:
                if isinstance(x, TextField):
                    out.append(x)
        return out

    # ---- fields by path ------------------------------------------------------------------
    def _row_for(self, path: str) -> str | None:
        """The form row that shows `path` ("obstacles[2].then" -> "obstacles")."""
        best = None
        for p in self.rows:
            covers = path == p or (path.startswith(p) and path[len(p)] in ".[")
            if covers and (best is None or len(p) > len(best)):
                best = p
        return best

    def resolve(self, path: str) -> QWidget | None:
        row_path = self._row_for(path)
        if row_path is None:
            return None
        row = self.rows[row_path]
        rest = path[len(row_path) :]
        if rest and hasattr(row.widget, "part"):
            part = row.widget.part(rest.lstrip("."))
            if part is not None:
                return part
        return row.focus_target()

    def field_label(self, path: str) -> str | None:
        row_path = self._row_for(path)
        if row_path is None:
            return None
        label = self.rows[row_path].spec.label
        rest = path[len(row_path) :].lstrip(".")
        if rest.startswith("["):
            n = rest[1:].split("]", 1)[0]
            return f"{label} (plan {n})" if row_path == "obstacles" else f"{label} ({n})"
        return label

    def focus_field(self, path: str) -> None:
        widget = self.resolve(path)
        if widget is None:
            self.status_message.emit("That is filled in when you review the homework.", 5000)
            return
        row = self.rows[self._row_for(path)]  # type: ignore[index]
        self.form_scroll.ensureWidgetVisible(row, 40, 40)
        self.form_scroll.ensureWidgetVisible(widget, 40, 40)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_first_gap(self) -> None:
        """Focus the first empty field in the form's (conversation) order: after a template
        that is usually the goal, where the talk starts, never a field half-way down."""
        for path, row in self.rows.items():
            if row.spec.empty_as_none or row.spec.kind not in ("line", "text"):
                continue  # optional words, and the choices and numbers that have a default
            if not _filled(row.value()):
                self.focus_field(path)
                return
        self.focus_field("title")

    def next_blank(self) -> bool:
        """Select the next "[ ... ]" blank after the cursor, across fields in form order (from
        the top again after the last); says so when every blank is filled."""
        fields = self._text_fields()
        if not fields:
            return False
        focus = QApplication.focusWidget()
        here = fields.index(focus) if focus in fields else -1
        after = fields[here].textCursor().selectionEnd() if here >= 0 else 0
        for step in range(len(fields) + 1):
            i = (max(here, 0) + step) % len(fields)
            start = after if step == 0 and here >= 0 else 0
            if fields[i].select_blank(start):
                if fields[i] is not focus:
                    self._show_text_field(fields[i])
                return True
        self.status_message.emit("Every [ ] part is filled in.", 5000)
        return False

    def _show_text_field(self, widget: TextField) -> None:
        cursor = widget.textCursor()  # focus moves the cursor in some styles: keep the selection
        self.form_scroll.ensureWidgetVisible(widget, 40, 40)
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        widget.setTextCursor(cursor)

    # ---- sections ------------------------------------------------------------------------
    def current_section(self) -> int:
        focus = QApplication.focusWidget()
        for i, box in enumerate(self.sections):
            if focus is not None and box.isAncestorOf(focus):
                return i
        return -1

    def go_to_section(self, index: int) -> None:
        index = max(0, min(index, len(self.sections) - 1))
        box = self.sections[index]
        # The section comes in at the top of the form (as far as the scrolling goes), so the
        # whole of it is in view below its title, not just its first line at the bottom.
        bar = self.form_scroll.verticalScrollBar()
        top = box.mapTo(self.form, box.rect().topLeft()).y()
        bar.setValue(min(bar.maximum(), max(0, top - 4)))
        box.first_field().setFocus(Qt.FocusReason.OtherFocusReason)
        self.form_scroll.ensureWidgetVisible(box.first_field(), 40, 40)
        title = box.spec.title.split(". ", 1)[-1]
        self.status_message.emit(f"Section {index + 1} of {len(self.sections)}: {title}", 4000)

    def next_section(self) -> None:
        self.go_to_section(self.current_section() + 1)

    def previous_section(self) -> None:
        current = self.current_section()
        self.go_to_section(current - 1 if current > 0 else 0)

    def _show_header(self) -> None:
        """Title, and where the assignment stands; the agreement line follows refresh_coach."""
        if self._meta is None:
            return
        title = self.rows["title"].value().strip() or "Untitled"
        heading = f"{title} · {self._meta['client_code']}"
        if heading != self.heading.text():
            self.heading.setText(heading)
        if not self._facts.get("agreements"):
            status = self._facts.get("status", "draft")
            if status == "draft":
                self._set_status("Status: draft, not yet agreed ·", can_agree=True)
            else:  # marked agreed by an earlier version that kept no agreed words
                self._set_status(f"Status: {status} (agreed words not kept) ·", can_agree=True)

    def _show_agreement(self, a: Assignment) -> None:
        """Agreed as it is, or changed since agreed (which fields): never a stale 'agreed'."""
        state = agreement_state(a)
        if a.withdrawal is not None:
            self._set_status("Status: withdrawn ·", can_agree=False)
            return
        if state.agreement is None:
            self._show_header()
            return
        when = state.agreement.agreed_at.astimezone()
        stamp = f"{when.day} {when:%b %Y} at {when:%H:%M}"
        if state.changed:
            self._set_status(
                f"Changed since agreed on {stamp}: {describe_fields(state.changed)} "
                "(not yet agreed) ·",
                can_agree=True,
                amended=True,
            )
        else:
            self._set_status(
                f"Status: agreed (version {state.agreement.version}) on {stamp} ·", can_agree=False
            )

    def _set_status(self, text: str, *, can_agree: bool, amended: bool = False) -> None:
        if self.status_label.text() != text:
            self.status_label.setText(text)
            self.status_label.setStyleSheet("color: #7c2d12; font-weight: bold;" if amended else "")
        label = "A&gree changes" if amended else "Mark as a&greed"
        for widget in (self.agree_button, self.agree_action):
            if widget.text() != label:
                widget.setText(label)
            widget.setEnabled(can_agree)


def _facts_of(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("status", "agreed_on", "agreements", "withdrawal")
    return {k: copy.deepcopy(data.get(k)) for k in keys if k in data}


def _filled(v: Any) -> bool:
    if v is None:
        return False
    if isinstance(v, str):
        return bool(v.strip())
    if isinstance(v, (list, dict)):
        return bool(v)
    return True
