"""Starting the GUI: the QApplication, opening the store with clear messages, the smoke test."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

# isort: off
# The data layer the start needs comes before PySide6: once PySide6 is loaded it reads the
# source of every module imported after it (to find modules that use its __feature__ switch),
# which costs about 10 ms on a start. Our own GUI modules use PySide6 and are read anyway.
from .. import APP_ID, APP_NAME, __version__, paths
from ..storage import Store, StoreError
from ..storage import lock as _lock, settings_file as _settings_file  # noqa: F401
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

# isort: on

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"

log = logging.getLogger(__name__)


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # the app is made here, so never a bare QCoreApplication
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("HomeworkPlanner")
    app.setDesktopFileName(APP_ID)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    return app


def app_icon() -> QIcon:
    # The package's own folder (also inside the PyInstaller bundle, which keeps the layout).
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = ICONS / f"{APP_ID}-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def open_store_or_explain(folder) -> Store | None:
    try:
        paths.ensure_private_dir(folder)
        return Store.open(paths.database_path(folder))
    except StoreError as exc:
        QMessageBox.critical(None, f"{APP_NAME}: cannot open the data", str(exc))
    except OSError as exc:
        QMessageBox.critical(
            None, f"{APP_NAME}: cannot open the data folder", _lock.folder_problem(folder, exc)
        )
    return None


DEMO_TITLE = "DEMO (invented clients; deleted on exit)"


def open_demo_window(folder):
    """The main window on a new demo store in `folder`; returns (window, store)."""
    from datetime import date

    from PySide6.QtWidgets import QLabel

    from ..storage.demo import build_demo_store
    from .main_window import MainWindow
    from .review.integration import install_review_features

    store = build_demo_store(folder, date.today())
    try:
        window = MainWindow(store, folder)
        install_review_features(window)
    except BaseException:
        store.close()
        raise

    def mark_demo(title: str) -> None:
        # The main window may retitle itself (client, unsaved changes): keep DEMO in it.
        if DEMO_TITLE not in title:
            window.setWindowTitle(f"{title} \u2014 {DEMO_TITLE}")

    window.windowTitleChanged.connect(mark_demo)
    mark_demo(window.windowTitle())
    banner = QLabel(f"  {DEMO_TITLE}  ")
    banner.setObjectName("demoBanner")
    banner.setStyleSheet("background:#1e3a8a; color:white; font-weight:bold;")
    window.statusBar().addPermanentWidget(banner)
    return window, store


def run_demo(args: argparse.Namespace) -> int:
    """`--demo`: invented clients in a temporary folder that is deleted on exit.

    The real data folder (paths.data_dir()) is never opened, so a trainer cannot show real
    clients to a room by mistake.
    """
    import tempfile
    from pathlib import Path

    app = make_app()
    with tempfile.TemporaryDirectory(prefix="homework-planner-demo-") as tmp:
        window, store = open_demo_window(Path(tmp))
        try:
            window.show()
            if args.smoke_test:
                QTimer.singleShot(0, lambda: QTimer.singleShot(0, window.close))
                QTimer.singleShot(0, lambda: QTimer.singleShot(0, app.quit))
            code = app.exec()
            window.close()
        finally:
            store.close()
    return code


def run_gui(args: argparse.Namespace) -> int:
    from .main_window import MainWindow

    if getattr(args, "demo", False):
        return run_demo(args)
    from ..storage.settings_file import load_settings
    from .safety import install_safety_features, offer_unfinished_drafts, open_data_folder

    app = make_app()
    if args.smoke_test:
        _no_dialogs_in_smoke_test(app)
    folder = paths.data_dir(args.data_dir)
    if not args.smoke_test and bring_running_copy_forward(folder):
        # A second start while the app is open: the open window comes to the front (the
        # folder lock would refuse this copy anyway), and this copy ends quietly.
        sys.stderr.write(f"{APP_NAME} is already open on this data folder: brought it forward.\n")
        return 0
    # The folder lock, the passphrase prompt and a damaged file's backup offer happen here.
    opened = open_data_folder(folder)
    if opened is None:
        return 1
    store = opened.store
    window = MainWindow(store, folder)
    # Held by the window for its lifetime, as output_features is; MainWindow does not declare it.
    window.safety = install_safety_features(  # type: ignore[attr-defined]
        window, store, folder, load_settings(paths.settings_path(folder))
    )
    window.show()
    # Kept for the window's lifetime: it brings this window to the front for a second copy.
    window.second_copy_server = listen_for_second_copy(window, folder)  # type: ignore[attr-defined]
    for notice in opened.notices:
        window.statusBar().showMessage(notice, 15000)
    if args.smoke_test:
        # Quit once the event loop has drawn the window and is idle.
        QTimer.singleShot(0, lambda: QTimer.singleShot(0, window.close))
        QTimer.singleShot(0, lambda: QTimer.singleShot(0, app.quit))
    else:
        QTimer.singleShot(0, lambda: _reopen_drafts(window, store, offer_unfinished_drafts))
    code = app.exec()
    opened.close()
    return 1 if app.property("smoke_test_failed") else code


def second_copy_server_name(folder: Path) -> str:
    """One name per user and data folder (a second copy on another folder is not refused)."""
    import hashlib
    import os

    key = str(Path(folder).expanduser().resolve()).encode("utf-8", "surrogateescape")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return f"{APP_ID}-{uid}-{hashlib.sha256(key).hexdigest()[:16]}"


def bring_running_copy_forward(folder: Path, timeout_ms: int = 500) -> bool:
    """Ask the copy that has `folder` open to bring its window to the front. True when it
    answered; False when no copy listens (none runs, or one from before this existed)."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(second_copy_server_name(folder))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(b"raise\n")
    socket.flush()
    answered = socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll().data()) == b"ok\n"
    socket.disconnectFromServer()
    return answered


