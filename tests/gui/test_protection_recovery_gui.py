"""At start, the window says what was done to an interrupted passphrase change (in the prompt
that asks for the passphrase, so the right one is typed) and warns of an altered audit log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client
from homework_planner.gui import safety
from homework_planner.storage import Store, audit, crypto, protection

pytestmark = pytest.mark.skipif(not crypto.available(), reason="sqlcipher3 is not installed")

OLD = "three blue kettles sing"
NEW = "a quiet owl at noon"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "KDF_ITER", 4000)


@pytest.fixture
def told(monkeypatch) -> list[tuple[str, str]]:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(
        safety, "tell", lambda parent, title, text, **kw: said.append((title, text))
    )
    return said


def _store(data_dir: Path, passphrase: str | None) -> Path:
    db = paths.database_path(paths.ensure_private_dir(data_dir))
    with Store.open(db) as store:
        store.add_client(Client(code="HP-1"))
        store.save_assignment(Assignment(client_code="HP-1", title="t"))
        if passphrase is not None:
            store.set_passphrase(passphrase)
    return db


def _killed_after_commit(db: Path, old: str | None, new: str | None, action: str) -> None:
    """The state a kill leaves just after the commit record was written, before any rename."""
    protection.prepare(db, db.parent / "backups", old, new, action)
    assert protection.intent_path(db).exists()


def test_a_change_finished_at_start_says_the_new_passphrase_opens_it(data_dir, told):
    db = _store(data_dir, OLD)
    _killed_after_commit(db, OLD, NEW, "protection_changed")
    prompts: list[str] = []

    def ask(parent, problem=""):
        prompts.append(problem)
        return NEW

    opened = safety.open_data_folder(data_dir, ask_passphrase=ask)
    assert opened is not None
    try:
        assert opened.store.is_protected and opened.store.get_client("HP-1")
    finally:
        opened.close()
    assert len(prompts) == 1 and "finished" in prompts[0] and "new passphrase" in prompts[0]
    assert told == []  # already said in the prompt


def test_a_set_up_undone_at_start_says_the_data_is_not_protected(data_dir, told):
    db = _store(data_dir, None)
    plan = protection.Plan("protection_on")
    protection.intent_path(db).write_text(plan.as_json("prepare"), encoding="utf-8")
    (db.parent / (protection.TMP_PREFIX + db.name)).write_bytes(b"half a copy")
    opened = safety.open_data_folder(data_dir, ask_passphrase=lambda *a: pytest.fail("asked"))
    assert opened is not None
    opened.close()
    assert len(told) == 1 and "not protected yet" in told[0][1]
    assert not list(db.parent.glob(protection.TMP_PREFIX + "*"))


def test_an_altered_audit_log_is_told_at_start(data_dir, told):
    db = _store(data_dir, None)
    con = sqlite3.connect(db, isolation_level=None)
    audit.drop_triggers(con)
    con.execute("DELETE FROM audit_log WHERE seq = 1")
    con.close()
    opened = safety.open_data_folder(data_dir)
    assert opened is not None
    opened.close()
    assert [t for t, _ in told] == ["The history of changes was altered"]
    assert "supervisor" in told[0][1]
