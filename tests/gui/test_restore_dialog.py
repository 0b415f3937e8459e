"""Restore window, damaged start, second instance, passphrase prompts, drafts offered back, audit."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client
from homework_planner.gui import safety
from homework_planner.gui.dialogs.audit_dialog import AuditDialog
from homework_planner.gui.dialogs.passphrase_dialog import PassphraseDialog
from homework_planner.gui.dialogs.restore_dialog import RestoreDialog
from homework_planner.storage import Store, crypto
from homework_planner.storage.lock import acquire_folder_lock

PASS = "three blue kettles sing"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    monkeypatch.setattr(crypto, "KDF_ITER", 4000)


@pytest.fixture
def answers(monkeypatch):
    """Record every message and answer every question with the next prepared answer."""
    said: list[tuple[str, str]] = []
    replies: list[bool] = []

    def ask(parent, title, text, yes, no="Cancel"):
        said.append((title, text))
        return replies.pop(0)

    def tell(parent, title, text, *, problem=False):
        said.append((title, text))

    monkeypatch.setattr(safety, "ask", ask)
    monkeypatch.setattr(safety, "tell", tell)
    return said, replies


def _db(folder: Path) -> Path:
    return paths.database_path(paths.ensure_private_dir(folder))


def _fill(db: Path, n: int) -> None:
    with Store.open(db) as store:
        if store.get_client("HP-1") is None:
            store.add_client(Client(code="HP-1"))
        for i in range(n):
            store.save_assignment(Assignment(client_code="HP-1", title=f"t{i}", goal="g" * 300))


def test_restore_window_lists_dates_and_counts_and_restores(qtbot, data_dir, answers):
    said, replies = answers
    db = _db(data_dir)
    _fill(db, 2)
    with Store.open(db) as store:
        store.backup_now()
        for i in range(3):
            store.save_assignment(Assignment(client_code="HP-1", title=f"later {i}"))
        store.backup_now()
        infos = store.list_backups()
        dialog = RestoreDialog(None, infos)
        qtbot.addWidget(dialog)
        cells = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(len(infos))]
        assert [row[2:4] for row in cells] == [["1", "5"], ["1", "2"]]
        assert all(row[4] == "Can be restored" for row in cells)
        assert cells[0][0][:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

        def pick_older():
            d = QApplication.activeModalWidget()
            assert isinstance(d, RestoreDialog)
            d.table.selectRow(1)
            qtbot.mouseClick(d.restore_button, Qt.MouseButton.LeftButton)

        replies.append(True)  # "Replace all the data…?"
        QTimer.singleShot(0, pick_older)
        assert safety.restore_from_backup(None, store)
        assert len(store.list_assignments("HP-1")) == 2
        assert said[0][0] == "Restore from backup" and "2 assignments" in said[0][1]
        assert said[-1][0] == "Restored"
        kinds = [b.kind for b in store.list_backups()]
        assert kinds[0] == "restore"  # the data before the restore was kept


def test_a_damaged_backup_cannot_be_chosen(qtbot, data_dir):
    db = _db(data_dir)
    _fill(db, 2)
    with Store.open(db) as store:
        made = store.backup_now()
    made.write_bytes(b"not a database at all" * 300)
    with Store.open(db) as store:
        dialog = RestoreDialog(None, store.list_backups())
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert dialog.table.item(0, 4).text() != "Can be restored"
    assert not dialog.restore_button.isEnabled() and dialog.selected() is None


def _damage(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    data = bytearray(db.read_bytes())
    data[4096 * 2 :] = os.urandom(len(data) - 4096 * 2)
    db.write_bytes(bytes(data))


def _damaged_after_a_backup(data_dir) -> tuple[Path, bytes]:
    """A store of 150 assignments, backed up, then damaged: its path and damaged bytes."""
    db = _db(data_dir)
    _fill(db, 150)
    with Store.open(db) as store:
        store.backup_now()
    _damage(db)
    return db, db.read_bytes()


def test_damaged_store_at_start_offers_the_newest_good_backup(data_dir, answers):
    said, replies = answers
    db, damaged = _damaged_after_a_backup(data_dir)
    replies.append(True)
    opened = safety.open_data_folder(data_dir)
    assert opened is not None
    try:
        assert len(opened.store.list_assignments("HP-1")) == 150
        title, text = said[0]
        assert title == "The data file is damaged"
        assert "left exactly as it is" in text and "150 assignments" in text
        kept = list((paths.backups_dir(data_dir) / "damaged").rglob(db.name))
        assert [p.read_bytes() == damaged for p in kept] == [True]
    finally:
        opened.close()


def test_damaged_store_and_no_backup_says_so_and_opens_nothing(data_dir, answers):
    said, _ = answers
    db = _db(data_dir)
    _fill(db, 150)
    _damage(db)
    damaged = db.read_bytes()
    assert safety.open_data_folder(data_dir) is None
    assert "no usable backup" in said[0][1] and db.read_bytes() == damaged
    with acquire_folder_lock(data_dir):  # the folder was not left locked
        pass


def test_quit_instead_of_restoring_changes_nothing(data_dir, answers):
    _, replies = answers
    db, damaged = _damaged_after_a_backup(data_dir)
    replies.append(False)
    assert safety.open_data_folder(data_dir) is None
    assert db.read_bytes() == damaged


def test_second_instance_is_told_and_opens_nothing(data_dir, answers):
    said, _ = answers
    with acquire_folder_lock(data_dir):
        assert safety.open_data_folder(data_dir) is None
    assert said[0][0].endswith("is already open") and "Switch to that window" in said[0][1]


def test_passphrase_asked_until_right_or_cancelled(data_dir, answers):
    db = _db(data_dir)
    _fill(db, 1)
    with Store.open(db) as store:
        store.set_passphrase(PASS)
    tries = iter(["not the passphrase", PASS])
    problems = []

    def ask_passphrase(parent, problem):
        problems.append(problem)
        return next(tries)

    opened = safety.open_data_folder(data_dir, ask_passphrase=ask_passphrase)
    assert opened is not None and opened.store.is_protected
    opened.close()
    assert problems[0] == "" and "does not open this store" in problems[1]
    assert safety.open_data_folder(data_dir, ask_passphrase=lambda p, q: None) is None


def test_drafts_being_edited_at_a_crash_are_offered_once(data_dir, answers):
    _, replies = answers
    db = _db(data_dir)
    _fill(db, 1)
    store = Store.open(db)
    a = store.load_assignments("HP-1")[0]
    store.mark_editing(a)
    store.save_assignment(a.model_copy(update={"title": "typed before the crash"}), coalesce=True)
    store.close(clean=False)  # what a crash leaves
    with Store.open(db) as store:
        replies.append(True)
        assert safety.offer_unfinished_drafts(None, store) == [a.id]
        assert store.get_assignment(a.id).title == "typed before the crash"
        assert safety.offer_unfinished_drafts(None, store) == []
    # A clean close leaves nothing to offer.
    with Store.open(db) as store:
        store.save_assignment(a.model_copy(update={"title": "x"}), coalesce=True)
    with Store.open(db) as store:
        assert store.unfinished_drafts() == []


def test_passphrase_dialog_checks_before_closing(qtbot):
    dialog = PassphraseDialog(None, "set")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.new_edit, "short")
    qtbot.keyClicks(dialog.repeat_edit, "short")
    dialog.accept()
    assert dialog.result() == 0 and "at least 8" in dialog.problem_label.text()
    dialog.new_edit.clear()
    qtbot.keyClicks(dialog.new_edit, PASS)
    dialog.repeat_edit.clear()
    qtbot.keyClicks(dialog.repeat_edit, PASS + "!")
    dialog.accept()
    assert "not the same" in dialog.problem_label.text() and dialog.repeat_edit.text() == ""
    qtbot.keyClicks(dialog.repeat_edit, PASS)
    dialog.accept()
    assert dialog.result() == 1 and dialog.new() == PASS
    assert dialog.new_edit.echoMode() == dialog.new_edit.EchoMode.Password


def test_manage_protection_sets_up_then_removes(data_dir, answers, monkeypatch):
    said, replies = answers
    db = _db(data_dir)
    _fill(db, 1)
    with Store.open(db) as store:
        monkeypatch.setattr(PassphraseDialog, "ask_new", classmethod(lambda cls, p: PASS))
        assert safety.manage_protection(None, store) and store.is_protected
        replies.append(False)  # not "change": remove
        monkeypatch.setattr(
            PassphraseDialog, "ask_remove", classmethod(lambda cls, p: "wrong one!")
        )
        assert not safety.manage_protection(None, store) and store.is_protected
        assert said[-1][0] == "Nothing was changed"
        replies.append(False)
        monkeypatch.setattr(PassphraseDialog, "ask_remove", classmethod(lambda cls, p: PASS))
        assert safety.manage_protection(None, store) and not store.is_protected


def test_history_of_changes_per_client(qtbot, data_dir):
    db = _db(data_dir)
    _fill(db, 2)
    with Store.open(db) as store:
        entries = store.audit_log("HP-1")
        dialog = AuditDialog(None, entries, "HP-1")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    column = [dialog.table.item(r, 2).text() for r in range(3)]
    assert column == ["Created", "Created", "Created"]
    assert [dialog.table.item(r, 1).text() for r in range(3)] == [
        "Assignment",
        "Assignment",
        "Client",
    ]


def test_install_safety_features_adds_menu_actions(qtbot, data_dir, monkeypatch):
    db = _db(data_dir)
    _fill(db, 1)
    store = Store.open(db)
    window = QMainWindow()
    file_menu = window.menuBar().addMenu("&File")
    file_menu.addAction("&Quit")
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr(
        AuditDialog, "show_for", classmethod(lambda cls, p, s, code: shown.append(code))
    )
    features = safety.install_safety_features(
        window, store, data_dir, current_client=lambda: "HP-1"
    )
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == [
        "&Back up now",
        "&Restore from backup…",
        "&Passphrase protection…",
        "&Lock now",
        "&Quit",
    ]
    features.actions["history"].trigger()
    assert shown == ["HP-1"]
    assert features.auto_lock.minutes == 5
    store.close()


def test_leaving_an_assignment_in_the_editor_clears_its_draft_mark(qtbot, data_dir):
    from PySide6.QtCore import QObject, Signal

    class Editor(QObject):
        loaded = Signal(str)

    db = _db(data_dir)
    _fill(db, 2)
    store = Store.open(db)
    first, second = store.load_assignments("HP-1")
    window = QMainWindow()
    window.editor = Editor()
    qtbot.addWidget(window)
    safety.install_safety_features(window, store, data_dir)
    window.editor.loaded.emit(first.id)
    store.save_assignment(first.model_copy(update={"title": "typing"}), coalesce=True)
    window.editor.loaded.emit(second.id)  # the editor moved on: the first is finished
    store.save_assignment(second.model_copy(update={"title": "typing"}), coalesce=True)
    store.close(clean=False)  # a crash
    with Store.open(db) as again:
        assert [d.id for d in again.unfinished_drafts()] == [second.id]


def test_start_up_reopens_the_newest_unfinished_draft(data_dir):
    from homework_planner.gui.app import _reopen_drafts

    db = _db(data_dir)
    _fill(db, 1)
    calls = []

    class Window:
        def refresh_clients(self, *, select=None):
            calls.append(("select", select))

        def open_assignment(self, aid):
            calls.append(("open", aid))

    with Store.open(db) as store:
        a = store.load_assignments("HP-1")[0]
        _reopen_drafts(Window(), store, lambda parent, s: [a.id])
        _reopen_drafts(Window(), store, lambda parent, s: [])
    assert calls == [("select", "HP-1"), ("open", a.id)]
