"""Database layout and its migrations, keyed by PRAGMA user_version."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

# "HWKP": marks a file as ours, so that another program's SQLite file is refused, not migrated.
APPLICATION_ID = 0x48574B50

V1 = """
CREATE TABLE clients (
    code            TEXT PRIMARY KEY,
    preferred_name  TEXT,
    print_needs     TEXT NOT NULL DEFAULT '{}',
    archived        INTEGER NOT NULL DEFAULT 0,
    created         TEXT NOT NULL,
    updated         TEXT NOT NULL
);
CREATE TABLE assignments (
    id            TEXT PRIMARY KEY,
    client_code   TEXT NOT NULL REFERENCES clients(code),
    version       INTEGER NOT NULL,
    title         TEXT NOT NULL,
    intervention  TEXT NOT NULL,
    status        TEXT NOT NULL,
    review_date   TEXT,
    created       TEXT NOT NULL,
    updated       TEXT NOT NULL,
    data          TEXT NOT NULL
);
CREATE INDEX assignments_by_client ON assignments(client_code, created);
CREATE TABLE assignment_history (
    assignment_id TEXT NOT NULL REFERENCES assignments(id),
    version       INTEGER NOT NULL,
    saved_at      TEXT NOT NULL,
    data          TEXT NOT NULL,
    PRIMARY KEY (assignment_id, version)
);
CREATE TABLE reviews (
    id             TEXT PRIMARY KEY,
    assignment_id  TEXT NOT NULL REFERENCES assignments(id),
    date           TEXT NOT NULL,
    updated        TEXT NOT NULL,
    data           TEXT NOT NULL
);
CREATE INDEX reviews_by_assignment ON reviews(assignment_id, date);
CREATE TABLE user_templates (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    intervention  TEXT NOT NULL,
    created       TEXT NOT NULL,
    data          TEXT NOT NULL
);
"""


def _create_v1(con: sqlite3.Connection) -> None:
    for statement in V1.split(";"):
        if statement.strip():
            con.execute(statement)


def _prototype_v0_to_v1(con: sqlite3.Connection) -> None:
    """The pre-release prototype kept one table, homework(id, client_code, json, saved)."""
    from ..domain.migrations import upgrade_assignment

    rows = con.execute("SELECT id, client_code, json, saved FROM homework").fetchall()
    _create_v1(con)
    for code in sorted({r[1] for r in rows}):
        con.execute(
            "INSERT INTO clients(code, created, updated) VALUES (?, ?, ?)",
            (code, rows[0][3], rows[0][3]),
        )
    for aid, code, raw, saved in rows:
        data = upgrade_assignment(json.loads(raw))
        data.setdefault("id", aid)
        data.setdefault("client_code", code)
        data.setdefault("created", saved)
        con.execute(
            "INSERT INTO assignments(id, client_code, version, title, intervention, status,"
            " review_date, created, updated, data) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                aid,
                code,
                1,
                data.get("title", ""),
                data.get("intervention", "other"),
                data.get("status", "draft"),
                data.get("review_date"),
                data["created"],
                saved,
                json.dumps(data, ensure_ascii=False, sort_keys=True),
            ),
        )
    con.execute("DROP TABLE homework")


def _from_empty_or_prototype(con: sqlite3.Connection) -> None:
    has_prototype = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='homework'"
    ).fetchone()
    if has_prototype:
        _prototype_v0_to_v1(con)
    else:
        _create_v1(con)


# Version 2: an append-only audit log (when, which record, what kind of change; never the
# content) and the drafts being edited, so that a crash of the window can offer them back.
V2_STATEMENTS = (
    """CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    client_code  TEXT,
    record_type  TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    action       TEXT NOT NULL,
    version      INTEGER
)""",
    "CREATE INDEX audit_by_client ON audit_log(client_code, seq)",
    # Append-only is enforced by the database itself, not only by the code that writes to it.
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TABLE open_drafts (
    assignment_id  TEXT PRIMARY KEY,
    client_code    TEXT NOT NULL,
    started        TEXT NOT NULL
)""",
)


def _v1_to_v2(con: sqlite3.Connection) -> None:
    # One statement at a time: executescript() would commit the migration's transaction.
    for statement in V2_STATEMENTS:
        con.execute(statement)


def _reviews_keyed_by_day(con: sqlite3.Connection) -> None:
    """Interchange schema 2: each stored review's monitoring rows get the day (or occurrence)
    the sheet printed, from the assignment they belong to (domain/migrations.py)."""
    from ..domain.migrations import assignment_or_none, upgrade_review

    rows = con.execute(
        "SELECT r.id, r.data, a.data FROM reviews r LEFT JOIN assignments a"
        " ON a.id = r.assignment_id"
    ).fetchall()
    for rid, raw, assignment_raw in rows:
        try:
            data = json.loads(raw)
            assignment = assignment_or_none(json.loads(assignment_raw or "null"))
            upgraded = upgrade_review(data, assignment) if isinstance(data, dict) else None
        except ValueError:  # damaged text, or a newer version: left for the reader to report
            continue
        if upgraded is None or upgraded == data:
            continue
        con.execute(
            "UPDATE reviews SET data = ? WHERE id = ?",
            (json.dumps(upgraded, ensure_ascii=False, sort_keys=True), rid),
        )


def _audit_chain(con: sqlite3.Connection) -> None:
    """Version 4: the audit log becomes a hash chain (each row stores hash(previous hash + row)),
    computed here for the rows an existing store already has. The head of the chain is kept
    outside the database (audit.head_path), written by the store after this commit."""
    from . import audit

    con.execute("ALTER TABLE audit_log ADD COLUMN hash TEXT")
    audit.seal(con)


# The service hub (hub/): an outbox of facts to publish, written in the same transaction as the
# fact itself, and the service's shared templates as last pulled. Self-contained and idempotent
# (IF NOT EXISTS), so that it can sit after any other step.
OUTBOX_STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS outbox (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    record_type   TEXT NOT NULL,
    record_id     TEXT NOT NULL,
    version       INTEGER NOT NULL,
    client_code   TEXT NOT NULL,
    payload       TEXT NOT NULL,
    payload_hash  TEXT NOT NULL,
    created       TEXT NOT NULL,
    pushed_at     TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    UNIQUE (record_type, record_id, version)
)""",
    "CREATE INDEX IF NOT EXISTS outbox_pending ON outbox(pushed_at, seq)",
    """CREATE TABLE IF NOT EXISTS shared_templates (
    id            TEXT PRIMARY KEY,
    version       INTEGER NOT NULL,
    name          TEXT NOT NULL,
    author        TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    withdrawn_at  TEXT,
    pulled_at     TEXT NOT NULL,
    data          TEXT NOT NULL
)""",
)


def _outbox_and_shared_templates(con: sqlite3.Connection) -> None:
    for statement in OUTBOX_STATEMENTS:
        con.execute(statement)


# MIGRATIONS[n] takes a database at user_version n to n + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _from_empty_or_prototype,
    _v1_to_v2,
    _reviews_keyed_by_day,
    _audit_chain,
    _outbox_and_shared_templates,
]
CURRENT_VERSION = len(MIGRATIONS)
AUDIT_CHAIN_VERSION = 4  # the schema version that made the audit log a hash chain
