"""Adds Review, Progress and Trainer mode to the main window through its public attributes only."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QMessageBox, QScrollArea, QWidget

if TYPE_CHECKING:  # built on first use: their modules (and the coach) load then
    from ..main_window import MainWindow
    from .progress_panel import ProgressPanel
    from .review_form import ReviewForm

log = logging.getLogger(__name__)


class ReviewFeatures:
    """What install_review_features added, for tests and for the integrator to reach.

    The review form and the progress panel are built when first needed (their dock is first
    shown, or the attribute is first used): the window starts without paying for them.
    Reading `progress_panel` brings it up to date with the selected client.
    """

    def __init__(
        self,
        window: MainWindow,
        review_dock: QDockWidget,
        progress_dock: QDockWidget,
        menu: QMenu,
        review_action: QAction,
        progress_action: QAction,
        copy_summary_action: QAction,
        trainer_action: QAction,
    ) -> None:
        self.window = window
        self.review_dock = review_dock
        self.progress_dock = progress_dock
        self.menu = menu
        self.review_action = review_action
        self.progress_action = progress_action
        self.copy_summary_action = copy_summary_action
        self.trainer_action = trainer_action
        self.trainer_window: Any = None  # TrainerWindow, made on first use
        self.close_guard: Any = None
        self._form: ReviewForm | None = None
        self._panel: ProgressPanel | None = None
        self._form_hooks: list[Callable[[ReviewForm], None]] = []

    @property
    def review_form(self) -> ReviewForm:
        if self._form is None:
            self._form = _build_form(self)
            for hook in self._form_hooks:
                hook(self._form)
        return self._form

    @property
    def progress_panel(self) -> ProgressPanel:
        if self._panel is None:
            self._panel = _build_panel(self)
        self._panel.ensure_current()
        return self._panel

    def built_form(self) -> ReviewForm | None:
        """The review form if it has been built (never builds it)."""
        return self._form

    def built_panel(self) -> ProgressPanel | None:
        """The progress panel if it has been built (never builds it)."""
        return self._panel

    def when_form_built(self, hook: Callable[[ReviewForm], None]) -> None:
        """Call `hook(form)` once the review form exists (at once if it does already)."""
        self._form_hooks.append(hook)
        if self._form is not None:
            hook(self._form)

    def client_code(self) -> str:
        code_of = getattr(self.window, "current_client_code", None)
        if callable(code_of):  # MainWindow: from the list's row, no model to build
            return code_of() or ""
        client = self.window.current_client()
        return client.code if client is not None else ""

    def open_trainer(self) -> None:
        from ..trainer_window import TrainerWindow

        if self.trainer_window is None:
            self.trainer_window = TrainerWindow()
        self.trainer_window.show()
        self.trainer_window.raise_()
        self.trainer_window.activateWindow()


def _scroll_area() -> QScrollArea:
    # The forms scroll inside their docks rather than force the window wider: at 200% text
    # the editor beside them must still fit without sideways scrolling.
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def _put_in_dock(dock: QDockWidget, widget: QWidget) -> None:
    area = dock.widget()
    assert isinstance(area, QScrollArea)
    area.setWidget(widget)
    widget.show()  # a scroll area that is already visible does not show a new widget itself


def _build_form(features: ReviewFeatures) -> ReviewForm:
    from .review_form import ReviewForm

    window = features.window
    form = ReviewForm(window.store)
    _put_in_dock(features.review_dock, form)

    def after_save(*_: object) -> None:
        window.refresh_assignments()
        panel = features.built_panel()
        if panel is not None:
            panel.refresh()

    form.saved.connect(after_save)
    form.next_assignment_created.connect(after_save)
    form.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    form.set_client(features.client_code())
    return form


def _build_panel(features: ReviewFeatures) -> ProgressPanel:
    from .progress_panel import ProgressPanel

    window = features.window
    panel = ProgressPanel(window.store)
    panel.summary_copied.connect(
        lambda _text: window.statusBar().showMessage(
            "Progress summary copied; paste it into the notes.", 6000
        )
    )
    # Set before it is shown, so that its first paint is the selected client's progress.
    panel.set_client(features.client_code())
    _put_in_dock(features.progress_dock, panel)
    return panel


class _CloseGuard(QObject):
    """Asks before the window closes with a review typed but not saved."""

    def __init__(self, window: MainWindow, features: ReviewFeatures) -> None:
        super().__init__(window)
        self.window = window
        self.features = features

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        closing = obj is self.window and event.type() == QEvent.Type.Close
        form = self.features.built_form()  # a form never built holds nothing typed
        if closing and form is not None and form.has_unsaved_changes() and not self.confirm(form):
            event.ignore()
            return True
        return False

    def confirm(self, form: ReviewForm) -> bool:
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
            return form.save() is not None  # e.g. no completion chosen: stay open
        return answer == QMessageBox.StandardButton.Discard


def install_review_features(window: MainWindow) -> ReviewFeatures:
    """Add the Review and Progress docks and a Review menu (with Trainer mode) to `window`.

    Uses only window.store, window.current_client_code() (else current_client()),
    window.client_changed(str), window.menuBar(), window.statusBar() and
    window.refresh_assignments(). Calling it twice returns the features already installed.
    """
    existing = getattr(window, "review_features", None)
    if isinstance(existing, ReviewFeatures):
        return existing

    review_dock = QDockWidget("Review last week's homework", window)
    review_dock.setObjectName("reviewDock")
    review_dock.setWidget(_scroll_area())
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, review_dock)

    progress_dock = QDockWidget("Progress", window)
    progress_dock.setObjectName("progressDock")
    progress_dock.setWidget(_scroll_area())
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
        window,
        review_dock,
        progress_dock,
        menu,
        review_action,
        progress_action,
        copy_action,
        trainer_action,
    )
    window.review_features = features  # type: ignore[attr-defined]
    features.close_guard = _CloseGuard(window, features)
    window.installEventFilter(features.close_guard)

    def on_client(code: str) -> None:
        # Only what has been built follows the client; the rest starts from the client then.
        form = features.built_form()
        if form is not None:
            form.set_client(code)
        panel = features.built_panel()
        if panel is not None:
            panel.set_client(code)  # loads now if shown, else when next shown

    def on_dock_shown(build: Callable[[], object]) -> Callable[[bool], None]:
        def shown(visible: bool) -> None:
            if visible:
                build()  # before the dock is painted, so it never shows empty

        return shown

    def show_review() -> None:
        review_dock.show()
        review_dock.raise_()
        form = features.review_form
        if form.assignment is None:
            window.statusBar().showMessage(
                "No homework to review for this client yet."
                if features.client_code()
                else "Choose a client first.",
                6000,
            )
            return
        form.completion.buttons[form.completion.value() or 0].setFocus()

    def show_progress() -> None:
        progress_dock.show()
        progress_dock.raise_()

    window.client_changed.connect(on_client)
    review_dock.visibilityChanged.connect(on_dock_shown(lambda: features.review_form))
    progress_dock.visibilityChanged.connect(on_dock_shown(lambda: features.progress_panel))
    review_action.triggered.connect(show_review)
    progress_action.triggered.connect(show_progress)
    copy_action.triggered.connect(lambda *_: features.progress_panel.copy_summary())
    trainer_action.triggered.connect(features.open_trainer)
    return features
