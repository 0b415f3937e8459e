"""Drafts being edited: a row per assignment open in the editor, so that after a crash the
next start can offer them back."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from ..domain.vocabulary import now_utc
from . import crypto
from .assignments import AssignmentSummary, EditingSession, _summary
from .database import Database

if TYPE_CHECKING:
    from ..domain.models import Assignment


class Drafts:
    """The open_drafts table and this session's share of it."""

    def __init__(self, db: Database, session: EditingSession) -> None:
        self._db = db
        self._session = session

    def mark_editing(self, assignment: Assignment) -> None:
        """Call when the editor opens an assignment: until finish_editing or a clean close,
        a crash leaves it in unfinished_drafts() for the next start."""
        if assignment.id in self._session.editing:
            return
        with self._db.transaction() as con:
            con.execute(
                "INSERT OR IGNORE INTO open_drafts(assignment_id, client_code, started)"
                " VALUES (?, ?, ?)",
                (assignment.id, assignment.client_code, now_utc().isoformat()),
            )
            self._db.after_commit.append(lambda: self._session.editing.add(assignment.id))

    def finish_editing(self, assignment_id: str) -> None:
        with self._db.transaction() as con:
            con.execute("DELETE FROM open_drafts WHERE assignment_id = ?", (assignment_id,))
        self._session.editing.discard(assignment_id)

    def unfinished_drafts(self) -> list[AssignmentSummary]:
        """Assignments being edited when the app last stopped without closing properly.
        Their autosaved text is already in the store; the window offers to open them."""
        rows = self._db.con.execute(
            "SELECT a.id, a.client_code, a.title, a.intervention, a.status, a.review_date,"
            " a.created, a.updated, a.version FROM open_drafts d JOIN assignments a"
            " ON a.id = d.assignment_id ORDER BY a.updated DESC"
        ).fetchall()
        return [_summary(r) for r in rows if r[0] not in self._session.editing]

    def forget_unfinished_drafts(self, ids: list[str] | None = None) -> None:
        """After offering them: they are not offered again (this session's own stay)."""
        with self._db.transaction() as con:
            rows = con.execute("SELECT assignment_id FROM open_drafts").fetchall()
            for (aid,) in rows:
                if aid not in self._session.editing and (ids is None or aid in ids):
                    con.execute("DELETE FROM open_drafts WHERE assignment_id = ?", (aid,))

    def forget_own(self, raw: Any) -> None:
        """At a clean close: this session's drafts-being-edited are not offered back."""
        if self._session.editing:
            ids = sorted(self._session.editing)
            with contextlib.suppress(*crypto.DRIVER_ERRORS):
                raw.execute(
                    f"DELETE FROM open_drafts WHERE assignment_id IN ({','.join('?' * len(ids))})",
                    ids,
                )
            self._session.editing.clear()
