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

import os
import random
import shutil
import time
from pathlib import Path

import pytest

from homework_planner.storage import Store, crypto, protection
from homework_planner.storage import backup as backups
from homework_planner.storage.store import StoreError
from tests.helpers import protection_kills as kills

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)"),
    pytest.mark.skipif(not crypto.available(), reason="sqlcipher3 is not installed"),
]

KILLS = int(os.environ.get("HP_PROTECTION_KILLS", "60"))
SEED = int(os.environ.get("HP_KILL_SEED", str(random.SystemRandom().randrange(1 << 30))))


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "KDF_ITER", kills.KDF_ITER)  # the child uses the same setting


@pytest.fixture(scope="module")
def server():
    s = kills.Server()
    yield s
    s.close()


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    return kills.make_templates(tmp_path_factory.mktemp("templates"))


def _trace(server: kills.Server, templates, op: str, tmp_path: Path) -> tuple[list[str], float]:
    db = kills.case(templates, op, tmp_path / f"trace-{op}", 0)
    start = time.perf_counter()
    lines = server.run(kills.command(db, op))
    took = time.perf_counter() - start
    assert lines[-1] == "DONE"
    findings = kills.Findings()
    kills.check_after_kill(db, op, findings, expect="new")
    assert findings.problems == []
    return [line.split()[1] for line in lines if line.startswith("STEP ")], took


def _each_step_once(steps: list[str]) -> list[str]:
    """The first boundary of each kind (the slow test takes every boundary of every file)."""
    names = [s.split("#")[0] for s in steps]
    return [s for i, s in enumerate(steps) if names.index(names[i]) == i]


def _kill_at_each(server, templates, tmp_path, op: str, every: bool) -> kills.Findings:
    steps, _ = _trace(server, templates, op, tmp_path)
    assert "commit#1" in steps and steps[-1] == "done#1"
    chosen = steps if every else _each_step_once(steps)
    findings = kills.Findings()
    for n, step in enumerate(chosen, start=1):
        committed = steps.index(step) >= steps.index("commit#1")
        db = kills.case(templates, op, tmp_path, n)
        lines = server.run(kills.command(db, op, kill_step=step))
        assert "DONE" not in lines and lines[-1] == f"STEP {step}"
        kills.check_after_kill(db, op, findings, expect="new" if committed else "old")
        shutil.rmtree(db.parent.parent)
    assert findings.cases == len(chosen)
    return findings


@pytest.mark.parametrize("op", list(kills.OPS))
def test_a_kill_at_each_step_leaves_one_key_and_nothing_readable(server, templates, tmp_path, op):
    findings = _kill_at_each(server, templates, tmp_path, op, every=False)
    assert findings.problems == []


@pytest.mark.slow
@pytest.mark.parametrize("op", list(kills.OPS))
def test_a_kill_at_every_boundary_of_every_file(server, templates, tmp_path, op):
    findings = _kill_at_each(server, templates, tmp_path, op, every=True)
    assert findings.problems == []


@pytest.mark.parametrize("op", ["set", "change"])
def test_a_kill_while_the_backups_are_re_keyed_leaves_none_under_another_key(
    server, templates, tmp_path, op
):
    """Killed as the second copy starts (the first backup's), whatever the protocol's steps."""
    db = kills.case(templates, op, tmp_path, 1)
    lines = server.run(kills.command(db, op, kill_call=["export_copy", 2]))
    assert "DONE" not in lines
    findings = kills.Findings()
    kills.check_after_kill(db, op, findings)
    assert findings.problems == []


def test_damaged_copies_are_kept_under_the_passphrase(templates, tmp_path):
    db = kills.case(templates, "set", tmp_path, 1)
    damaged = db.parent / "backups" / backups.DAMAGED_DIR
    (place,) = list(damaged.iterdir())
    before = {p.name: p.read_bytes() for p in place.iterdir()}
    assert any(kills.SECRETS[1].encode() in b for b in before.values())  # plaintext before
    with Store.open(db) as store:
        store.set_passphrase(kills.OLD)
    assert kills.plaintext_files(db.parent) == []
    assert dict(crypto.unwrap_files(place / crypto.KEPT_FILES_NAME, kills.OLD)) == before
    with Store.open(db, passphrase=kills.OLD) as store:
        store.change_passphrase(kills.OLD, kills.NEW)
    assert dict(crypto.unwrap_files(place / crypto.KEPT_FILES_NAME, kills.NEW)) == before
    with pytest.raises(crypto.DRIVER_ERRORS):
        crypto.unwrap_files(place / crypto.KEPT_FILES_NAME, kills.OLD)
    with Store.open(db, passphrase=kills.NEW) as store:
        store.remove_passphrase(kills.NEW)
    assert {p.name: p.read_bytes() for p in place.iterdir()} == before  # given back unchanged


def test_an_unreadable_intent_file_is_refused_without_touching_anything(templates, tmp_path):
    db = kills.case(templates, "change", tmp_path, 1)
    protection.intent_path(db).write_text("{ not json", encoding="utf-8")
    before = db.read_bytes()
    with pytest.raises(StoreError, match="record file .* is damaged"):
        Store.open(db, passphrase=kills.OLD)
    assert db.read_bytes() == before


@pytest.mark.slow
@pytest.mark.timeout(max(120, KILLS * 4))
def test_kills_at_random_moments_of_protection_changes(server, templates, tmp_path):
    findings, killed = kills.random_kills(server, templates, tmp_path, random.Random(SEED), KILLS)
    assert findings.problems == []
    print(
        f"\nprotection kill test (seed {SEED}): {findings.cases} changes, {killed} killed, "
        f"{len(findings.plaintext_files)} plaintext files, "
        f"{len(findings.backups_not_opening)} backups not opening with the current passphrase"
    )
