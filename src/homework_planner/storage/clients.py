"""Clients: added, changed, archived, listed and found; never deleted."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain.vocabulary import client_display_name, now_utc
from . import audit
from .database import Database, _readable
from .errors import StoreError

if TYPE_CHECKING:
    from ..domain.models import Client


@dataclass(frozen=True)
class ClientSummary:
    """A client as the client list shows it, read from its row without the validating model."""

    code: str
    preferred_name: str | None
    archived: bool
    size: str  # print needs: "standard", "large" or "extra_large"
    background: str  # "white" or "cream"
    easy_read: bool

    @property
    def display_name(self) -> str:
        return client_display_name(self.code, self.preferred_name)


class Clients:
    """The clients table, read and written through one Database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_client(self, client: Client) -> None:
        with self._db.transaction() as con:
            self.insert_client(con, client)
            audit.record(
                con,
                record_type="client",
                record_id=client.code,
                client_code=client.code,
                action="created",
            )

    def insert_client(self, con: sqlite3.Connection, client: Client) -> None:
        # Codes are ASCII (CLIENT_CODE_RE), so NOCASE folds all of them: "hp-0007" beside
        # "HP-0007" would be two records of one person on paper and on the phone.
        same = con.execute(
            "SELECT code FROM clients WHERE code = ? COLLATE NOCASE", (client.code,)
        ).fetchone()
        if same:
            raise StoreError(
                f"A client with the code {same[0]} already exists (codes are the same in capitals "
                "or small letters). Choose another code."
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
        with self._db.transaction() as con:
            before = con.execute(
                "SELECT archived FROM clients WHERE code = ?", (client.code,)
            ).fetchone()
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
            if cur.rowcount == 0 or before is None:
                raise StoreError(f"There is no client with the code {client.code}.")
            action = "changed"
            if bool(before[0]) != client.archived:
                action = "archived" if client.archived else "unarchived"
            audit.record(
                con,
                record_type="client",
                record_id=client.code,
                client_code=client.code,
                action=action,
            )

    def archive_client(self, code: str, archived: bool = True) -> None:
        client = self.get_client(code)
        if client is None:
            raise StoreError(f"There is no client with the code {code}.")
        self.update_client(client.model_copy(update={"archived": archived}))

    @staticmethod
    def _client_from_row(row: tuple[Any, ...]) -> Client:
        from ..domain.models import Client

        code, name, needs, archived = row

        def load(_: object) -> Client:
            return Client.model_validate(
                {
                    "code": code,
                    "preferred_name": name,
                    "print_needs": json.loads(needs),
                    "archived": bool(archived),
                }
            )

        return _readable(load, row)

    def _client_row(self, code: str) -> Any:
        return self._db.con.execute(
            "SELECT code, preferred_name, print_needs, archived FROM clients WHERE code = ?",
            (code,),
        ).fetchone()

    def get_client(self, code: str) -> Client | None:
        row = self._client_row(code)
        return None if row is None else self._client_from_row(row)

    def list_clients(
        self, search: str = "", include_archived: bool = False, limit: int | None = None
    ) -> list[Client]:
        rows = self._client_rows(search, include_archived, limit)
        return [self._client_from_row(r) for r in rows]

    def list_client_summaries(
        self, search: str = "", include_archived: bool = False, limit: int | None = None
    ) -> list[ClientSummary]:
        """As list_clients, without building the validating models (the client list's query:
        a few hundred rows per keystroke, and the first one before the window shows)."""
        rows = self._client_rows(search, include_archived, limit)
        return [self._summary_from_row(r) for r in rows]

    def get_client_summary(self, code: str) -> ClientSummary | None:
        row = self._client_row(code)
        return None if row is None else self._summary_from_row(row)

    @staticmethod
    def _summary_from_row(row: tuple[Any, ...]) -> ClientSummary:
        code, name, needs, archived = row

        def load(_: object) -> ClientSummary:
            print_needs = json.loads(needs)
            return ClientSummary(
                code=code,
                preferred_name=name,
                archived=bool(archived),
                size=print_needs.get("size", "standard"),
                background=print_needs.get("background", "white"),
                easy_read=bool(print_needs.get("easy_read", False)),
            )

        return _readable(load, row)

    def _client_rows(self, search: str, include_archived: bool, limit: int | None) -> list[Any]:
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
        return self._db.con.execute(sql, args).fetchall()

    def count_clients(self, include_archived: bool = False) -> int:
        sql = "SELECT COUNT(*) FROM clients" + ("" if include_archived else " WHERE archived = 0")
        return int(self._db.con.execute(sql).fetchone()[0])

    def client_codes(self) -> set[str]:
        """Every client's code, archived ones too (one query; no Client objects to build)."""
        return {row[0] for row in self._db.con.execute("SELECT code FROM clients").fetchall()}
