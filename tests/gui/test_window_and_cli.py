"""A real window autosaving and a real `homework-planner import` process on one data folder:
the import is refused while the window is open, and a version stored behind the window's back
is kept in the history, never overwritten by the next autosave (issue 13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client
from homework_planner.gui.editor.saving import CHANGED_ELSEWHERE
from homework_planner.gui.main_window import MainWindow
from homework_planner.gui.safety import open_data_folder
from homework_planner.storage import Store
from tests.conftest import full_assignment_dict

AID = full_assignment_dict()["id"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "homework_planner", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def write_behind_the_windows_back(db: Path, goal: str) -> None:
    """Another process stores a new version without asking for the folder lock (an older
    copy of the app, a script): the store itself must still keep both texts."""
    code = (
        "import sys\n"
        "from homework_planner.storage import Store\n"
        "from homework_planner.domain.models import Assignment\n"
        "with Store.open(sys.argv[1]) as s:\n"
        "    a = s.get_assignment(sys.argv[2])\n"
        "    s.import_assignment(a.model_copy(update={'goal': sys.argv[3]}))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), AID, goal], check=True, timeout=60)


def open_window(qtbot, folder: Path):
    with Store.open(paths.database_path(paths.ensure_private_dir(folder))) as s:
        s.add_client(Client(code="HP-0042"))
        s.save_assignment(Assignment.model_validate(full_assignment_dict()))
    opened = open_data_folder(folder)
    assert opened is not None
    window = MainWindow(opened.store, folder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.refresh_clients(select="HP-0042")
    assert window.open_assignment(AID)
    editor = window.editor
    editor.autosave_ms = 100
    return opened, window, editor


def type_into_goal(qtbot, editor, text: str) -> int:
    goal = editor.rows["goal"].widget
    goal.setFocus()
    goal.moveCursor(goal.textCursor().MoveOperation.End)
    with qtbot.waitSignal(editor.autosaved, timeout=5000) as blocker:
        qtbot.keyClicks(goal, text)
    return blocker.args[0]


def test_cli_import_is_refused_while_the_window_autosaves(qtbot, data_dir, tmp_path):
    opened, window, editor = open_window(qtbot, data_dir)
    try:
        assert type_into_goal(qtbot, editor, " soon") == 2
        new = tmp_path / "new.json"
        new.write_text(json.dumps(dict(full_assignment_dict(), goal="imported")), "utf-8")
        r = cli("--data-dir", str(data_dir), "import", str(new))
        assert r.returncode == 1 and r.stdout == ""
        assert r.stderr.splitlines() == [
            "Homework Planner is open on this data folder: close it, or import from the "
            "window's File menu. Nothing was changed."
        ]
        assert type_into_goal(qtbot, editor, " today") == 2
        history = [a.goal for _, a in opened.store.assignment_history(AID)]
        assert history == [full_assignment_dict()["goal"], history[0] + " soon today"]
    finally:
        window.close()
        opened.close()


def test_a_version_stored_elsewhere_survives_the_next_autosave(qtbot, data_dir):
    opened, window, editor = open_window(qtbot, data_dir)
    messages: list[str] = []
    editor.status_message.connect(lambda text, *_: messages.append(text))
    try:
        assert type_into_goal(qtbot, editor, " soon") == 2
        write_behind_the_windows_back(opened.store.path, "stored elsewhere")
        assert type_into_goal(qtbot, editor, " today") == 4
        assert CHANGED_ELSEWHERE in messages
        assert window.statusBar().currentMessage() == CHANGED_ELSEWHERE
        goals = [a.goal for _, a in opened.store.assignment_history(AID)]
        typed = full_assignment_dict()["goal"] + " soon"
        assert goals == [
            full_assignment_dict()["goal"],
            typed,
            "stored elsewhere",
            typed + " today",
        ]
        messages.clear()
        assert type_into_goal(qtbot, editor, "!") == 4  # coalesced into its own version again
        assert CHANGED_ELSEWHERE not in messages
    finally:
        window.close()
        opened.close()
