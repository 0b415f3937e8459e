"""What data safety costs: saves with their audit row, backups, restore, passphrase protection.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_safety.py [--clients 40]

A caseload-sized store (40 clients x 12 full assignments by default) in a temporary folder.
Targets: a save <= 20 ms; a daily backup that does not hold up the save that triggers it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import full_assignment_dict  # noqa: E402

from homework_planner.domain.models import Assignment, Client  # noqa: E402
from homework_planner.storage import Store  # noqa: E402

PASS = "three blue kettles sing"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def _timed(fn, n: int = 1) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def _saves(store: Store, a: Assignment, coalesce: bool, n: int = 200) -> list[float]:
    times = []
    for i in range(n):
        b = a.model_copy(update={"goal": f"typing {i}"} if coalesce else {"title": f"v{i}"})
        t = time.perf_counter()
        store.save_assignment(b, coalesce=coalesce)
        times.append(time.perf_counter() - t)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--per-client", type=int, default=12)
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "homework-planner.sqlite3"
        with Store.open(db) as store:
            for c in range(args.clients):
                code = f"C{c:04d}"
                store.add_client(Client(code=code))
                for i in range(args.per_client):
                    d = dict(full_assignment_dict(code), id=f"{code}-{i}")
                    store.save_assignment(Assignment.model_validate(d))
        size = db.stat().st_size / 1e6
        rows.append(
            (
                "store",
                f"{args.clients} clients, {args.clients * args.per_client} assignments, {size:.1f} MB",
            )
        )
        rows.append(
            (
                "open (plain, with quick_check)",
                _ms(statistics.median(_timed(lambda: Store.open(db).close(), 5))),
            )
        )
        with Store.open(db) as store:
            a = store.load_assignments("C0000")[0]
            first = _timed(
                lambda: store.save_assignment(a.model_copy(update={"title": "first today"}))
            )
            rows.append(("first save of the day (makes the daily backup)", _ms(first[0])))
            auto = _saves(store, a, True)
            rows.append(
                (
                    "autosave + audit row, median / max",
                    _ms(statistics.median(auto)) + " / " + _ms(max(auto)).strip(),
                )
            )
            explicit = _saves(store, a, False)
            rows.append(
                (
                    "new version + audit row, median / max",
                    _ms(statistics.median(explicit)) + " / " + _ms(max(explicit)).strip(),
                )
            )
            rows.append(("backup now", _ms(statistics.median(_timed(store.backup_now, 3)))))
            rows.append(
                (
                    "list backups with quick_check",
                    _ms(_timed(lambda: store.list_backups(verify=True))[0]),
                )
            )
            oldest = store.list_backups()[-1].path
            rows.append(
                (
                    "restore (backs up first, atomic swap)",
                    _ms(_timed(lambda: store.restore_backup(oldest))[0]),
                )
            )
            rows.append(
                (
                    "set up a passphrase (store and backups)",
                    _ms(_timed(lambda: store.set_passphrase(PASS))[0]),
                )
            )
        rows.append(
            (
                "open a protected store",
                _ms(statistics.median(_timed(lambda: Store.open(db, passphrase=PASS).close(), 3))),
            )
        )
        with Store.open(db, passphrase=PASS) as store:
            a = store.load_assignments("C0000")[0]
            enc = _saves(store, a, False)
            rows.append(("protected: new version + audit row, median", _ms(statistics.median(enc))))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
