"""The demo store: invented clients with homework and reviews, built only where it is told."""

from __future__ import annotations

from datetime import date

import pytest

from homework_planner import paths
from homework_planner.domain.progress import compute_progress
from homework_planner.domain.review import due_for_review
from homework_planner.storage import Store
from homework_planner.storage.demo import build_demo_store

TODAY = date(2026, 11, 22)


def test_demo_store_has_invented_clients_homework_due_and_a_history(tmp_path):
    folder = tmp_path / "demo"
    store = build_demo_store(folder, TODAY)
    try:
        clients = store.list_clients()
        assert [c.code for c in clients] == ["DEMO-01", "DEMO-02", "DEMO-03", "DEMO-04"]
        due = due_for_review(store.list_assignments("DEMO-01"), TODAY)
        assert len(due) == 1 and due[0].review_date == TODAY
        p = compute_progress(
            store.load_assignments("DEMO-01"), store.list_reviews(client_code="DEMO-01")
        )
        assert p.reviewed == 8
        assert {s.label for s in p.series} == {"Mood before", "Mood after"}
        assert all(s.date <= TODAY for s in p.sessions)
        exposure = compute_progress(
            store.load_assignments("DEMO-02"), store.list_reviews(client_code="DEMO-02")
        )
        start = next(s for s in exposure.series if s.label == "Fear at start")
        assert start.recorded_sessions[-1] < start.recorded_sessions[0]
        assert store.list_assignments("DEMO-04")[0].status == "draft"
        assert store.get_client("DEMO-03").print_needs.size == "extra_large"
    finally:
        store.close()
    # A real SQLite file that reopens; built in the folder it was given and nowhere else.
    with Store.open(paths.database_path(folder)) as again:
        assert again.count_clients() == 4
    assert not paths.data_dir().exists()


def test_demo_is_repeatable_for_a_date(tmp_path):
    def numbers(folder):
        with build_demo_store(folder, TODAY) as store:
            return [
                (r.completion, r.monitoring_entries)
                for r in store.list_reviews(client_code="DEMO-01")
            ]

    assert numbers(tmp_path / "one") == numbers(tmp_path / "two")


def test_demo_refuses_the_real_data_folder():
    with pytest.raises(ValueError, match="real data folder"):
        build_demo_store(paths.data_dir(), TODAY)
    assert not paths.data_dir().exists()
