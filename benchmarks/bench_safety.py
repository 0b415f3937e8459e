"""What data safety costs: saves with their audit row, backups, restore, passphrase protection.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_safety.py [--clients 40]
        [--protection-kills 30]

A caseload-sized store (40 clients x 12 full assignments by default) in a temporary folder.
Targets: a save <= 20 ms; a daily backup that does not hold up the save that triggers it.

Then protection changes (set-up, change, removal of the passphrase) of a small store with
backups and a damaged copy, each SIGKILLed at a random moment (tests/helpers/protection_kills.py,
as in tests/storage/test_protection_crash.py), and after each the data folder opened again.
Targets: 0 plaintext files in a protected data folder, 0 backups that the current passphrase
does not open.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import full_assignment_dict  # noqa: E402

from homework_planner.domain.models import Assignment, Client  # noqa: E402
from homework_planner.storage import Store, crypto  # noqa: E402

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
    parser.add_argument("--protection-kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--save-kills", type=int, default=40, help="0 leaves the kill loop out")
    parser.add_argument(
        "--hostile", action=argparse.BooleanOptionalAction, default=True, help="hostile files"
    )
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
    rows += _save_kills(args.save_kills)
    rows += _protection_kills(args.protection_kills, args.seed)
    rows += _hostile_files(args.hostile)
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


def _save_kills(count: int) -> list[tuple[str, str]]:
    """The kill loop of tests/storage/test_crash.py, run for real (SIGKILL at random moments
    of saves, autosaves and imports), and its tally: kills tried, acknowledged saves, lost."""
    if count <= 0:
        return [("save kills", "not run")]
    import re
    import subprocess

    test = "tests/storage/test_crash.py::test_kill_at_random_moments_loses_no_acknowledged_save"
    env = dict(os.environ, HP_KILLS=str(count))
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "-m", "slow", test],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=1800,
    )
    m = re.search(r"(\d+) kills .*?, (\d+) acknowledged saves, (\d+) lost", r.stdout)
    if m is None:
        return [("save kills", f"the kill test failed (exit {r.returncode})")]
    return [
        ("save kills tried", m.group(1)),
        ("acknowledged saves", m.group(2)),
        ("acknowledged saves lost", m.group(3)),
    ]


def _hostile_files(run_it: bool) -> list[tuple[str, str]]:
    """benchmarks/bench_safety_hostile.py: hostile files given to the real command line."""
    if not run_it:
        return [("hostile files", "not run")]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_safety_hostile

    return [(k, str(v)) for k, v in bench_safety_hostile.run().items()]


def _protection_kills(count: int, seed: int | None) -> list[tuple[str, str]]:
    if count <= 0 or not hasattr(os, "fork") or not crypto.available():
        return [("protection changes killed", "not run (needs fork and SQLCipher)")]
    from tests.helpers import protection_kills as kills

    seed = random.SystemRandom().randrange(1 << 30) if seed is None else seed
    saved_iter = crypto.KDF_ITER
    server = kills.Server()
    # Each check tries both passphrases on purpose; the store logs the wrong one as a warning.
    logging.disable(logging.WARNING)
    try:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            templates = kills.make_templates(root / "templates")
            start = time.perf_counter()
            findings, killed = kills.random_kills(
                server, templates, root, random.Random(seed), count
            )
            took = time.perf_counter() - start
    finally:
        logging.disable(logging.NOTSET)
        server.close()
        crypto.KDF_ITER = saved_iter
    return [
        (
            "protection changes killed",
            f"{killed} of {findings.cases} (seed {seed}, {took:.1f} s)",
        ),
        ("plaintext files found afterwards", str(len(findings.plaintext_files))),
        (
            "backups not openable with the current passphrase",
            str(len(findings.backups_not_opening)),
        ),
        ("other problems after recovery", str(len(findings.wrong_key) + len(findings.other))),
    ]


if __name__ == "__main__":
    sys.exit(main())
