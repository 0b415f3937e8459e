"""Benchmark (a): start to main window shown, against a bare PySide6 window started the same way.

Both run as `python <script>` subprocesses on the offscreen platform, interleaved, after one
warm-up each (so both read from a warm disk cache): Homework Planner with `--smoke-test` (open the
store, build and show the main window, quit when the event loop is idle) and a script that
creates a QApplication and a QMainWindow, shows it and quits the same way. Three references show
where the rest goes: the bare window after importing the data layer every start needs (store,
settings, folder lock); a window built from the same kinds of widgets as ours (menus with
shortcuts, a search field, a list, a table, three tabbed docks, a status bar) with no app code;
and that window listing the clients of the same store, opened as the app opens it. Reported: the median wall time of each, their ratio (target <= 1.5), and the heavy modules
loaded at start (reportlab and the Qt PDF modules must load lazily, when first used).

    python benchmarks/bench_start.py [--runs 7]
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from string import Template

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 1.5
# Imported lazily by design: none of these may appear in a plain start.
HEAVY = ("reportlab", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "pypdf", "icalendar", "pydantic")

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1100, 720)
window.show()
# Quit once the event loop has drawn the window and is idle (as --smoke-test does).
QTimer.singleShot(0, lambda: QTimer.singleShot(0, window.close))
QTimer.singleShot(0, lambda: QTimer.singleShot(0, app.quit))
sys.exit(app.exec())
"""


# References, not targets. The bare window plus the data layer every start needs before the
# window can list clients (the store, the settings, the folder lock; no pydantic since the start
# lists plain rows).
FLOOR = BARE.replace(
    "app = QApplication",
    "import homework_planner.storage\n"
    "import homework_planner.storage.lock\n"
    "import homework_planner.storage.settings_file\n"
    "app = QApplication",
)

