"""The first window, driven as a user would: type, click, close, reopen on the same folder."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from homework_planner import paths
from homework_planner.domain.models import Client
from homework_planner.gui.dialogs.client_dialog import ClientDialog
from homework_planner.gui.main_window import MainWindow
from homework_planner.storage import Store


def open_window(qtbot, folder):
    store = Store.open(paths.database_path(paths.ensure_private_dir(folder)))
    window = MainWindow(store, folder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, store


def _fill_client_dialog(qtbot, code: str, name: str, large: bool = False):
    """Runs when the modal dialog is up: type into it and press OK, like a user."""

    def fill():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ClientDialog)
        qtbot.keyClicks(dialog.code_edit, code)
        qtbot.keyClicks(dialog.name_edit, name)
        if large:
            dialog.size_combo.setCurrentIndex(dialog.size_combo.findData("large"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)


def test_add_client_close_reopen_listed(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    assert window.client_model.rowCount() == 0
    assert "No clients yet" in window.empty_label.text()
    _fill_client_dialog(qtbot, "HP-0007", "Robin", large=True)
    window.add_client_action.trigger()
    assert window.client_model.rowCount() == 1
    assert window.current_client().code == "HP-0007"
    assert "large print" in window.client_details.text()
    assert window.statusBar().currentMessage() == "Added client HP-0007"
    window.close()
    store.close()

    window2, store2 = open_window(qtbot, data_dir)
    assert window2.client_model.data(window2.client_model.index(0)) == "HP-0007 (Robin)"
    assert store2.get_client("HP-0007").print_needs.size == "large"
    window2.close()
    store2.close()


def test_search_narrows_the_list(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    for code, name in (("HP-0001", "Robin"), ("HP-0002", "Alex"), ("HP-0003", "Roberta")):
        store.add_client(Client(code=code, preferred_name=name))
    window.refresh_clients()
    assert window.client_model.rowCount() == 3
    qtbot.keyClicks(window.search_edit, "rob")
    assert window.client_model.rowCount() == 2
    qtbot.keyClicks(window.search_edit, "erta")
    assert window.client_model.rowCount() == 1
    assert window.current_client().code == "HP-0003"
    window.search_edit.clear()
    qtbot.keyClicks(window.search_edit, "zzz")
    assert window.client_model.rowCount() == 0
    assert "No client matches" in window.empty_label.text()
    store.close()


def test_bad_code_keeps_what_was_typed(qtbot):
    dialog = ClientDialog(taken_codes={"HP-0001"})
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code_edit, "Jane Smith")
    qtbot.keyClicks(dialog.name_edit, "Jane")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "pseudonymous code" in dialog.message.text()
    assert dialog.code_edit.text() == "Jane Smith" and dialog.name_edit.text() == "Jane"
    dialog.code_edit.setText("HP-0001")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "already a client" in dialog.message.text()


def test_archive_hides_but_keeps(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    store.add_client(Client(code="HP-0001"))
    window.refresh_clients()
    window.archive_client_action.trigger()
    assert window.client_model.rowCount() == 0
    window.show_archived_action.trigger()
    assert window.client_model.rowCount() == 1
    assert store.get_client("HP-0001").archived
    store.close()


def test_window_geometry_is_remembered(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    # The width cannot go below what the docks need; the height the user chose must come back.
    window.resize(window.minimumSizeHint().width(), 530)
    width = window.width()
    window.close()
    store.close()
    window2, store2 = open_window(qtbot, data_dir)
    assert (window2.width(), window2.height()) == (width, 530)
    store2.close()


def test_review_makes_room_for_the_whole_form(qtbot, tmp_path):
    from homework_planner.gui.app import open_demo_window

    window, store = open_demo_window(tmp_path / "demo")
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_clients(select="DEMO-01")
    dock = window.review_features.review_dock
    area = dock.widget()
    front = window.output_features.dock  # the tab in front; the others share its width
    qtbot.waitUntil(lambda: front.width() > 100)  # laid out at its default third
    narrow = front.width()
    window.review_features.review_action.trigger()

    def whole_form_shown() -> bool:
        form = area.widget()
        return form is not None and area.viewport().width() >= form.sizeHint().width()

    qtbot.waitUntil(whole_form_shown, timeout=3000)
    assert area.horizontalScrollBar().maximum() == 0
    assert narrow < dock.width() <= window.width() // 2
    window.close()
    store.close()
