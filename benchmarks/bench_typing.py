"""Benchmark: input latency while typing in the editor, and memory kept per key.

The real main window (offscreen) with the live coach, autosave and handout preview on, typing at
50 keys/s in bursts with pauses (long enough for the preview to render in each pause), on a
1-page and a 5-page assignment; in the same run the same keys into a bare QPlainTextEdit, the
reference. A key's latency is the time from when it was due to when its event had been handled:
anything holding the GUI thread (a render, a save, the coach) shows as lateness. Targets: p95
<= 1.5x the bare widget, no stall over 50 ms. Then 5,000 keys into the long assignment: memory
growth (Python heap by tracemalloc; resident size from /proc), target <= 2 MB.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_typing.py [--keys 400]

The last line is `typing latency: p95 X ms, bare p95 Y ms, longest stall Z ms` (the long
assignment's figures).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
KEY_INTERVAL_S = 1 / 50
BURST = 40  # keys, then a pause
PAUSE_S = 0.8  # the preview waits 0.3 s, then renders
WORDS = "walk to the park after lunch and notice my mood "


def _rss_kb() -> int:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _drive(app: Any, widget: Any, keys: int) -> list[float]:
    """Type `keys` characters at 50 keys/s with pauses; each key's lateness in ms."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtTest import QTest

    widget.setFocus()
    due, schedule = 0.0, []
    for i in range(keys):
        schedule.append(due)
        due += KEY_INTERVAL_S + (PAUSE_S if (i + 1) % BURST == 0 else 0.0)
    latencies = []
    start = time.perf_counter()
    for i, at in enumerate(schedule):
        while time.perf_counter() - start < at:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
            time.sleep(0.0005)
        QTest.keyClick(widget, WORDS[i % len(WORDS)])
        latencies.append((time.perf_counter() - start - at) * 1000)
    return latencies


def _settle(app: Any, seconds: float) -> None:
    from PySide6.QtCore import QEventLoop

    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.002)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=400, help="keys typed per case")
    parser.add_argument("--memory-keys", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    app = QApplication.instance() or QApplication([])
    from tests.conftest import full_assignment_dict

    from homework_planner import paths
    from homework_planner.domain.models import Assignment, Client, PrintNeeds
    from homework_planner.domain.settings import Settings
    from homework_planner.gui import handout_panel
    from homework_planner.gui.main_window import MainWindow
    from homework_planner.output.handout import render_handout
    from homework_planner.storage import Store

    folder = Path(tempfile.mkdtemp(prefix="bench-typing-"))
    os.environ[paths.DATA_ENV] = str(folder)
    os.environ[paths.CONFIG_ENV] = str(folder / "config")  # the user's window layout untouched
    store = Store.open(paths.database_path(paths.ensure_private_dir(folder)))
    store.add_client(Client(code="HP-0042"))
    short = Assignment.model_validate(full_assignment_dict())
    long_data = full_assignment_dict()
    long_data["id"] = "b1b2c3d4e5f6"
    long_data["rationale"] = "Small steps help me feel better on the days I walk. " * 160
    long = Assignment.model_validate(long_data)
    for a in (short, long):
        store.save_assignment(a)
    pages = {
        "1-page": render_handout(short, PrintNeeds(), Settings()).handout_pages,
        "5-page": render_handout(long, PrintNeeds(), Settings()).handout_pages,
    }
    window = MainWindow(store, folder)
    window.resize(1366, 768)
    window.show()
    _settle(app, 1.0)
    while not window.warm_up.done:
        _settle(app, 0.1)

    bare = QPlainTextEdit()
    bare.resize(600, 400)
    bare.show()
    rows: list[tuple[str, list[float]]] = []
    rows.append(("bare QPlainTextEdit", _drive(app, bare, args.keys)))
    panel = window.output_features.panel
    for name, a in (("1-page", short), ("5-page", long)):
        window.refresh_clients()
        window.open_assignment(a.id)
        _settle(app, 0.5)
        while not (panel.settled and handout_panel.render_thread().idle()):
            _settle(app, 0.05)
        field = window.editor.rows["rationale"].widget
        cursor = field.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        field.setTextCursor(cursor)
        rows.append((f"editor, {name} handout ({pages[name]} p)", _drive(app, field, args.keys)))
        _settle(app, 1.0)
    bare_lat = rows[0][1]
    print(f"{'case':38} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'>50 ms':>7}")
    for name, lat in rows:
        stalls = sum(1 for x in lat if x > 50)
        print(
            f"{name:38} {statistics.median(lat):8.1f} {_p95(lat):8.1f} {max(lat):8.1f} {stalls:7d}"
        )

    # Memory: 5,000 keys into the long assignment, paced only by an event-loop turn each 50.
    field = window.editor.rows["rationale"].widget
    from PySide6.QtTest import QTest

    def type_fast(n: int) -> None:
        for i in range(n):
            QTest.keyClick(field, WORDS[i % len(WORDS)])
            if i % 50 == 49:
                _settle(app, 0.002)

    type_fast(200)
    _settle(app, 1.5)
    gc.collect()
    rss0 = _rss_kb()
    tracemalloc.start()
    heap0 = tracemalloc.get_traced_memory()[0]
    type_fast(args.memory_keys)
    _settle(app, 2.0)
    while not (panel.settled and handout_panel.render_thread().idle()):
        _settle(app, 0.05)
    gc.collect()
    heap = (tracemalloc.get_traced_memory()[0] - heap0) / 1024
    tracemalloc.stop()
    rss = _rss_kb() - rss0
    print(
        f"memory after {args.memory_keys} keystrokes: Python heap +{heap:.0f} KB, "
        f"resident +{rss} KB (target <= 2048 KB); undo steps {window.editor.undo_stack.count()}"
    )
    long_lat = rows[2][1]
    print(
        f"typing latency: p95 {_p95(long_lat):.1f} ms, bare p95 {_p95(bare_lat):.1f} ms, "
        f"longest stall {max(long_lat):.1f} ms"
    )
    window.editor.close_action.trigger()
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
