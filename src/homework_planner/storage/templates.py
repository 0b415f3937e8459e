"""The therapist's own templates, kept in the store beside the assignments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.vocabulary import now_utc
from . import audit
from .assignments import _assignment_from, _dump
from .database import Database
from .errors import StoreError

if TYPE_CHECKING:
    from ..domain.models import Assignment


class Templates:
    """The user_templates table, read and written through one Database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save_user_template(self, name: str, assignment: Assignment) -> str:
        name = name.strip()
        if not name:
            raise StoreError("Give the template a name.")
        tid = "user:" + assignment.id
        with self._db.transaction() as con:
            con.execute(
                "INSERT INTO user_templates(id, name, intervention, created, data)"
                " VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
                " intervention = excluded.intervention, data = excluded.data",
                (
                    tid,
                    name,
                    assignment.intervention.value,
                    now_utc().isoformat(),
                    _dump(assignment),
                ),
            )
            audit.record(con, record_type="template", record_id=tid, action="changed")
        return tid

    def list_user_templates(self) -> list[tuple[str, str, Assignment]]:
        rows = self._db.con.execute(
            "SELECT id, name, data FROM user_templates ORDER BY name COLLATE NOCASE"
        ).fetchall()
        return [(tid, name, _assignment_from(d)) for tid, name, d in rows]

    def delete_user_template(self, template_id: str) -> None:
        with self._db.transaction() as con:
            con.execute("DELETE FROM user_templates WHERE id = ?", (template_id,))
            audit.record(con, record_type="template", record_id=template_id, action="deleted")
