"""Assignments: each save one version, the earlier ones kept in the history, and this
session's editing state (what a coalesced autosave may overwrite)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..domain.vocabulary import now_utc
from . import audit
from .database import Database, _readable
from .errors import StoreError

if TYPE_CHECKING:
    from ..domain.models import Assignment, Review

log = logging.getLogger(__name__)

# An autosave that only overwrites this session's version is logged at most this often.
AUTOSAVE_AUDIT_SECONDS = 300


class SavedVersion(int):
    """The version number a save stored (an int, as before), and whether the stored assignment
    had been changed by someone else since this session last saved it: then the save was kept
    as a new version and the other text is in the history, never overwritten."""

    changed_elsewhere: bool

    def __new__(cls, version: int, changed_elsewhere: bool = False) -> SavedVersion:
        made = super().__new__(cls, version)
        made.changed_elsewhere = changed_elsewhere
        return made


@dataclass(frozen=True)
class AssignmentSummary:
    id: str
    client_code: str
    title: str
    intervention: str
    status: str
    review_date: date | None
    created: datetime
    updated: datetime
    version: int


def _iso(dt: datetime | date | None) -> str | None:
    return None if dt is None else dt.isoformat()


def _row_status(a: Assignment) -> str:
    """The row's status column, for lists: "withdrawn" and "amended" (changed since agreed)
    are listed as such; the JSON keeps its own status, the withdrawal and the agreements."""
    if a.withdrawal is not None:
        return "withdrawn"
    if a.status == "agreed" and a.agreements:
        from ..domain.agreement import agreement_state

        if agreement_state(a).amended:
            return "amended"
    return a.status


def _dump(model: Assignment | Review) -> str:
    from ..domain.models import to_json_dict

    return json.dumps(to_json_dict(model), ensure_ascii=False, sort_keys=True)


def _assignment_from(raw: str) -> Assignment:
    from ..domain.migrations import parse_assignment

    return _readable(lambda text: parse_assignment(json.loads(text)), raw)


def _summary(r: tuple[Any, ...]) -> AssignmentSummary:
    return AssignmentSummary(
        id=r[0],
        client_code=r[1],
        title=r[2],
        intervention=r[3],
        status=r[4],
        review_date=date.fromisoformat(r[5]) if r[5] else None,
        created=datetime.fromisoformat(r[6]),
        updated=datetime.fromisoformat(r[7]),
        version=r[8],
    )


@dataclass
class EditingSession:
    """What this session is editing: ids whose autosaves coalesce, what this session last
    stored for each of them as (version, data) (a coalesced save overwrites the stored version
    only if it is still exactly that), the open_drafts rows this session wrote, and when each
    autosave stretch was last logged."""

    ids: set[str] = field(default_factory=set)
    saved: dict[str, tuple[int, str]] = field(default_factory=dict)
    editing: set[str] = field(default_factory=set)
    autosave_logged: dict[str, float] = field(default_factory=dict)


class Assignments:
    """The assignments and their history, read and written through one Database."""

    def __init__(self, db: Database, session: EditingSession) -> None:
        self._db = db
        self._session = session

    def save_assignment(
        self,
        assignment: Assignment,
        *,
        coalesce: bool = False,
        audit_action: str | None = None,
        also: Callable[[Any], None] | None = None,
    ) -> SavedVersion:
        """Save in one transaction and return the version number now stored.

        The version that was there before is copied to the history first, so no save destroys an
        earlier version. With coalesce=True (autosave while typing), later saves in the same
        session overwrite the version this session started, instead of adding one per keystroke
        -- but only while the stored version is still the one this session saved. If anyone
        else (an import, another copy of the app) stored a version since, the save becomes a
        new version, the other text stays in the history, and the result's changed_elsewhere
        is True so that the editor can say so. audit_action names the change in the audit log
        ("agreed", "withdrawn") instead of "changed". `also(con)` runs inside the same
        transaction (the store queues an outbox row with it).
        """
        with self._db.transaction() as con:
            version = self.save_in(con, assignment, coalesce=coalesce, audit_action=audit_action)
            if also is not None:
                also(con)
            return version

    def save_in(
        self,
        con: Any,
        a: Assignment,
        *,
        coalesce: bool = False,
        audited: bool = True,
        audit_action: str | None = None,
    ) -> SavedVersion:
        """audited=False: the caller writes its own audit entry (an import says "imported")."""
        data = _dump(a)
        now = now_utc().isoformat()
        row = con.execute(
            "SELECT version, data, client_code FROM assignments WHERE id = ?", (a.id,)
        ).fetchone()
        if row is None:
            if not con.execute("SELECT 1 FROM clients WHERE code = ?", (a.client_code,)).fetchone():
                raise StoreError(
                    f"There is no client with the code {a.client_code}. Add the client first."
                )
            version = 1
            con.execute(
                "INSERT INTO assignments(id, client_code, version, title, intervention, status,"
                " review_date, created, updated, data) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    a.id,
                    a.client_code,
                    version,
                    a.title,
                    a.intervention.value,
                    _row_status(a),
                    _iso(a.review_date),
                    _iso(a.created),
                    now,
                    data,
                ),
            )
            first = audit_action or "created"
            self._after_save(con, a, coalesce, version, first if audited else None, data)
            return SavedVersion(version)
        old_version: int
        old_version, old_data, old_code = row
        if old_code != a.client_code:
            raise StoreError(
                "An assignment cannot be moved to another client. Duplicate it instead."
            )
        in_session = coalesce and a.id in self._session.ids
        # Whether the stored version is still the one this session wrote (the expected version).
        ours = in_session and self._session.saved.get(a.id) == (old_version, old_data)
        elsewhere = in_session and not ours
        if elsewhere:
            log.info("an assignment was changed elsewhere during editing; saving a new version")
        if old_data == data:
            if not coalesce:
                self._after_save(con, a, coalesce, old_version, None, data)
            elif ours or elsewhere:
                self._db.after_commit.append(
                    lambda: self._session.saved.__setitem__(a.id, (old_version, data))
                )
            return SavedVersion(old_version)
        version = old_version
        if not ours:
            con.execute(
                "INSERT INTO assignment_history(assignment_id, version, saved_at, data)"
                " VALUES (?, ?, ?, ?)",
                (a.id, old_version, now, old_data),
            )
            version = old_version + 1
        con.execute(
            "UPDATE assignments SET version = ?, title = ?, intervention = ?, status = ?,"
            " review_date = ?, updated = ?, data = ? WHERE id = ?",
            (
                version,
                a.title,
                a.intervention.value,
                _row_status(a),
                _iso(a.review_date),
                now,
                data,
                a.id,
            ),
        )
        action = "changed" if version != old_version else "autosaved"
        if audit_action is not None:
            action = audit_action
        self._after_save(con, a, coalesce, version, action if audited else None, data)
        return SavedVersion(version, elsewhere)

    def _after_save(
        self,
        con: Any,
        a: Assignment,
        coalesce: bool,
        version: int,
        action: str | None,
        data: str | None = None,
    ) -> None:
        """Audit entry and drafts-being-edited row in the save's own transaction; the in-memory
        session state is updated only once the transaction has committed."""
        now = time.monotonic()
        if action == "autosaved":
            # Typing produces a save every second or two; the log keeps one line per stretch.
            last = self._session.autosave_logged.get(a.id)
            if last is not None and now - last < AUTOSAVE_AUDIT_SECONDS:
                action = None
        if action is not None:
            audit.record(
                con,
                record_type="assignment",
                record_id=a.id,
                client_code=a.client_code,
                action=action,
                version=version,
            )
        if coalesce:
            if a.id not in self._session.editing:
                con.execute(
                    "INSERT OR IGNORE INTO open_drafts(assignment_id, client_code, started)"
                    " VALUES (?, ?, ?)",
                    (a.id, a.client_code, now_utc().isoformat()),
                )

            def done() -> None:
                self._session.ids.add(a.id)
                self._session.editing.add(a.id)
                if data is not None:
                    self._session.saved[a.id] = (version, data)
                if action is not None:
                    self._session.autosave_logged[a.id] = now

        else:
            # An explicit save closes this editing session: the next autosave starts a version,
            # and there is no longer a draft to offer back after a crash.
            con.execute("DELETE FROM open_drafts WHERE assignment_id = ?", (a.id,))

            def done() -> None:
                self._session.ids.discard(a.id)
                self._session.saved.pop(a.id, None)
                self._session.editing.discard(a.id)
                self._session.autosave_logged.pop(a.id, None)

        self._db.after_commit.append(done)

    def get_assignment(self, assignment_id: str) -> Assignment | None:
        row = self._db.con.execute(
            "SELECT data FROM assignments WHERE id = ?", (assignment_id,)
        ).fetchone()
        return None if row is None else _assignment_from(row[0])

    def assignment_version(self, assignment_id: str) -> int | None:
        row = self._db.con.execute(
            "SELECT version FROM assignments WHERE id = ?", (assignment_id,)
        ).fetchone()
        return None if row is None else row[0]

    def assignment_history(self, assignment_id: str) -> list[tuple[int, Assignment]]:
        """Every stored version, oldest first, the current one last."""
        rows = self._db.con.execute(
            "SELECT version, data FROM assignment_history WHERE assignment_id = ?"
            " UNION ALL SELECT version, data FROM assignments WHERE id = ? ORDER BY 1",
            (assignment_id, assignment_id),
        ).fetchall()
        return [(v, _assignment_from(d)) for v, d in rows]

    def list_assignments(
        self, client_code: str, *, include_withdrawn: bool = False
    ) -> list[AssignmentSummary]:
        """Newest first; withdrawn assignments only when asked for (they stay in the store)."""
        hide = "" if include_withdrawn else " AND status != 'withdrawn'"
        rows = self._db.con.execute(
            "SELECT id, client_code, title, intervention, status, review_date, created, updated,"
            f" version FROM assignments WHERE client_code = ?{hide} ORDER BY created DESC, id",
            (client_code,),
        ).fetchall()
        return [_summary(r) for r in rows]

    def load_assignments(
        self, client_code: str, *, include_withdrawn: bool = True
    ) -> list[Assignment]:
        """Oldest first, as full records (an export keeps withdrawn ones with their reasons)."""
        hide = "" if include_withdrawn else " AND status != 'withdrawn'"
        rows = self._db.con.execute(
            f"SELECT data FROM assignments WHERE client_code = ?{hide} ORDER BY created, id",
            (client_code,),
        ).fetchall()
        return [_assignment_from(r[0]) for r in rows]
