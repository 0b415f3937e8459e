"""The protection kill loop, shared by tests/storage/test_protection_crash.py and
benchmarks/bench_safety.py: data folders to start from, the fork server of
protection_child.py, and what is checked after each kill (recorded, not asserted, so that the
benchmark can count).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from homework_planner.domain.models import Assignment, Client
from homework_planner.storage import Store, crypto, protection
from homework_planner.storage import backup as backups
from homework_planner.storage.store import PassphraseRequired, StoreError

CHILD = Path(__file__).resolve().parent / "protection_child.py"
OLD = "three blue kettles sing"
NEW = "a quiet owl at noon"
# Invented client text that must never be readable in a protected data folder.
SECRETS = ("Marigold-Vantablack", "Walk-to-Quillon-Pier-4417", "ZQX-0931")
CLIENTS, ASSIGNMENTS = 2, 6
OPS: dict[str, tuple[str | None, str | None]] = {
    "set": (None, OLD),
    "change": (OLD, NEW),
    "remove": (OLD, None),
}
KDF_ITER = 4000  # as protection_child.py sets it


class Server:
    """The fork server: one warm Python that forks a child per protection change."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def send(self, cmd: dict[str, Any]) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        first = self.read()
        assert first.startswith("PID "), first
        return int(first.split()[1])

    def read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, "the fork server ended unexpectedly"
        assert not line.startswith("ERROR"), line
        return line.rstrip("\n")

    def until_dead(self, pid: int) -> list[str]:
        lines = []
        while (line := self.read()) != f"DEAD {pid}":
            lines.append(line)
        return lines

    def run(self, cmd: dict[str, Any]) -> list[str]:
        return self.until_dead(self.send(cmd))

    def close(self) -> None:
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait(timeout=30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def fill(db: Path, passphrase: str | None) -> None:
    """A small store with client text, two backups and a damaged copy (plain byte copies)."""
    crypto.KDF_ITER = KDF_ITER
    with Store.open(db) as store:
        for c in range(CLIENTS):
            code = f"{SECRETS[2]}{c}"
            store.add_client(Client(code=code, preferred_name=SECRETS[0]))
            for i in range(ASSIGNMENTS // CLIENTS):
                store.save_assignment(
                    Assignment(client_code=code, title=f"{SECRETS[1]} {i}", goal=SECRETS[0] * 5)
                )
        store.backup_now()  # with the daily one: two plain backups
    backups.keep_damaged_copy(db, db.parent / "backups")
    if passphrase is not None:
        with Store.open(db) as store:
            store.set_passphrase(passphrase)


def make_templates(root: Path) -> dict[str, Path]:
    """One data folder per starting point: plain (for set-up) and protected with OLD."""
    made = {}
    for name, passphrase in (("plain", None), ("protected", OLD)):
        folder = root / name / "data"
        fill(folder / "homework-planner.sqlite3", passphrase)
        made[name] = folder
    return made


def case(templates: dict[str, Path], op: str, root: Path, n: int) -> Path:
    folder = root / f"case-{n}" / "data"
    shutil.copytree(templates["plain" if op == "set" else "protected"], folder)
    return folder / "homework-planner.sqlite3"


def command(db: Path, op: str, **kill: Any) -> dict[str, Any]:
    old, new = OPS[op]
    return {"db": str(db), "op": op, "old": old, "new": new, **kill}


def _open_as(db: Path, passphrase: str | None) -> Store | None:
    """The store if it opens with exactly this passphrase (None: opens as a plain store)."""
    try:
        store = Store.open(db, passphrase=passphrase)
    except (PassphraseRequired, StoreError):
        return None
    if store.is_protected != (passphrase is not None):
        store.close()
        return None
    return store


@dataclass
class Findings:
    cases: int = 0
    wrong_key: list[str] = field(default_factory=list)  # opens with neither, both, unexpected
    plaintext_files: list[str] = field(default_factory=list)
    backups_not_opening: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # data lost, audit altered, leftovers

    @property
    def problems(self) -> list[str]:
        return self.wrong_key + self.plaintext_files + self.backups_not_opening + self.other


def check_after_kill(db: Path, op: str, findings: Findings, expect: str | None = None) -> str:
    """Open as a new app would and record what is wrong; return "old" or "new": the key the
    store is on after recovery ("" if it opens with neither or both)."""
    crypto.KDF_ITER = KDF_ITER
    old, new = OPS[op]
    findings.cases += 1
    opened = {"old": _open_as(db, old), "new": _open_as(db, new)}
    working = [k for k, s in opened.items() if s is not None]
    if len(working) != 1 or (expect is not None and working[0] != expect):
        for s in opened.values():
            if s is not None:
                s.close()
        findings.wrong_key.append(f"{db.parent.parent.name}: opens with {working}")
        return ""
    side = working[0]
    passphrase = old if side == "old" else new
    with opened[side] as store:
        if store.audit_problem is not None:
            findings.other.append("audit log called altered")
        codes = store.client_codes()
        count = sum(len(store.list_assignments(c)) for c in codes)
        if len(codes) != CLIENTS or count != ASSIGNMENTS:
            findings.other.append(f"data lost: {len(codes)} clients, {count} assignments")
        folder = store.backups_folder
        for info in backups.list_backups(folder, store.connector, verify=True):
            if not info.ok:
                findings.backups_not_opening.append(info.path.name)
        damaged = folder / backups.DAMAGED_DIR
        for place in sorted(damaged.iterdir()) if damaged.is_dir() else []:
            if passphrase is None:
                continue  # kept byte for byte, as before protection
            try:
                if not crypto.unwrap_files(place / crypto.KEPT_FILES_NAME, passphrase):
                    findings.backups_not_opening.append(place.name + " (empty)")
            except (*crypto.DRIVER_ERRORS, FileNotFoundError):
                findings.backups_not_opening.append(place.name)
    leftovers = [p.name for p in db.parent.rglob(protection.TMP_PREFIX + "*")]
    if leftovers or protection.intent_path(db).exists():
        findings.other.append(f"left behind: {leftovers}")
    if passphrase is not None:
        findings.plaintext_files += plaintext_files(db.parent)
    return side


def plaintext_files(folder: Path) -> list[str]:
    """Every file in the data folder whose raw bytes hold client text or a plain SQLite file."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data.startswith(crypto.SQLITE_MAGIC) or any(s.encode() in data for s in SECRETS):
            found.append(str(path.relative_to(folder)))
    return found


def timed_run(server: Server, templates: dict[str, Path], op: str, root: Path) -> float:
    """How long one whole change takes (the range the random kills are spread over)."""
    db = case(templates, op, root / f"timed-{op}", 0)
    start = time.perf_counter()
    lines = server.run(command(db, op))
    took = time.perf_counter() - start
    assert lines[-1] == "DONE", lines[-1:]
    shutil.rmtree(db.parent.parent)
    return took


def random_kills(
    server: Server, templates: dict[str, Path], root: Path, rng: random.Random, count: int
) -> tuple[Findings, int]:
    """count changes of a random kind, each SIGKILLed at a random moment of its expected time
    (some finish first); the findings after recovery, and how many were really killed."""
    took = {op: timed_run(server, templates, op, root) for op in OPS}
    findings = Findings()
    killed = 0
    for n in range(1, count + 1):
        op = rng.choice(list(OPS))
        db = case(templates, op, root, n)
        pid = server.send(command(db, op))
        end = time.perf_counter() + rng.uniform(0, took[op] * 1.1)
        while time.perf_counter() < end:  # busy-wait: precise
            pass
        with contextlib.suppress(ProcessLookupError):  # it finished first: not a kill
            os.kill(pid, signal.SIGKILL)
        lines = server.until_dead(pid)
        killed += "DONE" not in lines
        check_after_kill(db, op, findings)
        shutil.rmtree(db.parent.parent)
    return findings, killed
