"""`review`: record a review (and plan next week) from a file; `summary`: a client's progress."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, CommandError, open_store, out, writing_to_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "review",
        help="record a review of one assignment from a review JSON file",
        description="Record a review (interchange JSON: assignment_id, date, completion, "
        "monitoring_entries keyed by the sheet's dates, ...). The review, the homework marked "
        "reviewed and next week's draft (--plan-next) are saved together or not at all.",
    )
    p.add_argument("file", metavar="REVIEW.json")
    p.add_argument(
        "--plan-next",
        action="store_true",
        help="also make next week's homework from this one (next_step continue or adjust)",
    )
    p.set_defaults(func=cmd_review)

    p = sub.add_parser(
        "summary",
        help="print a client's progress summary (one paragraph for the notes)",
        description="Print one paragraph summarising a client's reviewed homework: how much was "
        "done and how the monitored ratings changed.",
    )
    p.add_argument("--client", required=True, metavar="CODE", help="the client's code")
    p.set_defaults(func=cmd_summary)


def cmd_review(args: argparse.Namespace) -> int:
    from ..domain.errors import InvalidData
    from ..domain.migrations import parse_review
    from ..storage import StoreError
    from ..storage.interchange import InterchangeError, read_json
    from ..workflows.review import ReviewError, record_review

    try:
        data = read_json(args.file)
    except InterchangeError as exc:
        raise CommandError(str(exc)) from None
    aid = data.get("assignment_id") if isinstance(data, dict) else None
    with writing_to_store(args, "record the review in the window's Review tab"):
        store = open_store(args)
        try:
            # The assignment puts rows of an old-format review on the days its sheet printed.
            assignment = store.get_assignment(aid) if isinstance(aid, str) else None
            try:
                review = parse_review(data, assignment)
            except InvalidData as exc:
                raise CommandError(f"{args.file}: nothing was saved.\n{exc.summary()}") from None
            try:
                outcome = record_review(store, review, plan_next=args.plan_next)
            except (StoreError, ReviewError) as exc:
                raise CommandError(f"{args.file}: nothing was saved. {exc}") from None
        finally:
            store.close()
    text = "Review saved; the homework is marked as reviewed."
    if outcome.next_assignment is not None:
        made = "is ready as a draft" if outcome.next_created else "was already made"
        text += f" Next week's homework {made} (id {outcome.next_assignment.id})."
    elif args.plan_next:
        text += " Next week was not planned: the next step is not 'continue' or 'adjust'."
    out(text)
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    from ..domain.progress import compute_progress, summary_text

    store = open_store(args)
    try:
        client = store.get_client(args.client)
        if client is None:
            raise CommandError(
                f"There is no client with the code {args.client}. Check the code "
                "(codes are case-sensitive), or import the client's file first."
            )
        progress = compute_progress(
            store.load_assignments(client.code), store.list_reviews(client_code=client.code)
        )
    finally:
        store.close()
    out(summary_text(progress))
    return EXIT_OK
