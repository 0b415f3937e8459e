"""How long the coach takes per keystroke on a long assignment, beside a bare reference.

A therapist types a 5,000-character reason, one character at a time, into an assignment with 20
if-then plans; after each character the coach checks the whole assignment, as the editor does.
Printed: p50 / p95 / max of check() per keystroke, and in the same run the same statistics for
a bare reference (a deep copy of the assignment model, the cheapest thing the editor does with
it per key), so that a slower machine shows as slower in both. Target: p95 <= 2 ms.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import full_assignment_dict  # noqa: E402

from homework_planner.domain import coach, plain  # noqa: E402
from homework_planner.domain.coach import check  # noqa: E402
from homework_planner.domain.models import Assignment, Review  # noqa: E402

BUDGET_P95_MS = 2.0
# Invented text: a client's reason, said in several ways, long enough to pass 5,000 characters.
_PARTS = (
    "Walking to the postbox after lunch gets me out of the house, so that I feel less stuck.",
    "When I stay in all day my mood drops, and then ringing my sister feels impossible.",
    "Each walk is a small step back to the life I had, when I saw her every Sunday.",
    "If I keep it short, 15 minutes, I can manage it even on a flat day.",
    "Noticing my mood before and after shows me that doing comes before feeling better.",
    "My sister says she misses our Sunday lunches, and I would like to go again by spring.",
)


def long_reason(n_chars: int = 5000) -> str:
    out: list[str] = []
    i = 0
    while sum(len(p) + 1 for p in out) < n_chars:
        out.append(_PARTS[i % len(_PARTS)])
        i += 1
    return " ".join(out)[:n_chars]


def long_assignment() -> Assignment:
    d = full_assignment_dict()
    d["obstacles"] = [
        {
            "if": f"it is raining on day {i + 1}",
            "then": f"walk up and down the hall {i + 5} times instead",
        }
        for i in range(20)
    ]
    return Assignment.model_validate(d)


def _stats(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95, ordered[-1]


def _type(
    a: Assignment, text: str, step: Callable[[Assignment], object]
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of `step` after each character typed."""
    wall, cpu = [], []
    for i in range(1, len(text) + 1):
        a.rationale = text[:i]  # validate_assignment runs, as when the editor sets the field
        start, start_cpu = time.perf_counter(), time.thread_time()
        step(a)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=5000, help="length of the reason typed")
    args = parser.parse_args(argv)
    coach.load()
    plain.load_dictionary()
    a = long_assignment()
    review = Review(
        assignment_id=a.id,
        date=a.review_date,
        completion=3,
        progress_summary="Walked on 2 of 3 days; mood after walks up from 3 to 5.",
    )
    text = long_reason(args.chars)
    check(a, review)  # warm-up: the first check reads the lemma table and fills caches
    gc.collect()
    reference = _type(a.model_copy(deep=True), text, lambda x: x.model_copy(deep=True))
    coach_times = _type(a.model_copy(deep=True), text, lambda x: check(x, review))
    print(
        f"typing a {len(text)}-character reason into an assignment with {len(a.obstacles)} "
        f"if-then plans, one check per keystroke ({len(coach_times[0])} keystrokes):"
    )
    for clock, k in (("wall clock", 0), ("CPU time of this thread", 1)):
        print(f" {clock}:")
        for name, times in (("check()", coach_times[k]), ("reference: deep copy", reference[k])):
            p50, p95, worst = _stats(times)
            print(f"  {name:22s} p50 {p50:6.3f} ms   p95 {p95:6.3f} ms   max {worst:6.3f} ms")
    p50, p95, _ = _stats(coach_times[0])
    r50, r95, _ = _stats(reference[0])
    _, cpu95, _ = _stats(coach_times[1])
    print(f"  check() p50 is {p50 / r50:.1f}x the reference's, p95 {p95 / r95:.1f}x")
    # On a machine shared with other work, waiting for the CPU shows in the wall clock but is
    # not the coach's cost: the budget is judged on CPU time, and the wall clock is shown beside.
    ok = cpu95 <= BUDGET_P95_MS
    print(
        f"budget p95 <= {BUDGET_P95_MS:.0f} ms per keystroke (CPU time): "
        f"{'OK' if ok else 'OVER BUDGET'} ({cpu95:.3f} ms; wall clock {p95:.3f} ms)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
