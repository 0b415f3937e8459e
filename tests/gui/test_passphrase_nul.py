"""The passphrase dialog refuses a NUL in the current passphrase before the store sees it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from homework_planner.gui.dialogs.passphrase_dialog import PassphraseDialog


@pytest.mark.parametrize("mode", ["open", "change", "remove"])
def test_a_pasted_nul_is_refused_and_the_dialog_stays_open(qtbot, mode):
    dialog = PassphraseDialog(None, mode)
    qtbot.addWidget(dialog)
    assert dialog.current_edit is not None
    # A NUL cannot be typed, only pasted from another program.
    QGuiApplication.clipboard().setText("three blue\x00kettles sing")
    dialog.current_edit.setFocus()
    dialog.current_edit.paste()
    assert "\x00" in dialog.current_edit.text()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "cannot be used" in dialog.problem_label.text()
    assert dialog.current_edit.text() == ""
