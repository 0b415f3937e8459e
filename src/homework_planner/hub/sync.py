"""Sync: push the local outbox to the hub (idempotent, retried with back-off), pull templates."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg

from ..storage import OutboxRow, Store
from . import migrate
from .connection import HubError, Unreachable, connect, explain
from .templates import pull_templates

log = logging.getLogger(__name__)

BATCH_SIZE = 200
RETRIES = 3
BACKOFF_SECONDS = 0.5


@dataclass
class SyncResult:
    sent: int = 0  # new on the hub
    already: int = 0  # the hub had them (an earlier sync that was cut off): not doubled
    held_back: int = 0  # cannot be stored by the hub as they are; kept in the outbox
    conflicts: int = 0  # the hub holds other words under the same id and version; kept
    templates_new: int = 0
    templates_updated: int = 0
    templates_withdrawn: int = 0
    templates_unreadable: int = 0
    waiting: int = 0  # still in the outbox afterwards
    tries: int = 0
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [f"sent {self.sent}"]
        if self.already:
            parts.append(f"{self.already} already on the service")
        t = f"templates: {self.templates_new} new, {self.templates_updated} updated"
        if self.templates_withdrawn:
            t += f", {self.templates_withdrawn} withdrawn"
        parts.append(t)
        parts.append(f"{self.waiting} waiting in the outbox")
        return "Synced: " + "; ".join(parts) + "."


# Per record type: the hub's table, its key columns and the columns taken from the payload.
_INSERTS = {
    "agreement": (
        "INSERT INTO hub.agreements(assignment_id, version, client_code, agreed_at, content_hash,"
        " missing_count, template_id, payload, payload_hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        "SELECT payload_hash FROM hub.agreements WHERE practitioner = current_user"
        " AND assignment_id = %s AND version = %s",
    ),
    "review": (
        "INSERT INTO hub.reviews(review_id, revision, assignment_id, client_code, review_date,"
        " completion, next_step, payload, payload_hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        "SELECT payload_hash FROM hub.reviews WHERE practitioner = current_user"
        " AND review_id = %s AND revision = %s",
    ),
    "withdrawal": (
        "INSERT INTO hub.withdrawals(assignment_id, version, client_code, withdrawn_at, payload,"
        " payload_hash) VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING 1",
        "SELECT payload_hash FROM hub.withdrawals WHERE practitioner = current_user"
        " AND assignment_id = %s AND version = %s",
    ),
}


class _HeldBack(Exception):
    """This row cannot go to the hub as it is (the reason names no content)."""


def _values(row: OutboxRow) -> tuple[Any, ...]:
    if "\x00" in row.record_id or "\x00" in row.client_code:
        # PostgreSQL text cannot hold NUL. The payload's JSON escapes it; an id cannot be.
        raise _HeldBack("its id contains a NUL character, which PostgreSQL cannot store")
    try:
        p = json.loads(row.payload)
        if row.record_type == "agreement":
            return (
                row.record_id,
                row.version,
                row.client_code,
                p["agreed_at"],
                p["content_hash"],
                len(p.get("missing") or []),
                p.get("template_id"),
                row.payload,
                row.payload_hash,
            )
        if row.record_type == "review":
            r = p["review"]
            return (
                row.record_id,
                row.version,
                p["assignment_id"],
                row.client_code,
                r["date"],
                int(r["completion"]),
                r["next_step"],
                row.payload,
                row.payload_hash,
            )
        if row.record_type == "withdrawal":
            return (
                row.record_id,
                row.version,
                row.client_code,
                p["withdrawal"]["at"],
                row.payload,
                row.payload_hash,
            )
    except (ValueError, KeyError, TypeError):
        raise _HeldBack("it is damaged in the outbox") from None
    raise _HeldBack("it is of a kind this version of the app does not send")


def _push_batch(
    conn: psycopg.Connection[tuple[Any, ...]], store: Store, rows: list[OutboxRow], r: SyncResult
) -> None:
    done: list[int] = []
    held: dict[str, list[int]] = {}
    conflicts: list[int] = []
    sent = already = 0
    with conn.transaction():
        for row in rows:
            try:
                values = _values(row)
            except _HeldBack as exc:
                held.setdefault(str(exc), []).append(row.seq)
                continue
            insert, existing = _INSERTS[row.record_type]
            if conn.execute(insert, values).fetchone() is not None:
                sent += 1
                done.append(row.seq)
                continue
            found = conn.execute(existing, (row.record_id, row.version)).fetchone()
            if found is not None and found[0] == row.payload_hash:
                already += 1
                done.append(row.seq)
            else:
                conflicts.append(row.seq)
    # The hub has committed: only now is the outbox told. A kill in between sends these again
    # next time, and the hub answers "already there".
    store.mark_outbox_pushed(done)
    for reason, seqs in held.items():
        store.note_outbox_failure(seqs, reason)
        n = len(seqs)
        r.notes.append(f"{n} record{'s' * (n != 1)} not sent: {reason}; kept in the outbox.")
    if conflicts:
        store.note_outbox_failure(conflicts, "the service holds other words for this version")
        n = len(conflicts)
        r.notes.append(
            f"{n} record{'s' * (n != 1)} not sent: the service already holds different words "
            "under the same id and version (a copied data folder?); kept in the outbox."
        )
    r.sent += sent
    r.already += already
    r.held_back += sum(len(s) for s in held.values())
    r.conflicts += len(conflicts)


def push(
    conn: psycopg.Connection[tuple[Any, ...]],
    store: Store,
    result: SyncResult,
    *,
    batch_size: int = BATCH_SIZE,
    on_batch: Callable[[SyncResult], None] | None = None,
) -> None:
    """Send every waiting row, one hub transaction per batch, oldest first."""
    after = 0
    while True:
        rows = store.outbox_pending(batch_size, after=after)
        if not rows:
            return
        _push_batch(conn, store, rows, result)
        after = rows[-1].seq
        if on_batch is not None:
            on_batch(result)


def _check_hub(conn: psycopg.Connection[tuple[Any, ...]]) -> None:
    version = migrate.applied_version(conn)
    if version == 0:
        raise HubError(
            "This database is not set up as a service hub. Ask the service lead to run "
            "`homework-planner service init --url URL`."
        )
    if version < migrate.LATEST:
        raise HubError(
            "The service hub is older than this app. Ask the service lead to run "
            "`homework-planner service init --url URL` to update it; the outbox is kept."
        )


def sync(
    store: Store,
    url: str,
    *,
    retries: int = RETRIES,
    backoff: float = BACKOFF_SECONDS,
    batch_size: int = BATCH_SIZE,
    sleep: Callable[[float], None] = time.sleep,
    on_batch: Callable[[SyncResult], None] | None = None,
) -> SyncResult:
    """Push the outbox and pull the shared templates. A server that cannot be reached (or goes
    away mid-sync) is tried again after 0.5 s, 1 s, 2 s, ... (retries times); then Unreachable
    is raised and whatever was not sent stays in the outbox. Runs on the caller's thread:
    the window calls it from a worker thread, never its own."""
    result = SyncResult()
    while True:
        result.tries += 1
        try:
            conn = connect(url)
            try:
                _check_hub(conn)
                push(conn, store, result, batch_size=batch_size, on_batch=on_batch)
                pulled = pull_templates(conn, store)
            except psycopg.Error as exc:
                raise explain(exc) from None
            finally:
                conn.close()
        except Unreachable:
            if result.tries > retries:
                result.waiting = store.outbox_counts()[0]
                raise
            log.info("hub unreachable; trying again (%d)", result.tries)
            sleep(backoff * 2 ** (result.tries - 1))
            continue
        (
            result.templates_new,
            result.templates_updated,
            result.templates_withdrawn,
            result.templates_unreadable,
        ) = pulled
        result.waiting = store.outbox_counts()[0]
        return result
