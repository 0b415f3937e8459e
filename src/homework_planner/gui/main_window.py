"""The main window: clients on the left, the selected client's assignments on the right."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, paths
from ..domain.models import Client, ClientFile
from ..storage import Store, StoreError
from ..storage.interchange import InterchangeError, read_import_file, write_json
from .dialogs.client_dialog import ClientDialog
from .models import SIZE_LABELS, AssignmentTableModel, ClientListModel

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    client_changed = Signal(str)  # the selected client's code ("" for none)

    def __init__(self, store: Store, data_folder: Path) -> None:
        super().__init__()
        self.store = store
        self.data_folder = data_folder
        self.setWindowTitle(APP_NAME)
        self._settings = QSettings(str(paths.gui_state_path()), QSettings.Format.IniFormat)
        self._build_ui()
        self._create_actions()
        self._connect_signals()
        self._restore_state()
        self.refresh_clients()
        self.statusBar().showMessage(f"Data folder: {data_folder}", 5000)

    # ---- construction --------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search clients by code or name (Ctrl+F)")
        self.search_edit.setAccessibleName("Search clients")
        self.search_edit.setClearButtonEnabled(True)
        self.client_model = ClientListModel()
        self.client_view = QListView()
        self.client_view.setModel(self.client_model)
        self.client_view.setAccessibleName("Clients")
        self.client_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.client_view.setUniformItemSizes(True)
        self.add_client_button = QPushButton("&Add client…")
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.client_view, 1)
        left_layout.addWidget(self.empty_label)
        left_layout.addWidget(self.add_client_button)

        self.client_title = QLabel()
        self.client_title.setObjectName("clientTitle")
        font = self.client_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.client_title.setFont(font)
        self.client_details = QLabel()
        self.edit_client_button = QPushButton("&Edit client…")
        head = QHBoxLayout()
        head.addWidget(self.client_title, 1)
        head.addWidget(self.edit_client_button)
        self.assignment_model = AssignmentTableModel()
        self.assignment_view = QTableView()
        self.assignment_view.setModel(self.assignment_model)
        self.assignment_view.setAccessibleName("Assignments")
        self.assignment_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.assignment_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.assignment_view.verticalHeader().hide()
        self.assignment_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.assignment_view.setAlternatingRowColors(True)
        self.right = QWidget()
        right_layout = QVBoxLayout(self.right)
        right_layout.addLayout(head)
        right_layout.addWidget(self.client_details)
        right_layout.addWidget(self.assignment_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(1, 3)
        self.setCentralWidget(self.splitter)
        self.resize(1100, 720)

    def _action(
        self, text: str, shortcut: QKeySequence | str | None, slot, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _create_actions(self) -> None:
        self.add_client_action = self._action(
            "&Add client…", "Ctrl+Shift+N", self.add_client, "Add a client with a pseudonymous code"
        )
        self.edit_client_action = self._action("&Edit client…", "Ctrl+Shift+E", self.edit_client)
        self.archive_client_action = self._action(
            "Arc&hive client",
            None,
            self.toggle_archive,
            "Hide the client from the list; nothing is deleted",
        )
        self.show_archived_action = self._action(
            "Show &archived clients", "Ctrl+Shift+H", self.refresh_clients
        )
        self.show_archived_action.setCheckable(True)
        self.find_action = self._action(
            "&Find client", QKeySequence.StandardKey.Find, self.focus_search
        )
        self.import_action = self._action(
            "&Import…", "Ctrl+I", self.import_file, "Import a client file or an assignment (JSON)"
        )
        self.export_action = self._action("E&xport client…", "Ctrl+E", self.export_client)
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.about_action = self._action("&About", None, self.about)

        menu = self.menuBar()
        self.file_menu = menu.addMenu("&File")
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.client_menu = menu.addMenu("&Client")
        for a in (self.add_client_action, self.edit_client_action, self.archive_client_action):
            self.client_menu.addAction(a)
        self.client_menu.addSeparator()
        self.client_menu.addAction(self.find_action)
        self.client_menu.addAction(self.show_archived_action)
        self.help_menu = menu.addMenu("&Help")
        self.help_menu.addAction(self.about_action)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self.refresh_clients)
        self.client_view.selectionModel().currentChanged.connect(self._on_current_client)
        self.add_client_button.clicked.connect(self.add_client)
        self.edit_client_button.clicked.connect(self.edit_client)
        self.search_edit.returnPressed.connect(self._focus_first_client)

    # ---- state ---------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self._settings.value("main/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        splitter = self._settings.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._settings.setValue("main/geometry", self.saveGeometry())
        self._settings.setValue("main/splitter", self.splitter.saveState())
        self._settings.sync()
        super().closeEvent(event)

    # ---- clients -------------------------------------------------------------------------
    def current_client(self) -> Client | None:
        return self.client_model.client_at(self.client_view.currentIndex().row())

    def refresh_clients(self, *_: object, select: str | None = None) -> None:
        keep = select or (self.current_client().code if self.current_client() else None)
        clients = self.store.list_clients(
            self.search_edit.text(), include_archived=self.show_archived_action.isChecked()
        )
        self.client_model.set_clients(clients)
        if not clients:
            self.empty_label.setText(
                "No client matches this search."
                if self.search_edit.text().strip()
                else "No clients yet. Add one with a code such as HP-0001 (no real names)."
            )
            self.empty_label.show()
        else:
            self.empty_label.hide()
        row = self.client_model.row_of(keep) if keep else -1
        if row < 0 and clients:
            row = 0
        if row >= 0:
            self.client_view.setCurrentIndex(self.client_model.index(row))
        else:
            self._show_client(None)

    def _on_current_client(self, *_: object) -> None:
        self._show_client(self.current_client())

    def _show_client(self, client: Client | None) -> None:
        has = client is not None
        for w in (
            self.edit_client_button,
            self.edit_client_action,
            self.archive_client_action,
            self.export_action,
        ):
            w.setEnabled(has)
        if client is None:
            self.client_title.setText("No client selected")
            self.client_details.setText("")
            self.assignment_model.set_rows([])
            self.client_changed.emit("")
            return
        self.client_title.setText(client.display_name)
        needs = client.print_needs
        extras = [SIZE_LABELS[needs.size]]
        if needs.background == "cream":
            extras.append("cream paper")
        if needs.easy_read:
            extras.append("easy read")
        if client.archived:
            extras.append("archived")
        self.client_details.setText("Handouts: " + ", ".join(extras))
        self.archive_client_action.setText(
            "Unarc&hive client" if client.archived else "Arc&hive client"
        )
        self.refresh_assignments()
        self.client_changed.emit(client.code)

    def refresh_assignments(self) -> None:
        client = self.current_client()
        self.assignment_model.set_rows(self.store.list_assignments(client.code) if client else [])

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _focus_first_client(self) -> None:
        if self.client_model.rowCount():
            self.client_view.setFocus()

    def add_client(self) -> None:
        existing = {c.code for c in self.store.list_clients(include_archived=True)}
        client = ClientDialog.get_client(self, taken_codes=existing)
        if client is None:
            return
        try:
            self.store.add_client(client)
        except StoreError as exc:
            QMessageBox.warning(self, "Client not added", str(exc))
            return
        self.search_edit.clear()
        self.refresh_clients(select=client.code)
        self.statusBar().showMessage(f"Added client {client.code}", 5000)

    def edit_client(self) -> None:
        current = self.current_client()
        if current is None:
            return
        client = ClientDialog.get_client(self, client=current)
        if client is None:
            return
        client = client.model_copy(update={"archived": current.archived})
        self.store.update_client(client)
        self.refresh_clients(select=client.code)
        self.statusBar().showMessage(f"Saved client {client.code}", 5000)

    def toggle_archive(self) -> None:
        client = self.current_client()
        if client is None:
            return
        self.store.archive_client(client.code, not client.archived)
        verb = "Unarchived" if client.archived else "Archived"
        self.refresh_clients()
        self.statusBar().showMessage(
            f"{verb} {client.code}"
            + ("" if client.archived else " (Client ▸ Show archived clients to see it)"),
            8000,
        )

    # ---- files ---------------------------------------------------------------------------
    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import", str(Path.home()), "JSON files (*.json)"
        )
        if not path:
            return
        try:
            parsed = read_import_file(path)
            if isinstance(parsed, ClientFile):
                result = self.store.import_client_file(parsed)
            else:
                result = self.store.import_assignment(parsed)
        except (InterchangeError, StoreError) as exc:
            QMessageBox.warning(self, "Nothing was imported", str(exc))
            return
        self.refresh_clients(select=result.client_code)
        self.statusBar().showMessage(result.describe(), 8000)

    def export_client(self) -> None:
        client = self.current_client()
        if client is None:
            return
        default = str(Path.home() / f"{client.code}.json")
        path, _ = QFileDialog.getSaveFileName(self, "Export client", default, "JSON files (*.json)")
        if not path:
            return
        try:
            cf = self.store.export_client(client.code)
            write_json(path, cf)
        except (InterchangeError, StoreError) as exc:
            QMessageBox.warning(self, "Not exported", str(exc))
            return
        self.statusBar().showMessage(f"Exported {len(cf.assignments)} assignments to {path}", 8000)

    def about(self) -> None:
        from .. import __version__

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>Write clear, specific CBT homework in session, "
            "print it for the client, and review it next time.<br><br>"
            f"Data folder: {self.data_folder}",
        )
