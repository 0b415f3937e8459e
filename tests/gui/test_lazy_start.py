"""The window starts without the editor, the review form and the progress panel, and builds
each of them, unchanged for the user, when it is first needed."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client, Review
from homework_planner.gui.main_window import EDITOR_MENU_ENTRIES, MainWindow
from homework_planner.storage import Store
from tests.conftest import full_assignment_dict


def _window(qtbot, data_dir, *, with_homework: bool = True):
    store = Store.open(paths.database_path(paths.ensure_private_dir(data_dir)))
    store.add_client(Client(code="HP-0042"))
    if with_homework:
        data = full_assignment_dict()
        data["created"] = f"{date.today() - timedelta(days=7)}T10:00:00Z"
        data["review_date"] = date.today().isoformat()
        store.save_assignment(Assignment.model_validate(data))
    window = MainWindow(store, data_dir)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, store


def _menu_entries(window) -> list[tuple[str, bool, list[str], str]]:
    return [
        (a.text(), a.isEnabled(), [k.toString() for k in a.shortcuts()], a.statusTip())
        for menu in (window.edit_menu, window.assignment_menu)
        for a in menu.actions()
    ]


def test_start_builds_no_editor_and_its_menu_entries_match_the_editor(qtbot, data_dir):
    window, store = _window(qtbot, data_dir)
    assert window.built_editor() is None
    before = _menu_entries(window)
    standins = [e for e in before if e[0] in {text for _, text, _, _ in EDITOR_MENU_ENTRIES}]
    assert len(standins) == len(EDITOR_MENU_ENTRIES) and not any(e[1] for e in standins)

    window.assignment_view.setFocus()
    qtbot.keyClick(window.assignment_view, Qt.Key.Key_Return)  # opening builds the editor
    editor = window.built_editor()
    assert editor is not None and editor.current_id == "a1b2c3d4e5f6"
    assert window.right_stack.currentWidget() is editor
    # The menus now hold the editor's own actions, in the same places with the same words.
    assert window.edit_menu.actions()[0] is editor.undo_action
    assert editor.close_action in window.assignment_menu.actions()
    editor.close_action.trigger()  # closed again: its actions are disabled as at start
    assert _menu_entries(window) == before
    window.close()
    store.close()


class _WindowsShown(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Show and obj.isWidgetType() and obj.isWindow():
            self.shown.append(type(obj).__name__)
        return False


def test_building_the_editor_opens_no_window_and_keeps_the_focus_here(qtbot, data_dir):
    window, store = _window(qtbot, data_dir)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    spy = _WindowsShown()
    QApplication.instance().installEventFilter(spy)
    try:
        assert window.open_assignment("a1b2c3d4e5f6")  # builds the editor
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert spy.shown == []  # no part of the form flashed up as a window of its own
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor.rows["title"].widget)
    assert window.isActiveWindow()
    window.close()
    store.close()


def test_progress_loads_only_when_shown_and_is_current_then(qtbot, data_dir):
    window, store = _window(qtbot, data_dir)
    features = window.review_features
    assert features.built_form() is None and features.built_panel() is None
    features.progress_action.trigger()  # showing the tab builds the panel for this client
    panel = features.built_panel()
    assert panel is not None and panel.isVisible()
    assert panel.timeline.topLevelItemCount() == 1

    window.output_features.dock.raise_()  # progress hidden behind the handout tab
    # (Qt keeps a dock behind a tab "visible" but moves it out of the window)
    qtbot.waitUntil(lambda: panel.visibleRegion().isEmpty())
    store.save_review(Review(assignment_id="a1b2c3d4e5f6", date=date.today(), completion=4))
    calls = []
    original = store.load_assignments
    store.load_assignments = lambda code: calls.append(code) or original(code)
    panel.refresh()  # while hidden: nothing is loaded ...
    assert calls == [] and panel.progress.reviewed == 0
    features.progress_action.trigger()  # ... until it is shown again, before it is painted
    assert calls == ["HP-0042"] and panel.progress.reviewed == 1
    assert panel.summary().startswith("1 of 1 homework mostly or fully done")
    window.close()
    store.close()


def _in_a_new_process(data_dir, then: str) -> str:
    """Open the main window on `data_dir` in a fresh Python, run `then`; its last output line."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from homework_planner import paths\n"
        "from homework_planner.storage import Store\n"
        "from homework_planner.gui.main_window import MainWindow\n"
        f"folder = paths.ensure_private_dir(paths.data_dir({str(data_dir)!r}))\n"
        "store = Store.open(paths.database_path(folder))\n"
        "window = MainWindow(store, folder)\n"
        "window.show()\n"
        "app.processEvents()\n" + then + "window.close()\n"
        "store.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().splitlines()[-1]


