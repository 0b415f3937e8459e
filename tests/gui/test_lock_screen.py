"""Auto-lock: the draft is saved, only a lock prompt shows, nothing gets through, unlock works."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from homework_planner import APP_NAME, paths
from homework_planner.domain.models import Client
from homework_planner.gui.lock_screen import AutoLock
from homework_planner.storage import Store

CODE = "HP-0042"


def _window(qtbot) -> QMainWindow:
    window = QMainWindow()
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.addWidget(QLabel(f"Client {CODE} (Sam)"))
    edit = QLineEdit("Walk to the postbox")
    edit.setObjectName("typing")
    layout.addWidget(edit)
    window.setCentralWidget(body)
    window.setWindowTitle(f"{APP_NAME} — {CODE}")
    window.menuBar().addMenu("&File")
    window.statusBar().showMessage(f"Saved {CODE}")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _visible_texts(widget: QWidget) -> list[str]:
    texts = [widget.windowTitle()]
    for child in widget.findChildren(QWidget):
        if not child.isVisible():
            continue
        for getter in ("text", "currentMessage", "title"):
            value = getattr(child, getter, None)
            if callable(value):
                with contextlib.suppress(TypeError):
                    texts.append(str(value()))
    return texts


def test_idle_time_locks_after_saving_and_hides_client_data(qtbot):
    window = _window(qtbot)
    order = []
    lock = AutoLock(window, minutes=5, save_hooks=[lambda: order.append("saved")])
    lock.locked.connect(lambda: order.append("locked"))
    assert lock.timer.isActive() and lock.timer.interval() == 5 * 60_000
    lock.timer.start(30)  # stand-in for five quiet minutes
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    assert order == ["saved", "locked"]  # the draft is saved before anything is hidden
    assert window.windowTitle() == APP_NAME
    assert not window.centralWidget().isVisible() and not window.menuBar().isVisible()
    assert not any(CODE in t for t in _visible_texts(window))
    [overlay] = lock.overlays
    assert overlay.isVisible() and overlay.geometry() == window.rect()
    qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    assert not lock.is_locked
    assert window.windowTitle() == f"{APP_NAME} — {CODE}"
    assert window.centralWidget().isVisible() and window.menuBar().isVisible()
    assert window.findChild(QLineEdit, "typing").text() == "Walk to the postbox"
    assert lock.timer.isActive()  # counting again


def test_activity_restarts_the_idle_timer(qtbot):
    window = _window(qtbot)
    lock = AutoLock(window, minutes=1)
    typing = window.findChild(QLineEdit, "typing")
    typing.setFocus()
    lock.timer.start(200)
    # As the keyboard delivers it: to the window, which hands it to the focused field.
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_A)
    assert typing.text().endswith("a")
    assert lock.timer.remainingTime() > 30_000
    lock.timer.start(200)
    QTest.mouseMove(window.windowHandle(), QPoint(40, 40))
    QTest.mouseMove(window.windowHandle(), QPoint(60, 50))
    assert lock.timer.remainingTime() > 30_000
    lock.set_minutes(0)  # "never"
    assert not lock.timer.isActive()


def test_typing_in_a_dialog_counts_as_activity(qtbot):
    window = _window(qtbot)
    lock = AutoLock(window, minutes=1)
    dialog = QDialog(window)
    field = QLineEdit(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is dialog.windowHandle())
    field.setFocus()
    lock.timer.start(200)
    QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_B)
    assert field.text() == "b"
    assert lock.timer.remainingTime() > 30_000


def test_only_the_lock_watches_the_whole_application(qtbot):
    # The application-wide filter is costly in PySide6 (see AutoLock): only while locked.
    window = _window(qtbot)
    lock = AutoLock(window, minutes=5)
    seen = []
    original = lock.eventFilter
    lock.eventFilter = lambda watched, event: seen.append(watched) or original(watched, event)
    label = window.findChild(QLabel)

    def press() -> None:
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.sendEvent(label, key)

    press()
    assert label not in seen
    lock.lock_now()
    press()
    assert label in seen
    lock.unlock()
    seen.clear()
    press()
    assert label not in seen


def test_passphrase_needed_to_unlock(qtbot):
    window = _window(qtbot)
    lock = AutoLock(window, minutes=5, check_passphrase=lambda p: p == "three blue kettles")
    lock.lock_now()
    [overlay] = lock.overlays
    assert overlay.passphrase_edit is not None
    qtbot.keyClicks(overlay.passphrase_edit, "three blue kettle")
    qtbot.keyClick(overlay.passphrase_edit, Qt.Key.Key_Return)
    assert lock.is_locked and overlay.error_label.isVisible()
    assert overlay.passphrase_edit.text() == ""  # cleared for the next try
    qtbot.keyClicks(overlay.passphrase_edit, "three blue kettles")
    qtbot.keyClick(overlay.passphrase_edit, Qt.Key.Key_Return)
    assert not lock.is_locked


def test_shortcuts_and_keys_do_not_reach_the_covered_window(qtbot):
    window = _window(qtbot)
    fired = []
    export = QAction("Export", window)
    export.setShortcut(QKeySequence("Ctrl+E"))
    export.triggered.connect(lambda: fired.append("export"))
    window.addAction(export)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    lock = AutoLock(window, minutes=5)
    lock.lock_now()
    typing = window.findChild(QLineEdit, "typing")
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(typing, "zzz")
    assert fired == [] and typing.text() == "Walk to the postbox"
    lock.unlock()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["export"]


def test_an_open_dialog_is_covered_and_keeps_what_was_typed(qtbot):
    window = _window(qtbot)
    lock = AutoLock(window, minutes=5)
    dialog = QDialog(window)
    dialog.setWindowTitle(f"Edit client {CODE}")
    name = QLineEdit("Sam", dialog)
    outcome = []

    def while_open():
        lock.lock_now()
        covers = {o.parentWidget(): o for o in lock.overlays}
        assert dialog.windowTitle() == APP_NAME and set(covers) == {window, dialog}
        assert covers[dialog].unlock_button.isVisible()  # the prompt is where input can go
        assert not covers[window].unlock_button.isVisible()
        qtbot.mouseClick(covers[dialog].unlock_button, Qt.MouseButton.LeftButton)
        outcome.append((lock.is_locked, dialog.isVisible(), name.text(), dialog.windowTitle()))
        dialog.accept()

    QTimer.singleShot(0, while_open)
    dialog.exec()
    assert outcome == [(False, True, "Sam", f"Edit client {CODE}")]


def test_real_main_window_shows_no_client_when_locked(qtbot, data_dir, monkeypatch):
    from homework_planner.gui.main_window import MainWindow
    from homework_planner.gui.safety import install_safety_features

    store = Store.open(paths.database_path(paths.ensure_private_dir(data_dir)))
    store.add_client(Client(code=CODE, preferred_name="Sam"))
    window = MainWindow(store, data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_clients()
    assert any(CODE in t for t in _visible_texts(window))
    features = install_safety_features(window, store, data_dir)
    features.actions["lock"].trigger()
    assert features.auto_lock.is_locked
    assert not any(CODE in t or "Sam" in t for t in _visible_texts(window))
    window.grab().save(str(data_dir / "locked.png"))
    features.auto_lock.unlock()
    assert any(CODE in t for t in _visible_texts(window))
    QApplication.processEvents()
    window.close()
    store.close()
