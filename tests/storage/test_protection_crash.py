"""Crash safety of passphrase protection: a child setting up, changing or removing the
passphrase is SIGKILLed at every step (and, in the slow version, at random moments).

After each kill the data folder is opened as a new app would. Then: the store opens with exactly
one of the two passphrases (the old one if the kill came before the commit record was durable,
the new one from then on); every backup opens with that passphrase and every damaged copy is
kept under it; with protection on, no file anywhere in the data folder holds client text or a
plain SQLite file; nothing was lost; the audit log matches its head.

HP_PROTECTION_KILLS sets the number of random kills of the slow test (default 60);
HP_KILL_SEED repeats a run.
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

import pytest

from homework_planner.domain.models import Assignment, Client
from homework_planner.storage import Store, crypto, protection
from homework_planner.storage import backup as backups
from homework_planner.storage.store import PassphraseRequired, StoreError

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)"),
    pytest.mark.skipif(not crypto.available(), reason="sqlcipher3 is not installed"),
]

CHILD = Path(__file__).resolve().parent.parent / "helpers" / "protection_child.py"
KILLS = int(os.environ.get("HP_PROTECTION_KILLS", "60"))
SEED = int(os.environ.get("HP_KILL_SEED", str(random.SystemRandom().randrange(1 << 30))))
OLD = "three blue kettles sing"
NEW = "a quiet owl at noon"
# Invented client text that must never be readable in a protected data folder.
SECRETS = ("Marigold-Vantablack", "Walk-to-Quillon-Pier-4417", "ZQX-0931")
CLIENTS, ASSIGNMENTS = 2, 6
OPS = {"set": (None, OLD), "change": (OLD, NEW), "remove": (OLD, None)}


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "KDF_ITER", 4000)  # the child uses the same setting


class Server:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def send(self, cmd: dict) -> int:
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        first = self.read()
        assert first.startswith("PID "), first
        return int(first.split()[1])

    def read(self) -> str:
        line = self.proc.stdout.readline()
        assert line, "the fork server ended unexpectedly"
        assert not line.startswith("ERROR"), line
        return line.rstrip("\n")

    def until_dead(self, pid: int) -> list[str]:
        lines = []
        while (line := self.read()) != f"DEAD {pid}":
            lines.append(line)
        return lines

    def run(self, cmd: dict) -> list[str]:
        return self.until_dead(self.send(cmd))

    def close(self) -> None:
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@pytest.fixture(scope="module")
def server():
    s = Server()
    yield s
    s.close()


def _fill(db: Path, passphrase: str | None) -> None:
    crypto.KDF_ITER = 4000
    with Store.open(db) as store:
        for c in range(CLIENTS):
            code = f"{SECRETS[2]}{c}"
            store.add_client(Client(code=code, preferred_name=SECRETS[0]))
            for i in range(ASSIGNMENTS // CLIENTS):
                store.save_assignment(
                    Assignment(client_code=code, title=f"{SECRETS[1]} {i}", goal=SECRETS[0] * 5)
                )
            store.backup_now()
    # A damaged copy kept from an earlier start: byte copies of a plain store, with client text.
    backups.keep_damaged_copy(db, db.parent / "backups")
    if passphrase is not None:
        with Store.open(db) as store:
            store.set_passphrase(passphrase)


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    """One data folder per starting point: plain (for set-up) and protected with OLD."""
    made = {}
    for name, passphrase in (("plain", None), ("protected", OLD)):
        folder = tmp_path_factory.mktemp(name) / "data"
        _fill(folder / "homework-planner.sqlite3", passphrase)
        made[name] = folder
    return made


def _case(templates: dict[str, Path], op: str, tmp_path: Path, n: int) -> Path:
    folder = tmp_path / f"case-{n}" / "data"
    shutil.copytree(templates["plain" if op == "set" else "protected"], folder)
    return folder / "homework-planner.sqlite3"


def _command(db: Path, op: str, **kill) -> dict:
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
    plaintext_files: list[str] = field(default_factory=list)
    backups_not_opening: list[str] = field(default_factory=list)


def check_after_kill(db: Path, op: str, findings: Findings, expect: str | None = None) -> str:
    """Open as a new app would; return which passphrase the store is on ("old" or "new")."""
    old, new = OPS[op]
    findings.cases += 1
    opened = {"old": _open_as(db, old), "new": _open_as(db, new)}
    working = [k for k, s in opened.items() if s is not None]
    for s in opened.values():
        if s is not None:
            s.close()
    assert len(working) == 1, f"the store opens with {working or 'neither passphrase'}"
    side = working[0]
    if expect is not None:
        assert side == expect
    passphrase = old if side == "old" else new
    with Store.open(db, passphrase=passphrase) as store:
        assert store.audit_problem is None, store.audit_problem
        assert len(store.client_codes()) == CLIENTS
        assert sum(len(store.list_assignments(c)) for c in store.client_codes()) == ASSIGNMENTS
        folder = store.backups_folder
        for info in backups.list_backups(folder, store.connector, verify=True):
            if not info.ok:
                findings.backups_not_opening.append(info.path.name)
        damaged = folder / backups.DAMAGED_DIR
        for place in sorted(damaged.iterdir()) if damaged.is_dir() else []:
            if passphrase is None:
                continue  # kept byte for byte, as before protection
            try:
                kept = crypto.unwrap_files(place / crypto.KEPT_FILES_NAME, passphrase)
                assert kept, "an empty damaged copy"
            except (*crypto.DRIVER_ERRORS, FileNotFoundError):
                findings.backups_not_opening.append(place.name)
    leftovers = [p.name for p in db.parent.rglob(protection.TMP_PREFIX + "*")]
    assert leftovers == [], leftovers
    assert not protection.intent_path(db).exists()
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


def _trace(server: Server, templates, op: str, tmp_path: Path) -> tuple[list[str], float]:
    db = _case(templates, op, tmp_path / f"trace-{op}", 0)
    start = time.perf_counter()
    lines = server.run(_command(db, op))
    took = time.perf_counter() - start
    assert lines[-1] == "DONE"
    check_after_kill(db, op, Findings(), expect="new")
    return [line.split()[1] for line in lines if line.startswith("STEP ")], took


def _each_step_once(steps: list[str]) -> list[str]:
    """The first boundary of each kind, and the last of those that repeat (one per file)."""
    names = [s.split("#")[0] for s in steps]
    return [s for i, s in enumerate(steps) if names.index(names[i]) == i or s == _last(steps, i)]


def _last(steps: list[str], i: int) -> str:
    name = steps[i].split("#")[0]
    return [s for s in steps if s.split("#")[0] == name][-1]


def _kill_at_each(server, templates, tmp_path, op: str, every: bool) -> Findings:
    steps, _ = _trace(server, templates, op, tmp_path)
    assert "commit#1" in steps and steps[-1] == "done#1"
    chosen = steps if every else _each_step_once(steps)
    findings = Findings()
    for n, step in enumerate(chosen, start=1):
        committed = steps.index(step) >= steps.index("commit#1")
        db = _case(templates, op, tmp_path, n)
        lines = server.run(_command(db, op, kill_step=step))
        assert "DONE" not in lines and lines[-1] == f"STEP {step}"
        check_after_kill(db, op, findings, expect="new" if committed else "old")
        shutil.rmtree(db.parent.parent)
    assert findings.cases == len(chosen)
    return findings


@pytest.mark.parametrize("op", list(OPS))
def test_a_kill_at_each_step_leaves_one_key_and_nothing_readable(server, templates, tmp_path, op):
    findings = _kill_at_each(server, templates, tmp_path, op, every=False)
    assert findings.plaintext_files == []
    assert findings.backups_not_opening == []


@pytest.mark.slow
@pytest.mark.parametrize("op", list(OPS))
def test_a_kill_at_every_boundary_of_every_file(server, templates, tmp_path, op):
    findings = _kill_at_each(server, templates, tmp_path, op, every=True)
    assert findings.plaintext_files == []
    assert findings.backups_not_opening == []


@pytest.mark.parametrize("op", ["set", "change"])
def test_a_kill_while_the_backups_are_re_keyed_leaves_none_under_another_key(
    server, templates, tmp_path, op
):
    """Killed as the second copy starts (the first backup's), whatever the protocol's steps."""
    db = _case(templates, op, tmp_path, 1)
    lines = server.run(_command(db, op, kill_call=["export_copy", 2]))
    assert "DONE" not in lines
    findings = Findings()
    check_after_kill(db, op, findings)
    assert findings.plaintext_files == []
    assert findings.backups_not_opening == []


def test_damaged_copies_are_kept_under_the_passphrase(templates, tmp_path):
    db = _case(templates, "set", tmp_path, 1)
    damaged = db.parent / "backups" / backups.DAMAGED_DIR
    (place,) = list(damaged.iterdir())
    before = {p.name: p.read_bytes() for p in place.iterdir()}
    assert any(SECRETS[1].encode() in b for b in before.values())  # plaintext before
    with Store.open(db) as store:
        store.set_passphrase(OLD)
    assert plaintext_files(db.parent) == []
    assert dict(crypto.unwrap_files(place / crypto.KEPT_FILES_NAME, OLD)) == before
    with Store.open(db, passphrase=OLD) as store:
        store.change_passphrase(OLD, NEW)
    assert dict(crypto.unwrap_files(place / crypto.KEPT_FILES_NAME, NEW)) == before
    with pytest.raises(crypto.DRIVER_ERRORS):
        crypto.unwrap_files(place / crypto.KEPT_FILES_NAME, OLD)
    with Store.open(db, passphrase=NEW) as store:
        store.remove_passphrase(NEW)
    assert {p.name: p.read_bytes() for p in place.iterdir()} == before  # given back unchanged


def test_an_unreadable_intent_file_is_refused_without_touching_anything(templates, tmp_path):
    db = _case(templates, "change", tmp_path, 1)
    protection.intent_path(db).write_text("{ not json", encoding="utf-8")
    before = db.read_bytes()
    with pytest.raises(StoreError, match="record file .* is damaged"):
        Store.open(db, passphrase=OLD)
    assert db.read_bytes() == before


@pytest.mark.slow
@pytest.mark.timeout(max(120, KILLS * 4))
def test_kills_at_random_moments_of_protection_changes(server, templates, tmp_path):
    rng = random.Random(SEED)
    took = {op: _trace(server, templates, op, tmp_path)[1] for op in OPS}
    findings = Findings()
    killed = 0
    for n in range(1, KILLS + 1):
        op = rng.choice(list(OPS))
        db = _case(templates, op, tmp_path, n)
        pid = server.send(_command(db, op))
        end = time.perf_counter() + rng.uniform(0, took[op] * 1.1)
        while time.perf_counter() < end:  # busy-wait: precise
            pass
        with contextlib.suppress(ProcessLookupError):  # it finished first: not a kill
            os.kill(pid, signal.SIGKILL)
        lines = server.until_dead(pid)
        killed += "DONE" not in lines
        check_after_kill(db, op, findings)
        shutil.rmtree(db.parent.parent)
    assert findings.plaintext_files == []
    assert findings.backups_not_opening == []
    print(
        f"\nprotection kill test (seed {SEED}): {findings.cases} changes, {killed} killed, "
        f"{len(findings.plaintext_files)} plaintext files, "
        f"{len(findings.backups_not_opening)} backups not opening with the current passphrase"
    )
