"""Crash safety: children saving, autosaving and importing are SIGKILLed at random moments.

After every kill the next child opens the store as a new app would (Store.open runs
quick_check and refuses a damaged file). At the end: every save that was acknowledged is there,
in the version it was acknowledged with; PRAGMA integrity_check is ok; every import is all or
nothing; autosaved drafts are offered back; every backup file passes quick_check.

HP_KILLS sets the number of kills (default 100); HP_KILL_SEED repeats a run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from homework_planner.storage import Store
from homework_planner.storage import backup as backups

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)"),
]

CHILD = Path(__file__).resolve().parent.parent / "helpers" / "crash_child.py"
KILLS = int(os.environ.get("HP_KILLS", "100"))
SEED = int(os.environ.get("HP_KILL_SEED", str(random.SystemRandom().randrange(1 << 30))))
IMPORT_SIZE = 300


@dataclass
class Tally:
    kills: int = 0
    acked_saves: list[tuple[str, int, str]] = field(default_factory=list)
    drafts: dict[str, int] = field(default_factory=dict)  # id -> last acknowledged draft number
    imports: dict[str, bool] = field(default_factory=dict)  # code -> acknowledged
    import_kills: int = 0


class Server:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def send(self, line: str) -> int:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        first = self.read()
        assert first.startswith("PID "), first
        return int(first.split()[1])

    def read(self) -> str:
        line = self.proc.stdout.readline()
        assert line, "the fork server ended unexpectedly"
        assert not line.startswith("ERROR"), line
        return line.rstrip("\n")

    def until_dead(self, pid: int, on_line) -> None:
        while True:
            line = self.read()
            if line == f"DEAD {pid}":
                return
            on_line(line)

    def close(self) -> None:
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # it finished first: then the round did not count as a kill
        raise AssertionError("the child ended before it was killed; raise COUNT") from None


def _pause(rng: random.Random, most: float) -> None:
    # A random point inside a save, not only between them. Busy-waiting keeps it precise.
    end = time.perf_counter() + rng.uniform(0, most)
    while time.perf_counter() < end:
        pass


def _save_round(server: Server, db: Path, rng: random.Random, tally: Tally, n: int) -> None:
    pid = server.send(f"save {db} {n} 100000")
    wanted = rng.randint(0, 25)
    seen = 0
    if wanted == 0:
        _pause(rng, 0.08)  # often lands while the store opens, checks or backs up
        _kill(pid)
    while wanted:
        line = server.read()
        if line.startswith("ACK "):
            _, aid, version, title = line.split(" ", 3)
            tally.acked_saves.append((aid, int(version), title))
            seen += 1
            if seen == wanted:
                _pause(rng, 0.003)
                _kill(pid)
                break

    def more(line: str) -> None:
        # Lines written before the kill are acknowledged saves too.
        if line.startswith("ACK "):
            _, aid, version, title = line.split(" ", 3)
            tally.acked_saves.append((aid, int(version), title))

    server.until_dead(pid, more)
    tally.kills += 1


def _draft_round(server: Server, db: Path, rng: random.Random, tally: Tally, n: int) -> None:
    pid = server.send(f"draft {db} {n} 100000")
    wanted = rng.randint(1, 30)
    seen = 0

    def note(line: str) -> None:
        if line.startswith("DRAFT "):
            _, aid, title = line.split(" ", 2)
            tally.drafts[aid] = int(title.split("-")[1])

    while seen < wanted:
        line = server.read()
        note(line)
        seen += line.startswith("DRAFT ")
    _pause(rng, 0.003)
    _kill(pid)
    server.until_dead(pid, note)
    tally.kills += 1


def _import_round(
    server: Server, db: Path, rng: random.Random, tally: Tally, n: int, est: float
) -> float:
    """Kill at a random point of the expected import time; return the new estimate, which
    follows the store's growth so that some kills land just before or after the commit."""
    code = f"IMP-{n}"
    pid = server.send(f"import {db} {code} {IMPORT_SIZE}")
    tally.imports[code] = False
    assert server.read() == f"IMPORTING {code}"
    start = time.perf_counter()
    _pause(rng, est * 1.3)
    killed = True
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        killed = False

    def note(line: str) -> None:
        if line.startswith("IMPORTED "):
            tally.imports[code] = True

    server.until_dead(pid, note)
    tally.kills += killed
    tally.import_kills += killed
    if not killed:
        return time.perf_counter() - start
    return est if tally.imports[code] else est * 1.15


def _calibrate_import(server: Server, db: Path) -> float:
    pid = server.send(f"import {db} IMP-CAL {IMPORT_SIZE}")
    assert server.read() == "IMPORTING IMP-CAL"
    start = time.perf_counter()
    assert server.read().startswith("IMPORTED IMP-CAL")
    took = time.perf_counter() - start
    server.until_dead(pid, lambda line: None)
    return took


@pytest.mark.timeout(max(120, KILLS * 2))
def test_kill_at_random_moments_loses_no_acknowledged_save(tmp_path: Path):
    db = tmp_path / "data" / "homework-planner.sqlite3"
    rng = random.Random(SEED)
    tally = Tally()
    server = Server()
    start = time.perf_counter()
    try:
        est = _calibrate_import(server, db)
        n = 0
        while tally.kills < KILLS:
            n += 1
            roll = rng.random()
            if roll < 0.12:
                est = _import_round(server, db, rng, tally, n, est)
            elif roll < 0.24:
                _draft_round(server, db, rng, tally, n)
            else:
                _save_round(server, db, rng, tally, n)
    finally:
        server.close()
    took = time.perf_counter() - start

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    con.close()
    lost = []
    with Store.open(db) as store:
        history = {}
        for aid, version, title in tally.acked_saves:
            if aid not in history:
                history[aid] = {v: a.title for v, a in store.assignment_history(aid)}
            if history[aid].get(version) != title:
                lost.append((aid, version))
        complete = 0
        for code, acknowledged in tally.imports.items():
            count = len(store.list_assignments(code))
            assert count in (0, IMPORT_SIZE), f"import {code} half done: {count}"
            if acknowledged:
                assert count == IMPORT_SIZE
            complete += count == IMPORT_SIZE
        offered = {s.id: s.title for s in store.unfinished_drafts()}
        for aid, last in tally.drafts.items():
            assert aid in offered, "an autosaved draft was not offered back"
            stored = store.get_assignment(aid)
            number = int(stored.title.split("-")[1])
            assert number >= last, "an acknowledged autosave was lost"
            assert stored.goal == "typing " * number  # the whole save, never half of one
    assert lost == []
    for info in backups.list_backups(db.parent / "backups", store.connector, verify=True):
        assert info.ok, f"a backup file is {info.problem}"
    print(
        f"\nkill test (seed {SEED}): {tally.kills} kills ({tally.import_kills} during imports), "
        f"{len(tally.acked_saves)} acknowledged saves, {len(lost)} lost, "
        f"{len(tally.imports)} imports all-or-nothing ({complete} whole, "
        f"{len(tally.imports) - complete} none), {len(tally.drafts)} drafts offered back, "
        f"{took:.1f} s"
    )
