"""The main window: clients on the left; the client's assignments, or the editor, on the right."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
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
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, paths
from ..storage import ClientSummary, Store, StoreError
from ..storage.settings_file import load_settings
from .focus_ring import install_focus_ring
from .models import SIZE_LABELS, AssignmentTableModel, ClientListModel
from .screen_fit import clamp_to_screen, splitter_ok
from .warm_up import WarmUp

if TYPE_CHECKING:  # the editor, the dialogs and file import/export load when first used
    from ..domain.models import Assignment, Client, Review
    from .editor import AssignmentEditor

log = logging.getLogger(__name__)

# The editor's own menu entries (attribute, text, shortcuts, status tip). Until the editor is
# built, on first use, the menus show these stand-ins, disabled as the editor's actions are
# while no assignment is open; then the editor's actions take their places.
# tests/gui/test_lazy_start.py checks that they match the editor's actions.
EDITOR_MENU_ENTRIES: tuple[
    tuple[str, str, QKeySequence.StandardKey | tuple[str, ...], str], ...
] = (
    ("undo_action", "&Undo", QKeySequence.StandardKey.Undo, ""),
    ("redo_action", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), ""),
    ("next_section_action", "&Next section", ("Ctrl+PgDown",), ""),
    ("previous_section_action", "&Previous section", ("Ctrl+PgUp",), ""),
    (
        "save_action",
        "&Save a version",
        ("Ctrl+S",),
        "Keep this state as a version in the history (drafts are saved automatically)",
    ),
    (
        "agree_action",
        "Mark as a&greed",
        ("Ctrl+Shift+G",),
        "The client has agreed: freeze this version's words, with the date and time",
    ),
    (
        "withdraw_action",
        "&Withdraw assignment…",
        (),
        "Hide a mistaken assignment from the list; it is kept with the reason",
    ),
    (
        "duplicate_action",
        "&Duplicate for next week",
        ("Ctrl+D",),
        "Start a new draft from this one, reviewed a week later",
    ),
    (
        "save_template_action",
        "Save as &my template…",
        (),
        "Keep this plan as your own template for other clients",
    ),
    ("close_action", "&Close assignment", ("Ctrl+W",), ""),
    (
        "next_blank_action",
        "Next &blank to fill in",
        ("F3",),
        "Select the next [ ] part of a template, which only the client can say",
    ),
)


class MainWindow(QMainWindow):
    client_changed = Signal(str)  # the selected client's code ("" for none)
    # The editor's `loaded` (assignment id, "" when cleared), for listeners that must not build
    # the editor just to connect to it.
    editor_loaded = Signal(str)
    editor_created = Signal(object)  # the AssignmentEditor, once built
    CLIENT_LIST_LIMIT = 300  # clients listed at once; more letters narrow the search

    def __init__(self, store: Store, data_folder: Path) -> None:
        super().__init__()
        self.store = store
        self.data_folder = data_folder
        self._editor: AssignmentEditor | None = None
        self._editor_standins: list[tuple[QAction, str]] = []
        self.setWindowTitle(APP_NAME)
        self.app_settings = load_settings(paths.settings_path(data_folder))
        self._settings = QSettings(str(paths.gui_state_path()), QSettings.Format.IniFormat)
        self._build_ui()
        self._create_actions()
        self._connect_signals()
        install_focus_ring(self)
        self._install_features()
        self._restore_state()
        self.refresh_clients()
        self.statusBar().showMessage(f"Data folder: {data_folder}", 5000)
        self.warm_up = WarmUp(self)  # starts once the window is shown

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not getattr(self, "_docks_checked", True):
            # After the first layout pass, when the docks have their real widths.
            QTimer.singleShot(0, self._check_docks)
        self.warm_up.start()

    def _install_features(self) -> None:
        """The handout preview and the review/progress docks, as tabs on the right."""
        from PySide6.QtWidgets import QScrollArea

        from .output_features import install_output_features
        from .review.integration import install_review_features

        output = install_output_features(self)
        review = install_review_features(self)
        review.review_dock.setWindowTitle("Review")
        char = self.fontMetrics().averageCharWidth()
        for dock in (output.dock, review.review_dock, review.progress_dock):
            dock.setMinimumWidth(char * 20)  # dragged narrower it is a sliver nobody can read
            # The forms scroll inside their docks rather than force the window wider: at 200%
            # text the editor beside them must still fit without sideways scrolling.
            inner = dock.widget()
            if not isinstance(inner, QScrollArea):
                area = QScrollArea()
                area.setWidgetResizable(True)
                area.setFrameShape(QScrollArea.Shape.NoFrame)
                area.setWidget(inner)
                dock.setWidget(area)
        self.tabifyDockWidget(review.review_dock, output.dock)
        self.tabifyDockWidget(review.review_dock, review.progress_dock)
        output.dock.raise_()
        # Help last, as everywhere: the features add their menus after it.
        self.menuBar().removeAction(self.help_menu.menuAction())
        self.menuBar().addAction(self.help_menu.menuAction())
        # About a third of the window: the form and the coach keep the larger part.
        self.resizeDocks([output.dock], [self.width() * 32 // 100], Qt.Orientation.Horizontal)
        review.when_form_built(self._connect_review_form)
        # Reviewing or looking at progress needs the dock's whole form; the list beside it can
        # give up the room (never more than half the window).
        review.review_action.triggered.connect(lambda: self._make_room(review.review_dock))
        review.progress_action.triggered.connect(lambda: self._make_room(review.progress_dock))

    def _make_room(self, dock) -> None:
        inner = dock.widget()
        content = inner.widget() if hasattr(inner, "widget") and inner.widget() else inner
        scrollbar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        wanted = content.sizeHint().width() + scrollbar + 8
        width = min(max(dock.width(), wanted), self.width() // 2)
        self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    def _connect_review_form(self, form) -> None:
        form.next_assignment_created.connect(lambda a: self.open_assignment(a.id))
        form.saved.connect(self._on_review_saved)

    def _on_review_saved(self, review: Review) -> None:
        if self._editing() and getattr(review, "assignment_id", None) == self.editor.current_id:
            self.editor.set_last_review(review)

    # ---- the editor, built on first use --------------------------------------------------
    @property
    def editor(self) -> AssignmentEditor:
        """The assignment editor. It is built when first needed (the first assignment opened):
        its form, coach and their modules are a large part of the start-up time."""
        if self._editor is None:
            self._build_editor()
        return self._editor  # type: ignore[return-value]

    def built_editor(self) -> AssignmentEditor | None:
        """The editor if it has been built (never builds it)."""
        return self._editor

    def _editing(self) -> bool:
        return self._editor is not None and self._editor.has_assignment()

    def _build_editor(self) -> None:
        from .editor import AssignmentEditor

        autosave_ms = int(min(self.app_settings.autosave_seconds, 2.0) * 1000)
        editor = AssignmentEditor(self.store, autosave_ms=autosave_ms)
        self._editor = editor
        # The editor replaces the list while an assignment is open. Its own splitter
        # (editor.splitter: form | coach) takes further panes via editor.add_side_panel().
        self.right_stack.addWidget(editor)
        for standin, name in self._editor_standins:
            for menu in standin.associatedObjects():
                if isinstance(menu, QWidget):  # a menu or a tool bar
                    menu.insertAction(standin, getattr(editor, name))
                    menu.removeAction(standin)
            standin.deleteLater()
        self._editor_standins = []
        editor.status_message.connect(self.statusBar().showMessage)
        editor.saved.connect(self._on_editor_saved)
        editor.loaded.connect(self._on_editor_loaded)
        editor.loaded.connect(self.editor_loaded)
        self.editor_created.emit(editor)

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
        self.add_client_button = QPushButton("A&dd client…")
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
        self.edit_client_button = QPushButton("Ed&it client…")
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
        for column in range(1, len(AssignmentTableModel.HEADERS)):
            self.assignment_view.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        # Size those columns from the first 100 rows, not every row (Qt's default is 1000):
        # a client with hundreds of assignments otherwise takes over 100 ms to show.
        self.assignment_view.horizontalHeader().setResizeContentsPrecision(100)
        self.assignment_view.setAlternatingRowColors(True)
        self.new_assignment_button = QPushButton("New assi&gnment… (Ctrl+N)")
        self.open_hint = QLabel("Enter or double-click opens the selected assignment.")
        self.open_hint.setWordWrap(True)
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.new_assignment_button)
        actions_row.addWidget(self.open_hint, 1)
        self.right = QWidget()
        right_layout = QVBoxLayout(self.right)
        right_layout.addLayout(head)
        right_layout.addWidget(self.client_details)
        right_layout.addLayout(actions_row)
        right_layout.addWidget(self.assignment_view, 1)

        self.right_stack = QStackedWidget()  # the editor is added when first built
        self.right_stack.addWidget(self.right)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right_stack)
        self.splitter.setStretchFactor(1, 3)
        self.setCentralWidget(self.splitter)
        self._default_splitter()

    # The first-run size: a laptop screen's worth, never more than the screen there is.
    FIRST_RUN_SIZE = (1400, 900)

    def _default_splitter(self) -> None:
        # A narrow client list by default: the editor needs the room (the user can drag it).
        char = self.fontMetrics().averageCharWidth()
        self.splitter.setSizes([char * 26, char * 150])

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot,
        tip: str = "",
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
            "A&dd client…", "Ctrl+Shift+N", self.add_client, "Add a client with a pseudonymous code"
        )
        self.edit_client_action = self._action("&Edit client…", "Ctrl+Shift+E", self.edit_client)
        self.archive_client_action = self._action(
            "Arc&hive client",
            "Ctrl+Shift+A",
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
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts",
            "F1",
            self.show_shortcuts,
            "Every action and its keys",
        )
        self.new_assignment_action = self._action(
            "&New assignment…",
            QKeySequence.StandardKey.New,
            self.new_assignment,
            "Start an assignment for this client from a template or blank",
        )
        self.open_assignment_action = self._action(
            "&Open assignment", None, self.open_selected_assignment
        )
        self.fill_template_action = self._action(
            "&Fill empty fields from a template…",
            None,
            self.fill_from_template,
            "Copy a template's generic parts into the empty fields (can be undone)",
        )
        self.homework_audit_action = self._action(
            "Homework a&udit…",
            None,
            self.homework_audit,
            "Agreed, Beck's a-d, reviewed on time and completion, per client, over a period",
        )
        ed = self._editor_menu_entries()

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
        self.client_menu.addSeparator()
        self.client_menu.addAction(self.homework_audit_action)
        self.edit_menu = menu.addMenu("&Edit")
        self.edit_menu.addAction(ed["undo_action"])
        self.edit_menu.addAction(ed["redo_action"])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(ed["next_section_action"])
        self.edit_menu.addAction(ed["previous_section_action"])
        self.edit_menu.addAction(ed["next_blank_action"])
        self.assignment_menu = menu.addMenu("&Assignment")
        for a in (self.new_assignment_action, self.open_assignment_action):
            self.assignment_menu.addAction(a)
        self.assignment_menu.addSeparator()
        for name in ("save_action", "agree_action", "duplicate_action"):
            self.assignment_menu.addAction(ed[name])
        self.assignment_menu.addSeparator()
        self.assignment_menu.addAction(self.fill_template_action)
        self.assignment_menu.addAction(ed["save_template_action"])
        self.assignment_menu.addSeparator()
        self.assignment_menu.addAction(ed["withdraw_action"])
        self.assignment_menu.addAction(ed["close_action"])
        self.help_menu = menu.addMenu("&Help")
        self.help_menu.addAction(self.shortcuts_action)
        self.help_menu.addAction(self.about_action)

    def _editor_menu_entries(self) -> dict[str, QAction]:
        """The editor's actions if it exists, else disabled stand-ins that it replaces."""
        if self._editor is not None:
            return {name: getattr(self._editor, name) for name, *_ in EDITOR_MENU_ENTRIES}
        entries = {}
        for name, text, keys, tip in EDITOR_MENU_ENTRIES:
            standin = QAction(text, self)
            if isinstance(keys, QKeySequence.StandardKey):
                standin.setShortcuts(keys)
            else:
                standin.setShortcuts([QKeySequence(k) for k in keys])
            standin.setStatusTip(tip)
            standin.setEnabled(False)
            self._editor_standins.append((standin, name))
            entries[name] = standin
        return entries

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self.refresh_clients)
        self.client_view.selectionModel().currentChanged.connect(self._on_current_client)
        self.add_client_button.clicked.connect(self.add_client)
        self.edit_client_button.clicked.connect(self.edit_client)
        self.search_edit.returnPressed.connect(self._focus_first_client)
        self.new_assignment_button.clicked.connect(self.new_assignment)
        self.assignment_view.activated.connect(self.open_selected_assignment)
        self.assignment_view.doubleClicked.connect(self.open_selected_assignment)

    # ---- state ---------------------------------------------------------------------------
    def _restore_state(self) -> None:
        """Geometry, splitter and docks from the last session, each checked against this
        screen: a session at another scale must not leave the window off-screen or a pane
        squeezed to a sliver."""
        geometry = self._settings.value("main/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            clamp_to_screen(self)
        else:
            clamp_to_screen(self, QSize(*self.FIRST_RUN_SIZE))
        splitter = self._settings.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
            char = self.fontMetrics().averageCharWidth()
            if not splitter_ok(self.splitter, char * 12):
                self._default_splitter()
        docks = self._settings.value("main/state")
        if isinstance(docks, QByteArray):
            self.restoreState(docks)
        self._docks_checked = False

    def _check_docks(self) -> None:
        """Once shown (dock sizes are known then): a dock restored narrower than it can be
        read gets its default third of the window back."""
        self._docks_checked = True
        char = self.fontMetrics().averageCharWidth()
        thin = [
            d
            for d in self.findChildren(QDockWidget)
            if d.isVisible() and not d.isFloating() and d.width() < char * 24
        ]
        if thin:
            self.resizeDocks(
                thin, [self.width() * 32 // 100] * len(thin), Qt.Orientation.Horizontal
            )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._editor is not None and not self._editor.flush():
            answer = QMessageBox.question(
                self,
                "Not saved",
                f"{self.editor.save_error}\n\nClose anyway and lose the unsaved changes?",
                QMessageBox.StandardButton.Close | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Close:
                event.ignore()
                return
        self._settings.setValue("main/geometry", self.saveGeometry())
        self._settings.setValue("main/splitter", self.splitter.saveState())
        self._settings.setValue("main/state", self.saveState())
        self._settings.sync()
        super().closeEvent(event)

    # ---- clients -------------------------------------------------------------------------
    # The list holds ClientSummary rows (no validating model: listing and selecting clients is
    # what every start does); current_client() reads the full Client when one is needed.
    def current_summary(self) -> ClientSummary | None:
        return self.client_model.client_at(self.client_view.currentIndex().row())

    def current_client_code(self) -> str | None:
        summary = self.current_summary()
        return summary.code if summary is not None else None

    def current_client(self) -> Client | None:
        code = self.current_client_code()
        return self.store.get_client(code) if code is not None else None

    def refresh_clients(self, *_: object, select: str | None = None) -> None:
        keep = select or self.current_client_code()
        include_archived = self.show_archived_action.isChecked()
        # A service-wide store can hold thousands of clients: list the first few hundred matches
        # (so each keystroke stays well under 100 ms) and ask for more letters to find others.
        clients = self.store.list_client_summaries(
            self.search_edit.text(),
            include_archived=include_archived,
            limit=self.CLIENT_LIST_LIMIT + 1,
        )
        more = len(clients) > self.CLIENT_LIST_LIMIT
        del clients[self.CLIENT_LIST_LIMIT :]
        if select and all(c.code != select for c in clients):
            chosen = self.store.get_client_summary(select)  # just added or imported: show it
            if chosen is not None and (include_archived or not chosen.archived):
                clients.append(chosen)
        self.client_model.set_clients(clients)
        if not clients:
            self.empty_label.setText(
                "No client matches this search."
                if self.search_edit.text().strip()
                else "No clients yet. Add one with a code such as HP-0001 (no real names)."
            )
            self.empty_label.show()
        elif more:
            self.empty_label.setText(
                f"Showing the first {self.CLIENT_LIST_LIMIT} clients. Type part of a code or "
                "name to find the others."
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

    def select_client(self, code: str) -> bool:
        """Show this client in the list (clearing the search; archived ones shown if need be)."""
        summary = self.store.get_client_summary(code)
        if summary is None:
            return False
        if summary.archived:
            self.show_archived_action.setChecked(True)
        self.search_edit.clear()
        self.refresh_clients(select=code)
        self.client_view.setFocus()
        return self.current_client_code() == code

    def homework_audit(self) -> None:
        from .dialogs.homework_audit_dialog import HomeworkAuditDialog

        code = HomeworkAuditDialog.choose_client(self, self.store, self.app_settings)
        if code is not None:
            self.select_client(code)

    def _on_current_client(self, *_: object) -> None:
        client = self.current_summary()
        code = client.code if client is not None else None
        if self._editing() and self.editor.client_code != code:
            # Switching client: save first, then show the new client's list.
            self.editor.close_assignment()
        self._show_client(client)

    def _show_client(self, client: ClientSummary | None) -> None:
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
        extras = [SIZE_LABELS[client.size]]
        if client.background == "cream":
            extras.append("cream paper")
        if client.easy_read:
            extras.append("easy read")
        if client.archived:
            extras.append("archived")
        self.client_details.setText("Handouts: " + ", ".join(extras))
        self.archive_client_action.setText(
            "Unarc&hive client" if client.archived else "Arc&hive client"
        )
        self.refresh_assignments()
        self.client_changed.emit(client.code)

    def refresh_assignments(self, select: str | None = None) -> None:
        code = self.current_client_code()
        keep = select or self._selected_assignment_id()
        self.assignment_model.set_rows(self.store.list_assignments(code) if code else [])
        row = self.assignment_model.row_of(keep) if keep else -1
        if row < 0 and self.assignment_model.rowCount():
            row = 0
        if row >= 0:
            self.assignment_view.selectRow(row)
        self.new_assignment_action.setEnabled(code is not None)
        self.new_assignment_button.setEnabled(code is not None)

    # ---- assignments ---------------------------------------------------------------------
    def _selected_assignment_id(self) -> str | None:
        s = self.assignment_model.summary_at(self.assignment_view.currentIndex().row())
        return s.id if s else None

    def open_selected_assignment(self, *_: object) -> None:
        aid = self._selected_assignment_id()
        if aid is not None:
            self.open_assignment(aid)

    def open_assignment(self, assignment_id: str) -> bool:
        if (
            self._editor is not None
            and self._editor.current_id == assignment_id
            and self.right_stack.currentWidget() is self._editor
        ):
            return True
        if not self.editor.flush():
            return False
        a = self.store.get_assignment(assignment_id)
        if a is None:
            self.statusBar().showMessage("That assignment is no longer in the store.", 6000)
            self.refresh_assignments()
            return False
        reviews = self.store.list_reviews(assignment_id=assignment_id)
        self.editor.load(a, reviews[-1] if reviews else None)
        self.right_stack.setCurrentWidget(self.editor)
        self.editor.focus_field("title")
        return True

    def new_assignment(self) -> None:
        code = self.current_client_code()
        if code is None:
            self.statusBar().showMessage("Choose or add a client first.", 6000)
            return
        if self._editor is not None and not self._editor.flush():
            return
        from .dialogs.template_dialog import TemplateDialog

        choice = TemplateDialog.choose(self, self.store)
        if choice is None:
            return
        a = choice.make(code)
        if not self._save_new(a):
            return
        self.open_assignment(a.id)
        if choice.is_blank:
            self.editor.focus_field("title")
        else:
            self.editor.focus_first_gap()
        self.statusBar().showMessage(
            "New assignment. The coach on the right lists what still needs the client's details.",
            8000,
        )

    def _save_new(self, a: Assignment) -> bool:
        from ..workflows.assignments import create_draft
        from ..workflows.errors import WorkflowError

        try:
            create_draft(self.store, a)
        except (StoreError, WorkflowError) as exc:
            QMessageBox.warning(self, "Assignment not created", str(exc))
            return False
        self.refresh_assignments()
        return True

    def fill_from_template(self) -> None:
        code = self.current_client_code()
        if code is None or not self._editing():
            self.statusBar().showMessage("Open an assignment first.", 6000)
            return
        from .dialogs.template_dialog import TemplateDialog

        choice = TemplateDialog.choose(
            self, self.store, include_blank=False, title="Fill empty fields from a template"
        )
        if choice is not None:
            self.editor.apply_generic(choice.make(code), choice.label.split(" — ")[0])

    def _on_editor_saved(self, assignment_id: str) -> None:
        if self.current_client_code() is not None:
            self.refresh_assignments(select=assignment_id)

    def _on_editor_loaded(self, assignment_id: str) -> None:
        if not assignment_id:
            self.right_stack.setCurrentWidget(self.right)
            self.refresh_assignments()
            self.assignment_view.setFocus()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _focus_first_client(self) -> None:
        if self.client_model.rowCount():
            self.client_view.setFocus()

    def add_client(self) -> None:
        from .dialogs.client_dialog import ClientDialog

        existing = self.store.client_codes()  # a few ms even with 10,000 clients
        client = ClientDialog.get_client(self, taken_codes=existing)
        if client is None:
            return
        from ..workflows.clients import add_client
        from ..workflows.errors import WorkflowError

        try:
            add_client(self.store, client)
        except (StoreError, WorkflowError) as exc:
            QMessageBox.warning(self, "Client not added", str(exc))
            return
        self.search_edit.clear()
        self.refresh_clients(select=client.code)
        self.statusBar().showMessage(f"Added client {client.code}", 5000)

    def edit_client(self) -> None:
        from .dialogs.client_dialog import ClientDialog

        current = self.current_client()
        if current is None:
            return
        client = ClientDialog.get_client(self, client=current)
        if client is None:
            return
        from ..workflows.clients import update_client
        from ..workflows.errors import WorkflowError

        client = client.model_copy(update={"archived": current.archived})
        try:
            update_client(self.store, client)
        except (StoreError, WorkflowError) as exc:
            QMessageBox.warning(self, "Client not saved", str(exc))
            return
        self.refresh_clients(select=client.code)
        self.statusBar().showMessage(f"Saved client {client.code}", 5000)

    def toggle_archive(self) -> None:
        client = self.current_summary()
        if client is None:
            return
        from ..workflows.clients import set_archived
        from ..workflows.errors import WorkflowError

        try:
            set_archived(self.store, client.code, not client.archived)
        except (StoreError, WorkflowError) as exc:
            QMessageBox.warning(self, "Client not changed", str(exc))
            return
        verb = "Unarchived" if client.archived else "Archived"
        self.refresh_clients()
        self.statusBar().showMessage(
            f"{verb} {client.code}"
            + ("" if client.archived else " (Client ▸ Show archived clients to see it)"),
            8000,
        )

    # ---- files ---------------------------------------------------------------------------
    def import_file(self) -> None:
        from ..workflows.errors import WorkflowError
        from ..workflows.interchange import import_file
        from .handout_panel import last_folder, remember_folder

        path, _ = QFileDialog.getOpenFileName(
            self, "Import", str(last_folder()), "JSON files (*.json)"
        )
        if not path:
            return
        remember_folder(Path(path))
        try:
            result = import_file(self.store, path)
        except (WorkflowError, StoreError) as exc:
            QMessageBox.warning(self, "Nothing was imported", str(exc))
            return
        self.refresh_clients(select=result.client_code)
        self.statusBar().showMessage(result.describe(), 8000)

    def export_client(self) -> None:
        from ..workflows.errors import WorkflowError
        from ..workflows.interchange import export_client

        code = self.current_client_code()
        if code is None:
            return
        from .handout_panel import last_folder, remember_folder

        default = str(last_folder() / f"client-file-{code}.json")
        path, _ = QFileDialog.getSaveFileName(self, "Export client", default, "JSON files (*.json)")
        if not path:
            return
        remember_folder(Path(path))
        try:
            cf = export_client(self.store, code, path)
        except (WorkflowError, StoreError) as exc:
            QMessageBox.warning(self, "Not exported", str(exc))
            return
        self.statusBar().showMessage(f"Exported {len(cf.assignments)} assignments to {path}", 8000)

    def show_shortcuts(self) -> None:
        from .dialogs.shortcuts_dialog import ShortcutsDialog

        self.editor  # noqa: B018 - built now so that its own actions are listed, not stand-ins
        ShortcutsDialog.show_for(self)

    def about(self) -> None:
        from .. import __version__

        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>Write clear, specific CBT homework in session, "
            "print it for the client, and review it next time.<br><br>"
            f"Data folder: {self.data_folder}",
        )
