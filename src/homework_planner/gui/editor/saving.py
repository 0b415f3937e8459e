"""Saving the editor's assignment: autosave, versions, agreed, next week, own templates."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from ...domain.models import Assignment
from ...storage import StoreError
from ...workflows.assignments import (
    agree,
    plan_next_week,
    save_draft,
    save_user_template,
    withdraw,
)
from ...workflows.errors import NeedsConfirmation, WorkflowError
from ..dialogs.save_template_dialog import SaveTemplateDialog, as_template

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

    from ...domain.errors import Problem
    from .editor_widget import AssignmentEditor

log = logging.getLogger(__name__)

RETRY_MS = 5000  # after a failed save, try again this much later
CHANGED_ELSEWHERE = (
    "This assignment was changed elsewhere; your edits were saved as a new version "
    "(the other text is kept in its history)."
)


class SavingMixin:
    """Mixed into AssignmentEditor; every write goes through _write() (one place for errors)."""

    # AssignmentEditor.__init__ sets these; declared here, where the methods below assign them.
    last_saved: datetime | None
    _dirty: bool
    _cache: tuple[Assignment, list[Problem]] | None
    autosave_timer: QTimer

    def is_dirty(self: AssignmentEditor) -> bool:
        return self._dirty

    def _write(self: AssignmentEditor, a: Assignment, *, coalesce: bool) -> int | None:
        try:
            version = save_draft(self.store, a, coalesce=coalesce).version
        except (WorkflowError, StoreError, sqlite3.Error, OSError) as exc:
            log.warning("saving the assignment failed: %s", type(exc).__name__)
            detail = (
                str(exc)
                if isinstance(exc, (StoreError, WorkflowError))
                else "the data file could not be written"
            )
            self._set_save_error(
                f"Not saved: {detail.rstrip('.')}. Everything you typed is still here; "
                "saving is tried again in a few seconds."
            )
            self.autosave_timer.start(RETRY_MS)
            return None
        self._set_save_error("")
        self.last_saved = datetime.now()
        stamp = self.last_saved.strftime("%H:%M:%S")
        self.save_label.setText(f"Saved {stamp}")
        if getattr(version, "changed_elsewhere", False):
            self.status_message.emit(CHANGED_ELSEWHERE, 15000)
        else:
            self.status_message.emit(f"Saved {stamp}", 4000)
        self.saved.emit(a.id)
        return version

    def _set_save_error(self: AssignmentEditor, text: str) -> None:
        self.save_error = text
        self.error_banner.setText(text)
        self.error_banner.setVisible(bool(text))

    def autosave(self: AssignmentEditor) -> bool:
        """Save the draft if it changed (coalesced: one version per editing session)."""
        self.autosave_timer.stop()
        if self._meta is None or not self._dirty:
            return True
        a = self.to_assignment()
        version = self._write(a, coalesce=True)
        if version is None:
            return False
        self._dirty = False
        self.autosaved.emit(version)
        return True

    def flush(self: AssignmentEditor) -> bool:
        """Save now if anything is unsaved (switching client or assignment, closing)."""
        if self.coach_timer.isActive():
            self.coach_timer.stop()
            self.refresh_coach()
        return self.autosave()

    def save_version(self: AssignmentEditor) -> int | None:
        """An explicit save: the stored version becomes a point in the history."""
        if self._meta is None:
            return None
        a = self.to_assignment()
        version = self._write(a, coalesce=False)
        if version is not None:
            self._dirty = False
            self.autosave_timer.stop()
            self.status_message.emit(f"Saved as version {version}", 5000)
        return version

    def mark_agreed(self: AssignmentEditor) -> int | None:
        """Agree (or agree the changes): the workflow freezes this version as the agreed one.
        With items still missing the therapist is asked first, and they are named."""
        from ..dialogs.agree_dialog import AgreeMissingDialog

        if self._meta is None or not self.flush():
            return None
        a = self.to_assignment()
        try:
            try:
                result = agree(self.store, a, last_review=self.last_review)
            except NeedsConfirmation as asked:
                if not AgreeMissingDialog.confirm(self, asked.labels):
                    self.focus_first_gap()
                    return None
                result = agree(self.store, a, confirm_missing=True, last_review=self.last_review)
        except (WorkflowError, StoreError, sqlite3.Error, OSError) as exc:
            log.warning("agreeing failed: %s", type(exc).__name__)
            detail = (
                str(exc)
                if isinstance(exc, (StoreError, WorkflowError))
                else "the data file could not be written"
            )
            self.status_message.emit(f"Not agreed: {detail}", 10000)
            return None
        self.set_facts(result.assignment)
        self.saved.emit(a.id)
        what = "Agreed the changes" if result.was_amendment else "Agreed"
        missing = f" with {len(result.missing)} items missing" if result.missing else ""
        self.status_message.emit(f"{what}: version {result.version}{missing}.", 8000)
        return result.version

    def withdraw(self: AssignmentEditor) -> bool:
        """Withdraw a mistaken assignment, with a reason; it is kept, and closed here."""
        from ..dialogs.withdraw_dialog import WithdrawDialog

        if self._meta is None or not self.flush():
            return False
        reason = WithdrawDialog.get_reason(self)
        if reason is None:
            return False
        try:
            withdraw(self.store, self._meta["id"], reason)
        except (WorkflowError, StoreError, sqlite3.Error, OSError) as exc:
            log.warning("withdrawing failed: %s", type(exc).__name__)
            self.status_message.emit(f"Not withdrawn: {exc}", 10000)
            return False
        self.clear()
        self.status_message.emit(
            "Withdrawn: hidden from the list, kept with the reason in the record.", 8000
        )
        return True

    def duplicate_for_next_week(self: AssignmentEditor) -> Assignment | None:
        """A new draft from this one: new id, follows it, reviewed a week after it."""
        if self._meta is None or not self.flush():
            return None
        try:
            new = plan_next_week(self.store, self.to_assignment()).assignment
        except (WorkflowError, StoreError, sqlite3.Error, OSError) as exc:
            log.warning("next week's draft failed: %s", type(exc).__name__)
            self.status_message.emit(f"No new draft: {exc}", 10000)
            return None
        self.load(new)
        self.status_message.emit("New draft for next week; the earlier one is unchanged.", 6000)
        return new

    def save_as_template(self: AssignmentEditor) -> str | None:
        if self._meta is None:
            return None
        name = SaveTemplateDialog.get_name(self, self.rows["title"].value().strip())
        if name is None:
            return None
        try:
            tid = save_user_template(self.store, name, as_template(self.to_assignment()))
        except (WorkflowError, StoreError, sqlite3.Error) as exc:
            log.warning("saving a template failed: %s", type(exc).__name__)
            detail = (
                str(exc)
                if isinstance(exc, (StoreError, WorkflowError))
                else "the data file could not be written"
            )
            self.status_message.emit(f"Template not saved: {detail}", 8000)
            return None
        self.status_message.emit(
            f"Saved as your template '{name}'. Find it under New assignment (Ctrl+N).", 6000
        )
        return tid

    def close_assignment(self: AssignmentEditor) -> None:
        if self.flush():
            self.clear()
