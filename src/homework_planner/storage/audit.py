"""The append-only audit log: when, which record, what kind of change. Never the content."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.vocabulary import now_utc

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
    "protection_on": "Passphrase protection set up",
    "protection_changed": "Passphrase changed",
    "protection_off": "Passphrase protection removed",
    "deleted": "Deleted",
}
RECORD_LABELS = {
    "client": "Client",
    "assignment": "Assignment",
    "review": "Review",
    "template": "Own template",
    "store": "Whole store",
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


def record(
    con: Any,
    *,
    record_type: str,
    record_id: str,
    action: str,
    client_code: str | None = None,
    version: int | None = None,
) -> None:
    """One small row, inside the caller's transaction: the change and its entry commit together."""
    con.execute(
        "INSERT INTO audit_log(at, client_code, record_type, record_id, action, version)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (now_utc().isoformat(), client_code, record_type, record_id, action, version),
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
