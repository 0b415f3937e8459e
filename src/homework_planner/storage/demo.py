"""A throwaway store of invented clients, homework and reviews for teaching (`--demo`)."""

from __future__ import annotations

import logging
import random
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from .. import paths
from ..domain.examples import get_example
from ..domain.models import Assignment, Client, PrintNeeds, Review, new_id
from ..domain.sheet import entries_from_rows
from .store import Store

log = logging.getLogger(__name__)

DEMO_PREFIX = "DEMO-"
WEEK = timedelta(days=7)

# Invented review texts, in the non-judging tone the app asks for: partial completion is data.
_HAPPENED = {
    0: "The week was taken up by a family visit; the walk did not happen.",
    1: "Got shoes on twice and went as far as the gate once.",
    2: "Walked on about half of the planned days.",
    3: "Walked on most of the planned days; missed one when it rained.",
    4: "Walked on every planned day.",
}
_LEARNED = [
    "Mood was a little higher after each walk than before it.",
    "Starting is the hardest part; once out, it was fine.",
    "Shoes by the door made it easier to go.",
    "A shorter walk still counts and still helped.",
    "Going at a fixed time worked better than waiting to feel like it.",
    "Seeing a neighbour on the way felt good, not awkward.",
    "Mood lifted most on the days with a walk.",
]
_OBSTACLES = [
    "Rain on Wednesday",
    "Felt too tired after lunch",
    "Forgot until the evening",
    "",
    "A friend phoned at one o'clock",
    "",
    "Rain on Friday",
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=timezone.utc)


def _from_example(example_id: str, code: str, created: date, review: date | None) -> Assignment:
    a = get_example(example_id).good.model_copy(deep=True)
    a.id = new_id()
    a.client_code = code
    a.created = _at(created)
    a.review_date = review
    a.status = "agreed"
    a.agreed_on = created
    return a


