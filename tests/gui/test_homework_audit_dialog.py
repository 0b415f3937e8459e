"""The supervisor's audit view, driven by keyboard only: open it, read a row, drill down."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication

from homework_planner import paths
from homework_planner.gui.dialogs.homework_audit_dialog import HomeworkAuditDialog
from homework_planner.gui.main_window import MainWindow
from homework_planner.storage import Store
from homework_planner.workflows import clients as client_wf
from tests.helpers.audit_caseload import build_caseload

OCT31 = date(2026, 10, 31)


def open_window(qtbot, folder):
    db = paths.database_path(paths.ensure_private_dir(folder))
    build_caseload(db)
    store = Store.open(db)
    window = MainWindow(store, folder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, store


def test_the_dialog_reads_the_period_and_its_chart(qtbot, data_dir):
    db = paths.database_path(paths.ensure_private_dir(data_dir))
    build_caseload(db)
    with Store.open(db) as store:
        dialog = HomeworkAuditDialog(None, store, today=OCT31)
        qtbot.addWidget(dialog)
        dialog.show()
        # Twelve weeks back from 31 Oct: 8 Aug, so old1 (1 Aug) is out.
        assert dialog.from_edit.date() == QDate(2026, 8, 8)
        assert dialog.table.rowCount() == 3  # HP-0001, HP-0002, All clients
        assert dialog.row_cells(1)[:8] == ["HP-0002", "3", "2 (1 no words)", "0"] + ["100%"] * 3 + [
            "50%"
        ]
        assert dialog.row_cells(2)[0] == "All clients"
        header = dialog.table.horizontalHeaderItem(4)
        assert header.text() == "a" and "clear and specific" in header.toolTip()
        assert dialog.chart.shares["a"] == 2 / 3 and dialog.chart.shares["d"] == 0.5
        assert "a clear and specific: 67%" in dialog.chart.accessibleDescription()
        # The whole of August: old1 alone.
        dialog.from_edit.setDate(QDate(2026, 8, 1))
        dialog.to_edit.setDate(QDate(2026, 8, 31))
        assert [dialog.row_cells(r)[0] for r in range(dialog.table.rowCount())] == [
            "HP-0003",
            "All clients",
        ]
        dialog.from_edit.setDate(QDate(2026, 9, 1))  # after "To": said, not crashed
        assert (
            dialog.problem.isVisibleTo(dialog) and "starts after it ends" in dialog.problem.text()
        )
        assert "--" not in dialog.problem.text() and dialog.table.rowCount() == 0
        assert dialog.width() <= 1366 and dialog.height() <= 768 - 60
        dialog.close()


def test_keyboard_only_open_read_and_drill_down(qtbot, data_dir, monkeypatch):
    window, store = open_window(qtbot, data_dir)
    client_wf.set_archived(store, "HP-0002", True)  # archived: still audited, still reachable
    window.refresh_clients()
    assert window.current_client_code() == "HP-0001"
    real_init = HomeworkAuditDialog.__init__

    def at_oct31(self, parent, store, today=None, settings=None):
        real_init(self, parent, store, today=OCT31, settings=settings)

    monkeypatch.setattr(HomeworkAuditDialog, "__init__", at_oct31)
    seen: list[list[str]] = []

    def drive():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, HomeworkAuditDialog)
        table = dialog.table
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_Down)  # from HP-0001 to HP-0002
        seen.append(dialog.row_cells(table.currentRow()))
        qtbot.keyClick(table, Qt.Key.Key_Return)

    QTimer.singleShot(0, drive)
    # Client ▸ Homework a&udit… (its letter; offscreen, a popup menu cannot take the keyboard,
    # so the entry is triggered as the other menu tests do).
    assert window.homework_audit_action in window.client_menu.actions()
    assert "&u" in window.homework_audit_action.text()
    window.homework_audit_action.trigger()
    qtbot.waitUntil(lambda: window.current_client_code() == "HP-0002")
    assert seen and seen[0][0] == "HP-0002" and seen[0][1] == "3"
    assert window.show_archived_action.isChecked()
    assert window.assignment_model.rowCount() == 3  # HP-0002's homework is shown
    assert QApplication.activeModalWidget() is None
    window.close()
    store.close()


def test_enter_on_the_total_row_does_not_close(qtbot, data_dir):
    db = paths.database_path(paths.ensure_private_dir(data_dir))
    build_caseload(db)
    with Store.open(db) as store:
        dialog = HomeworkAuditDialog(None, store, today=OCT31)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.table.setFocus()
        dialog.table.setCurrentCell(2, 0)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.chosen is None
        qtbot.keyClick(dialog.table, Qt.Key.Key_Up)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Enter)
        assert dialog.chosen == "HP-0002" and not dialog.isVisible()


def test_save_as_pdf_writes_the_period_shown(qtbot, data_dir, tmp_path, monkeypatch):
    import io

    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    from homework_planner.domain.settings import Settings

    db = paths.database_path(paths.ensure_private_dir(data_dir))
    build_caseload(db)
    target = tmp_path / "out" / "audit"
    asked: list[str] = []

    def fake_save(parent, title, default, filters):
        asked.append(default)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    with Store.open(db) as store:
        before = db.read_bytes()
        dialog = HomeworkAuditDialog(
            None, store, today=OCT31, settings=Settings(service_name="Northfield")
        )
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.pdf_button.setFocus()
        qtbot.keyClick(dialog.pdf_button, Qt.Key.Key_Space)
        assert asked and asked[0].endswith("homework-audit-2026-08-08-to-2026-10-31.pdf")
        written = target.with_suffix(".pdf")
        assert dialog.saved.text() == f"Saved the audit to {written}."
        text = "\n".join(
            p.extract_text() for p in PdfReader(io.BytesIO(written.read_bytes())).pages
        )
        assert "08 Aug 2026 to 31 Oct 2026" in text and "HP-0002" in text and "Northfield" in text
        assert dialog.isVisible()  # saving does not close the view
        dialog.close()
    assert db.read_bytes() == before
