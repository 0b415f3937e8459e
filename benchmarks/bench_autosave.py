"""Autosave latency: one coalesced save of a full assignment, and the editor's read-and-save round.

Measures (a) Store.save_assignment(a, coalesce=True) of a complete assignment whose text changes
each time, as it does while typing, and (b) AssignmentEditor.to_assignment() + the save, after a
keystroke in the form (offscreen Qt). Prints mean / median / p95 in ms. Target: <= 20 ms.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_autosave.py [--runs 200] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import full_assignment_dict  # noqa: E402
from homework_planner.domain.models import Assignment, Client  # noqa: E402
from homework_planner.storage import Store  # noqa: E402

TARGET_MS = 20.0


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _report(name: str, times: list[float]) -> bool:
    p95 = _percentile(times, 95)
    ok = p95 <= TARGET_MS
    print(
        f"{name:<38} mean {statistics.fmean(times):6.2f} ms   median "
        f"{statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   "
        f"{'OK' if ok else 'OVER'} (target <= {TARGET_MS:.0f} ms, n={len(times)})"
    )
    return ok


def bench_store(folder: Path, runs: int) -> list[float]:
    store = Store.open(folder / "store.sqlite3")
    store.add_client(Client(code="HP-0042"))
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    times = []
    for i in range(runs):
        a.rationale = f"{a.rationale[:80]} {i}"  # a real change each time, like typing
        start = time.perf_counter()
        store.save_assignment(a, coalesce=True)
        times.append((time.perf_counter() - start) * 1000)
    store.close()
    return times


def bench_editor(folder: Path, runs: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from homework_planner.gui.editor import AssignmentEditor

    app = QApplication.instance() or QApplication([])
    store = Store.open(folder / "editor.sqlite3")
    store.add_client(Client(code="HP-0042"))
    a = Assignment.model_validate(full_assignment_dict())
    store.save_assignment(a)
    editor = AssignmentEditor(store)
    editor.load(a)
    editor.show()
    app.processEvents()
    what = editor.rows["task.what"].widget
    times = []
    for i in range(runs):
        what.insertPlainText("x" if i % 10 else " ")  # a keystroke: marks the form dirty
        start = time.perf_counter()
        editor.autosave()  # to_assignment() + store.save_assignment(coalesce=True)
        times.append((time.perf_counter() - start) * 1000)
        if editor.is_dirty():
            raise SystemExit("the editor did not save")
    editor.close()
    store.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--dir", help="folder for the test database (use a real disk: /tmp may be in memory)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        ok = _report("store.save_assignment(coalesce=True)", bench_store(folder, args.runs))
        ok &= _report("editor.to_assignment() + save", bench_editor(folder, args.runs))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
