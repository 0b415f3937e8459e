"""Sync against a real PostgreSQL: idempotent, survives the server going away, two at once."""

from __future__ import annotations

import threading

import pytest

from homework_planner.hub.connection import Unreachable
from homework_planner.hub.sync import sync

from .work import day_of_work, open_store, withdraw_one


def test_a_day_of_work_reaches_the_hub_and_a_second_sync_sends_nothing(hub, tmp_path):
    url = hub.add("ana")
    store = open_store(tmp_path / "ana")
    ids = day_of_work(store, 5)
    withdraw_one(store, ids[0])
    assert store.outbox_counts() == (11, 0)
    first = sync(store, url)
    assert (first.sent, first.already, first.waiting) == (11, 0, 0)
    assert hub.count("agreements") == 5
    assert hub.count("reviews") == 5
    assert hub.count("withdrawals") == 1
    again = sync(store, url)
    assert (again.sent, again.already, again.waiting) == (0, 0, 0)
    assert hub.count("agreements") + hub.count("reviews") + hub.count("withdrawals") == 11
    practitioners = {r[0] for r in hub.rows("agreements")}
    assert practitioners == {"ana"}
    store.close()


def test_the_same_batch_delivered_twice_is_stored_once(hub, tmp_path):
    url = hub.add("ben")
    store = open_store(tmp_path / "ben")
    day_of_work(store, 4)
    sync(store, url)
    # As after a kill between the hub's commit and the outbox's: every row is sent again.
    store._con.execute("UPDATE outbox SET pushed_at = NULL")
    again = sync(store, url)
    assert (again.sent, again.already, again.waiting) == (0, 8, 0)
    assert hub.count("agreements") == 4 and hub.count("reviews") == 4
    store.close()


@pytest.mark.slow
def test_server_stopped_mid_sync_keeps_the_outbox_and_the_next_sync_completes(
    hub, pg_server, tmp_path
):
    url = hub.add("cat")
    store = open_store(tmp_path / "cat")
    day_of_work(store, 10)
    stopped: list[int] = []

    def stop_after_first_batch(result) -> None:
        if not stopped:
            stopped.append(result.sent)
            pg_server.stop("immediate")

    waits: list[float] = []
    try:
        with pytest.raises(Unreachable, match="outbox"):
            sync(store, url, batch_size=6, retries=2, sleep=waits.append,
                 on_batch=stop_after_first_batch)  # fmt: skip
    finally:
        pg_server.start()
    assert stopped == [6]
    assert waits == [0.5, 1.0]  # backed off, then gave up
    assert store.outbox_counts() == (14, 6)
    later = sync(store, url)
    assert (later.sent, later.waiting) == (14, 0)
    assert hub.count("agreements") == 10 and hub.count("reviews") == 10
    store.close()


def test_two_practitioners_syncing_at_once_each_get_their_own_rows(hub, tmp_path):
    urls = {name: hub.add(name) for name in ("dee", "eli")}
    stores = {name: open_store(tmp_path / name) for name in urls}
    for name, store in stores.items():
        day_of_work(store, 8, prefix=name.upper())
    results: dict[str, object] = {}

    def run(name: str) -> None:
        # A store's connection belongs to the thread that opened it: each thread its own.
        store = open_store(tmp_path / name)
        try:
            results[name] = sync(store, urls[name], batch_size=3)
        finally:
            store.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in urls]
    for s in stores.values():
        s.close()
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert {n: (r.sent, r.waiting) for n, r in results.items()} == {"dee": (16, 0), "eli": (16, 0)}
    by_who: dict[str, int] = {}
    for row in hub.rows("agreements"):
        by_who[row[0]] = by_who.get(row[0], 0) + 1
    assert by_who == {"dee": 8, "eli": 8}
    codes = {row[0]: set() for row in hub.rows("reviews")}
    for row in hub.rows("reviews"):
        codes[row[0]].add(row[4].split("-")[0])
    assert codes == {"dee": {"DEE"}, "eli": {"ELI"}}