def listen_for_second_copy(window, folder: Path):
    """In the copy that holds the folder lock: a local socket on which a second start asks
    for this window. Returns the server (keep it), or None if it could not listen."""
    from PySide6.QtCore import Qt
    from PySide6.QtNetwork import QLocalServer

    name = second_copy_server_name(folder)
    server = QLocalServer(window)
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    QLocalServer.removeServer(name)  # a socket file left by a crash; we hold the lock
    if not server.listen(name):
        log.warning("no second-copy listener: %s", server.errorString())
        return None

    def come_forward() -> None:
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()

            def answer(s=socket) -> None:
                if bytes(s.readAll().data()).startswith(b"raise"):
                    state = window.windowState() & ~Qt.WindowState.WindowMinimized
                    window.setWindowState(state | Qt.WindowState.WindowActive)
                    window.show()
                    window.raise_()
                    window.activateWindow()
                    s.write(b"ok\n")
                    s.flush()
                s.disconnectFromServer()

            socket.readyRead.connect(answer)
            socket.disconnected.connect(socket.deleteLater)

    server.newConnection.connect(come_forward)
    return server


def _no_dialogs_in_smoke_test(app: QApplication) -> None:
    """--smoke-test never waits for a person: a dialog that opens is reported on stderr and
    closed, and the run exits 1, so that a packaging check fails instead of hanging."""

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        text = dialog.text() if isinstance(dialog, QMessageBox) else ""
        sys.stderr.write(f"smoke test failed: a dialog opened: {dialog.windowTitle()}\n{text}\n")
        app.setProperty("smoke_test_failed", True)
        dialog.close()

    timer = QTimer(app)
    timer.timeout.connect(close_dialog)
    timer.start(50)  # modal dialogs run their own event loop, in which this timer still fires


def _reopen_drafts(window, store: Store, offer) -> None:
    """After a crash: offer what was being written, and open the newest of it again."""
    ids = offer(window, store)
    a = store.get_assignment(ids[0]) if ids else None
    if a is not None:
        window.refresh_clients(select=a.client_code)
        window.open_assignment(a.id)
