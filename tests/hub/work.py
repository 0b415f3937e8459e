"""Invented work in a real local store, through the real workflows (agree, review, withdraw)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from homework_planner.domain.models import Assignment, Client, Review
from homework_planner.storage import Store
from homework_planner.workflows.assignments import agree, create_draft, withdraw
from homework_planner.workflows.clients import add_client
from homework_planner.workflows.review import record_review


def open_store(folder: Path) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    return Store.open(folder / "homework-planner.sqlite3", backups=False)


def day_of_work(
    store: Store, n: int, *, prefix: str = "HP", title: str = "A walk after lunch"
) -> list[str]:
    """n clients, each with one assignment agreed and then reviewed: 2n outbox rows."""
    ids: list[str] = []
    for i in range(n):
        code = f"{prefix}-{i:04d}"
        add_client(store, Client(code=code))
        a = Assignment(client_code=code, title=f"{title} {i}")
        a.task.what = "Walk to the postbox and back"
        create_draft(store, a)
        agreed = agree(store, a, confirm_missing=True).assignment
        record_review(
            store,
            Review(assignment_id=agreed.id, date=date(2026, 11, 27), completion=i % 5),
        )
        ids.append(agreed.id)
    return ids


def withdraw_one(store: Store, assignment_id: str) -> None:
    withdraw(store, assignment_id, "Entered for the wrong client")
