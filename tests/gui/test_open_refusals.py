"""The window's start on a store that lost data, a full disk, a folder where the store should be,
a shared folder (issue 13): each is told in plain words; a backup is offered only for lost data."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client
from homework_planner.gui import safety
from homework_planner.storage import Store
from homework_planner.storage import crypto as crypto_module
from homework_planner.storage import store as store_module

FULL = "The disk is full: free some space, then try again; nothing was lost."


@pytest.fixture
def answers(monkeypatch):
    said: list[tuple[str, str]] = []
    asked: list[tuple[str, str]] = []
    replies: list[bool] = []

    def ask(parent, title, text, yes, no="Cancel"):
        asked.append((title, text))
        return replies.pop(0)

    def tell(parent, title, text, *, problem=False):
        said.append((title, text))

    monkeypatch.setattr(safety, "ask", ask)
    monkeypatch.setattr(safety, "tell", tell)
    return said, asked, replies


def store_with_backup(folder: Path) -> Path:
    db = paths.database_path(paths.ensure_private_dir(folder))
    with Store.open(db) as s:
        s.add_client(Client(code="HP-1"))
        s.save_assignment(Assignment(client_code="HP-1", title="kept in the backup"))
        s.backup_now()
        s.save_assignment(Assignment(client_code="HP-1", title="after the backup"))
    return db


def titles(store: Store) -> list[str]:
    return sorted(a.title for a in store.list_assignments("HP-1"))


def test_an_emptied_store_offers_the_newest_backup(data_dir, answers):
    said, asked, replies = answers
    db = store_with_backup(data_dir)
    db.write_bytes(b"")
    replies.append(True)
    opened = safety.open_data_folder(data_dir)
    assert opened is not None
    try:
        assert len(asked) == 1 and "is empty (0 bytes), but it held saved data" in asked[0][1]
        assert titles(opened.store) == ["kept in the backup"]
        assert any("backup was restored" in n for n in opened.notices)
    finally:
        opened.close()
    kept = list((paths.backups_dir(data_dir) / "damaged").rglob(db.name))
    assert [p.stat().st_size for p in kept] == [0]  # the emptied file, kept as it was
    with Store.open(db) as again:  # no false alarm once the backup is in place
        assert titles(again) == ["kept in the backup"]


def test_a_store_behind_its_last_save_offers_the_backup_once(data_dir, tmp_path, answers):
    said, asked, replies = answers
    db = store_with_backup(data_dir)
    live = Store.open(db)
    try:
        live.save_assignment(Assignment(client_code="HP-1", title="only in the -wal"))
        crash = tmp_path / "crash"
        crash.mkdir()
        for p in data_dir.iterdir():
            if p.is_file() and p.name != paths.lock_path(data_dir).name:
                shutil.copy2(p, crash / p.name)
    finally:
        live.close()
    shutil.copy2(crash / db.name, db)
    shutil.copy2(crash / (db.name + store_module.SEAL_SUFFIX), db.parent)
    # The -wal that held the last save is gone (deleted by a clean-up tool, say).
    replies.append(True)
    opened = safety.open_data_folder(data_dir)
    assert opened is not None
    try:
        assert len(asked) == 1 and "missing changes that were saved" in asked[0][1]
        assert titles(opened.store) == ["kept in the backup"]
    finally:
        opened.close()


def test_a_full_disk_at_start_is_said_and_no_backup_is_offered(data_dir, answers, monkeypatch):
    said, asked, replies = answers
    db = store_with_backup(data_dir)

    def no_room(*args, **kwargs):
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = 13
        raise exc

    monkeypatch.setattr(crypto_module, "connect", no_room)
    assert safety.open_data_folder(data_dir) is None
    assert asked == []  # never "restore a backup" over a healthy store
    assert said == [("Homework Planner: cannot open the data", FULL)]
    monkeypatch.undo()
    with Store.open(db) as s:
        assert titles(s) == ["after the backup", "kept in the backup"]


def test_a_folder_where_the_store_should_be_is_explained(data_dir, answers):
    said, asked, replies = answers
    paths.database_path(paths.ensure_private_dir(data_dir)).mkdir()
    assert safety.open_data_folder(data_dir) is None
    assert asked == [] and len(said) == 1
    assert "is a folder, not a Homework Planner data file" in said[0][1]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_shared_folder_is_warned_about_in_the_status_and_left_as_it_is(data_dir, answers):
    said, asked, replies = answers
    data_dir.mkdir()
    os.chmod(data_dir, 0o755)
    opened = safety.open_data_folder(data_dir)
    assert opened is not None
    try:
        assert [n for n in opened.notices if "can be read by other users" in n]
        assert os.stat(data_dir).st_mode & 0o777 == 0o755
    finally:
        opened.close()
