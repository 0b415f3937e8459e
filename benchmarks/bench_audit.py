"""Benchmark: the homework audit of one practitioner's store (`homework-planner audit`).

A caseload of invented clients is built through the workflows (create_draft, agree, withdraw,
save_review), so every agreed assignment carries real frozen words, hash and findings; then the
audit is timed over all time and over the last 12 weeks, for one client, and as text, JSON and
PDF (median of several runs, milliseconds).

    python benchmarks/bench_audit.py [--clients 60] [--per-client 20] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

log = logging.getLogger(__name__)

WHATS = (
    "Walk to the postbox at the end of Elm Road and back",
    "Try to relax more",
    "Ring my sister for a ten minute chat",
    "Do things",
)


def build(db: Path, clients: int, per_client: int, seed: int) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.conftest import full_assignment_dict

    from homework_planner.domain.models import Assignment, Client, Review
    from homework_planner.storage import Store
    from homework_planner.workflows import assignments as wf
    from homework_planner.workflows import clients as client_wf

    rng = random.Random(seed)
    start = date(2026, 1, 5)
    made = 0
    with Store.open(db, backups=False) as store:
        for c in range(clients):
            code = f"BA-{c:04d}"
            client_wf.add_client(store, Client(code=code))
            for i in range(per_client):
                day = start + timedelta(weeks=i, days=c % 5)
                when = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
                data = full_assignment_dict(code)
                data.update(
                    id=f"{code}-{i:03d}",
                    status="draft",
                    created=when.isoformat(),
                    review_date=(day + timedelta(days=7)).isoformat(),
                )
                data["task"]["what"] = rng.choice(WHATS)
                if rng.random() < 0.3:
                    data.update(rationale="", obstacles=[])
                a = Assignment.model_validate(data)
                wf.create_draft(store, a)
                made += 1
                if rng.random() < 0.1:
                    continue  # left a draft
                wf.agree(store, a, confirm_missing=True, at=when)
                if rng.random() < 0.03:
                    wf.withdraw(store, a.id, "Typed for the wrong client")
                    continue
                if rng.random() < 0.8:
                    store.save_review(
                        Review(
                            id=f"r-{a.id}",
                            assignment_id=a.id,
                            date=day + timedelta(days=rng.choice((7, 7, 7, 14, 21))),
                            completion=rng.randint(0, 4),
                            progress_summary="Did most of it." if rng.random() < 0.7 else "",
                        )
                    )
    return made


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument("--per-client", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261202)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    from homework_planner.domain.settings import Settings
    from homework_planner.output.audit import audit_dict, audit_text, render_audit_pdf
    from homework_planner.storage import Store
    from homework_planner.workflows.audit import Period, run_audit

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "audit.db"
        t = time.perf_counter()
        n = build(db, args.clients, args.per_client, args.seed)
        built = time.perf_counter() - t
        today = date(2026, 1, 5) + timedelta(weeks=args.per_client)
        twelve = Period(today - timedelta(weeks=12), today)
        with Store.open(db) as store:
            audit = run_audit(store, today=today)
            rows: list[tuple[str, float]] = [
                ("audit, all time", median_ms(lambda: run_audit(store, today=today), args.runs)),
                (
                    "audit, last 12 weeks",
                    median_ms(lambda: run_audit(store, twelve, today=today), args.runs),
                ),
                (
                    "audit, one client",
                    median_ms(
                        lambda: run_audit(store, client_code="BA-0000", today=today), args.runs
                    ),
                ),
                ("text table", median_ms(lambda: audit_text(audit), args.runs)),
                ("JSON", median_ms(lambda: json.dumps(audit_dict(audit)), args.runs)),
                ("PDF", median_ms(lambda: render_audit_pdf(audit, Settings()), args.runs)),
            ]
            pages = render_audit_pdf(run_audit(store, twelve, today=today), Settings())
    from io import BytesIO

    from pypdf import PdfReader

    print(
        f"Homework audit: {args.clients} clients x {args.per_client} assignments = {n} "
        f"(built through the workflows in {built:.1f} s); median of {args.runs} runs"
    )
    print(f"{'step':<24}{'ms':>10}")
    for name, ms in rows:
        print(f"{name:<24}{ms:>10.1f}")
    print(
        f"PDF pages (last 12 weeks, {args.clients} clients): {len(PdfReader(BytesIO(pages)).pages)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
