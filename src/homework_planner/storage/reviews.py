"""Reviews of assignments, and a review's whole outcome saved as one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..domain.vocabulary import now_utc
from . import audit
from .assignments import Assignments, _dump
from .database import Database, _readable
from .errors import StoreError

if TYPE_CHECKING:
    from ..domain.models import Assignment, Review


class Reviews:
    """The reviews table, read and written through one Database."""

    def __init__(self, db: Database, assignments: Assignments) -> None:
        self._db = db
        self._assignments = assignments

    def save_review(self, review: Review) -> None:
        with self._db.transaction() as con:
            new = self.save_in(con, review)
            code = con.execute(
                "SELECT client_code FROM assignments WHERE id = ?", (review.assignment_id,)
            ).fetchone()[0]
            audit.record(
                con,
                record_type="review",
                record_id=review.id,
                client_code=code,
                action="created" if new else "changed",
            )

    def save_review_outcome(
        self,
        review: Review,
        reviewed_assignment: Assignment,
        next_assignment: Assignment | None = None,
        *,
        also: Callable[[Any], None] | None = None,
    ) -> int:
        """The review, its assignment marked reviewed, and next week's draft (if any), in ONE
        transaction: after a crash there is all of it or none of it. Returns the reviewed
        assignment's stored version. `also(con)` runs inside it too (the outbox row)."""
        if reviewed_assignment.id != review.assignment_id:
            raise StoreError("This review belongs to another assignment; nothing was saved.")
        if next_assignment is not None and next_assignment.client_code != (
            reviewed_assignment.client_code
        ):
            raise StoreError("Next week's homework must be for the same client; nothing was saved.")
        with self._db.transaction() as con:
            version = self._assignments.save_in(con, reviewed_assignment)
            new = self.save_in(con, review)
            audit.record(
                con,
                record_type="review",
                record_id=review.id,
                client_code=reviewed_assignment.client_code,
                action="created" if new else "changed",
            )
            if next_assignment is not None:
                self._assignments.save_in(con, next_assignment)
            if also is not None:
                also(con)
        return version

    def save_in(self, con: sqlite3.Connection, r: Review) -> bool:
        """Insert or replace; True when the review is new."""
        if not con.execute("SELECT 1 FROM assignments WHERE id = ?", (r.assignment_id,)).fetchone():
            raise StoreError("This review belongs to an assignment that is not in the store.")
        exists = con.execute("SELECT 1 FROM reviews WHERE id = ?", (r.id,)).fetchone() is not None
        con.execute(
            "INSERT INTO reviews(id, assignment_id, date, updated, data) VALUES (?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET date = excluded.date, updated = excluded.updated,"
            " data = excluded.data",
            (r.id, r.assignment_id, r.date.isoformat(), now_utc().isoformat(), _dump(r)),
        )
        return not exists

    def list_reviews(
        self, *, assignment_id: str | None = None, client_code: str | None = None
    ) -> list[Review]:
        if assignment_id is not None:
            rows = self._db.con.execute(
                "SELECT data FROM reviews WHERE assignment_id = ? ORDER BY date, id",
                (assignment_id,),
            )
        elif client_code is not None:
            rows = self._db.con.execute(
                "SELECT r.data FROM reviews r JOIN assignments a ON a.id = r.assignment_id"
                " WHERE a.client_code = ? ORDER BY r.date, r.id",
                (client_code,),
            )
        else:
            rows = self._db.con.execute("SELECT data FROM reviews ORDER BY date, id")
        from ..domain.models import Review

        return [_readable(Review.model_validate_json, r[0]) for r in rows]
