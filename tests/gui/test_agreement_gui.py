"""Agree, amend, agree changes and withdraw in the real window, and the note it copies."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from homework_planner.gui.dialogs.agree_dialog import AgreeMissingDialog
from homework_planner.gui.dialogs.withdraw_dialog import WithdrawDialog
from tests.gui.test_editor import field, open_example, open_window, type_into


def as_draft(data: dict) -> None:
    data["status"] = "draft"


def copied_note(qtbot, window) -> str:
    QGuiApplication.clipboard().clear()
    window.output_features.copy_note_action.trigger()
    qtbot.waitUntil(lambda: bool(QGuiApplication.clipboard().text()), timeout=3000)
    return QGuiApplication.clipboard().text()


def cli_note(data_dir, assignment_id: str) -> str:
    env = dict(os.environ, HOMEWORK_PLANNER_DATA=str(data_dir))
    r = subprocess.run(
        [sys.executable, "-m", "homework_planner", "record", "--id", assignment_id, "--text"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_copy_note_right_after_agreeing_says_agreed_and_the_version(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir, as_draft)
    editor = window.editor
    assert "not yet agreed" in editor.status_label.text()
    qtbot.mouseClick(editor.agree_button, Qt.MouseButton.LeftButton)
    version = store.assignment_version(a.id)
    assert f"agreed (version {version})" in editor.status_label.text()
    assert not editor.agree_button.isEnabled()  # nothing new to agree
    note = copied_note(qtbot, window)
    assert f"Status: agreed, version {version}, on " in note
    assert f"What was agreed (version {version})" in note
    assert "not yet agreed" not in note
    # The same assignment gives the same note from the window and from the command line.
    assert note == cli_note(data_dir, a.id)
    window.close()
    store.close()


def test_editing_after_agreeing_shows_the_change_and_agree_changes_makes_n_plus_one(
    qtbot, data_dir
):
    window, store, a = open_example(qtbot, data_dir, as_draft)
    editor = window.editor
    editor.agree_button.click()
    agreed_version = store.assignment_version(a.id)
    how_long = field(window, "task.how_long")
    how_long.selectAll()
    type_into(qtbot, how_long, "25 minutes")
    qtbot.waitUntil(lambda: "Changed since agreed" in editor.status_label.text(), timeout=3000)
    assert "How long" in editor.status_label.text()
    assert editor.agree_button.isEnabled() and "changes" in editor.agree_button.text()
    note = copied_note(qtbot, window)
    agreed_part, _, changed_part = note.partition("Changed since agreement (not agreed)")
    assert "How long: 15 minutes" in agreed_part and "25 minutes" not in agreed_part
    assert "How long now: 25 minutes" in changed_part
    assert note == cli_note(data_dir, a.id)

    qtbot.mouseClick(editor.agree_button, Qt.MouseButton.LeftButton)
    stored = store.get_assignment(a.id)
    assert [g.version for g in stored.agreements] == [agreed_version, agreed_version + 2]
    assert stored.agreements[-1].content.task.how_long == "25 minutes"
    note = copied_note(qtbot, window)
    assert f"What was agreed (version {agreed_version + 2})" in note
    assert "Changed since agreement" not in note
    window.close()
    store.close()


def test_an_empty_draft_asks_before_it_is_agreed_and_names_what_is_missing(
    qtbot, data_dir, monkeypatch
):
    window, store = open_window(qtbot, data_dir)
    from homework_planner.domain.models import Assignment, Client

    store.add_client(Client(code="HP-0042"))
    blank = Assignment(client_code="HP-0042")
    store.save_assignment(blank)
    window.refresh_clients()
    window.open_assignment(blank.id)
    asked: list[list[str]] = []
    answers = iter([False, True])
    monkeypatch.setattr(
        AgreeMissingDialog,
        "confirm",
        classmethod(lambda cls, parent, labels: asked.append(labels) or next(answers)),
    )
    window.editor.agree_button.click()
    assert store.get_assignment(blank.id).agreements == []  # "go back" changed nothing
    assert "Clear and specific task" in asked[0]
    window.editor.agree_button.click()
    agreed = store.get_assignment(blank.id).agreements
    assert len(agreed) == 1 and agreed[0].missing
    note = copied_note(qtbot, window)
    assert f"agreed with {len(agreed[0].missing)} items missing" in note
    window.close()
    store.close()


def test_withdraw_from_the_menu_hides_it_and_keeps_it(qtbot, data_dir, monkeypatch):
    window, store, a = open_example(qtbot, data_dir, as_draft)
    monkeypatch.setattr(
        WithdrawDialog,
        "get_reason",
        classmethod(lambda cls, parent: "Entered for the wrong client"),
    )
    window.editor.withdraw_action.trigger()
    assert not window.editor.has_assignment()
    assert window.assignment_model.rowCount() == 0
    kept = store.get_assignment(a.id)
    assert kept is not None and kept.withdrawal.reason == "Entered for the wrong client"
    window.close()
    store.close()


def test_the_withdraw_dialog_refuses_an_empty_reason_and_keeps_what_was_typed(qtbot):
    dialog = WithdrawDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.reason_edit, "   ")
    dialog.withdraw_button.click()
    assert dialog.isVisible() and "Say why" in dialog.message.text()
    qtbot.keyClicks(dialog.reason_edit, "duplicate")
    dialog.withdraw_button.click()
    assert dialog.reason == "duplicate"


def test_save_the_clients_whole_homework_record(qtbot, data_dir, tmp_path, monkeypatch):
    import io

    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    window, store, a = open_example(qtbot, data_dir, as_draft)
    window.editor.agree_button.click()
    target = tmp_path / "whole"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (str(target), ""))
    window.output_features.save_client_record_action.trigger()
    pdf = (tmp_path / "whole.pdf").read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Homework record of client HP-0042" in text
    assert "Beck's criteria at agreement" in text and "What was agreed (version" in text
    window.close()
    store.close()


def test_the_window_names_characters_the_record_and_the_sheet_cannot_print(
    qtbot, data_dir, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    def odd(data: dict) -> None:
        data["status"] = "draft"
        data["rationale"] += " \ue000"  # a private-use character: no font draws it
        data["monitoring"]["columns"][1]["label"] = "Mood \ue001 before"

    window, store, a = open_example(qtbot, data_dir, odd)
    told: list[str] = []
    window.output_features.panel.message.connect(told.append)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args, **kw: (str(tmp_path / "out.pdf"), "")
    )
    window.output_features.save_record_action.trigger()
    assert "U+E000" in window.statusBar().currentMessage()
    window.output_features.save_sheet_action.trigger()
    assert any("U+E001" in t and "sheet" in t for t in told)
    window.close()
    store.close()
