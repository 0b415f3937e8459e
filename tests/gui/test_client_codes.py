"""Client codes are unique whatever the case: "hp-0007" is refused beside "HP-0007"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from homework_planner import paths
from homework_planner.domain.models import Client
from homework_planner.gui.dialogs.client_dialog import ClientDialog
from homework_planner.storage import Store, StoreError


def test_dialog_refuses_a_code_that_differs_only_in_case(qtbot):
    dialog = ClientDialog(taken_codes={"HP-0007"})
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code_edit, "hp-0007")
    qtbot.keyClicks(dialog.name_edit, "Sam")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "HP-0007" in dialog.message.text() and "capitals" in dialog.message.text()
    assert dialog.code_edit.text() == "hp-0007" and dialog.name_edit.text() == "Sam"
    dialog.code_edit.setText("hp-0008")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_store_refuses_it_too_after_reopening(data_dir):
    db = paths.database_path(paths.ensure_private_dir(data_dir))
    with Store.open(db) as store:
        store.add_client(Client(code="HP-0007"))
    with Store.open(db) as store:
        with pytest.raises(StoreError, match="HP-0007 already exists"):
            store.add_client(Client(code="hp-0007"))
        store.add_client(Client(code="HP-0070"))
        assert sorted(store.client_codes()) == ["HP-0007", "HP-0070"]
