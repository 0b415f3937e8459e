"""A practitioner's connection to the hub: libpq addresses, TLS unless local, plain errors."""

from __future__ import annotations

import logging
import os
from typing import Any

import psycopg
from psycopg import conninfo as _conninfo

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
TLS_MODES = frozenset({"require", "verify-ca", "verify-full"})
CONNECT_TIMEOUT_SECONDS = 10


class HubError(Exception):
    """One line for the user; never the address's password, never a record's content."""


class BadAddress(HubError):
    pass


class LoginRefused(HubError):
    pass


class Unreachable(HubError):
    """The server could not be reached, or went away: worth trying again later."""


def _hosts(params: dict[str, Any]) -> list[str]:
    raw = str(params.get("host") or os.environ.get("PGHOST") or "")
    return [h.strip() for h in raw.split(",")] if raw else [""]


def is_local(params: dict[str, Any]) -> bool:
    """A unix socket (no host, or a folder) or the loopback address: TLS is not needed."""
    if params.get("hostaddr"):
        addrs = [a.strip() for a in str(params["hostaddr"]).split(",")]
        if any(a not in LOCAL_HOSTS for a in addrs):
            return False
    return all(h == "" or h.startswith(("/", "@")) or h in LOCAL_HOSTS for h in _hosts(params))


def prepare(url: str) -> str:
    """The connection string to use: checked, TLS required unless the host is local, and a
    time limit for connecting. Raises BadAddress (the message never repeats the address)."""
    if not url or not url.strip():
        raise BadAddress("Give the service's address, e.g. postgresql://USER@HOST/DATABASE.")
    if "\x00" in url:
        raise BadAddress("The service address contains a NUL character; type it again.")
    try:
        params: dict[str, Any] = _conninfo.conninfo_to_dict(url.strip())
    except psycopg.ProgrammingError:
        raise BadAddress(
            "The service address is not a PostgreSQL connection string. Use the form "
            "postgresql://USER@HOST:PORT/DATABASE (ask the service lead for it)."
        ) from None
    if not params.get("dbname"):
        raise BadAddress(
            "The service address names no database. Add it at the end: "
            "postgresql://USER@HOST/DATABASE."
        )
    mode = str(params.get("sslmode") or os.environ.get("PGSSLMODE") or "")
    if not is_local(params):
        if mode and mode not in TLS_MODES:
            raise BadAddress(
                "Connections to a service over the network must be encrypted: remove "
                f"sslmode={mode} from the address, or use sslmode=verify-full."
            )
        params["sslmode"] = mode or "require"
    params.setdefault("connect_timeout", str(CONNECT_TIMEOUT_SECONDS))
    # A network that vanishes without a word (a train into a tunnel) is noticed in about 30 s,
    # instead of a sync that waits for ever; the outbox keeps what was not sent.
    params.setdefault("keepalives", "1")
    params.setdefault("keepalives_idle", "10")
    params.setdefault("keepalives_interval", "5")
    params.setdefault("keepalives_count", "3")
    params.setdefault("tcp_user_timeout", "30000")
    params.setdefault("application_name", "homework-planner")
    return _conninfo.make_conninfo(**params)


def describe(url: str) -> str:
    """user@host:port/database, never the password (for messages and the log)."""
    try:
        p = _conninfo.conninfo_to_dict(url.strip())
    except psycopg.ProgrammingError:
        return "the service"
    host = str(p.get("host") or "local socket")
    if host.startswith("/"):
        host = "local socket"
    port = f":{p['port']}" if p.get("port") else ""
    user = f"{p['user']}@" if p.get("user") else ""
    return f"{user}{host}{port}/{p.get('dbname', '')}"


_REFUSED = (
    "password authentication failed",
    "no password supplied",
    "pg_hba.conf",
    "authentication failed",
)


def _explain(exc: psycopg.Error) -> HubError:
    """A driver's error as one plain line (its own text can hold the server's words)."""
    text = str(exc).lower()
    if isinstance(exc, psycopg.OperationalError):
        if any(s in text for s in _REFUSED) or ("role" in text and "does not exist" in text):
            return LoginRefused(
                "The service refused the login. Check the user name and password with the "
                "service lead; nothing was sent and the outbox is kept."
            )
        if "database" in text and "does not exist" in text:
            return HubError(
                "The service has no database of that name. Check the address with the "
                "service lead; the outbox is kept."
            )
        if "ssl" in text or "tls" in text:
            return HubError(
                "The service did not offer an encrypted (TLS) connection, which is required "
                "over the network. Ask the service lead; the outbox is kept."
            )
        return Unreachable(
            "Cannot reach the service (is the address right and the network up?). The outbox "
            "is kept and will be sent next time."
        )
    return HubError(f"The service refused the request ({type(exc).__name__}); the outbox is kept.")


def connect(url: str) -> psycopg.Connection[tuple[Any, ...]]:
    """Open a connection (not autocommit: every change is in a transaction of its own)."""
    info = prepare(url)
    try:
        return psycopg.connect(info)
    except psycopg.Error as exc:
        log.info("hub connection failed: %s", type(exc).__name__)
        raise _explain(exc) from None


def explain(exc: psycopg.Error) -> HubError:
    """For errors after connecting: a lost connection is Unreachable (worth retrying)."""
    if isinstance(exc, psycopg.OperationalError) or getattr(exc, "sqlstate", "") in (
        "57P01",  # admin_shutdown
        "57P02",
        "57P03",
    ):
        return Unreachable(
            "The connection to the service was lost. What was not sent stays in the outbox and "
            "will be sent next time."
        )
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return HubError(
            "The service does not allow this login to do that. Ask the service lead to add "
            "you to the hub (as a practitioner, supervisor or auditor)."
        )
    return _explain(exc)