def _walks(
    rng: random.Random, a: Assignment, weeks: int, today: date
) -> list[tuple[Assignment, Review | None]]:
    """Weekly walking homework whose mood ratings rise gently, with an ordinary bumpy week."""
    out: list[tuple[Assignment, Review | None]] = []
    completions = [1, 2, 2, 3, 1, 3, 4, 3, 4, 4]
    previous: Assignment | None = None
    for week in range(weeks):
        set_on = today - WEEK * (weeks + 1 - week)  # the last one reviewed a week ago
        item = a.model_copy(deep=True)
        item.id = new_id()
        item.created = _at(set_on)
        item.agreed_on = set_on
        item.review_date = set_on + WEEK
        item.follows = previous.id if previous else None
        completion = completions[week % len(completions)]
        walked_days = {0: 0, 1: 1, 2: 2, 3: 2, 4: 3}[completion]
        rows = []
        for _ in range(walked_days):
            before = max(1, min(9, 3 + week // 3 + rng.choice((-1, 0, 0, 1))))
            after = max(before, min(10, before + 1 + week // 4 + rng.choice((0, 0, 1))))
            rows.append({"Walked": "yes", "Mood before": str(before), "Mood after": str(after)})
        review = Review(
            assignment_id=item.id,
            date=set_on + WEEK,
            completion=completion,
            what_happened=_HAPPENED[completion],
            what_learned=_LEARNED[week % len(_LEARNED)],
            obstacles_met=_OBSTACLES[week % len(_OBSTACLES)],
            progress_summary=(
                f"{_HAPPENED[completion]} Learned: {_LEARNED[week % len(_LEARNED)].lower()}"
            ),
            next_step="adjust" if completion < 3 else "continue",
            # One row per walk, on the sheet's days in order; the days not walked stay blank.
            monitoring_entries=entries_from_rows(item, rows),
        )
        item.status = "reviewed"
        out.append((item, review))
        previous = item
    current = a.model_copy(deep=True)
    current.id = new_id()
    current.created = _at(today - WEEK)
    current.agreed_on = today - WEEK
    current.review_date = today  # due today: what a trainer opens first
    current.follows = previous.id if previous else None
    out.append((current, None))
    return out


def _exposure(rng: random.Random, code: str, today: date) -> list[tuple[Assignment, Review | None]]:
    out: list[tuple[Assignment, Review | None]] = []
    weeks = 4
    for week in range(weeks):
        set_on = today - WEEK * (weeks - week) - timedelta(days=2)
        a = _from_example("graded-exposure-shop", code, set_on, set_on + WEEK)
        a.title = f"Step {week + 1}: " + a.title.split(": ", 1)[-1]
        rows = []
        for _ in range(3 + week % 2):
            start = max(2, 8 - week + rng.choice((-1, 0, 0)))
            end = max(1, start - 2 - week // 2 + rng.choice((0, 0, -1)))
            rows.append(
                {"Fear at start": str(start), "Fear at end": str(end), "Minutes inside": "10"}
            )
        completion = (2, 3, 3, 4)[week]
        a.status = "reviewed"
        out.append(
            (
                a,
                Review(
                    assignment_id=a.id,
                    date=set_on + WEEK,
                    completion=completion,
                    what_happened=f"Went into the shop {len(rows)} times and stayed each time.",
                    what_learned="The fear came down while staying, without leaving early.",
                    obstacles_met="The shop was busy on Saturday" if week % 2 else "",
                    progress_summary=(
                        f"{len(rows)} practices; fear fell during each one. "
                        "Learned that the fear passes without leaving."
                    ),
                    next_step="continue" if week < weeks - 1 else "adjust",
                    monitoring_entries=entries_from_rows(a, rows),
                ),
            )
        )
    current_start = today - timedelta(days=2)
    current = _from_example("graded-exposure-shop", code, current_start, today + timedelta(days=5))
    current.title = "Step 5: the small supermarket on a Saturday"
    out.append((current, None))
    return out


def populate_demo(store: Store, today: date | None = None, *, seed: int = 7) -> list[str]:
    """Fill an empty store with invented clients; returns their codes. Repeatable for a seed."""
    today = today or date.today()
    rng = random.Random(seed)
    clients = [
        Client(code="DEMO-01", preferred_name="Sam"),
        Client(code="DEMO-02", preferred_name="Alex", print_needs=PrintNeeds(size="large")),
        Client(
            code="DEMO-03",
            preferred_name="Jo",
            print_needs=PrintNeeds(size="extra_large", background="cream", easy_read=True),
        ),
        Client(code="DEMO-04", preferred_name="Priya"),
    ]
    for c in clients:
        store.add_client(c)

    walk = _from_example("behavioural-activation-walk", "DEMO-01", today, today)
    plan = _walks(rng, walk, 8, today) + _exposure(rng, "DEMO-02", today)
    sleep = _from_example("sleep-fixed-rise", "DEMO-03", today - WEEK, today)
    plan.append((sleep, None))
    worry = _from_example("worry-time-evening", "DEMO-04", today, today + WEEK)
    worry.status = "draft"
    worry.agreed_on = None
    plan.append((worry, None))

    for assignment, review in plan:
        store.save_assignment(assignment)
        if review is not None:
            store.save_review(review)
    log.info("demo store filled with %d invented clients", len(clients))
    return [c.code for c in clients]


def build_demo_store(folder: Path, today: date | None = None) -> Store:
    """Open a new store in `folder` (a temporary folder, never the user's data folder)."""
    folder = Path(folder)
    if folder.resolve() == paths.data_dir().resolve():
        # A guard, not a convenience: teaching must never write into real clinical data.
        raise ValueError("The demo store must not be built in the real data folder.")
    # No backups: the folder and everything in it is deleted when the demo closes.
    store = Store.open(paths.database_path(paths.ensure_private_dir(folder)), backups=False)
    try:
        if store.count_clients(include_archived=True) == 0:
            populate_demo(store, today)
    except BaseException:
        store.close()
        raise
    return store
