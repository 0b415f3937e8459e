"""The service lead's part: give a person a login to the hub as practitioner, supervisor or
auditor, and say who supervises whom."""

from __future__ import annotations

import re
from typing import Any

import psycopg
from psycopg import sql

from .connection import HubError

ROLES = {
    "practitioner": "hub_practitioner",
    "supervisor": "hub_supervisor",
    "auditor": "hub_auditor",
}
LOGIN_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def add_member(
    conn: psycopg.Connection[tuple[Any, ...]],
    login: str,
    role: str,
    password: str,
    *,
    supervisor: str | None = None,
) -> None:
    """Create (or update) a login in one of the hub's roles; with supervisor, that supervisor
    reads this practitioner's rows."""
    if not LOGIN_RE.match(login) or (supervisor is not None and not LOGIN_RE.match(supervisor)):
        raise HubError("A login is 1-63 lower-case letters, digits or '_', starting with a letter.")
    if role not in ROLES:
        raise HubError("The role must be practitioner, supervisor or auditor.")
    if not password or "\x00" in password:
        raise HubError("Give the login a password (no control characters).")
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(
            sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(login), sql.Literal(password)
            )
        )
        conn.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]), sql.Identifier(login))
        )
        if supervisor is not None:
            conn.execute(
                "INSERT INTO hub.supervision(supervisor, practitioner) VALUES (%s, %s)"
                " ON CONFLICT DO NOTHING",
                (supervisor, login),
            )
