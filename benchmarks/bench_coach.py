"""How long the coach takes per keystroke: type a rationale character by character, check each time."""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import full_assignment_dict  # noqa: E402
from homework_planner.domain.coach import check  # noqa: E402
from homework_planner.domain.models import Assignment, Review  # noqa: E402
from homework_planner.domain.templates import load_templates  # noqa: E402

RATIONALE = (
    "When I do a bit more, my mood lifts a little. Walking after lunch gets me out of the "
    "house, so that I feel ready to see my sister again. If I stay in, I feel more stuck, "
    "and that makes it harder to ring her. Each walk is a small step back to the life I want."
)
BUDGET_MS = 10.0


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def _type_rationale(a: Assignment, review: Review | None) -> list[float]:
    times = []
    for i in range(1, len(RATIONALE) + 1):
        a.rationale = RATIONALE[:i]  # validate_assignment runs, as it does when the GUI sets it
        start = time.perf_counter()
        check(a, review)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    load_templates()  # the first call reads the JSON files; the GUI does this once at start
    a = Assignment.model_validate(full_assignment_dict())
    review = Review(
        assignment_id=a.id,
        date=a.review_date,
        completion=3,
        progress_summary="Walked on 2 of 3 days; mood after walks up from 3 to 5.",
    )
    check(a)  # warm-up: compiles nothing (regexes are compiled at import) but fills caches
    gc.collect()
    cold = []
    for _ in range(3):
        cold += _type_rationale(a.model_copy(deep=True), review)
    print(f"coach per keystroke on a full assignment ({len(cold)} keystrokes, with a review):")
    print(
        f"  mean {statistics.fmean(cold):.3f} ms, median {statistics.median(cold):.3f} ms, "
        f"p95 {_percentile(cold, 95):.3f} ms, max {max(cold):.3f} ms"
    )
    # Worst case for the caches: every text changes on every call.
    uncached = []
    for i in range(300):
        b = a.model_copy(deep=True)
        b.task.what = f"{a.task.what} {i}"
        b.rationale = f"{RATIONALE} {i}"
        b.obstacles[0].then = f"{a.obstacles[0].then} {i}"
        b.monitoring.what_to_record = f"{a.monitoring.what_to_record} {i}"
        start = time.perf_counter()
        check(b, review)
        uncached.append((time.perf_counter() - start) * 1000)
    print("coach with every text new (no cache hits):")
    print(
        f"  mean {statistics.fmean(uncached):.3f} ms, median {statistics.median(uncached):.3f} ms, "
        f"p95 {_percentile(uncached, 95):.3f} ms"
    )
    p95 = _percentile(cold, 95)
    ok = p95 < BUDGET_MS
    print(f"budget {BUDGET_MS:.0f} ms per keystroke (p95): {'OK' if ok else 'OVER BUDGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
