"""The outbox of facts to publish to the service hub, and the service's shared templates."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain.vocabulary import now_utc
from .assignments import _assignment_from, _dump
from .database import Database

if TYPE_CHECKING:
    from ..domain.models import Assignment


@dataclass(frozen=True)
class OutboxItem:
    """A fact to publish to the service hub (hub/), queued in the same transaction as the
    fact itself: "agreement", "review" or "withdrawal". Pseudonymous codes only."""

    record_type: str
    record_id: str
    client_code: str
    payload: dict[str, Any]
    # None: the next number for this record, unless the newest queued one has the same words.
    version: int | None = None


@dataclass(frozen=True)
class OutboxRow:
    """One queued fact as stored: its JSON text and that text's SHA-256."""

    seq: int
    record_type: str
    record_id: str
    version: int
    client_code: str
    payload: str
    payload_hash: str
    attempts: int


@dataclass(frozen=True)
class SharedTemplate:
    """A template the service published, as last pulled; read-only here."""

    id: str
    version: int
    name: str
    author: str
    published_at: str
    withdrawn_at: str | None
    assignment: Assignment


def outbox_text(payload: dict[str, Any]) -> tuple[str, str]:
    """The canonical JSON of a payload and its SHA-256. json.dumps escapes control characters
    (NUL too), so the text can be stored by PostgreSQL, whose text cannot hold NUL."""
    import hashlib

    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


class Outbox:
    """Facts queued in the same transaction as the write that made them; shared templates."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # ---- the outbox to the service hub ---------------------------------------------------
    def enqueue(self, con: Any, item: OutboxItem) -> None:
        text, digest = outbox_text(item.payload)
        version = item.version
        if version is None:
            last = con.execute(
                "SELECT version, payload_hash FROM outbox WHERE record_type = ? AND record_id = ?"
                " ORDER BY version DESC LIMIT 1",
                (item.record_type, item.record_id),
            ).fetchone()
            if last is not None and last[1] == digest:
                return  # the same words saved again: nothing new to publish
            version = 1 if last is None else int(last[0]) + 1
        con.execute(
            "INSERT OR IGNORE INTO outbox(record_type, record_id, version, client_code, payload,"
            " payload_hash, created) VALUES (?,?,?,?,?,?,?)",
            (
                item.record_type,
                item.record_id,
                version,
                item.client_code,
                text,
                digest,
                now_utc().isoformat(),
            ),
        )

    def outbox_pending(self, limit: int = 500, *, after: int = 0) -> list[OutboxRow]:
        """Facts not yet published, oldest first (those queued after `after`)."""
        rows = self._db.con.execute(
            "SELECT seq, record_type, record_id, version, client_code, payload, payload_hash,"
            " attempts FROM outbox WHERE pushed_at IS NULL AND seq > ? ORDER BY seq LIMIT ?",
            (after, limit),
        ).fetchall()
        return [OutboxRow(*r) for r in rows]

    def outbox_counts(self) -> tuple[int, int]:
        """(waiting, published)."""
        row = self._db.con.execute(
            "SELECT COALESCE(SUM(pushed_at IS NULL), 0), COALESCE(SUM(pushed_at IS NOT NULL), 0)"
            " FROM outbox"
        ).fetchone()
        return int(row[0]), int(row[1])

    def mark_outbox_pushed(self, seqs: list[int]) -> None:
        """The hub holds these (it said so in a committed transaction)."""
        if not seqs:
            return
        marks = ",".join("?" * len(seqs))
        with self._db.transaction() as con:
            con.execute(
                f"UPDATE outbox SET pushed_at = ?, last_error = NULL WHERE seq IN ({marks})",
                (now_utc().isoformat(), *seqs),
            )

    def note_outbox_failure(self, seqs: list[int], reason: str) -> None:
        """A try that did not get through: counted, with a reason that names no content."""
        if not seqs:
            return
        marks = ",".join("?" * len(seqs))
        with self._db.transaction() as con:
            con.execute(
                f"UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq IN ({marks})",
                (reason[:200], *seqs),
            )

    # ---- the service's shared templates (read-only copies) -------------------------------
    def save_shared_templates(self, templates: list[SharedTemplate]) -> tuple[int, int, int]:
        """Store what the hub published, in one transaction: (new, updated, withdrawn). A
        withdrawn template is kept, marked, so nothing that was made from it changes."""
        added = updated = withdrawn = 0
        now = now_utc().isoformat()
        with self._db.transaction() as con:
            for t in templates:
                old = con.execute(
                    "SELECT version, withdrawn_at FROM shared_templates WHERE id = ?", (t.id,)
                ).fetchone()
                if old is not None and old[0] == t.version and old[1] == t.withdrawn_at:
                    continue
                if old is None:
                    added += 1
                elif t.withdrawn_at is not None and old[1] is None:
                    withdrawn += 1
                else:
                    updated += 1
                con.execute(
                    "INSERT INTO shared_templates(id, version, name, author, published_at,"
                    " withdrawn_at, pulled_at, data) VALUES (?,?,?,?,?,?,?,?)"
                    " ON CONFLICT(id) DO UPDATE SET version = excluded.version,"
                    " name = excluded.name, author = excluded.author,"
                    " published_at = excluded.published_at, withdrawn_at = excluded.withdrawn_at,"
                    " pulled_at = excluded.pulled_at, data = excluded.data",
                    (
                        t.id,
                        t.version,
                        t.name,
                        t.author,
                        t.published_at,
                        t.withdrawn_at,
                        now,
                        _dump(t.assignment),
                    ),
                )
        return added, updated, withdrawn

    def list_shared_templates(self, *, include_withdrawn: bool = False) -> list[SharedTemplate]:
        hide = "" if include_withdrawn else " WHERE withdrawn_at IS NULL"
        rows = self._db.con.execute(
            "SELECT id, version, name, author, published_at, withdrawn_at, data"
            f" FROM shared_templates{hide} ORDER BY name COLLATE NOCASE, id"
        ).fetchall()
        return [
            SharedTemplate(
                id=r[0],
                version=int(r[1]),
                name=r[2],
                author=r[3],
                published_at=r[4],
                withdrawn_at=r[5],
                assignment=_assignment_from(r[6]),
            )
            for r in rows
        ]
