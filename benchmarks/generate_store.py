"""Generate a large, realistic, invented Homework Planner store for the scale benchmark.

Every client, assignment and review is invented from a fixed vocabulary with a seeded random
generator, so the same --seed always gives the same store. The data goes in through the real
Store API (Store.import_client_file, one transaction per client, and Store.save_assignment for
later edits, which fills the history table), so the file has the app's real schema, indexes and
JSON, and the app opens it like any other data folder.

    python benchmarks/generate_store.py --out /tmp/hp-scale --clients 10000 --assignments 200000
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path

from homework_planner import paths
from homework_planner.domain.models import Assignment, Client, ClientFile, Review
from homework_planner.domain.sheet import entries_from_rows
from homework_planner.storage import Store

log = logging.getLogger(__name__)

# ---- invented content -----------------------------------------------------------------------
# (intervention, title, what, rationale). Short, concrete, the way a therapist writes in session.
TASKS: list[tuple[str, str, str, str]] = [
    (
        "behavioural_activation",
        "A short walk after lunch",
        "Walk to the postbox at the end of the road and back",
        "When I do a bit more, my mood lifts a little and I feel less stuck.",
    ),
    (
        "behavioural_activation",
        "Phone my sister",
        "Ring my sister for a ten minute chat",
        "Talking to people I like helps me feel less alone.",
    ),
    (
        "behavioural_activation",
        "Cook one proper meal",
        "Cook pasta with a tin of tomatoes for tea",
        "Eating well gives me a bit more energy for the day.",
    ),
    (
        "graded_exposure",
        "Step 2: the corner shop",
        "Go into the corner shop and buy one thing",
        "Each time I stay, the fear goes down and I learn I can cope.",
    ),
    (
        "graded_exposure",
        "Bus for one stop",
        "Take the bus for one stop and walk back",
        "Facing the bus a little at a time makes it easier to get to work.",
    ),
    (
        "thought_record",
        "Catch one worrying thought",
        "Write down one upsetting thought and the facts for and against it",
        "Seeing the thought on paper helps me check if it is true.",
    ),
    (
        "worry_time",
        "Worry time at six",
        "Save worries on a list and think about them for 15 minutes at 6 pm",
        "Putting worries off to a set time gives me more of the day back.",
    ),
    (
        "problem_solving",
        "Sort out the gas bill",
        "Ring the gas company and ask for a payment plan",
        "Dealing with one problem at a time makes things feel less heavy.",
    ),
    (
        "sleep",
        "Same time out of bed",
        "Get out of bed at 7 am every day, even at the weekend",
        "A fixed wake-up time helps my body clock and my sleep.",
    ),
    (
        "panic",
        "Stay with the feeling",
        "When my heart races, stay where I am and breathe slowly for two minutes",
        "Staying shows me the feeling passes and nothing bad happens.",
    ),
    (
        "relaxation",
        "Slow breathing practice",
        "Breathe in for 4 and out for 6, ten times, sitting down",
        "Practising when calm makes it easier to use when I am tense.",
    ),
    (
        "behavioural_experiment",
        "Test the prediction",
        "Say hello to one colleague and notice what really happens",
        "Testing my fear tells me more than thinking about it.",
    ),
]
WHEN = [
    "After lunch, at 1 pm",
    "Before breakfast, at 8 am",
    "After the school run, at 9:30",
    "At 6 pm, after tea",
    "Straight after work",
    "On Saturday morning",
]
WHERE = ["At home", "In the kitchen", "From my front door", "In the park", "At work", "In town"]
HOW_OFTEN = [
    "On Monday, Wednesday and Friday",
    "Every day",
    "Twice this week",
    "On weekdays",
    "Three times this week",
]
HOW_LONG = ["10 minutes", "15 minutes", "20 minutes", "Half an hour", "5 minutes"]
OBSTACLES = [
    ("it is raining", "do it indoors instead"),
    ("I feel too tired", "do just five minutes and see how I feel"),
    ("I forget", "set an alarm on my phone"),
    ("I feel very anxious", "breathe slowly and stay for two more minutes"),
    ("someone visits", "do it when they have gone"),
    ("I have a bad night", "still do the first step"),
]
RECORD = [
    ("Whether I did it, and my mood before and after", "Straight after"),
    ("How anxious I felt, from 0 to 10", "At the start and the end"),
    ("What I did and how it went", "The same evening"),
]
COLUMNS = [
    [{"label": "Done", "scale": "tick"}, {"label": "Mood after", "scale": "0-10"}],
    [{"label": "Anxiety at start", "scale": "0-10"}, {"label": "Anxiety at end", "scale": "0-10"}],
    [{"label": "Done", "scale": "tick"}],
]
REACTIONS = [
    "I will do it after lunch and tick the sheet.",
    "I will give it a go and write down how it went.",
    "I am doing this so I can get back to normal life.",
]
CONCERNS = ["Bad weather", "Feeling too tired", "Forgetting", "", "Other people"]
HAPPENED = [
    "Did it on most days; missed one when unwell.",
    "Managed twice; the third time it felt too much.",
    "Did not start; the week was very busy.",
    "Did it every day and it got easier.",
]
LEARNED = [
    "Mood was a little better afterwards.",
    "The fear came down faster than expected.",
    "Starting is the hardest part.",
    "Planning the time helped.",
]
NAMES = [
    "Sam", "Alex", "Jo", "Chris", "Robin", "Pat", "Kim", "Lee", "Jamie", "Charlie",
    "Ash", "Morgan", "Taylor", "Jordan", "Casey", "Riley", "Max", "Sasha", "Nico", "Bea",
]  # fmt: skip
SERVICES = ["HP", "LI", "HI", "TT"]  # code prefixes as different teams use them
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
START = datetime(2023, 1, 2, 9, 0, tzinfo=timezone.utc)


@dataclass
class Stats:
    clients: int = 0
    assignments: int = 0
    reviews: int = 0
    history_versions: int = 0
    seconds: float = 0.0
    largest_client: str = ""
    largest_client_assignments: int = 0


def client_codes(n: int, rng: random.Random) -> list[str]:
    numbers = rng.sample(range(1, max(n * 3, 10)), n)
    return [f"{rng.choice(SERVICES)}-{num:05d}" for num in numbers]


def make_client(code: str, rng: random.Random) -> Client:
    return Client(
        code=code,
        preferred_name=rng.choice(NAMES) if rng.random() < 0.7 else None,
        print_needs={
            "size": rng.choices(["standard", "large", "extra_large"], [6, 3, 1])[0],
            "background": "cream" if rng.random() < 0.2 else "white",
            "easy_read": rng.random() < 0.15,
        },
        archived=rng.random() < 0.25,
    )


def make_assignment(code: str, n: int, created: datetime, rng: random.Random) -> Assignment:
    intervention, title, what, rationale = rng.choice(TASKS)
    status = rng.choices(["draft", "agreed", "reviewed"], [1, 2, 5])[0]
    record, when_record = rng.choice(RECORD)
    days = sorted(rng.sample(range(7), rng.randint(1, 5)))
    obstacles = rng.sample(OBSTACLES, rng.randint(1, 3))
    return Assignment.model_validate(
        {
            "id": f"{code.lower()}-{n:04d}-{rng.getrandbits(32):08x}",
            "client_code": code,
            "title": title,
            "intervention": intervention,
            "goal": "Get back to doing the things that matter to me",
            "status": status,
            "created": created,
            "review_date": (created + timedelta(days=7)).date(),
            "agreed_on": created.date() if status != "draft" else None,
            "task": {
                "what": what,
                "when": rng.choice(WHEN),
                "where": rng.choice(WHERE),
                "how_often": rng.choice(HOW_OFTEN),
                "how_long": rng.choice(HOW_LONG),
                "first_step": "Put a reminder on the fridge",
                "schedule": {
                    "days": [DAYS[d] for d in days],
                    "time": f"{rng.randint(7, 20):02d}:{rng.choice(['00', '30'])}",
                    "duration_minutes": rng.choice([5, 10, 15, 20, 30]),
                },
            },
            "rationale": rationale,
            "obstacles": [{"if": i, "then": t} for i, t in obstacles],
            "monitoring": {
                "what_to_record": record,
                "when_to_record": when_record,
                "columns": rng.choice(COLUMNS),
                "days": 7,
            },
            "client_reaction": {
                "summary_in_own_words": rng.choice(REACTIONS),
                "importance": rng.randint(5, 10),
                "confidence": rng.randint(4, 10),
                "concerns": rng.choice(CONCERNS),
            },
        }
    )


def make_review(a: Assignment, rng: random.Random) -> Review:
    completion = rng.randint(0, 4)
    return Review.model_validate(
        {
            "id": f"r-{a.id}",
            "assignment_id": a.id,
            "date": a.review_date or a.created.date(),
            "completion": completion,
            "what_happened": rng.choice(HAPPENED),
            "what_learned": rng.choice(LEARNED),
            "obstacles_met": rng.choice(CONCERNS),
            "progress_summary": f"Completion {completion} of 4; mood after up by {rng.randint(0, 3)}.",
            "next_step": rng.choice(["continue", "adjust", "new", "stop"]),
            # Rows on the sheet's days in order, as a review of schema 1 is migrated.
            "monitoring_entries": entries_from_rows(
                a,
                [
                    {"Done": "yes", "Mood after": str(rng.randint(2, 8))}
                    for _ in range(rng.randint(0, 4))
                ],
            ),
        }
    )


def split_counts(total: int, parts: int, rng: random.Random) -> list[int]:
    """Spread assignments over clients unevenly, as in a real caseload (a few long ones)."""
    weights = [rng.paretovariate(2.5) for _ in range(parts)]
    owners = rng.choices(range(parts), weights=weights, k=total)
    counts = [0] * parts
    for o in owners:
        counts[o] += 1
    return counts


def _open_for_generation(db: Path) -> Store:
    # The app backs the store up before every import: right for a therapist, but quadratic when
    # a benchmark store is filled by 10,000 imports. The store's own open is used either way.
    try:
        return Store.open(db, backups=False)
    except TypeError:  # a Store without switchable backups
        return Store.open(db)


def generate(
    folder: Path,
    *,
    clients: int = 10_000,
    assignments: int = 200_000,
    seed: int = 20261122,
    history_share: float = 0.1,
    progress: Callable[[str], None] | None = None,
) -> Stats:
    """Create a store in the data folder `folder` (which must not hold one yet)."""
    if clients < 1 or assignments < 0:
        raise ValueError("need at least one client and a non-negative number of assignments")
    db = paths.database_path(paths.ensure_private_dir(folder))
    if db.exists():
        raise FileExistsError(f"{db} already exists; choose an empty folder with --out")
    rng = random.Random(seed)
    stats = Stats()
    started = time.perf_counter()
    codes = client_codes(clients, rng)
    counts = split_counts(assignments, clients, rng)
    edits: list[Assignment] = []
    with _open_for_generation(db) as store:
        for i, (code, count) in enumerate(zip(codes, counts, strict=True)):
            first = START + timedelta(days=rng.randint(0, 900))
            items: list[Assignment] = []
            reviews: list[Review] = []
            for n in range(count):
                created = datetime.combine(
                    (first + timedelta(days=7 * n)).date(),
                    dtime(rng.randint(8, 17), rng.choice([0, 15, 30, 45])),
                    tzinfo=timezone.utc,
                )
                a = make_assignment(code, n, created, rng)
                items.append(a)
                if a.status == "reviewed":
                    reviews.append(make_review(a, rng))
                if rng.random() < history_share:
                    edits.append(a)
            store.import_client_file(
                ClientFile(client=make_client(code, rng), assignments=items, reviews=reviews)
            )
            stats.clients += 1
            stats.assignments += count
            stats.reviews += len(reviews)
            if count > stats.largest_client_assignments:
                stats.largest_client, stats.largest_client_assignments = code, count
            if progress and (i + 1) % 1000 == 0:
                progress(f"{i + 1} clients, {stats.assignments} assignments")
        # Later edits in the app: each keeps the version before it in assignment_history.
        for a in edits:
            edited = a.model_copy(update={"rationale": a.rationale + " It matters to me."})
            store.save_assignment(edited)
            stats.history_versions += 1
    stats.seconds = time.perf_counter() - started
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="an empty data folder to fill")
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--assignments", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument(
        "--history-share",
        type=float,
        default=0.1,
        help="share of assignments edited once after saving (fills the history table)",
    )
    args = parser.parse_args(argv)
    try:
        stats = generate(
            args.out,
            clients=args.clients,
            assignments=args.assignments,
            seed=args.seed,
            history_share=args.history_share,
            progress=lambda msg: print("  " + msg, file=sys.stderr, flush=True),
        )
    except (FileExistsError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    db = paths.database_path(args.out)
    print(
        f"{db}: {stats.clients} clients, {stats.assignments} assignments, {stats.reviews} reviews,"
        f" {stats.history_versions} earlier versions, {db.stat().st_size / 1e6:.0f} MB,"
        f" made in {stats.seconds:.0f} s; largest client {stats.largest_client}"
        f" ({stats.largest_client_assignments} assignments)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
