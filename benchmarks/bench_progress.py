"""Benchmark: progress numbers, the summary paragraph and the chart, for long review histories.

A therapist sees the Progress panel refresh after every saved review, so computing a client's
progress and drawing the chart must stay instant even for a long history. Reported for 8, 30
and 100 reviews: compute_progress + summary_text, the chart drawn with QPainter into an image,
and the reportlab chart rendered to PDF (median of several runs, milliseconds).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_progress.py [--runs 9]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone

log = logging.getLogger(__name__)


def history(n: int):
    from homework_planner.domain.models import Assignment, MonitoringColumn, Review
    from homework_planner.domain.sheet import entries_from_rows

    start = date(2020, 1, 6)
    assignments, reviews = [], []
    for i in range(n):
        a = Assignment(
            client_code="BENCH-01",
            title="A short walk after lunch",
            created=datetime.combine(start + timedelta(weeks=i), datetime.min.time(), timezone.utc),
        )
        a.monitoring.columns = [
            MonitoringColumn(label="Walked", scale="tick"),
            MonitoringColumn(label="Mood before", scale="0-10"),
            MonitoringColumn(label="Mood after", scale="0-10"),
        ]
        assignments.append(a)
        reviews.append(
            Review(
                assignment_id=a.id,
                date=start + timedelta(weeks=i + 1),
                completion=i % 5,
                progress_summary="Walked 2 of 3 days; mood after up from 3 to 5.",
                monitoring_entries=entries_from_rows(
                    a,
                    [
                        {
                            "Walked": "yes",
                            "Mood before": str(3 + d % 3),
                            "Mood after": str(5 + d % 4),
                        }
                        for d in range(3)
                    ],
                ),
            )
        )
    return assignments, reviews


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from homework_planner.domain.progress import compute_progress, summary_text
    from homework_planner.gui.review.progress_chart import render_chart
    from homework_planner.output.chart import chart_pdf_bytes

    app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive while drawing
    print(
        f"{'reviews':>8} {'progress+summary ms':>20} {'QPainter chart ms':>18} {'PDF chart ms':>13}"
    )
    for n in (8, 30, 100):
        assignments, reviews = history(n)
        p = compute_progress(assignments, reviews)
        t_progress = median_ms(
            lambda a=assignments, r=reviews: summary_text(compute_progress(a, r)), args.runs
        )
        t_qt = median_ms(lambda p=p: render_chart(p, 640, 300), args.runs)
        t_pdf = median_ms(lambda p=p: chart_pdf_bytes(p), args.runs)
        print(f"{n:>8} {t_progress:>20.2f} {t_qt:>18.2f} {t_pdf:>13.2f}")
    # PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call of a method that
    # returns nothing (None is immortal only from 3.12), so Python-side painting brings the
    # crash "none_dealloc" closer. Reported so a dependency change can be checked: a fall is
    # that bug; a rise (6.11 adds a few references per render) only keeps None alive, and no
    # Python object is left behind (the chart's objects are all freed).
    p = compute_progress(*history(30))
    before = sys.getrefcount(None)
    render_chart(p, 640, 300)
    drift = sys.getrefcount(None) - before
    verdict = "a FALL: the PySide6 6.12.0 bug" if drift < 0 else "no fall (the crash risk)"
    print(f"None refcount change per chart render (30 reviews): {drift:+d}, {verdict}")
    app.processEvents()
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    sys.exit(main())