def test_a_window_start_imports_no_editor_review_or_coach_modules(data_dir):
    loaded = _in_a_new_process(
        data_dir,
        "lazy = ('homework_planner.gui.editor', 'homework_planner.gui.review.review_form',\n"
        "        'homework_planner.gui.review.progress_panel', 'homework_planner.domain.coach',\n"
        "        'homework_planner.gui.dialogs.template_dialog')\n"
        "print(sorted(m for m in sys.modules if m.startswith(lazy)))\n",
    )
    assert loaded == "[]"


def test_the_real_start_loads_no_validation_models(data_dir):
    """pydantic and the models cost more than 100 ms to import: the start (open the store, list
    and select a client with homework, show the window) must not need them."""
    _window_store = Store.open(paths.database_path(paths.ensure_private_dir(data_dir)))
    _window_store.add_client(Client(code="HP-0042", preferred_name="Sam"))
    data = full_assignment_dict()
    data["review_date"] = date.today().isoformat()
    _window_store.save_assignment(Assignment.model_validate(data))
    _window_store.close()
    code = (
        "import sys\n"
        "from homework_planner.cli import main\n"
        f"status = main(['--smoke-test', '--data-dir', {str(data_dir)!r}])\n"
        "heavy = ('pydantic', 'homework_planner.domain.models', 'reportlab', 'PySide6.QtPdf')\n"
        "print(status, sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0 []"


def test_the_warm_up_starts_only_once_the_window_shows(qtbot, data_dir, monkeypatch):
    ran = []
    monkeypatch.setattr(
        "homework_planner.gui.warm_up.STEPS", (lambda: ran.append(1), lambda: ran.append(2))
    )
    store = Store.open(paths.database_path(paths.ensure_private_dir(data_dir)))
    window = MainWindow(store, data_dir)
    qtbot.addWidget(window)
    qtbot.wait(500)
    assert ran == []  # built but not shown: nothing yet
    window.show()
    qtbot.waitUntil(lambda: window.warm_up.done, timeout=5000)
    assert ran == [1, 2]
    window.close()
    store.close()


def test_the_warm_up_loads_what_the_first_open_needs(data_dir):
    loaded = _in_a_new_process(
        data_dir,
        "while not window.warm_up.done:\n"
        "    app.processEvents()\n"
        "from homework_planner.domain import models, plain\n"
        "built = type(models.Assignment.__pydantic_validator__).__name__\n"
        "print(built, plain._pyphen.cache_info().currsize,"
        " 'homework_planner.gui.editor' in sys.modules)\n",
    )
    assert loaded == "SchemaValidator 1 True"


def test_a_failing_warm_up_step_is_logged_and_the_rest_still_run(qtbot, caplog):
    from PySide6.QtCore import QObject

    from homework_planner.gui.warm_up import WarmUp

    ran = []

    def broken() -> None:
        raise RuntimeError("no such module")

    parent = QObject()
    warm = WarmUp(parent, steps=(broken, lambda: ran.append("next")), delay_ms=0)
    warm.start()
    qtbot.waitUntil(lambda: warm.done, timeout=3000)
    assert ran == ["next"]
    assert "warm-up step broken failed" in caplog.text
