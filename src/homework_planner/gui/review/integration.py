"""Adds Review, Progress and Trainer mode to the main window through its public attributes only."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QMessageBox

from ...domain.models import Assignment
from .progress_panel import ProgressPanel
from .review_form import ReviewForm

log = logging.getLogger(__name__)


@dataclass
class ReviewFeatures:
    """What install_review_features added, for tests and for the integrator to reach."""

    review_form: ReviewForm
    review_dock: QDockWidget
    progress_panel: ProgressPanel
    progress_dock: QDockWidget
    menu: QMenu
    review_action: QAction
    progress_action: QAction
    copy_summary_action: QAction
    trainer_action: QAction
    trainer_window: Any = None  # TrainerWindow, made on first use
    close_guard: Any = None

    def open_trainer(self) -> None:
        from ..trainer_window import TrainerWindow

        if self.trainer_window is None:
            self.trainer_window = TrainerWindow()
        self.trainer_window.show()
        self.trainer_window.raise_()
        self.trainer_window.activateWindow()


class _CloseGuard(QObject):
    """Asks before the window closes with a review typed but not saved."""

    def __init__(self, window: QMainWindow, form: ReviewForm) -> None:
        super().__init__(window)
        self.window = window
        self.form = form

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        closing = obj is self.window and event.type() == QEvent.Type.Close
        if closing and self.form.has_unsaved_changes() and not self.confirm():
            event.ignore()
            return True
        return False

    def confirm(self) -> bool:
        """True when the window may close."""
        answer = QMessageBox.question(
            self.window,
            "Review not saved",
            "The review you were typing is not saved yet. Save it before closing?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.form.save() is not None  # e.g. no completion chosen: stay open
        return answer == QMessageBox.StandardButton.Discard


def install_review_features(window: QMainWindow) -> ReviewFeatures:
    """Add the Review and Progress docks and a Review menu (with Trainer mode) to `window`.

    Uses only window.store, window.current_client(), window.client_changed(str),
    window.menuBar(), window.statusBar() and window.refresh_assignments(). Calling it twice
    returns the features already installed.
    """
    existing = getattr(window, "review_features", None)
    if isinstance(existing, ReviewFeatures):
        return existing

    form = ReviewForm(window.store)
    review_dock = QDockWidget("Review last week's homework", window)
    review_dock.setObjectName("reviewDock")
    review_dock.setWidget(form)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, review_dock)

    panel = ProgressPanel(window.store)
    progress_dock = QDockWidget("Progress", window)
    progress_dock.setObjectName("progressDock")
    progress_dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, progress_dock)
    window.tabifyDockWidget(review_dock, progress_dock)
    review_dock.raise_()

    menu = window.menuBar().addMenu("&Review")
    review_action = QAction("&Review homework due", window)
    review_action.setShortcut(QKeySequence("Ctrl+R"))
    review_action.setStatusTip("Open the review of the homework due, for the selected client")
    progress_action = QAction("Show &progress", window)
    progress_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
    copy_action = QAction("&Copy progress summary for the notes", window)
    copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
    trainer_action = QAction("&Trainer mode (invented examples)", window)
    trainer_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
    trainer_action.setStatusTip("Poor, better and good homework side by side; opens no client data")
    for a in (review_action, progress_action, copy_action):
        menu.addAction(a)
    menu.addSeparator()
    menu.addAction(trainer_action)
    menu.addSeparator()
    menu.addAction(review_dock.toggleViewAction())
    menu.addAction(progress_dock.toggleViewAction())

    features = ReviewFeatures(
        form,
        review_dock,
        panel,
        progress_dock,
        menu,
        review_action,
        progress_action,
        copy_action,
        trainer_action,
    )
    window.review_features = features  # type: ignore[attr-defined]
    features.close_guard = _CloseGuard(window, form)
    window.installEventFilter(features.close_guard)

    def client_code() -> str:
        client = window.current_client()
        return client.code if client is not None else ""

    def on_client(code: str) -> None:
        form.set_client(code)
        panel.set_client(code)

    def show_review() -> None:
        review_dock.show()
        review_dock.raise_()
        if form.assignment is None:
            window.statusBar().showMessage(
                "No homework to review for this client yet."
                if client_code()
                else "Choose a client first.",
                6000,
            )
            return
        form.completion.buttons[form.completion.value() or 0].setFocus()

    def show_progress() -> None:
        progress_dock.show()
        progress_dock.raise_()

    def after_save(*_: object) -> None:
        window.refresh_assignments()
        panel.refresh()

    def after_next(a: Assignment) -> None:
        window.refresh_assignments()
        panel.refresh()

    def copied(text: str) -> None:
        window.statusBar().showMessage("Progress summary copied; paste it into the notes.", 6000)

    window.client_changed.connect(on_client)
    form.saved.connect(after_save)
    form.next_assignment_created.connect(after_next)
    form.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    panel.summary_copied.connect(copied)
    review_action.triggered.connect(show_review)
    progress_action.triggered.connect(show_progress)
    copy_action.triggered.connect(panel.copy_summary)
    trainer_action.triggered.connect(features.open_trainer)
    on_client(client_code())
    return features
