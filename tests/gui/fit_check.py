"""Run in a fresh process (the screen and QT_SCALE_FACTOR are fixed at start): open the main
window with an assignment, the trainer window and Preferences on the given screen, and print
as JSON every label or button whose text does not fit its size, and each window's frame.

    python -m tests.gui.fit_check DATA_FOLDER [WIDTH HEIGHT]

With WIDTH and HEIGHT, the main window is first made that big, its client list and its
docks squeezed to slivers, and closed (as a session at another scale would leave them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDockWidget,
    QLabel,
    QScrollArea,
    QSplitter,
    QWidget,
)


def clipped(top: QWidget) -> list[str]:
    """Texts a user sees cut off: a label or button smaller than its text needs."""
    out: list[str] = []
    for w in top.findChildren(QWidget):
        if not w.isVisible() or w.window() is not top or w.width() <= 0:
            continue
        text = ""
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            text = w.text()
            if w.wordWrap():
                need_h = w.heightForWidth(w.width())
                if need_h > w.height() + 1:
                    out.append(f"label {text[:40]!r}: {w.height()} px high, needs {need_h}")
                continue
            need = w.sizeHint().width()
        elif isinstance(w, QAbstractButton) and w.text() and w.parent() is not None:
            text = w.text()
            need = w.sizeHint().width() if hasattr(w, "sizeHint") else 0
            # Plain push buttons keep a generous margin in their size hint: allow it.
            need -= min(need // 6, 12)
        else:
            continue
        if need > w.width() + 1:
            out.append(f"{type(w).__name__} {text[:40]!r}: {w.width()} px wide, needs {need}")
        # Cut at the side of a scroll area ("itle:" for "Title:"): scrolling up and down is
        # fine, text hidden to the left or right is not.
        area = next((p for p in _ancestors(w) if isinstance(p, QScrollArea)), None)
        if area is not None:
            view = area.viewport()
            left = w.mapTo(view, w.rect().topLeft()).x()
            if left < 0 or left + w.width() > view.width() + 1:
                out.append(f"{type(w).__name__} {text[:40]!r}: cut at the side of its pane")
    return out


def _ancestors(w: QWidget) -> list[QWidget]:
    out = []
    p = w.parentWidget()
    while p is not None:
        out.append(p)
        p = p.parentWidget()
    return out


def slivers(top: QWidget) -> list[str]:
    out = []
    for s in top.findChildren(QSplitter):
        if s.isVisible():
            for i, size in enumerate(s.sizes()):
                child = s.widget(i)
                if child.isVisible() and size < max(child.minimumSizeHint().width(), 40):
                    out.append(f"splitter pane {i} of {s.objectName() or 'splitter'}: {size} px")
    for d in top.findChildren(QDockWidget):
        behind = d.visibleRegion().isEmpty()  # a tab behind another dock
        if d.isVisible() and not behind and not d.isFloating() and d.width() < 120:
            out.append(f"dock {d.windowTitle()!r}: {d.width()} px")
    return out


def sideways(top: QWidget) -> list[str]:
    return [
        f"scroll area {a.accessibleName() or a.objectName()!r} scrolls sideways"
        for a in top.findChildren(QScrollArea)
        if a.isVisible() and a.horizontalScrollBar().maximum() > 0
    ]


def frame(w: QWidget) -> list[int]:
    g: QRect = w.frameGeometry()
    return [g.x(), g.y(), g.width(), g.height()]


def settle(app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()


def leave_a_scaled_session(window: QWidget, app: QApplication, width: int, height: int) -> None:
    from PySide6.QtCore import Qt

    window.resize(width, height)
    settle(app)
    window.splitter.setSizes([2, width])
    docks = [d for d in window.findChildren(QDockWidget) if d.isVisible()]
    window.resizeDocks(docks, [1] * len(docks), Qt.Orientation.Horizontal)
    settle(app)


def main(folder: Path, squeeze: tuple[int, int] | None = None) -> dict[str, object]:
    from homework_planner import paths
    from homework_planner.domain.models import Assignment, Client
    from homework_planner.gui.dialogs.preferences_dialog import PreferencesDialog
    from homework_planner.gui.main_window import MainWindow
    from homework_planner.gui.trainer_window import TrainerWindow
    from homework_planner.storage import Store
    from tests.conftest import full_assignment_dict

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = Store.open(paths.database_path(paths.ensure_private_dir(folder)))
    a = Assignment.model_validate(full_assignment_dict())
    if store.get_client("HP-0042") is None:
        store.add_client(Client(code="HP-0042"))
        store.save_assignment(a)
    report: dict[str, object] = {}
    screen = app.primaryScreen().availableGeometry()
    report["screen"] = [screen.x(), screen.y(), screen.width(), screen.height()]
    window = MainWindow(store, folder)
    window.show()
    settle(app)
    if squeeze is not None:
        leave_a_scaled_session(window, app, *squeeze)
        report["left"] = frame(window)
        window.close()
        store.close()
        return report
    window.refresh_clients()
    window.open_assignment(a.id)
    settle(app, 40)
    report["main"] = frame(window)
    report["main clipped"] = clipped(window)
    report["main slivers"] = slivers(window)
    report["main sideways"] = sideways(window)
    dialog = PreferencesDialog(window)
    dialog.show()
    settle(app)
    report["preferences"] = frame(dialog)
    report["preferences clipped"] = clipped(dialog)
    # With the room there is on a 1366×768 screen, every field shows without scrolling.
    report["preferences scrolls"] = dialog._scroll.verticalScrollBar().maximum() > 0

    def on_dialog(w: QWidget) -> QRect:
        return QRect(w.mapTo(dialog, w.rect().topLeft()), w.size())

    report["counter over text"] = on_dialog(dialog.count_label).intersects(
        on_dialog(dialog.unsafe_edit)
    )
    dialog.close()
    window.close()
    trainer = TrainerWindow()
    trainer.show()
    settle(app, 40)
    report["trainer"] = frame(trainer)
    report["trainer clipped"] = clipped(trainer)
    report["trainer sideways"] = sideways(trainer)
    trainer.close()
    store.close()
    return report


if __name__ == "__main__":
    size = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) == 4 else None
    print(json.dumps(main(Path(sys.argv[1]), size)))
