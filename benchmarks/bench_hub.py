"""One practitioner's day of work synced to the service hub, on a real PostgreSQL server.

    .venv/bin/python benchmarks/bench_hub.py            # small: a hub of 20 x 1,000 rows
    HP_BENCH_HUB=big .venv/bin/python benchmarks/bench_hub.py   # 200 practitioners x 10,000

Starts its own server (initdb into /tmp, as `nobody` when run as root), fills the hub with other
practitioners' rows (plain INSERTs), then times `sync` of a day of work (30 agreements and 30
reviews, made through the real workflows) over TCP with a password login, median of 5 fresh days.
The bare reference: a plain INSERT of the same 60 rows into a table of the same columns with no
keys, no row-level security and no outbox, in one transaction on an open connection.
Target: the day syncs in <= 1 s.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from tests.hub.conftest import _bin_dir, close_server, start_server  # noqa: E402
from tests.hub.work import day_of_work, open_store  # noqa: E402

from homework_planner.hub.admin import add_member  # noqa: E402
from homework_planner.hub.migrate import init_service  # noqa: E402
from homework_planner.hub.sync import sync  # noqa: E402

BIG = os.environ.get("HP_BENCH_HUB") == "big"
PRACTITIONERS, ROWS_EACH = (200, 10_000) if BIG else (20, 1_000)
DAY = 30
RUNS = 5


def _fill_sql(practitioners: int, total: int) -> str:
    """Other practitioners' agreements (invented), made by the server itself."""
    return (
        "INSERT INTO hub.agreements(practitioner, assignment_id, version, client_code,"
        " agreed_at, content_hash, payload, payload_hash)"
        f" SELECT 'p' || (g % {practitioners}), 'a' || g, 1, 'HP-' || (g % 500),"
        " now() - (g % 365) * interval '1 day', repeat('0', 64),"
        ' \'{"content": {"title": "invented"}}\', repeat(\'1\', 64)'
        f" FROM generate_series(1, {total}) AS g"
    )


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def main() -> int:
    bindir = _bin_dir()
    if bindir is None:
        print("PostgreSQL is not installed (apt install postgresql): nothing to measure.")
        return 1
    server = start_server(bindir)
    try:
        with psycopg.connect(server.admin_url(), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "bench"')
        admin = server.admin_url("bench")
        init_service(admin)
        total = PRACTITIONERS * ROWS_EACH
        t = time.perf_counter()
        with psycopg.connect(admin) as conn:
            conn.execute(_fill_sql(PRACTITIONERS, total))
            conn.execute("ANALYZE")
            add_member(conn, "bench_practitioner", "practitioner", "bench-pw")
            conn.execute(
                "CREATE TABLE bare (practitioner text, assignment_id text, version int,"
                " client_code text, payload text, payload_hash text)"
            )
        filled = time.perf_counter() - t
        url = server.url("bench_practitioner", "bench-pw", "bench")
        syncs, nothing, bare, bare_connect = [], [], [], []
        with tempfile.TemporaryDirectory() as folder:
            for run in range(RUNS):
                store = open_store(Path(folder) / f"day{run}")
                day_of_work(store, DAY, prefix=f"D{run}")
                rows = store.outbox_pending(10_000)
                t = time.perf_counter()
                result = sync(store, url)
                syncs.append(time.perf_counter() - t)
                assert (result.sent, result.waiting) == (2 * DAY, 0), result
                t = time.perf_counter()
                sync(store, url)
                nothing.append(time.perf_counter() - t)
                store.close()
                values = [
                    ("bench_practitioner", r.record_id, r.version, r.client_code, r.payload,
                     r.payload_hash)
                    for r in rows
                ]  # fmt: skip
                t = time.perf_counter()
                with psycopg.connect(server.url("postgres", "admin-secret", "bench")) as conn:
                    connected = time.perf_counter()
                    with conn.transaction(), conn.cursor() as cur:
                        cur.executemany("INSERT INTO bare VALUES (%s, %s, %s, %s, %s, %s)", values)
                    done = time.perf_counter()
                bare.append(done - connected)
                bare_connect.append(done - t)
        med = statistics.median
        print(
            f"hub: {PRACTITIONERS} practitioners x {ROWS_EACH:,} agreements already on it "
            f"({total:,} rows, filled in {filled:.1f} s); a day = {DAY} agreements + {DAY} reviews"
        )
        print(f"{'measure':58} {'median':>12} {'max':>12}")
        table = [
            ("sync of one day (connect, push 60, pull templates)", syncs),
            ("sync again, nothing to send", nothing),
            ("bare: plain INSERT of the same 60 rows (open connection)", bare),
            ("bare: connect + the same plain INSERT", bare_connect),
        ]
        for label, times in table:
            print(f"{label:58} {_ms(med(times))} {_ms(max(times))}")
        verdict = "OK" if max(syncs) <= 1.0 else "OVER"
        print(f"target: a day syncs in <= 1 s: {verdict} (worst {max(syncs):.3f} s)")
        return 0 if verdict == "OK" else 1
    finally:
        close_server(server)


if __name__ == "__main__":
    sys.exit(main())
