"""`agree` and `withdraw`: the record's use cases on a stored assignment, without the window."""

from __future__ import annotations

import argparse

from .common import EXIT_OK, CommandError, open_store, out, writing_to_store


def _data_dir(p: argparse.ArgumentParser) -> None:
    # Also accepted after the command; SUPPRESS keeps a --data-dir given before it.
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agree",
        help="mark a stored assignment as agreed with the client (freezes that version)",
        description="Freeze the assignment's current words as agreed: version, date and time, "
        "the quality check at that moment and a hash of the words. If criteria are still "
        "missing nothing changes unless --with-missing is given; the record then says so.",
    )
    p.add_argument("--id", required=True, metavar="ID", help="the assignment's id")
    p.add_argument(
        "--with-missing",
        action="store_true",
        help="agree even though the quality check finds items missing",
    )
    _data_dir(p)
    p.set_defaults(func=cmd_agree)

    p = sub.add_parser(
        "withdraw",
        help="withdraw a mistaken assignment (kept with the reason, hidden from lists)",
        description="Hide a mistaken assignment from the lists. It is never deleted: it stays in "
        "the history, the audit log and the record, with the reason.",
    )
    p.add_argument("--id", required=True, metavar="ID", help="the assignment's id")
    p.add_argument("--reason", required=True, metavar="TEXT", help="why (kept in the record)")
    _data_dir(p)
    p.set_defaults(func=cmd_withdraw)


def cmd_agree(args: argparse.Namespace) -> int:
    from ..workflows.assignments import agree_by_id
    from ..workflows.errors import NeedsConfirmation, WorkflowError

    with writing_to_store(args, "agree it in the window (Assignment, then Mark as agreed)"):
        store = open_store(args)
        try:
            result = agree_by_id(store, args.id, confirm_missing=args.with_missing)
        except NeedsConfirmation as exc:
            raise CommandError(
                f"Not agreed: {exc} To agree all the same, add --with-missing."
            ) from None
        except WorkflowError as exc:
            raise CommandError(f"Not agreed: {exc}") from None
        finally:
            store.close()
    what = "Agreed the changes" if result.was_amendment else "Agreed"
    extra = ""
    if result.missing:
        n = len(result.missing)
        extra = f" with {n} item{'s' * (n != 1)} missing"
    out(f"{what}: version {result.version}{extra}.")
    return EXIT_OK


def cmd_withdraw(args: argparse.Namespace) -> int:
    from ..workflows.assignments import withdraw
    from ..workflows.errors import WorkflowError

    with writing_to_store(args, "withdraw it in the window (Assignment, then Withdraw)"):
        store = open_store(args)
        try:
            withdraw(store, args.id, args.reason)
        except WorkflowError as exc:
            raise CommandError(f"Not withdrawn: {exc}") from None
        finally:
            store.close()
    out("Withdrawn. It is hidden from the lists and kept, with the reason, in the record.")
    return EXIT_OK
