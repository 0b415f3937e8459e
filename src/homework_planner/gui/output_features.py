"""Wires the handout preview, the Handout menu, the clinical record and Preferences into the window."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu

from .handout_panel import HandoutPanel, last_folder, remember_folder

if TYPE_CHECKING:
    from ..domain.models import Assignment
    from .main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass
class OutputFeatures:
    panel: HandoutPanel
    dock: QDockWidget
    menu: QMenu
    print_action: QAction
    save_pdf_action: QAction
    save_sheet_action: QAction
    print_sheet_action: QAction
    save_reminder_action: QAction
    copy_note_action: QAction
    save_record_action: QAction
    save_client_record_action: QAction
    preferences_action: QAction


def record_pdf_for(window, a: Assignment) -> bytes:
    """The clinical record of `a` as stored: agreed words, amendments, findings, progress."""
    from ..workflows.records import record_pdf

    return record_pdf(window.store, a.id, window.app_settings)


def install_output_features(window: MainWindow) -> OutputFeatures:
    """Add the "Handout preview" dock, a Handout menu and File ▸ Preferences to `window`.

    The preview follows the editor: editor.assignment_changed re-renders it (debounced by the
    panel), editor.loaded("") clears it. Every action works on the assignment open in the editor.
    The editor is built on first use (window.editor_created): until then nothing is open.
    """
    existing = getattr(window, "output_features", None)
    if isinstance(existing, OutputFeatures):
        return existing
    panel = HandoutPanel()
    dock = QDockWidget("Handout preview", window)
    dock.setObjectName("handoutDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)

    def action(text: str, shortcut: str | None, slot, tip: str) -> QAction:
        a = QAction(text, window)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.setStatusTip(tip)
        a.triggered.connect(slot)
        return a

    def open_editor():
        """The editor when an assignment is open in it (None: nothing open, or no editor yet)."""
        editor = window.built_editor()
        return editor if editor is not None and editor.has_assignment() else None

    def need_assignment() -> Assignment | None:
        editor = open_editor()
        if editor is None:
            window.statusBar().showMessage("Open an assignment first (Enter on the list).", 6000)
            return None
        editor.flush()
        return editor.to_assignment()

    def note_from_store() -> str:
        """Copy note: flushed first, then built from the store like `record --id ID --text`."""
        from ..workflows.records import note_text

        editor = open_editor()
        if editor is None:
            return ""
        editor.flush()
        return note_text(window.store, editor.current_id)

    panel.note_source = note_from_store

    def run(slot):
        def go() -> None:
            if need_assignment() is not None:
                dock.show()
                slot()

        return go

    def save_pdf(title: str, name: str, make: Callable[[], bytes]) -> Path | None:
        """Ask where, build the PDF (a workflow), write it atomically; every problem said."""
        from ..fileio import write_atomic
        from ..workflows.errors import WorkflowError

        default = str(last_folder() / name)
        path, _ = QFileDialog.getSaveFileName(window, title, default, "PDF files (*.pdf)")
        if not path:
            return None
        target = Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")
        try:
            write_atomic(target, make())
            remember_folder(target)
        except WorkflowError as exc:
            window.statusBar().showMessage(f"No record saved: {exc}", 10000)
            return None
        except OSError as exc:
            window.statusBar().showMessage(
                f"Could not save {target.name}: {exc.strerror}. Choose another folder.", 10000
            )
            return None
        return target

    def save_record() -> None:
        a = need_assignment()
        if a is None:
            return
        day = a.created.date().isoformat()
        target = save_pdf(
            "Save clinical record",
            f"clinical-record-{a.client_code}-{day}.pdf",
            lambda: record_pdf_for(window, a),
        )
        if target is None:
            return
        from ..output.fonts import describe_unprintable, unprintable
        from ..workflows.records import note_text

        missing = unprintable(note_text(window.store, a.id))
        extra = (
            " These characters cannot be printed and show as \ufffd or are left out: "
            f"{describe_unprintable(missing)}."
            if missing
            else ""
        )
        window.statusBar().showMessage(f"Saved the clinical record to {target}.{extra}", 15000)

    def save_client_record() -> None:
        """Every assignment of the selected client, for the notes or a supervisor."""
        from ..workflows.records import client_record_pdf

        code = window.current_client_code()
        if code is None:
            window.statusBar().showMessage("Choose a client first.", 6000)
            return
        editor = open_editor()
        if editor is not None:
            editor.flush()
        target = save_pdf(
            "Save the client's homework record",
            f"homework-record-{code}.pdf",
            lambda: client_record_pdf(window.store, code, window.app_settings),
        )
        if target is not None:
            window.statusBar().showMessage(f"Saved the client's homework record to {target}.", 8000)

    def preferences() -> None:
        from .. import paths
        from ..storage.settings_file import save_settings
        from .dialogs.preferences_dialog import PreferencesDialog
        from .safety import manage_protection

        new = PreferencesDialog.edit(
            window,
            window.app_settings,
            protection=lambda: manage_protection(window, window.store),
            is_protected=lambda: window.store.is_protected,
        )
        if new is None:
            return
        try:
            save_settings(paths.settings_path(window.data_folder), new)
        except OSError as exc:
            window.statusBar().showMessage(
                f"Preferences not saved: {exc.strerror}. They apply until you close the app.", 10000
            )
        window.app_settings = new
        safety = getattr(window, "safety", None)
        if safety is not None and hasattr(safety, "apply_settings"):
            safety.apply_settings(new)
        editor = open_editor()
        if editor is not None:
            follow(editor.to_assignment())
        window.statusBar().showMessage("Preferences saved.", 5000)

    features = OutputFeatures(
        panel=panel,
        dock=dock,
        menu=window.menuBar().addMenu("Hand&out"),
        print_action=action(
            "&Print handout…", "Ctrl+P", run(panel.print_handout), "Print the client's handout"
        ),
        save_pdf_action=action(
            "Save handout P&DF…",
            "Ctrl+Shift+S",
            run(panel.save_pdf),
            "Save the client's handout as a PDF",
        ),
        save_sheet_action=action(
            "Save &monitoring sheet…",
            None,
            run(panel.save_sheet),
            "A sheet with the columns to fill in each day",
        ),
        print_sheet_action=action(
            "Print monitoring shee&t…",
            None,
            run(panel.print_sheet),
            "Print the sheet with the columns to fill in each day",
        ),
        save_reminder_action=action(
            "Save &reminders (.ics)…",
            None,
            run(panel.save_reminder),
            "Practice times as a calendar file with a reminder",
        ),
        copy_note_action=action(
            "&Copy note for the records",
            "Ctrl+Shift+K",
            run(panel.copy_note),
            "The whole assignment and the coach's findings, as text",
        ),
        save_record_action=action(
            "Save clinical r&ecord PDF…",
            None,
            save_record,
            "What was agreed, its version, the findings and progress",
        ),
        save_client_record_action=action(
            "Save the client's &homework record…",
            None,
            save_client_record,
            "Every assignment of this client: agreed words, changes, withdrawals, reviews",
        ),
        preferences_action=action(
            "&Preferences…",
            "Ctrl+,",
            preferences,
            "Service details on the handout, auto-lock time, passphrase protection",
        ),
    )
    for a in (
        features.print_action,
        features.save_pdf_action,
        features.print_sheet_action,
        features.save_sheet_action,
        features.save_reminder_action,
    ):
        features.menu.addAction(a)
    features.menu.addSeparator()
    features.menu.addAction(features.copy_note_action)
    features.menu.addAction(features.save_record_action)
    features.menu.addAction(features.save_client_record_action)
    features.menu.addSeparator()
    features.menu.addAction(dock.toggleViewAction())
    file_menu = window.file_menu
    first = file_menu.actions()[0] if file_menu.actions() else None
    # before=None appends (Qt allows a null `before`; PySide6's stubs do not say so).
    file_menu.insertAction(first, features.preferences_action)  # type: ignore[arg-type]
    file_menu.insertSeparator(first)  # type: ignore[arg-type]

    def follow(a: Assignment) -> None:
        client = window.store.get_client(a.client_code)
        if client is not None:
            panel.set_assignment(
                a, client, window.app_settings, version=window.store.assignment_version(a.id)
            )

    def on_loaded(assignment_id: str) -> None:
        if not assignment_id:
            panel.clear()

    def connect_editor(editor) -> None:
        editor.assignment_changed.connect(follow)
        editor.loaded.connect(on_loaded)

    if window.built_editor() is not None:
        connect_editor(window.built_editor())
    else:
        window.editor_created.connect(connect_editor)
    panel.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    window.output_features = features  # type: ignore[attr-defined]
    return features
