"""`import` and `export`: client files and single assignments in the interchange JSON."""

from __future__ import annotations

import argparse

# The models and the store load when a command runs: building the parser stays light, so that
# the window's start does not pay for them here.
from .common import EXIT_OK, CommandError, open_store, out, store_message, writing_to_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="import a client file or one assignment (all or nothing)",
        description="Import a client file (client, assignments, reviews) or a single assignment. "
        "Nothing is imported if any part of the file has a problem.",
    )
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export one client's assignments and reviews to JSON")
    p.add_argument("--client", required=True, metavar="CODE", help="the client's code")
    p.add_argument("-o", "--output", required=True, metavar="FILE.json")
    p.set_defaults(func=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    from ..workflows.errors import WorkflowError
    from ..workflows.interchange import import_parsed, read_file

    try:
        parsed = read_file(args.file)
    except WorkflowError as exc:
        raise CommandError(str(exc)) from None
    with writing_to_store(args):
        store = open_store(args)
        try:
            result = import_parsed(store, parsed)
        except WorkflowError as exc:
            raise CommandError(f"{args.file}: {store_message(exc)}") from None
        finally:
            store.close()
    out(result.describe() + ".")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ..workflows.errors import WorkflowError
    from ..workflows.interchange import export_client

    store = open_store(args)
    try:
        cf = export_client(store, args.client, args.output)
    except WorkflowError as exc:
        raise CommandError(store_message(exc)) from None
    finally:
        store.close()
    out(
        f"Exported {len(cf.assignments)} assignments and {len(cf.reviews)} reviews to {args.output}."
    )
    return EXIT_OK
