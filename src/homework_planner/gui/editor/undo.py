"""One undo history for the whole form: each command holds the form's state before and after."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

log = logging.getLogger(__name__)

FormState = dict[str, Any]  # {"meta": {...}, "fields": {path: raw widget value}}

MERGE_ID = 1


class FormStateCommand(QUndoCommand):
    """Restores the whole form state on undo/redo.

    The change has already happened in the widgets when the command is pushed, so the first
    redo() is skipped. Typing in one field merges into one step; structural changes (a plan
    added, a day ticked, a template applied) are never merged, so each is undone on its own.

    Memory: a merged-in command gives its `after` to this one and drops everything it held.
    Qt deletes the C++ side of a merged command, but PySide keeps the Python object (and so
    two full form snapshots) alive: without the drop, typing kept ~26-33 KB per key on a long
    assignment. With it, a run of typing holds two snapshots however long it lasts.
    """

    def __init__(
        self,
        text: str,
        before: FormState,
        after: FormState,
        apply: Callable[[FormState], None],
        *,
        merge_key: str | None = None,
    ) -> None:
        super().__init__(text)
        self.before = before
        self.after = after
        self._apply = apply
        self._merge_key = merge_key
        self._first = True

    @property
    def merge_key(self) -> str | None:
        return self._merge_key

    def id(self) -> int:
        return MERGE_ID if self._merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, FormStateCommand) or other._merge_key != self._merge_key:
            return False
        self.after = other.after
        other.release()
        return True

    def release(self) -> None:
        """Forget the snapshots (a command merged into another is never run again)."""
        self.before = self.after = {}
        self._apply = _nothing

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)


def _nothing(state: FormState) -> None:
    """What a released command would apply: nothing (Qt never calls it again)."""


def merged_into_top(stack: QUndoStack, key: str | None, after: FormState) -> bool:
    """Typing that continues the step on top of the stack: give it the new `after` in place,
    instead of pushing a command for Qt to merge. A pushed-and-merged command's Python object
    outlives its C++ side (~0.5 KB a key); this way no command is made at all."""
    index = stack.index()
    if key is None or index == 0 or index != stack.count():
        return False
    top = stack.command(index - 1)
    if not isinstance(top, FormStateCommand) or top.merge_key != key:
        return False
    top.after = after
    return True
