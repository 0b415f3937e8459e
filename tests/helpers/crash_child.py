"""A fork server for the kill tests: forks a child per command that saves, imports or autosaves.

Run as a script. It imports the store once, then reads commands on stdin, one a line:

    save DB SEED COUNT      explicit saves (new assignments and new versions of earlier ones)
    draft DB SEED COUNT     autosaves (coalesce=True) of one assignment, as the editor does
    import DB CODE N        one import of a client file with N assignments
    review DB SEED COUNT    agreed homework of client KILL-R<SEED>, each reviewed and next
                            week planned
    quit

For each command it prints "PID <pid>" for the child it forked, then the child's lines, then
"DEAD <pid>" once the child has ended (killed or not). A child prints an acknowledgement line
only after the call it acknowledges has returned:

    ACK <assignment id> <version> <title>        a save returned this version
    DRAFT <assignment id> <title>                an autosave returned
    IMPORTING <code>                             the import is about to start
    IMPORTED <code> <n>                          the import returned
    SET <assignment id>                          homework to review was saved (agreed)
    REVIEWING <assignment id>                    record_review is about to be called
    REVIEWED <assignment id> <microseconds>      record_review returned, after this long

Forking from a warm parent costs about a millisecond, where starting Python and importing
pydantic costs half a second: that is what makes hundreds of kills affordable in CI. The
parent holds no database connection, so each child opens the store as a new app would.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date

from homework_planner.domain.models import (
    Assignment,
    Client,
    ClientFile,
    MonitoringColumn,
    MonitoringEntry,
    Review,
)
from homework_planner.domain.sheet import sheet_rows
from homework_planner.storage import Store
from homework_planner.workflows.review import record_review

CLIENT = "KILL-1"


def emit(text: str) -> None:
    # Unbuffered: a line is either written whole before the kill, or not at all.
    os.write(1, (text + "\n").encode("utf-8"))


def _open(db: str) -> Store:
    store = Store.open(db)
    if store.get_client(CLIENT) is None:
        store.add_client(Client(code=CLIENT))
    return store


def run_saves(db: str, seed: int, count: int) -> None:
    rng = random.Random(seed)
    store = _open(db)
    mine: list[str] = []
    for i in range(count):
        if mine and rng.random() < 0.4:
            aid = rng.choice(mine)
            current = store.get_assignment(aid)
            a = current.model_copy(update={"title": f"edit-{seed}-{i}"})
        else:
            aid = f"s{seed}x{i}"
            a = Assignment(
                id=aid,
                client_code=CLIENT,
                title=f"new-{seed}-{i}",
                rationale="Invented text for the kill test. " * rng.randint(1, 40),
            )
            mine.append(aid)
        version = store.save_assignment(a)
        emit(f"ACK {aid} {version} {a.title}")


def run_draft(db: str, seed: int, count: int) -> None:
    store = _open(db)
    a = Assignment(id=f"d{seed}", client_code=CLIENT, title="draft-0")
    store.save_assignment(a)
    store.mark_editing(a)
    for i in range(1, count + 1):
        a = a.model_copy(update={"title": f"draft-{i}", "goal": "typing " * i})
        store.save_assignment(a, coalesce=True)
        emit(f"DRAFT {a.id} {a.title}")


def run_import(db: str, code: str, n: int) -> None:
    cf = ClientFile(
        client=Client(code=code),
        assignments=[
            Assignment(
                client_code=code,
                title=f"imported {i}",
                rationale="An invented rationale for the import test. " * 5,
            )
            for i in range(n)
        ],
    )
    store = Store.open(db)
    emit(f"IMPORTING {code}")
    result = store.import_client_file(cf)
    emit(f"IMPORTED {code} {result.assignments_added}")


def run_reviews(db: str, seed: int, count: int) -> None:
    # A client per child, as in a caseload: each client's history stays a few weeks long.
    rng = random.Random(seed)
    store = _open(db)
    code = f"KILL-R{seed}"
    if store.get_client(code) is None:
        store.add_client(Client(code=code))
    for i in range(count):
        aid = f"k{seed}x{i}"
        a = Assignment(
            id=aid,
            client_code=code,
            title=f"review-{seed}-{i}",
            status="agreed",
            agreed_on=date(2026, 11, 20),
            review_date=date(2026, 11, 27),
            rationale="Invented text for the kill test. " * rng.randint(1, 20),
        )
        a.task.what = "Walk to the postbox"
        a.monitoring.columns = [
            MonitoringColumn(label="Walked", scale="tick"),
            MonitoringColumn(label="Mood", scale="0-10"),
        ]
        a.monitoring.days = 3
        store.save_assignment(a)
        emit(f"SET {aid}")
        first, middle, last = (k.date for k in sheet_rows(a))
        review = Review(
            id=f"r-{aid}",
            assignment_id=aid,
            date=date(2026, 11, 27),
            completion=rng.randint(0, 4),
            obstacles_met=f"Forgot on day {rng.randint(1, 3)}",
            progress_summary="Walked twice; the middle day was not recorded.",
            next_step=rng.choice(["continue", "adjust"]),
            monitoring_entries=[
                MonitoringEntry(date=first, values={"Walked": True, "Mood": "4"}),
                MonitoringEntry(date=middle, values={"Walked": None, "Mood": None}),
                MonitoringEntry(date=last, values={"Walked": False, "Mood": "6"}),
            ],
        )
        emit(f"REVIEWING {aid}")
        start = time.perf_counter()
        record_review(store, review, plan_next=True, today=lambda: date(2026, 11, 27))
        took = int((time.perf_counter() - start) * 1e6)
        emit(f"REVIEWED {aid} {took}")


def main() -> None:
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "quit":
            return
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:  # the child: do the work, then leave without running the parent's cleanup
            code = 0
            try:
                kind, db = parts[0], parts[1]
                if kind == "save":
                    run_saves(db, int(parts[2]), int(parts[3]))
                elif kind == "draft":
                    run_draft(db, int(parts[2]), int(parts[3]))
                elif kind == "import":
                    run_import(db, parts[2], int(parts[3]))
                elif kind == "review":
                    run_reviews(db, int(parts[2]), int(parts[3]))
            except BaseException as exc:  # noqa: BLE001 - reported to the test, which fails
                emit(f"ERROR {type(exc).__name__}: {exc}")
                code = 1
            os._exit(code)
        emit(f"PID {pid}")
        os.waitpid(pid, 0)
        emit(f"DEAD {pid}")


if __name__ == "__main__":
    main()
