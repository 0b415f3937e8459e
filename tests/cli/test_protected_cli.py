"""The command line on a passphrase-protected store: asks at a terminal, explains otherwise."""

from __future__ import annotations

import io
import json

import pytest

from homework_planner import paths
from homework_planner.cli import main
from homework_planner.commands import common
from homework_planner.domain.models import Client
from homework_planner.storage import Store

PASS = "correct horse battery staple"


@pytest.fixture
def protected(data_dir):
    with Store.open(paths.database_path(paths.ensure_private_dir(data_dir))) as store:
        store.add_client(Client(code="HP-0042"))
        store.set_passphrase(PASS)
    return data_dir


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_without_a_terminal_it_says_how_to_proceed(protected, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["export", "--client", "HP-0042", "-o", str(tmp_path / "x.json")]) == 1
    assert "protected with a passphrase" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_at_a_terminal_it_asks_and_allows_a_typo(protected, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Tty())
    answers = iter(["wrong", PASS])
    monkeypatch.setattr(common, "_ask_passphrase", lambda prompt: next(answers))
    out = tmp_path / "x.json"
    assert main(["export", "--client", "HP-0042", "-o", str(out)]) == 0
    assert "not the passphrase" in capsys.readouterr().err
    assert json.loads(out.read_text())["client"]["code"] == "HP-0042"


def test_three_wrong_passphrases_open_nothing(protected, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Tty())
    monkeypatch.setattr(common, "_ask_passphrase", lambda prompt: "nope")
    assert main(["export", "--client", "HP-0042", "-o", str(tmp_path / "x.json")]) == 1
    assert "Three wrong passphrases" in capsys.readouterr().err


def test_an_altered_audit_log_is_said_on_stderr(data_dir, tmp_path, capsys):
    import sqlite3

    from homework_planner.storage import audit

    db = paths.database_path(paths.ensure_private_dir(data_dir))
    with Store.open(db) as store:
        store.add_client(Client(code="HP-0042"))
    con = sqlite3.connect(db, isolation_level=None)
    audit.drop_triggers(con)
    con.execute("DELETE FROM audit_log")
    con.close()
    target = tmp_path / "out.json"
    assert main(["export", "--client", "HP-0042", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert "history of changes was altered outside Homework Planner" in err
