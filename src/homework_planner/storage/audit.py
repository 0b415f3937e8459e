"""The append-only audit log: when, which record, what kind of change. Never the content.

Tamper-evident: every row stores hash(previous row's hash + the row), and the head of the chain
(last seq, its hash, the number of rows) is kept outside the database in a small file beside
it, written atomically after every commit that added a row. At open the whole chain is checked
against the rows and the head (check_chain): rows edited, removed or re-created with an SQLite
tool, dropped safeguards (triggers) and a log shortened by copying an older file over the store
are all noticed. The head file holds hashes and counts only, never client data.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.vocabulary import now_utc
from ..fileio import write_atomic

log = logging.getLogger(__name__)

ACTION_LABELS = {
    "created": "Created",
    "changed": "Changed (new version)",
    "agreed": "Agreed with the client (version frozen)",
    "withdrawn": "Withdrawn (the reason is kept in that version)",
    "autosaved": "Edited (autosaved while typing)",
    "archived": "Archived",
    "unarchived": "Taken out of the archive",
    "imported": "Imported from a file",
    "restored": "Whole store restored from a backup",
    "restored_after_damage": "Damaged store replaced by a backup at start",
    "protection_on": "Passphrase protection set up",
    "protection_changed": "Passphrase changed",
    "protection_off": "Passphrase protection removed",
    "deleted": "Deleted",
    "log_altered": "History of changes found altered outside the app",
}
RECORD_LABELS = {
    "client": "Client",
    "assignment": "Assignment",
    "review": "Review",
    "template": "Own template",
    "store": "Whole store",
}

GENESIS = "0" * 64
HEAD_FORMAT = "homework-planner-audit-head"
COLUMNS = "seq, at, client_code, record_type, record_id, action, version, hash"
TRIGGERS = {
    "audit_log_no_update": """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    "audit_log_no_delete": """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
}


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    client_code: str | None
    record_type: str
    record_id: str
    action: str
    version: int | None

    def describe(self) -> str:
        what = RECORD_LABELS.get(self.record_type, self.record_type)
        how = ACTION_LABELS.get(self.action, self.action)
        version = f", version {self.version}" if self.version is not None else ""
        return f"{what}: {how}{version}"


# ---- the chain ---------------------------------------------------------------------------
def row_hash(prev: str, row: Sequence[Any]) -> str:
    """hash(prev + canonical row). Canonical: each field length-prefixed (no separator can be
    forged by a field's text); None is "-", which no length prefix produces."""
    parts = [prev]
    for value in row[:7]:
        if value is None:
            parts.append("-")
        else:
            text = str(value)
            parts.append(f"{len(text)}:{text}")
    data = "\n".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


def last_link(con: Any) -> tuple[int, str]:
    row = con.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), row[1] or GENESIS)


def record(
    con: Any,
    *,
    record_type: str,
    record_id: str,
    action: str,
    client_code: str | None = None,
    version: int | None = None,
) -> None:
    """One small row, inside the caller's transaction: the change and its entry commit together.
    The row is chained to the one before it."""
    seq, prev = last_link(con)
    seq += 1
    row = (seq, now_utc().isoformat(), client_code, record_type, record_id, action, version)
    con.execute(
        f"INSERT INTO audit_log({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (*row, row_hash(prev, row)),
    )


def all_rows(con: Any) -> list[tuple[Any, ...]]:
    return list(con.execute(f"SELECT {COLUMNS} FROM audit_log ORDER BY seq").fetchall())


def seal(con: Any, start_seq: int = 0) -> None:
    """Compute the hashes of every row from start_seq on (a migration, or re-sealing after an
    alteration was recorded). Inside the caller's transaction; the triggers are put back."""
    drop_triggers(con)
    prev = GENESIS
    for row in con.execute(f"SELECT {COLUMNS} FROM audit_log ORDER BY seq").fetchall():
        if row[0] >= start_seq:
            digest = row_hash(prev, row)
            if digest != row[7]:
                con.execute("UPDATE audit_log SET hash = ? WHERE seq = ?", (digest, row[0]))
            prev = digest
        else:
            prev = row[7] or GENESIS
    restore_triggers(con)


