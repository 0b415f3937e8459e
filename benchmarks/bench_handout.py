"""Benchmark: handout render time, cold (first call: fonts registered) and warm (target <= 300 ms).

Renders the conftest example and every template's example at standard size, plus the example at
extra large print (which flows onto more pages and so builds twice). Reports mean and median of
the warm runs after one warm-up.

    python benchmarks/bench_handout.py [--runs 20]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300.0


def _examples():
    sys.path.insert(0, str(ROOT))
    from tests.conftest import full_assignment_dict

    from homework_planner.domain.models import Assignment

    out = [("conftest example", Assignment.model_validate(full_assignment_dict()))]
    try:
        from homework_planner.domain.templates import load_templates
    except ImportError:
        return out
    return out + [(t.id, t.example_assignment()) for t in load_templates()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from homework_planner.domain.models import PrintNeeds
    from homework_planner.domain.settings import Settings
    from homework_planner.output.handout import render_handout

    settings = Settings(service_name="Riverside Talking Therapies", service_phone="0300 123 4567")
    examples = _examples()
    t0 = time.perf_counter()
    first = render_handout(examples[0][1], PrintNeeds(), settings)
    print(f"cold first render (fonts registered): {(time.perf_counter() - t0) * 1000:.0f} ms")

    worst = 0.0
    cases = [(name, a, "standard") for name, a in examples]
    cases.append((examples[0][0], examples[0][1], "extra_large"))
    for name, a, size in cases:
        needs = PrintNeeds(size=size)
        result = render_handout(a, needs, settings)  # warm-up
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            render_handout(a, needs, settings)
            times.append((time.perf_counter() - t) * 1000)
        mean, median = statistics.mean(times), statistics.median(times)
        worst = max(worst, median)
        print(
            f"{name:28s} {size:12s} pages={result.pages}  "
            f"mean={mean:6.1f} ms  median={median:6.1f} ms  max={max(times):6.1f} ms"
        )
    print(f"pdf size (conftest example): {len(first.pdf) / 1024:.0f} KiB")
    ok = worst <= TARGET_MS
    print(f"worst median {worst:.1f} ms; target <= {TARGET_MS:.0f} ms: {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
