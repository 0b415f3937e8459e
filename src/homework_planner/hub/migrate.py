"""The hub's schema: versioned SQL migrations, each applied in one transaction and recorded."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import psycopg

from .connection import HubError, connect, explain

log = logging.getLogger(__name__)

MIGRATION_FOLDER = "resources/hub_migrations"
_NAME_RE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
# One service init at a time, even from two machines (pg_advisory_xact_lock's key).
_LOCK_KEY = 0x48574B50

_BOOTSTRAP = """
CREATE SCHEMA IF NOT EXISTS hub;
CREATE TABLE IF NOT EXISTS hub.schema_migrations (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def available() -> list[Migration]:
    """Every migration shipped with the app, in order (NNN_name.sql)."""
    folder = resources.files("homework_planner").joinpath(MIGRATION_FOLDER)
    found: list[Migration] = []
    for entry in folder.iterdir():
        m = _NAME_RE.match(entry.name)
        if m:
            found.append(Migration(int(m[1]), m[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda mig: mig.version)
    if [mig.version for mig in found] != list(range(1, len(found) + 1)):
        raise HubError("The app's hub migrations are not numbered 001, 002, ...; reinstall it.")
    return found


LATEST = len(available())


def applied_version(conn: psycopg.Connection[tuple[Any, ...]]) -> int:
    """The newest migration the hub has, 0 when it has none (or is not a hub)."""
    row = conn.execute("SELECT to_regclass('hub.schema_migrations') IS NOT NULL").fetchone()
    if not row or not row[0]:
        conn.rollback()
        return 0
    found = conn.execute("SELECT coalesce(max(version), 0) FROM hub.schema_migrations").fetchone()
    conn.rollback()
    return int(found[0]) if found else 0


def migrate(conn: psycopg.Connection[tuple[Any, ...]]) -> list[str]:
    """Bring the hub up to date; returns the migrations applied now (none when up to date).
    Each runs in its own transaction with the hub locked, so a failure leaves the hub at the
    last migration that was applied whole."""
    done: list[str] = []
    for mig in available():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            conn.execute(_BOOTSTRAP)
            row = conn.execute(
                "SELECT checksum FROM hub.schema_migrations WHERE version = %s", (mig.version,)
            ).fetchone()
            if row is not None:
                if row[0] != mig.checksum:
                    log.warning("hub migration %03d differs from the one applied", mig.version)
                continue
            conn.execute(mig.sql)  # no parameters: the file's statements run as one script
            conn.execute(
                "INSERT INTO hub.schema_migrations(version, name, checksum) VALUES (%s, %s, %s)",
                (mig.version, mig.name, mig.checksum),
            )
            done.append(f"{mig.version:03d}_{mig.name}")
    return done


def init_service(url: str) -> list[str]:
    """`service init`: create or migrate the hub's schema and roles (idempotent)."""
    conn = connect(url)
    try:
        return migrate(conn)
    except psycopg.errors.InsufficientPrivilege:
        raise HubError(
            "This login may not set up the hub. Run service init as the database's owner "
            "with permission to create roles (CREATEROLE)."
        ) from None
    except psycopg.Error as exc:
        raise explain(exc) from None
    finally:
        conn.close()