def drop_triggers(con: Any) -> None:
    for name in TRIGGERS:
        con.execute(f"DROP TRIGGER IF EXISTS {name}")


def restore_triggers(con: Any) -> None:
    for name, sql in TRIGGERS.items():
        if not con.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
        ).fetchone():
            con.execute(sql)


def replace_rows(con: Any, rows: Sequence[Sequence[Any]]) -> None:
    """Put a whole log (rows with their hashes, as all_rows gives them) in place of the one in
    this database: a restored backup carries the live log forward, so it never shortens."""
    drop_triggers(con)
    con.execute("DELETE FROM audit_log")
    con.executemany(f"INSERT INTO audit_log({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    restore_triggers(con)


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    entries: int


# The head file: two fixed-size slots, each one line of JSON with its own checksum. An update
# overwrites the older slot in place and fsyncs once (a save pays ~1 ms, not a temp file, a
# rename and two fsyncs). A torn write spoils only the slot being written; the other one still
# holds an earlier head, which is a valid lower bound (rows after a head are accepted).
SLOT = 256


def head_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".audit-head")


def current_head(con: Any) -> Head:
    seq, digest = last_link(con)
    count = con.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    return Head(seq, digest, int(count))


def _slot(head: Head) -> bytes:
    body = {"format": HEAD_FORMAT, "version": 1, **head.__dict__}
    text = json.dumps(body, sort_keys=True)
    check = hashlib.sha256(text.encode("ascii")).hexdigest()[:16]
    line = json.dumps({**body, "check": check}, sort_keys=True)
    return line.encode("ascii").ljust(SLOT - 1) + b"\n"


def _parse_slot(raw: bytes) -> Head | None:
    try:
        data = json.loads(raw.decode("ascii"))
        check = data.pop("check")
        text = json.dumps(data, sort_keys=True)
        if data.get("format") != HEAD_FORMAT:
            return None
        if hashlib.sha256(text.encode("ascii")).hexdigest()[:16] != check:
            return None
        return Head(int(data["seq"]), str(data["hash"]), int(data["entries"]))
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
        return None


