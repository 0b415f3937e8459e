"""The local SQLite store: clients, assignments (with history), reviews, import and export."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..domain.migrations import parse_assignment
from ..domain.models import Assignment, Client, ClientFile, Review, now_utc, to_json_dict
from . import schema

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """A problem the user can act on. The message is plain and holds no clinical content."""


class NotOurDatabase(StoreError):
    pass


class NewerDatabase(StoreError):
    pass


class DamagedDatabase(StoreError):
    pass


@dataclass(frozen=True)
class AssignmentSummary:
    id: str
    client_code: str
    title: str
    intervention: str
    status: str
    review_date: date | None
    created: datetime
    updated: datetime
    version: int


@dataclass
class ImportResult:
    client_code: str
    client_added: bool = False
    assignments_added: int = 0
    assignments_updated: int = 0
    reviews_added: int = 0
    reviews_updated: int = 0

    def describe(self) -> str:
        n = self.assignments_added + self.assignments_updated
        parts = [f"Imported {n} assignment{'s' if n != 1 else ''}"]
        r = self.reviews_added + self.reviews_updated
        if r:
            parts.append(f"{r} review{'s' if r != 1 else ''}")
        text = " and ".join(parts) + f" for {self.client_code}"
        return text + (" (new client)" if self.client_added else "")


def _iso(dt: datetime | date | None) -> str | None:
    return None if dt is None else dt.isoformat()


def _dump(model: Assignment | Review) -> str:
    return json.dumps(to_json_dict(model), ensure_ascii=False, sort_keys=True)


def check_database_file(path: Path) -> None:
    """Refuse, without changing a byte, a file that is not ours, is newer, or is damaged."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotOurDatabase(
            f"{path} is not a Homework Planner database. Nothing was changed. "
            "Choose another data folder with --data-dir, or move the file away."
        )
    try:
        # Read-only: a check must never write, even to a file we are about to refuse.
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if app_id != schema.APPLICATION_ID:
                raise NotOurDatabase(
                    f"{path} is an SQLite file from another program, not a Homework Planner "
                    "database. Nothing was changed. Choose another data folder with --data-dir."
                )
            if version > schema.CURRENT_VERSION:
                raise NewerDatabase(
                    f"{path} was written by a newer version of Homework Planner (data format "
                    f"{version}; this version understands up to {schema.CURRENT_VERSION}). "
                    "Nothing was changed. Install the newer version to open it."
                )
            result = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        log.warning("database check failed: %s", type(exc).__name__)
        raise DamagedDatabase(
            f"{path} is damaged and cannot be opened safely. It has been left exactly as it is. "
            "Restore it from a backup (see the backups folder beside it)."
        ) from None
    if result != [("ok",)]:
        raise DamagedDatabase(
            f"{path} failed its integrity check and has been left exactly as it is. "
            "Restore it from a backup (see the backups folder beside it)."
        )


