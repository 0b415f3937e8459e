"""PreferencesDialog: edits come back as Settings; a too-long safety line is refused, not lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from homework_planner.domain.settings import Settings
from homework_planner.gui.dialogs.preferences_dialog import PreferencesDialog


def test_edit_returns_new_settings(qtbot, monkeypatch):
    def fake_exec(self):
        qtbot.keyClicks(self.service_edit, "Hillside Wellbeing")
        qtbot.keyClicks(self.phone_edit, "01234 567890")
        self.unsafe_edit.setPlainText("Call 999 if you are in danger.")
        qtbot.mouseClick(self.buttons.button(self.buttons.StandardButton.Ok), Qt.LeftButton)
        return self.result()

    monkeypatch.setattr(PreferencesDialog, "exec", fake_exec)
    start = Settings(therapist_name="Alex", autosave_seconds=3)
    new = PreferencesDialog.edit(None, start)
    assert new is not None
    assert new.service_name == "Hillside Wellbeing" and new.service_phone == "01234 567890"
    assert new.unsafe_line == "Call 999 if you are in danger."
    assert new.therapist_name == "Alex" and new.autosave_seconds == 3  # untouched values kept


def test_cancel_returns_none(qtbot, monkeypatch):
    monkeypatch.setattr(PreferencesDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert PreferencesDialog.edit(None, Settings()) is None


def test_too_long_line_is_refused_and_kept(qtbot):
    dialog = PreferencesDialog(None, Settings())
    qtbot.addWidget(dialog)
    long_line = "Please call us. " * 40
    dialog.unsafe_edit.setPlainText(long_line)
    dialog.accept()
    assert dialog.result_settings is None
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "at most 400 characters" in dialog.message.text()
    assert dialog.unsafe_edit.toPlainText() == long_line
    assert dialog.count_label.text().endswith("of 400 characters")
    dialog.default_button.click()
    assert "Samaritans" in dialog.unsafe_edit.toPlainText()


def test_auto_lock_minutes_and_protection_button(qtbot):
    protected = [False]

    def protect():
        protected[0] = True

    dialog = PreferencesDialog(None, Settings(auto_lock_minutes=5), protect, lambda: protected[0])
    qtbot.addWidget(dialog)
    assert "Not protected" in dialog.protection_label.text()
    qtbot.mouseClick(dialog.protection_button, Qt.LeftButton)
    assert "encrypted" in dialog.protection_label.text()
    dialog.lock_spin.selectAll()
    qtbot.keyClicks(dialog.lock_spin, "15")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
    assert dialog.result_settings.auto_lock_minutes == 15


def test_without_a_store_protection_cannot_be_changed(qtbot):
    dialog = PreferencesDialog(None, Settings())
    qtbot.addWidget(dialog)
    assert not dialog.protection_button.isEnabled()
