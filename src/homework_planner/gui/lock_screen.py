"""Auto-lock: after a set idle time the draft is saved and every window shows only a lock prompt."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME

log = logging.getLogger(__name__)

# Input that counts as "someone is using the app" and restarts the idle timer.
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}
# Input that must not reach the covered windows while locked (shortcuts included).
_BLOCKED = _ACTIVITY | {
    QEvent.Type.KeyRelease,
    QEvent.Type.Shortcut,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
}


class LockOverlay(QWidget):
    """An opaque cover over one window: a lock message and, on the main window, the prompt."""

    unlock_requested = Signal(str)  # the passphrase typed ("" when none is needed)

    def __init__(
        self, parent: QWidget, *, needs_passphrase: bool, with_prompt: bool, idle: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockOverlay")
        self.setAutoFillBackground(True)  # opaque: nothing underneath shows through
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel(f"{APP_NAME} is locked")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = QLabel(
            (
                "It locked itself after a while without use, so that no client's information "
                "stays on screen. Your work was saved."
            )
            if idle
            else "No client's information is on screen. Your work was saved."
        )
        self.explain.setWordWrap(True)
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passphrase_edit: QLineEdit | None = None
        self.error_label = QLabel()
        self.error_label.setObjectName("lockError")
        self.error_label.setWordWrap(True)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label.hide()
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(title)
        box.addWidget(self.explain)
        if with_prompt:
            row = QHBoxLayout()
            row.addStretch(1)
            if needs_passphrase:
                self.passphrase_edit = QLineEdit()
                self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
                self.passphrase_edit.setAccessibleName("Passphrase")
                self.passphrase_edit.setPlaceholderText("Passphrase")
                self.passphrase_edit.setMinimumWidth(260)
                self.passphrase_edit.returnPressed.connect(self._submit)
                row.addWidget(self.passphrase_edit)
            row.addWidget(self.unlock_button)
            row.addStretch(1)
            box.addLayout(row)
            box.addWidget(self.error_label)
            self.unlock_button.clicked.connect(self._submit)
        else:
            self.unlock_button.hide()
            self.explain.setText(self.explain.text() + " Unlock it in the main window.")
        box.addStretch(2)
        parent.installEventFilter(self)
        self.setGeometry(parent.rect())

    def _submit(self) -> None:
        text = self.passphrase_edit.text() if self.passphrase_edit is not None else ""
        self.unlock_requested.emit(text)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if self.passphrase_edit is not None:
            self.passphrase_edit.clear()
            self.passphrase_edit.setFocus()

    def focus_prompt(self) -> None:
        (self.passphrase_edit or self.unlock_button).setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        parent = self.parentWidget()
        if watched is parent and parent is not None and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
            self.raise_()
        return False


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)  # widgets exist only inside a QApplication
    return app


class AutoLock(QObject):
    """Locks after `minutes` without keyboard or mouse input (0: never), or on lock_now().

    On locking: every save hook runs first (the editor's flush), then each visible window's
    title becomes just the app name, the main window's contents, menus and status bar are
    hidden, and every window is covered. Unlocking needs the passphrase when the store has one
    (check_passphrase), otherwise a click.

    Activity is watched on the app's windows (the QWindow of the main window and of every
    window that gets the focus, dialogs included), which is where the keyboard and the mouse
    arrive. An application-wide event filter would see every event of every object, and in
    PySide6 its first events alone cost about 40 ms of start-up (the binding builds the Python
    types of the objects and events it is handed); so the application-wide filter is installed
    only while locked, to keep input and shortcuts from the covered windows.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        *,
        minutes: int = 5,
        check_passphrase: Callable[[str], bool] | None = None,
        save_hooks: list[Callable[[], object]] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.check_passphrase = check_passphrase
        self.save_hooks: list[Callable[[], object]] = list(save_hooks or [])
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self.lock_now(idle=True))
        self._overlays: list[LockOverlay] = []
        self._titles: dict[QWidget, str] = {}
        self._sizes: dict[QWidget, QSize] = {}
        self._hidden: list[QWidget] = []
        self._locked = False
        self.set_minutes(minutes)
        _app().focusWindowChanged.connect(self.watch)
        window.winId()  # its QWindow exists from now on, shown or not
        self.watch(window.windowHandle())

    def watch(self, window: QWindow | None) -> None:
        """Count keyboard and mouse input in this window as use (again: no effect)."""
        if window is not None:
            window.installEventFilter(self)  # Qt keeps one entry per filter

    # ---- settings ------------------------------------------------------------------------
    def set_minutes(self, minutes: int) -> None:
        self.minutes = max(0, int(minutes))
        self.timer.stop()
        if self.minutes and not self._locked:
            self.timer.start(self.minutes * 60_000)

    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def needs_passphrase(self) -> bool:
        return self.check_passphrase is not None

    # ---- activity ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if self._locked:
            # No shortcut, click or key reaches a covered widget. (Events on the QWindow
            # itself pass: Qt hands them on to a widget, where this filter sees them again.)
            # Shortcut events go to the QAction or QShortcut: blocked whatever receives them.
            # (While locked this filter is also the application's, so it sees all of them.)
            return (
                kind in _BLOCKED
                and (isinstance(watched, QWidget) or kind == QEvent.Type.Shortcut)
                and not self._inside_overlay(watched)
            )
        if kind in _ACTIVITY and self.minutes:
            self.timer.start(self.minutes * 60_000)
        return False

    def _inside_overlay(self, obj: QObject | None) -> bool:
        while obj is not None:
            if obj in self._overlays:
                return True
            obj = obj.parent()
        return False

    # ---- locking -------------------------------------------------------------------------
    def lock_now(self, *, idle: bool = False) -> None:
        if self._locked:
            return
        for hook in self.save_hooks:
            try:
                hook()
            except Exception:  # noqa: BLE001 - locking must happen even if a save fails
                log.exception("a save before locking failed")
        self._locked = True
        self.timer.stop()
        _app().installEventFilter(self)
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        if self.window not in windows:
            windows.append(self.window)
        for w in windows:
            self._titles[w] = w.windowTitle()
            w.setWindowTitle(APP_NAME)  # titles often carry a client's code
            if w is self.window:
                self._hide_contents(w)
            overlay = LockOverlay(
                w,
                needs_passphrase=self.needs_passphrase,
                with_prompt=self._prompt_here(w, windows),
                idle=idle,
            )
            overlay.unlock_requested.connect(self.try_unlock)
            # A small dialog grows enough for the prompt to fit (and shrinks back on unlock).
            self._sizes[w] = w.size()
            w.resize(w.size().expandedTo(overlay.minimumSizeHint()))
            overlay.setGeometry(w.rect())
            overlay.show()
            overlay.raise_()
            self._overlays.append(overlay)
        for overlay in self._overlays:
            if overlay.unlock_button.isVisible() or overlay.passphrase_edit is not None:
                overlay.focus_prompt()
        log.info("locked (%s)", "idle" if idle else "on request")
        self.locked.emit()

    def _prompt_here(self, w: QWidget, windows: list[QWidget]) -> bool:
        # A modal dialog blocks input to the main window: the prompt goes where input can go.
        modal = QApplication.activeModalWidget()
        if modal is not None and modal in windows:
            return w is modal
        return w is self.window

    def _hide_contents(self, w: QMainWindow) -> None:
        # Contents, menus, tool bars, docks and status bar: every direct child that is not a
        # window of its own (hiding a dialog would end it and lose what was typed in it).
        w.statusBar().clearMessage()
        for part in w.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if part.isVisible() and not part.isWindow():
                part.hide()
                self._hidden.append(part)

    def try_unlock(self, passphrase: str) -> bool:
        if not self._locked:
            return True
        if self.check_passphrase is not None and not self.check_passphrase(passphrase):
            for overlay in self._overlays:
                if overlay.passphrase_edit is not None:
                    overlay.show_error(
                        "That passphrase is not right. Check Caps Lock and try again."
                    )
            return False
        self.unlock()
        return True

    def unlock(self) -> None:
        for overlay in self._overlays:
            overlay.hide()
            overlay.deleteLater()
        self._overlays.clear()
        for part in self._hidden:
            part.show()
        self._hidden.clear()
        for w, title in self._titles.items():
            w.setWindowTitle(title)
        self._titles.clear()
        for w, size in self._sizes.items():
            w.resize(size)
        self._sizes.clear()
        _app().removeEventFilter(self)
        self._locked = False
        self.set_minutes(self.minutes)
        self.unlocked.emit()

    @property
    def overlays(self) -> list[LockOverlay]:
        return list(self._overlays)
