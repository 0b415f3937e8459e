"""`audit`: the homework audit of this data folder (read-only), as a table, JSON or a PDF."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from .common import EXIT_OK, CommandError, out

DESCRIPTION = (
    "The evidence an inspector asks for: per client and overall, the homework set in the "
    "period (by the date it was created; without --from or --to the period is open at that "
    "end), how much was agreed, the share meeting each of "
    "Beck's criteria a-d at agreement, the share reviewed and reviewed at the next session "
    "(on or before the review date + 7 days), completion 0-4 and the median days from "
    "agreement to review. Beck's a-c are read from the quality check frozen when each "
    "assignment was agreed, never re-run. Assignments agreed by an earlier version that kept "
    "no words count as agreed (words not kept) and are left out of a-c. Withdrawn ones are "
    "counted and left out of the rest. Reads only: it never changes the data, and it may run "
    "while the window is open."
)


def register(sub: argparse._SubParsersAction) -> None:
    from ..output.audit import JSON_HELP

    p = sub.add_parser(
        "audit",
        help="the homework audit: agreed, Beck's a-d, reviewed on time, completion",
        description=textwrap.fill(DESCRIPTION, 78, break_on_hyphens=False),
        epilog=JSON_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--from", dest="start", metavar="DATE", help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day (YYYY-MM-DD)")
    p.add_argument("--client", metavar="CODE", help="one client only")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON (schema below)")
    form.add_argument("--pdf", metavar="FILE", help="write a one- or two-page PDF report")
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_audit)


def cmd_audit(args: argparse.Namespace) -> int:
    from .. import paths
    from ..output.audit import audit_dict, audit_text, render_audit_pdf
    from ..workflows.audit import Period, parse_date, run_audit
    from ..workflows.errors import WorkflowError
    from .common import open_store

    try:
        start = None if args.start is None else parse_date(args.start, "--from")
        end = None if args.end is None else parse_date(args.end, "--to")
        period = Period(start, end)
    except WorkflowError as exc:
        raise CommandError(str(exc)) from None
    # Read-only: a folder with no data yet is reported, never created.
    db = paths.database_path(paths.data_dir(getattr(args, "data_dir", None)))
    if not db.exists():
        raise CommandError(
            "There is no data in this folder yet, so there is nothing to audit. Check --data-dir."
        )
    store = open_store(args)
    try:
        audit = run_audit(store, period, client_code=args.client)
    except WorkflowError as exc:
        raise CommandError(str(exc)) from None
    finally:
        store.close()
    if args.json:
        sys.stdout.write(json.dumps(audit_dict(audit), indent=2) + "\n")
    elif args.pdf:
        from .output import _settings, _write

        _write(args.pdf, render_audit_pdf(audit, _settings(args)))
        out(f"Wrote the audit to {args.pdf}.")
    else:
        sys.stdout.write(audit_text(audit))
    return EXIT_OK
