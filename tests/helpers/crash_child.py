"""A fork server for the kill tests: forks a child per command that saves, imports or autosaves.

Run as a script. It imports the store once, then reads commands on stdin, one a line:

    save DB SEED COUNT      explicit saves (new assignments and new versions of earlier ones)
    draft DB SEED COUNT     autosaves (coalesce=True) of one assignment, as the editor does
    import DB CODE N        one import of a client file with N assignments
    quit

For each command it prints "PID <pid>" for the child it forked, then the child's lines, then
"DEAD <pid>" once the child has ended (killed or not). A child prints an acknowledgement line
only after the call it acknowledges has returned:

    ACK <assignment id> <version> <title>        a save returned this version
    DRAFT <assignment id> <title>                an autosave returned
    IMPORTING <code>                             the import is about to start
    IMPORTED <code> <n>                          the import returned

Forking from a warm parent costs about a millisecond, where starting Python and importing
pydantic costs half a second: that is what makes hundreds of kills affordable in CI. The
parent holds no database connection, so each child opens the store as a new app would.
"""

from __future__ import annotations

import os
import random
import sys

from homework_planner.domain.models import Assignment, Client, ClientFile
from homework_planner.storage import Store

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
            except BaseException as exc:  # noqa: BLE001 - reported to the test, which fails
                emit(f"ERROR {type(exc).__name__}: {exc}")
                code = 1
            os._exit(code)
        emit(f"PID {pid}")
        os.waitpid(pid, 0)
        emit(f"DEAD {pid}")


if __name__ == "__main__":
    main()
