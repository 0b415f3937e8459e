"""Import and export of a client's records: all or nothing, every id checked first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain.vocabulary import now_utc
from . import audit
from .assignments import Assignments
from .clients import Clients
from .database import Database
from .errors import StoreError
from .reviews import Reviews

if TYPE_CHECKING:
    from ..domain.models import Assignment, ClientFile


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


class Transfer:
    """A client file into the store (one transaction), and a client out of it."""

    def __init__(
        self,
        db: Database,
        clients: Clients,
        assignments: Assignments,
        reviews: Reviews,
        *,
        before_import: Callable[[], None],
    ) -> None:
        self._db = db
        self._clients = clients
        self._assignments = assignments
        self._reviews = reviews
        self._before_import = before_import  # the store's backup, when it holds data

    def import_client_file(self, cf: ClientFile) -> ImportResult:
        """All or nothing: one transaction for the client, its assignments and its reviews."""
        result = ImportResult(client_code=cf.client.code)
        self._check_import_ids(self._db.con, cf)  # before the backup: a refused file costs nothing
        self._before_import()  # the store as it was, in case the import was a mistake
        with self._db.transaction() as con:
            # Again inside the transaction, which no other writer can enter.
            self._check_import_ids(con, cf)
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
                self._clients.insert_client(con, cf.client)
                result.client_added = True
            code = cf.client.code
            audit.record(
                con, record_type="client", record_id=code, client_code=code, action="imported"
            )
            for a in cf.assignments:
                existed = con.execute("SELECT 1 FROM assignments WHERE id = ?", (a.id,)).fetchone()
                version = self._assignments.save_in(con, a, audited=False)
                audit.record(
                    con,
                    record_type="assignment",
                    record_id=a.id,
                    client_code=code,
                    action="imported",
                    version=version,
                )
                if existed:
                    result.assignments_updated += 1
                else:
                    result.assignments_added += 1
            for r in cf.reviews:
                if self._reviews.save_in(con, r):
                    result.reviews_added += 1
                else:
                    result.reviews_updated += 1
                audit.record(
                    con, record_type="review", record_id=r.id, client_code=code, action="imported"
                )
        return result

    @staticmethod
    def _check_import_ids(con: Any, cf: ClientFile) -> None:
        """Every id is unique across the whole store: a record of the file may only reuse an
        id if it is the same record of the same client (a re-import), never another client's
        record or a record of another type. Messages name the record's type and position in
        the file, never its text or id."""
        code = cf.client.code

        def refuse(what: str, n: int, problem: str) -> StoreError:
            return StoreError(
                f"{what} {n} in the file {problem}. Every record needs its own id; export the "
                "file again from the app that made it, or give that record a new id."
            )

        in_order = [("Assignment", n, a.id) for n, a in enumerate(cf.assignments, 1)]
        in_order += [("Review", n, r.id) for n, r in enumerate(cf.reviews, 1)]
        seen: dict[str, str] = {}
        for what, n, rid in in_order:
            if rid in seen:
                raise refuse(what, n, f"has the same id as an earlier {seen[rid]}")
            seen[rid] = what.lower()
        for n, a in enumerate(cf.assignments, 1):
            if a.client_code != code:
                raise StoreError(
                    f"Assignment {n} in the file is for another client than the file's client. "
                    "Import it on its own, or correct its client code."
                )
            row = con.execute(
                "SELECT client_code FROM assignments WHERE id = ?", (a.id,)
            ).fetchone()
            if row is not None and row[0] != code:
                raise refuse("Assignment", n, "has the id of another client's assignment")
            if con.execute("SELECT 1 FROM reviews WHERE id = ?", (a.id,)).fetchone():
                raise refuse("Assignment", n, "has the id of a review already in the store")
            if con.execute("SELECT 1 FROM user_templates WHERE id = ?", (a.id,)).fetchone():
                raise refuse("Assignment", n, "has the id of one of your templates")
        in_file = {a.id for a in cf.assignments}
        for n, r in enumerate(cf.reviews, 1):
            if r.assignment_id not in in_file:
                row = con.execute(
                    "SELECT client_code FROM assignments WHERE id = ?", (r.assignment_id,)
                ).fetchone()
                if row is None:
                    raise StoreError(
                        f"Review {n} in the file is for an assignment that is neither in the "
                        "file nor in the store. Import the assignment with it."
                    )
                if row[0] != code:
                    raise StoreError(
                        f"Review {n} in the file is for another client's assignment. Nothing "
                        "of another client is changed by an import; check the file."
                    )
            row = con.execute(
                "SELECT r.assignment_id, a.client_code FROM reviews r JOIN assignments a"
                " ON a.id = r.assignment_id WHERE r.id = ?",
                (r.id,),
            ).fetchone()
            if row is not None and (row[1] != code or row[0] != r.assignment_id):
                problem = (
                    "has the id of another client's review"
                    if row[1] != code
                    else "has the id of a review of another assignment"
                )
                raise refuse("Review", n, problem)
            if con.execute("SELECT 1 FROM assignments WHERE id = ?", (r.id,)).fetchone():
                raise refuse("Review", n, "has the id of an assignment already in the store")
            if con.execute("SELECT 1 FROM user_templates WHERE id = ?", (r.id,)).fetchone():
                raise refuse("Review", n, "has the id of one of your templates")

    def file_for(self, a: Assignment) -> ClientFile:
        """One assignment as a client file, for import_client_file (its client as stored, or
        a new one with only its code)."""
        from ..domain.models import Client, ClientFile

        existing = self._clients.get_client(a.client_code)
        client = existing or Client(code=a.client_code)
        return ClientFile(client=client, assignments=[a])

    def export_client(self, code: str) -> ClientFile:
        from ..domain.models import ClientFile

        client = self._clients.get_client(code)
        if client is None:
            raise StoreError(f"There is no client with the code {code}.")
        return ClientFile(
            client=client,
            assignments=self._assignments.load_assignments(code),
            reviews=self._reviews.list_reviews(client_code=code),
        )
