"""`summary`: a client's progress over time as one paragraph for the notes."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, CommandError, open_store, out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "summary",
        help="print a client's progress summary (one paragraph for the notes)",
        description="Print one paragraph summarising a client's reviewed homework: how much was "
        "done and how the monitored ratings changed.",
    )
    p.add_argument("--client", required=True, metavar="CODE", help="the client's code")
    p.set_defaults(func=cmd_summary)


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
