"""The service's shared templates: published on the hub (versioned, author, date), pulled into
the local store as read-only templates; a withdrawn one keeps what was made from it intact."""

from __future__ import annotations

import json
import logging
from typing import Any

import psycopg
from pydantic import ValidationError

from ..domain.agreement import unagreed_copy
from ..domain.models import CLIENT_CODE_RE, Assignment, to_json_dict
from ..storage import SharedTemplate, Store
from .connection import HubError

log = logging.getLogger(__name__)

# Templates are stored as an assignment of this placeholder client: no client's code travels.
TEMPLATE_CLIENT = "TEMPLATE"


def publish_template(
    conn: psycopg.Connection[tuple[Any, ...]], template_id: str, name: str, assignment: Assignment
) -> int:
    """Publish a new version of a shared template (as a supervisor); returns its version."""
    name = " ".join(name.split())
    if "\x00" in name or "\x00" in template_id:
        raise HubError(
            "The template's name contains a NUL character (an invisible control character "
            "PostgreSQL cannot store). Retype the name and publish again."
        )
    if not name or len(name) > 120:
        raise HubError("Give the template a name of 1 to 120 characters.")
    if not CLIENT_CODE_RE.match(template_id):
        raise HubError("A template id is 1-32 letters, digits, '.', '-' or '_'.")
    words = unagreed_copy(assignment, client_code=TEMPLATE_CLIENT, review_date=None)
    payload = json.dumps(to_json_dict(words), ensure_ascii=False, sort_keys=True)
    with conn.transaction():
        # Two publishers of the same template at once: one waits, each gets its own version.
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('template:' || %s))", (template_id,))
        row = conn.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM hub.shared_templates WHERE template_id = %s",
            (template_id,),
        ).fetchone()
        version = int(row[0]) if row else 1
        conn.execute(
            "INSERT INTO hub.shared_templates(template_id, version, name, intervention, payload)"
            " VALUES (%s, %s, %s, %s, %s)",
            (template_id, version, name, words.intervention.value, payload),
        )
    return version


def withdraw_template(conn: psycopg.Connection[tuple[Any, ...]], template_id: str) -> bool:
    """Withdraw every version of a template; False when there was none to withdraw."""
    with conn.transaction():
        cur = conn.execute(
            "UPDATE hub.shared_templates SET withdrawn_at = now()"
            " WHERE template_id = %s AND withdrawn_at IS NULL",
            (template_id,),
        )
        return cur.rowcount > 0


def pull_templates(
    conn: psycopg.Connection[tuple[Any, ...]], store: Store
) -> tuple[int, int, int, int]:
    """The newest version of each shared template into the local store:
    (new, updated, withdrawn, unreadable)."""
    rows = conn.execute(
        "SELECT DISTINCT ON (template_id) template_id, version, name, author, published_at,"
        " withdrawn_at, payload FROM hub.shared_templates ORDER BY template_id, version DESC"
    ).fetchall()
    conn.rollback()
    found: list[SharedTemplate] = []
    unreadable = 0
    for tid, version, name, author, published, withdrawn, payload in rows:
        try:
            words = unagreed_copy(Assignment.model_validate_json(payload))
        except (ValidationError, ValueError):
            unreadable += 1  # the field is logged by pydantic's error, never its value
            continue
        found.append(
            SharedTemplate(
                id=tid,
                version=int(version),
                name=name,
                author=author,
                published_at=published.isoformat(),
                withdrawn_at=withdrawn.isoformat() if withdrawn is not None else None,
                assignment=words,
            )
        )
    if unreadable:
        log.warning("%d shared templates could not be read", unreadable)
    added, updated, withdrawn_n = store.save_shared_templates(found)
    return added, updated, withdrawn_n, unreadable