class Store:
    """One writer connection to one database file. Each save is one transaction."""

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self._con = con
        self.path = path
        self._session_ids: set[str] = set()

    # ---- opening and closing -------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Store:
        path = Path(path)
        check_database_file(path)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Created owner-only; SQLite gives its -wal and -shm files the same mode.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if os.name == "posix":
            os.chmod(path, 0o600)
        con = sqlite3.connect(path, isolation_level=None)
        try:
            con.execute("PRAGMA busy_timeout = 5000")
            con.execute("PRAGMA foreign_keys = ON")
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = FULL")
            store = cls(con, path)
            store._migrate()
        except BaseException:
            con.close()
            raise
        return store

    def _migrate(self) -> None:
        version = self._con.execute("PRAGMA user_version").fetchone()[0]
        if version == schema.CURRENT_VERSION:
            return
        with self._tx() as con:
            for step in range(version, schema.CURRENT_VERSION):
                log.info("migrating database from version %d", step)
                schema.MIGRATIONS[step](con)
            con.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION}")
            con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")

    @property
    def schema_version(self) -> int:
        return self._con.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._con.execute("BEGIN IMMEDIATE")
        try:
            yield self._con
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    # ---- clients -------------------------------------------------------------------------
    def add_client(self, client: Client) -> None:
        with self._tx() as con:
            self._insert_client(con, client)

    def _insert_client(self, con: sqlite3.Connection, client: Client) -> None:
        if con.execute("SELECT 1 FROM clients WHERE code = ?", (client.code,)).fetchone():
            raise StoreError(
                f"A client with the code {client.code} already exists. Choose another code."
            )
        now = now_utc().isoformat()
        con.execute(
            "INSERT INTO clients(code, preferred_name, print_needs, archived, created, updated)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                client.code,
                client.preferred_name,
                client.print_needs.model_dump_json(),
                int(client.archived),
                now,
                now,
            ),
        )

    def update_client(self, client: Client) -> None:
        with self._tx() as con:
            cur = con.execute(
                "UPDATE clients SET preferred_name = ?, print_needs = ?, archived = ?, updated = ?"
                " WHERE code = ?",
                (
                    client.preferred_name,
                    client.print_needs.model_dump_json(),
                    int(client.archived),
                    now_utc().isoformat(),
                    client.code,
                ),
            )
            if cur.rowcount == 0:
                raise StoreError(f"There is no client with the code {client.code}.")

    def archive_client(self, code: str, archived: bool = True) -> None:
        client = self.get_client(code)
        if client is None:
            raise StoreError(f"There is no client with the code {code}.")
        self.update_client(client.model_copy(update={"archived": archived}))

    @staticmethod
    def _client_from_row(row: tuple) -> Client:
        code, name, needs, archived = row
        return Client.model_validate(
            {
                "code": code,
                "preferred_name": name,
                "print_needs": json.loads(needs),
                "archived": bool(archived),
            }
        )

    def get_client(self, code: str) -> Client | None:
        row = self._con.execute(
            "SELECT code, preferred_name, print_needs, archived FROM clients WHERE code = ?",
            (code,),
        ).fetchone()
        return None if row is None else self._client_from_row(row)

    def list_clients(
        self, search: str = "", include_archived: bool = False, limit: int | None = None
    ) -> list[Client]:
        sql = "SELECT code, preferred_name, print_needs, archived FROM clients WHERE 1=1"
        args: list[object] = []
        if not include_archived:
            sql += " AND archived = 0"
        text = search.strip()
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            sql += " AND (code LIKE ? ESCAPE '\\' OR preferred_name LIKE ? ESCAPE '\\')"
            args += [pattern, pattern]
        sql += " ORDER BY code COLLATE NOCASE"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [self._client_from_row(r) for r in self._con.execute(sql, args)]

    def count_clients(self, include_archived: bool = False) -> int:
        sql = "SELECT COUNT(*) FROM clients" + ("" if include_archived else " WHERE archived = 0")
        return self._con.execute(sql).fetchone()[0]

    # ---- assignments ---------------------------------------------------------------------
    def save_assignment(self, assignment: Assignment, *, coalesce: bool = False) -> int:
        """Save in one transaction and return the version number now stored.

        The version that was there before is copied to the history first, so no save destroys an
        earlier version. With coalesce=True (autosave while typing), later saves in the same
        session overwrite the version this session started, instead of adding one per keystroke.
        """
        with self._tx() as con:
            return self._save_assignment(con, assignment, coalesce=coalesce)

    def _save_assignment(
        self, con: sqlite3.Connection, a: Assignment, *, coalesce: bool = False
    ) -> int:
        data = _dump(a)
        now = now_utc().isoformat()
        row = con.execute(
            "SELECT version, data, client_code FROM assignments WHERE id = ?", (a.id,)
        ).fetchone()
        if row is None:
            if not con.execute("SELECT 1 FROM clients WHERE code = ?", (a.client_code,)).fetchone():
                raise StoreError(
                    f"There is no client with the code {a.client_code}. Add the client first."
                )
            version = 1
            con.execute(
                "INSERT INTO assignments(id, client_code, version, title, intervention, status,"
                " review_date, created, updated, data) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    a.id,
                    a.client_code,
                    version,
                    a.title,
                    a.intervention.value,
                    a.status,
                    _iso(a.review_date),
                    _iso(a.created),
                    now,
                    data,
                ),
            )
            self._session_ids.add(a.id)
            return version
        old_version, old_data, old_code = row
        if old_code != a.client_code:
            raise StoreError(
                "An assignment cannot be moved to another client. Duplicate it instead."
            )
        if old_data == data:
            return old_version
        version = old_version
        if not (coalesce and a.id in self._session_ids):
            con.execute(
                "INSERT INTO assignment_history(assignment_id, version, saved_at, data)"
                " VALUES (?, ?, ?, ?)",
                (a.id, old_version, now, old_data),
            )
            version = old_version + 1
        con.execute(
            "UPDATE assignments SET version = ?, title = ?, intervention = ?, status = ?,"
            " review_date = ?, updated = ?, data = ? WHERE id = ?",
            (
                version,
                a.title,
                a.intervention.value,
                a.status,
                _iso(a.review_date),
                now,
                data,
                a.id,
            ),
        )
        if coalesce:
            self._session_ids.add(a.id)
        else:
            # An explicit save closes this editing session: the next autosave starts a version.
            self._session_ids.discard(a.id)
        return version

    def get_assignment(self, assignment_id: str) -> Assignment | None:
        row = self._con.execute(
            "SELECT data FROM assignments WHERE id = ?", (assignment_id,)
        ).fetchone()
        return None if row is None else parse_assignment(json.loads(row[0]))

    def assignment_version(self, assignment_id: str) -> int | None:
        row = self._con.execute(
            "SELECT version FROM assignments WHERE id = ?", (assignment_id,)
        ).fetchone()
        return None if row is None else row[0]

    def assignment_history(self, assignment_id: str) -> list[tuple[int, Assignment]]:
        """Every stored version, oldest first, the current one last."""
        rows = self._con.execute(
            "SELECT version, data FROM assignment_history WHERE assignment_id = ?"
            " UNION ALL SELECT version, data FROM assignments WHERE id = ? ORDER BY 1",
            (assignment_id, assignment_id),
        ).fetchall()
        return [(v, parse_assignment(json.loads(d))) for v, d in rows]

    def list_assignments(self, client_code: str) -> list[AssignmentSummary]:
        rows = self._con.execute(
            "SELECT id, client_code, title, intervention, status, review_date, created, updated,"
            " version FROM assignments WHERE client_code = ? ORDER BY created DESC, id",
            (client_code,),
        ).fetchall()
        return [
            AssignmentSummary(
                id=r[0],
                client_code=r[1],
                title=r[2],
                intervention=r[3],
                status=r[4],
                review_date=date.fromisoformat(r[5]) if r[5] else None,
                created=datetime.fromisoformat(r[6]),
                updated=datetime.fromisoformat(r[7]),
                version=r[8],
            )
            for r in rows
        ]

    def load_assignments(self, client_code: str) -> list[Assignment]:
        rows = self._con.execute(
            "SELECT data FROM assignments WHERE client_code = ? ORDER BY created, id",
            (client_code,),
        ).fetchall()
        return [parse_assignment(json.loads(r[0])) for r in rows]

    # ---- reviews -------------------------------------------------------------------------
    def save_review(self, review: Review) -> None:
        with self._tx() as con:
            self._save_review(con, review)

    def _save_review(self, con: sqlite3.Connection, r: Review) -> bool:
        """Insert or replace; True when the review is new."""
        if not con.execute("SELECT 1 FROM assignments WHERE id = ?", (r.assignment_id,)).fetchone():
            raise StoreError("This review belongs to an assignment that is not in the store.")
        exists = con.execute("SELECT 1 FROM reviews WHERE id = ?", (r.id,)).fetchone() is not None
        con.execute(
            "INSERT INTO reviews(id, assignment_id, date, updated, data) VALUES (?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET date = excluded.date, updated = excluded.updated,"
            " data = excluded.data",
            (r.id, r.assignment_id, r.date.isoformat(), now_utc().isoformat(), _dump(r)),
        )
        return not exists

    def list_reviews(
        self, *, assignment_id: str | None = None, client_code: str | None = None
    ) -> list[Review]:
        if assignment_id is not None:
            rows = self._con.execute(
                "SELECT data FROM reviews WHERE assignment_id = ? ORDER BY date, id",
                (assignment_id,),
            )
        elif client_code is not None:
            rows = self._con.execute(
                "SELECT r.data FROM reviews r JOIN assignments a ON a.id = r.assignment_id"
                " WHERE a.client_code = ? ORDER BY r.date, r.id",
                (client_code,),
            )
        else:
            rows = self._con.execute("SELECT data FROM reviews ORDER BY date, id")
        return [Review.model_validate_json(r[0]) for r in rows]

    # ---- import and export ---------------------------------------------------------------
    def import_client_file(self, cf: ClientFile) -> ImportResult:
        """All or nothing: one transaction for the client, its assignments and its reviews."""
        result = ImportResult(client_code=cf.client.code)
        with self._tx() as con:
            if con.execute("SELECT 1 FROM clients WHERE code = ?", (cf.client.code,)).fetchone():
                con.execute(
                    "UPDATE clients SET preferred_name = COALESCE(?, preferred_name),"
                    " print_needs = ?, updated = ? WHERE code = ?",
                    (
                        cf.client.preferred_name,
                        cf.client.print_needs.model_dump_json(),
                        now_utc().isoformat(),
                        cf.client.code,
                    ),
                )
            else:
                self._insert_client(con, cf.client)
                result.client_added = True
            for a in cf.assignments:
                existed = con.execute("SELECT 1 FROM assignments WHERE id = ?", (a.id,)).fetchone()
                self._save_assignment(con, a)
                if existed:
                    result.assignments_updated += 1
                else:
                    result.assignments_added += 1
            for r in cf.reviews:
                if self._save_review(con, r):
                    result.reviews_added += 1
                else:
                    result.reviews_updated += 1
        return result

    def import_assignment(self, a: Assignment) -> ImportResult:
        existing = self.get_client(a.client_code)
        client = existing or Client(code=a.client_code)
        return self.import_client_file(ClientFile(client=client, assignments=[a]))

    def export_client(self, code: str) -> ClientFile:
        client = self.get_client(code)
        if client is None:
            raise StoreError(f"There is no client with the code {code}.")
        return ClientFile(
            client=client,
            assignments=self.load_assignments(code),
            reviews=self.list_reviews(client_code=code),
        )

    # ---- therapist's own templates -------------------------------------------------------
    def save_user_template(self, name: str, assignment: Assignment) -> str:
        name = name.strip()
        if not name:
            raise StoreError("Give the template a name.")
        tid = "user:" + assignment.id
        with self._tx() as con:
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
        return tid

    def list_user_templates(self) -> list[tuple[str, str, Assignment]]:
        rows = self._con.execute(
            "SELECT id, name, data FROM user_templates ORDER BY name COLLATE NOCASE"
        ).fetchall()
        return [(tid, name, parse_assignment(json.loads(d))) for tid, name, d in rows]

    def delete_user_template(self, template_id: str) -> None:
        with self._tx() as con:
            con.execute("DELETE FROM user_templates WHERE id = ?", (template_id,))
