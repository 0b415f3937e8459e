"""The review form: how last week's homework went, the sheet's numbers, and what happens next."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain import coach
from ...domain.models import (
    Assignment,
    EntryKey,
    EntryValue,
    MonitoringColumn,
    MonitoringEntry,
    Review,
)
from ...domain.review import (
    CARRIES_FORWARD,
    COMPLETION_HINTS,
    NEXT_STEP_LABELS,
    is_due,
    order_for_review,
    suggest_summary,
)
from ...domain.sheet import grid_columns, grid_keys, is_tick
from ...storage import AssignmentSummary, Store, StoreError
from ...workflows.review import ReviewError, ReviewOutcome, record_review
from .badges import finding_html
from .form_parts import (
    BadTick,
    CompletionChooser,
    buddy_label,
    cell_value,
    fill_sheet,
    fit_sheet,
    heading_texts,
    next_week_message,
    sheet_hint,
    text_box,
    text_of,
)
from .plan_review import PlanReviewPanel
from .questionnaires import IncompleteMeasure, QuestionnairePanel

log = logging.getLogger(__name__)

DEFAULT_ROWS = 7


class ReviewForm(QWidget):
    """Edits the review of one assignment; saves it and, if asked, plans next week's homework.

    set_client(code) lists that client's homework with what is due for review first and opens
    the first due one; set_assignment(a) opens a given one.
    """

    saved = Signal(object)  # Review
    next_assignment_created = Signal(object)  # Assignment
    message = Signal(str)  # short status text for the window's status bar

    def __init__(
        self,
        store: Store,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self._today = today
        self.client_code = ""
        self.assignment: Assignment | None = None
        self._review_id: str | None = None
        self._review_date: date | None = None
        # The picker lists the store's light summaries; only the picked homework is loaded as
        # a full Assignment (a long caseload has hundreds: loading them all took ~15 ms).
        self._assignments: list[AssignmentSummary] = []
        # The grid's rows and columns: the days (or occurrences) and columns the sheet printed,
        # from the same functions the sheet is drawn with.
        self._row_keys: list[EntryKey] = []
        self._columns: list[MonitoringColumn] = []
        self._loading = False
        self.coach_level = ""
        self._drafts: dict[str, dict[str, Any]] = {}  # assignment id -> unsaved form state
        self._clean_state: dict[str, Any] = {}
        self._build_ui()
        self._connect()
        self.set_assignment(None)

    # ---- construction ----------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.picker = QComboBox()
        self.picker.setAccessibleName("Homework to review")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.agreed = QLabel()
        self.agreed.setWordWrap(True)
        self.agreed.setAccessibleName("What was agreed")

        self.completion = CompletionChooser()
        self.completion_hint = QLabel(
            "Any answer is useful: partial completion tells us what to adjust."
        )
        self.completion_hint.setWordWrap(True)
        self.completion_hint.setAccessibleName("About this answer")

        self.happened_edit = text_box("What happened", "What the client did, and when")
        self.learned_edit = text_box(
            "What the client learned", "In the client's words, e.g. 'Mood was better after walks'"
        )
        self.obstacles_edit = text_box(
            "What got in the way",
            "One per line, e.g. 'Rain on Wednesday'. Each becomes an if-then plan next week.",
        )

        self.sheet_label = QLabel()
        self.sheet_label.setWordWrap(True)
        self.sheet = QTableWidget()
        self.sheet.setAccessibleName("Numbers from the monitoring sheet")
        self.sheet.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sheet.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_row_button = QPushButton("Add a ro&w")

        self.summary_edit = text_box(
            "Progress summary",
            "What happened and what was learned, with numbers, e.g. "
            "'Walked 2 of 3 days; mood after walks up from 3 to 5.'",
        )
        self.suggest_button = QPushButton("Draft from the &numbers")
        self.suggest_button.setToolTip(
            "Write a first draft from the completion, the sheet's numbers and what was learned"
        )
        self.coach_label = QLabel()
        self.coach_label.setWordWrap(True)
        self.coach_label.setTextFormat(Qt.TextFormat.RichText)
        self.coach_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.coach_label.setMargin(4)
        self.coach_label.setAccessibleName("Coach: progress summarised")

        self.questionnaires = QuestionnairePanel()
        self.plans_panel = PlanReviewPanel()

        self.next_combo = QComboBox()
        self.next_combo.setAccessibleName("Next step")
        for key, text in NEXT_STEP_LABELS.items():
            self.next_combo.addItem(text, key)

        self.save_button = QPushButton("&Save review")
        self.save_next_button = QPushButton("Sa&ve and plan next week")
        self.save_next_button.setToolTip(
            "Save, then make next week's homework from this one, carrying over what was learned"
            " and turning what got in the way into if-then plans"
        )
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Review messages")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text, edit in (
            ("Wha&t happened", self.happened_edit),
            ("What they &learned", self.learned_edit),
            ("What got in the wa&y", self.obstacles_edit),
        ):
            form.addRow(buddy_label(text, edit), edit)

        sheet_box = QGroupBox("Numbers from the monitoring sheet")
        sheet_layout = QVBoxLayout(sheet_box)
        sheet_layout.addWidget(self.sheet_label)
        sheet_layout.addWidget(self.sheet)
        row_line = QHBoxLayout()
        row_line.addStretch(1)
        row_line.addWidget(self.add_row_button)
        sheet_layout.addLayout(row_line)

        summary_box = QGroupBox("Progress summary (Beck d)")
        summary_layout = QVBoxLayout(summary_box)
        summary_layout.addWidget(self.summary_edit)
        line = QHBoxLayout()
        line.addStretch(1)
        line.addWidget(self.suggest_button)
        summary_layout.addLayout(line)
        summary_layout.addWidget(self.coach_label)

        next_form = QFormLayout()
        next_form.addRow(buddy_label("Ne&xt step", self.next_combo), self.next_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.save_next_button)
        buttons.addStretch(1)

        inner = QWidget()
        body = QVBoxLayout(inner)
        body.addWidget(self.heading)
        body.addWidget(self.agreed)
        body.addWidget(self.completion)
        body.addWidget(self.completion_hint)
        body.addLayout(form)
        body.addWidget(sheet_box)
        body.addWidget(self.plans_panel)
        body.addWidget(summary_box)
        body.addWidget(self.questionnaires)
        body.addLayout(next_form)
        body.addLayout(buttons)
        body.addWidget(self.status_label)
        body.addStretch(1)
        self.body = inner
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)

        pick = QHBoxLayout()
        pick_label = QLabel("Homewor&k:")
        pick_label.setBuddy(self.picker)
        pick.addWidget(pick_label)
        pick.addWidget(self.picker, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addLayout(pick)
        outer.addWidget(scroll, 1)

    def _connect(self) -> None:
        self.picker.currentIndexChanged.connect(self._picked)
        self.completion.changed.connect(self._completion_changed)
        self.summary_edit.textChanged.connect(self.update_coach)
        self.suggest_button.clicked.connect(self.draft_summary)
        self.add_row_button.clicked.connect(self._add_row)
        self.next_combo.currentIndexChanged.connect(self._next_changed)
        self.save_button.clicked.connect(self.save)
        self.save_next_button.clicked.connect(self.save_and_plan_next)

    # ---- loading -----------------------------------------------------------------------------
    def set_client(self, code: str) -> None:
        """List the client's homework, due for review first, and open the first one."""
        self.client_code = code
        self._assignments = []
        if code:
            self._assignments = self._listed(code)
        self._fill_picker()
        self._picked(self.picker.currentIndex())

    def _listed(self, code: str) -> list[AssignmentSummary]:
        """The client's homework, newest first, with what is due for review first."""
        listed = self.store.list_assignments(code)
        newest_first = sorted(listed, key=lambda a: (a.created, a.id), reverse=True)
        return order_for_review(newest_first, self._today())

    def _fill_picker(self, select_id: str | None = None) -> None:
        today = self._today()
        self.picker.blockSignals(True)
        self.picker.clear()
        for a in self._assignments:
            mark = ""
            if is_due(a, today):
                mark = "  (due for review)"
            elif a.status == "reviewed":
                mark = "  (reviewed)"
            elif a.status == "draft":
                mark = "  (draft)"
            self.picker.addItem((a.title or "(untitled)") + mark, a.id)
        if not self._assignments:
            self.picker.addItem("No homework for this client yet", None)
        index = self.picker.findData(select_id) if select_id else 0
        self.picker.setCurrentIndex(max(index, 0))
        self.picker.setEnabled(bool(self._assignments))
        self.picker.blockSignals(False)

    def _picked(self, index: int) -> None:
        aid = self.picker.itemData(index) if index >= 0 else None
        if isinstance(aid, str) and any(a.id == aid for a in self._assignments):
            self.set_assignment(self.store.get_assignment(aid))
        else:
            self.set_assignment(None)

    # ---- unsaved work ------------------------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        return {
            "completion": self.completion.value(),
            "what_happened": self.happened_edit.toPlainText(),
            "what_learned": self.learned_edit.toPlainText(),
            "obstacles_met": self.obstacles_edit.toPlainText(),
            "progress_summary": self.summary_edit.toPlainText(),
            "next_step": self.next_combo.currentData(),
            "rows": tuple(self._row_keys),
            "grid": self._grid(),
            "measures": self.questionnaires.state(),
            "plans": self.plans_panel.state(),
        }

    def _grid(self) -> tuple[tuple[str, ...], ...]:
        # Cell by cell, blanks included, so a restored sheet keeps each number on its day.
        return tuple(
            tuple(text_of(self.sheet.item(r, c)) for c in range(self.sheet.columnCount()))
            for r in range(self.sheet.rowCount())
        )

    def has_unsaved_changes(self) -> bool:
        return self.assignment is not None and self._state() != self._clean_state

    def _apply_state(self, state: dict[str, Any]) -> None:
        self.completion.set_value(state["completion"])
        self._completion_changed(state["completion"] if state["completion"] is not None else -1)
        self.happened_edit.setPlainText(state["what_happened"])
        self.learned_edit.setPlainText(state["what_learned"])
        self.obstacles_edit.setPlainText(state["obstacles_met"])
        self.summary_edit.setPlainText(state["progress_summary"])
        self._setup_sheet(self.assignment, [])
        for key in state["rows"]:
            if key not in self._row_keys:
                self._insert_row(key)
        # Each value goes back on its own day (by key, not by position).
        row_of = {key: r for r, key in enumerate(self._row_keys)}
        for key, row in zip(state["rows"], state["grid"], strict=True):
            for c, text in enumerate(row):
                if text and c < self.sheet.columnCount():
                    self.sheet.setItem(row_of[key], c, QTableWidgetItem(text))
        self.next_combo.setCurrentIndex(max(self.next_combo.findData(state["next_step"]), 0))
        self._next_changed()
        self.questionnaires.set_state(state["measures"])
        self.plans_panel.set_state(state["plans"])

    def set_assignment(self, assignment: Assignment | None) -> None:
        # Moving to other homework (or another client) never loses what was typed: an unsaved
        # review is kept for this session and comes back when its homework is opened again.
        if self.assignment is not None and self.has_unsaved_changes():
            self._drafts[self.assignment.id] = self._state()
        self._loading = True
        try:
            self.assignment = assignment
            self.body.setEnabled(assignment is not None)
            self.status_label.clear()
            existing = None
            if assignment is not None:
                reviews = self.store.list_reviews(assignment_id=assignment.id)
                existing = reviews[-1] if reviews else None
            self._show_heading(assignment, existing)
            self._review_id = existing.id if existing else None
            self._review_date = existing.date if existing else None
            self.completion.set_value(existing.completion if existing else None)
            self._completion_changed(existing.completion if existing else -1)
            self.happened_edit.setPlainText(existing.what_happened if existing else "")
            self.learned_edit.setPlainText(existing.what_learned if existing else "")
            self.obstacles_edit.setPlainText(existing.obstacles_met if existing else "")
            self.summary_edit.setPlainText(existing.progress_summary if existing else "")
            self._setup_sheet(assignment, existing.monitoring_entries if existing else [])
            self.plans_panel.set_plans(
                assignment.obstacles if assignment else [], existing.plans if existing else []
            )
            self.questionnaires.set_scores(
                existing.phq9 if existing else None, existing.gad7 if existing else None
            )
            step = existing.next_step if existing else "continue"
            self.next_combo.setCurrentIndex(max(self.next_combo.findData(step), 0))
            self._next_changed()
            self._clean_state = self._state()
            draft = self._drafts.pop(assignment.id, None) if assignment is not None else None
            if draft is not None:
                self._apply_state(draft)
                self.status_label.setText(
                    "What you typed earlier is back. It is not saved yet: press Save review."
                )
        finally:
            self._loading = False
        self.update_coach()

    def _show_heading(self, a: Assignment | None, existing: Review | None) -> None:
        heading, agreed = heading_texts(a, reviewed=existing is not None)
        self.heading.setText(heading)
        self.agreed.setText(agreed)

    def _setup_sheet(self, a: Assignment | None, entries: list[MonitoringEntry]) -> None:
        columns = grid_columns(a) if a is not None else []
        self._columns = columns
        self._row_keys = grid_keys(a, entries) if columns else []
        fill_sheet(self.sheet, columns, self._row_keys, entries)
        has = bool(columns)
        self._fit_sheet()
        self.sheet.setVisible(has)
        self.add_row_button.setVisible(has)
        self.sheet_label.setText(sheet_hint(a is not None, has, bool(self._row_keys)))

    def _fit_sheet(self) -> None:
        fit_sheet(self.sheet, DEFAULT_ROWS + 1)

    def _insert_row(self, key: EntryKey) -> int:
        """Put a row for `key` in the sheet's order; returns its index."""
        keys = sorted([*self._row_keys, key], key=lambda k: k.sort_key())
        row = keys.index(key)
        self._row_keys = keys
        self.sheet.insertRow(row)
        self.sheet.setVerticalHeaderItem(row, QTableWidgetItem(key.label))
        return row

    def _add_row(self) -> None:
        # An entry the sheet had no printed row for ("each time it happens"): numbered after
        # the ones there are, never taking a printed day's place.
        taken = [k.occurrence or 0 for k in self._row_keys if k.date is None]
        row = self._insert_row(EntryKey(occurrence=max(taken, default=0) + 1))
        self._fit_sheet()
        self.sheet.setCurrentCell(row, 0)
        self.sheet.setFocus()

    # ---- live feedback -----------------------------------------------------------------------
    def _completion_changed(self, level: int) -> None:
        if level in COMPLETION_HINTS:
            self.completion_hint.setText(COMPLETION_HINTS[level])
        else:
            self.completion_hint.setText(
                "Any answer is useful: partial completion tells us what to adjust."
            )

    def _next_changed(self, *_: object) -> None:
        step = self.next_combo.currentData()
        self.save_next_button.setEnabled(step in CARRIES_FORWARD)

    def update_coach(self) -> None:
        if self.assignment is None:
            self.coach_label.clear()
            return
        review = self._review_or_none(completion_default=0)
        findings = coach.check(self.assignment, review)
        finding = next(f for f in findings if f.criterion == "review.summarised")
        self.coach_label.setText(finding_html(finding))
        self.coach_level = finding.level

    def draft_summary(self) -> None:
        review = self._review_or_none(completion_default=None)
        if review is None or self.assignment is None:
            self._say("Choose how much was done first; the draft starts from that.")
            self.completion.buttons[0].setFocus()
            return
        draft = suggest_summary(self.assignment, review)
        current = self.summary_edit.toPlainText().strip()
        # Never overwrite what the therapist typed: the draft goes after it.
        self.summary_edit.setPlainText(f"{current}\n{draft}" if current else draft)
        self.summary_edit.setFocus()

    # ---- building and saving -----------------------------------------------------------------
    def monitoring_entries(self, *, strict: bool = False) -> list[MonitoringEntry]:
        """One entry per printed row, blanks kept as None on their own day; an added row left
        empty is not kept. strict=True raises BadTick for a tick cell that is not yes/no."""
        out: list[MonitoringEntry] = []
        for r, key in enumerate(self._row_keys):
            values: dict[str, EntryValue] = {}
            for c, col in enumerate(self._columns):
                item = self.sheet.item(r, c)
                text = item.text().strip() if item else ""
                values[col.label] = cell_value(text, is_tick(col), strict, r, c)
            entry = MonitoringEntry(
                date=key.date, time=key.time, occurrence=key.occurrence, values=values
            )
            if key.date is not None or entry.recorded:
                out.append(entry)
        return out

    def _review_or_none(
        self, completion_default: int | None, *, strict: bool = False
    ) -> Review | None:
        if self.assignment is None:
            return None
        completion = self.completion.value()
        if completion is None:
            completion = completion_default
        if completion is None:
            return None
        kwargs = {
            "assignment_id": self.assignment.id,
            "date": self._review_date or self._today(),
            "completion": completion,
            "what_happened": self.happened_edit.toPlainText().strip(),
            "what_learned": self.learned_edit.toPlainText().strip(),
            "obstacles_met": self.obstacles_edit.toPlainText().strip(),
            "progress_summary": self.summary_edit.toPlainText().strip(),
            "next_step": self.next_combo.currentData(),
            "monitoring_entries": self.monitoring_entries(strict=strict),
            "phq9": self.questionnaires.phq9.scores(strict=strict),
            "gad7": self.questionnaires.gad7.scores(strict=strict),
            "plans": self.plans_panel.plans(),
        }
        if self._review_id:
            kwargs["id"] = self._review_id
        return Review(**kwargs)

    def review(self) -> Review | None:
        """The review as the form holds it; None until a completion level is chosen."""
        return self._review_or_none(completion_default=None)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)
        self.message.emit(text)

    def save(self) -> Review | None:
        """Save the review and mark the homework reviewed (one transaction)."""
        outcome = self._record(plan_next=False)
        if outcome is None:
            return None
        self._say("Review saved. The homework is marked as reviewed.")
        return outcome.review

    def _record(self, *, plan_next: bool) -> ReviewOutcome | None:
        if self.assignment is None:
            return None
        try:
            review = self._review_or_none(completion_default=None, strict=True)
        except BadTick as bad:
            self._say(
                f"On {self._row_keys[bad.row].label}, column {bad.column + 1} is a tick: type "
                "yes or no, or leave it blank. Nothing was saved; what you typed is still here."
            )
            self.sheet.setCurrentCell(bad.row, bad.column)
            self.sheet.setFocus()
            return None
        except IncompleteMeasure as part:
            box = self.questionnaires.box(part.measure_id)
            n = len(box.combos)
            self._say(
                f"{box.measure.name} item {part.item + 1} has no answer: answer all {n} items, "
                "or set them all back to Not asked. Nothing was saved; what you typed is still "
                "here."
            )
            self.questionnaires.set_open(True)
            box.combos[part.item].setFocus()
            return None
        if review is None:
            self._say(
                "Choose how much was done (0 to 4) before saving. Any answer is fine; "
                "nothing you typed is lost."
            )
            self.completion.buttons[0].setFocus()
            return None
        try:
            outcome = record_review(self.store, review, plan_next=plan_next, today=self._today)
        except (StoreError, ReviewError) as exc:
            self._say(f"The review was not saved: {exc} What you typed is still here.")
            return None
        self.assignment = outcome.assignment
        self._review_id, self._review_date = review.id, review.date
        self._clean_state = self._state()
        self._replace_cached(outcome.assignment)
        log.info("review saved")
        self.saved.emit(review)
        return outcome

    def _replace_cached(self, a: Assignment) -> None:
        self._assignments = [
            dataclasses.replace(x, title=a.title, status=a.status, review_date=a.review_date)
            if x.id == a.id
            else x
            for x in self._assignments
        ]
        self._fill_picker(select_id=a.id)

    def save_and_plan_next(self) -> Assignment | None:
        """Save the review, mark the homework reviewed and make next week's draft from it,
        all in one transaction."""
        outcome = self._record(plan_next=True)
        if outcome is None:
            return None
        nxt = outcome.next_assignment
        if nxt is None:
            self._say(
                "Review saved. Choose 'Continue' or 'Adjust' to plan next week from this one."
            )
            return None
        if not outcome.next_created:
            self._say("Review saved. Next week's homework was already made from this one.")
            self.next_assignment_created.emit(nxt)
            return nxt
        text = next_week_message(outcome.open_plans, outcome.plans_to_revisit)
        if self.client_code:
            # List the new draft too, but stay on the review just saved.
            self._assignments = self._listed(self.client_code)
            self._fill_picker(select_id=outcome.assignment.id)
        self._say(text)
        self.next_assignment_created.emit(nxt)
        return nxt