# A window made of the same kinds of widgets as the main window, with none of the app's code:
# what PySide6 itself costs for such a window (the Qt namespace's enums, the first line edit's
# input method, fonts, docks), i.e. about the least any window like ours can start in.
WIDGETS = """
import sys
$data_layer
from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QLabel, QLineEdit, QListView, QMainWindow, QPushButton,
    QSplitter, QTableView, QVBoxLayout, QWidget,
)

app = QApplication(sys.argv[:1])
$open_store
window = QMainWindow()
window.setWindowTitle("widgets")
window.resize(1100, 720)
for title in ("&File", "&Client", "&Edit", "&Assignment", "&Handout", "&Review", "&Help"):
    menu = window.menuBar().addMenu(title)
    for i in range(6):
        action = QAction(f"Action {i}", window)
        action.setShortcut(QKeySequence(f"Ctrl+Shift+{i}"))
        menu.addAction(action)
left = QWidget()
column = QVBoxLayout(left)
column.addWidget(QLineEdit())
clients = QListView()
clients.setModel(QStringListModel($client_codes))
column.addWidget(clients)
column.addWidget(QPushButton("&Add client"))
split = QSplitter(Qt.Orientation.Horizontal)
split.addWidget(left)
split.addWidget(QTableView())
window.setCentralWidget(split)
docks = []
for title in ("Handout", "Review", "Progress"):
    dock = QDockWidget(title, window)
    dock.setWidget(QLabel(title))
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    docks.append(dock)
window.tabifyDockWidget(docks[1], docks[0])
window.tabifyDockWidget(docks[1], docks[2])
window.statusBar().showMessage("Data folder")
window.show()
QTimer.singleShot(0, lambda: QTimer.singleShot(0, window.close))
QTimer.singleShot(0, lambda: QTimer.singleShot(0, app.quit))
code = app.exec()
$close_store
sys.exit(code)
"""
WIDGETS_ALONE = Template(WIDGETS).substitute(
    data_layer="", open_store="", client_codes='[f"HP-{i:04d}" for i in range(50)]', close_store=""
)
# The same window listing the clients of a real store (opened as the app opens it, with the data
# layer every start imports) and no other app code: the least our start could take. What is left
# between it and 1.5x is all the budget for our own window code (the editor's menus, the handout,
# review and progress docks, the folder lock, autosave, backups, auto-lock).
WIDGETS_AND_STORE = Template(WIDGETS).substitute(
    data_layer="import homework_planner.storage.lock\n"
    "import homework_planner.storage.settings_file\n"
    "from homework_planner import paths\n"
    "from homework_planner.storage import Store",
    open_store="folder = paths.data_dir(None)\n"
    "paths.ensure_private_dir(folder)\n"
    "store = Store.open(paths.database_path(folder))",
    client_codes="[row.code for row in store.list_client_summaries()]",
    close_store="store.close()",
)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run. CPU time is steadier on a busy machine."""
    cpu = _children_cpu()
    start = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    took = time.perf_counter() - start
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (exit {r.returncode}):\n{r.stderr}")
    return took, _children_cpu() - cpu


def heavy_imports(cmd: list[str], env: dict[str, str]) -> list[str]:
    r = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd[1:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    loaded = set(re.findall(r"\|\s+([\w.]+)\s*$", r.stderr, flags=re.MULTILINE))
    return sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hp-bench-start-") as tmp:
        tmp_path = Path(tmp)
        bare = tmp_path / "bare_window.py"
        bare.write_text(BARE, encoding="utf-8")
        floor = tmp_path / "floor_window.py"
        floor.write_text(FLOOR, encoding="utf-8")
        widgets = tmp_path / "widgets_window.py"
        widgets.write_text(WIDGETS_ALONE, encoding="utf-8")
        widgets_store = tmp_path / "widgets_store_window.py"
        widgets_store.write_text(WIDGETS_AND_STORE, encoding="utf-8")
        env = dict(os.environ)
        # An installed app has its bytecode compiled (pip and PyInstaller do it): let the
        # warm-up write .pyc files even where PYTHONDONTWRITEBYTECODE is set.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            HOMEWORK_PLANNER_DATA=str(tmp_path / "data"),
            HOMEWORK_PLANNER_CONFIG=str(tmp_path / "config"),
        )
        app_cmd = [sys.executable, "-m", "homework_planner", "--smoke-test"]
        bare_cmd = [sys.executable, str(bare)]
        bundle = ROOT / "dist" / "homework-planner" / "homework-planner"
        commands = {
            "bare PySide6 window": bare_cmd,
            "bare window + data layer imports": [sys.executable, str(floor)],
            "window of our widgets, no app code": [sys.executable, str(widgets)],
            "same widgets, listing our store": [sys.executable, str(widgets_store)],
            "Homework Planner --smoke-test": app_cmd,
        }
        if bundle.exists():
            # Its own data folder: a bundle built from older code may not open a store that
            # the newer source tree has already migrated.
            bundle_data = str(tmp_path / "bundle-data")
            commands["packaged app (dist/) --smoke-test"] = [
                str(bundle),
                "--smoke-test",
                "--data-dir",
                bundle_data,
            ]
        # Warm-up (not counted): fills the disk cache and creates the store, as on a second start.
        for cmd in commands.values():
            timed(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():  # interleaved, so drift hits both alike
                wall, used = timed(cmd, env)
                times[name].append(wall)
                cpu[name].append(used)
        heavy = heavy_imports(app_cmd, env)

    bare = "bare PySide6 window"
    bare_median = statistics.median(times[bare])
    bare_cpu = statistics.median(cpu[bare])
    print(f"\nStart to main window shown, median of {args.runs} runs (offscreen)\n")
    print(f"| {'program':<36} | median s | min s | max s | ratio | CPU s | CPU ratio |")
    print(f"|{'-' * 38}|---------:|------:|------:|------:|------:|----------:|")
    for name, values in times.items():
        med = statistics.median(values)
        used = statistics.median(cpu[name])
        print(
            f"| {name:<36} | {med:8.3f} | {min(values):5.3f} | {max(values):5.3f} |"
            f" {med / bare_median:5.2f} | {used:5.3f} | {used / bare_cpu:9.2f} |"
        )
    ratio = statistics.median(times["Homework Planner --smoke-test"]) / bare_median
    met = ratio <= TARGET_RATIO
    print(f"\nratio {ratio:.2f} (target <= {TARGET_RATIO}): {'met' if met else 'MISSED'}")
    print("heavy modules loaded at start: " + (", ".join(heavy) if heavy else "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