def _read_slots(db_path: Path) -> list[Head | None] | None:
    try:
        raw = head_path(db_path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return []
    if len(raw) != 2 * SLOT:
        return []
    return [_parse_slot(raw[:SLOT]), _parse_slot(raw[SLOT:])]


def read_head(db_path: Path) -> Head | None | str:
    """The newest head kept outside the database; None when there is no head file;
    "unreadable" when the file is there but holds no valid head."""
    slots = _read_slots(db_path)
    if slots is None:
        return None
    valid = [h for h in slots if h is not None]
    if not valid:
        return "unreadable"
    return max(valid, key=lambda h: h.seq)


def write_head(db_path: Path, head: Head) -> None:
    """Over the older slot, fsynced; a new or spoilt file is written whole, atomically."""
    slots = _read_slots(db_path)
    if not slots or all(h is None for h in slots):
        write_atomic(head_path(db_path), _slot(head) * 2)
        return
    first, second = slots
    if first is None or second is None:
        older = 0 if first is None else 1
    else:
        older = 0 if first.seq <= second.seq else 1
    fd = os.open(head_path(db_path), os.O_WRONLY)
    try:
        os.pwrite(fd, _slot(head), older * SLOT)
        os.fsync(fd)
    finally:
        os.close(fd)


def restore_note_path(db_path: Path) -> Path:
    """Left by a restore at start (the damaged store could not carry its log forward)."""
    return db_path.with_name(db_path.name + ".audit-restored")


@dataclass(frozen=True)
class ChainCheck:
    """What check_chain found. reason is None when the log is as the app left it."""

    reason: str | None = None  # rows_changed, rows_removed, safeguards_removed, head_missing,
    # head_unreadable
    first_bad_seq: int | None = None
    missing: int = 0  # rows the head counted that are no longer there (at least)


# Rows whose links are recomputed at every open. Up to this many (a year or two of one
# therapist's work), the whole chain is; about 5 us a row, so at most ~50 ms of the open. A
# longer log gets its newest rows and one older stretch chosen at random each open: removed
# rows are still always found (by the counts), rewritten hashes by the head, and an old row
# edited in place within a few opens.
CHAIN_WINDOW = 10_000


def _first_break(con: Any, offset: int, limit: int) -> int | None:
    """The seq of the first row in this stretch whose stored hash is not its link, or None."""
    rows = con.execute(
        f"SELECT {COLUMNS} FROM audit_log ORDER BY seq LIMIT ? OFFSET ?", (limit, offset)
    ).fetchall()
    if not rows:
        return None
    before = con.execute(
        "SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1", (rows[0][0],)
    ).fetchone()
    prev = GENESIS if before is None else before[0]
    for row in rows:
        # The seq is inside the hash: a removed row breaks the link of the row after it.
        if row_hash(prev, row) != row[7]:
            return int(row[0])
        prev = row[7]
    return None


def check_chain(
    con: Any, head: Head | None | str, *, window: int = CHAIN_WINDOW, rng: Any = None
) -> ChainCheck:
    """Recompute the chain and compare it with its head. Rows after the head are fine (a crash
    after a commit, before the head file was written); rows missing before it are not."""
    import random

    triggers = {
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        ).fetchall()
    }
    count = int(con.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])
    stretches = [(0, count)] if count <= window else [(count - window, window)]
    if count > window:
        older = count - window
        start = (rng or random.SystemRandom()).randrange(max(1, older - window + 1))
        stretches.append((start, min(window, older)))
    for offset, limit in stretches:
        broken = _first_break(con, offset, limit)
        if broken is not None:
            return ChainCheck("rows_changed", first_bad_seq=broken)
    if head == "unreadable":
        return ChainCheck("head_unreadable")
    if head is None:
        return ChainCheck("head_missing" if count else None)
    assert isinstance(head, Head)
    after = con.execute("SELECT COUNT(*) FROM audit_log WHERE seq > ?", (head.seq,)).fetchone()[0]
    at_head = con.execute("SELECT hash FROM audit_log WHERE seq = ?", (head.seq,)).fetchone()
    if head.seq > 0 and at_head is None:
        return ChainCheck(
            "rows_removed", first_bad_seq=head.seq, missing=max(0, head.entries - count)
        )
    if head.seq > 0 and at_head[0] != head.hash:
        return ChainCheck("rows_changed", first_bad_seq=1)
    if count - after < head.entries:  # rows removed from before the head
        return ChainCheck("rows_removed", first_bad_seq=1, missing=head.entries - count + after)
    if not set(TRIGGERS) <= triggers:
        return ChainCheck("safeguards_removed")
    return ChainCheck()


PROBLEM_TEXT = {
    "rows_changed": "entries in it were changed, removed or written again",
    "rows_removed": "its newest entries were removed, or an older copy of the data file was put "
    "in place of the current one",
    "safeguards_removed": "the safeguards that stop it being edited were removed",
    "head_missing": "its check file is missing, so it cannot be confirmed as complete",
    "head_unreadable": "its check file was changed, so it cannot be confirmed as complete",
}


def problem_message(check: ChainCheck) -> str:
    """One line for the therapist: what was found, that it is now on record, what to do."""
    what = PROBLEM_TEXT.get(check.reason or "", "it does not match its check file")
    return (
        f"The history of changes was altered outside Homework Planner: {what}. This has been "
        "recorded in the history itself. If you did not expect it, leave the data folder as it "
        "is and tell your supervisor or IT support; the backups hold earlier copies."
    )


def entries(
    con: Any, client_code: str | None = None, *, limit: int | None = None
) -> list[AuditEntry]:
    """Newest first; for one client, or (client_code None) the entries about the whole store."""
    if client_code is None:
        sql = "SELECT seq, at, client_code, record_type, record_id, action, version FROM audit_log"
        sql += " WHERE client_code IS NULL ORDER BY seq DESC"
        args: tuple[Any, ...] = ()
    else:
        sql = (
            "SELECT seq, at, client_code, record_type, record_id, action, version FROM audit_log"
            " WHERE client_code = ? ORDER BY seq DESC"
        )
        args = (client_code,)
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [
        AuditEntry(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], r[5], r[6])
        for r in con.execute(sql, args).fetchall()
    ]
