"""`service init`, `service add-member` and `sync`: the service's shared hub on PostgreSQL."""

from __future__ import annotations

import argparse
import os
import sys

from .common import EXIT_OK, CommandError, open_store, out

PASSWORD_ENV = "HOMEWORK_PLANNER_MEMBER_PASSWORD"


def _data_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "service",
        help="set up the service's shared hub (PostgreSQL): for the service lead",
        description="The service's hub is a PostgreSQL database that practitioners' apps "
        "publish agreed homework, reviews and withdrawals to, and pull shared templates from.",
    )
    ssub = p.add_subparsers(dest="service_command", metavar="ACTION", required=True)
    i = ssub.add_parser(
        "init",
        help="create or update the hub's tables, roles and row-level security (idempotent)",
        description="Create or migrate the hub's schema and its roles (hub_practitioner, "
        "hub_supervisor, hub_auditor). Run it as the database's owner, with CREATEROLE. "
        "Running it again applies only what is new.",
    )
    i.add_argument("--url", required=True, metavar="URL", help="libpq address of the database")
    i.set_defaults(func=cmd_init)
    m = ssub.add_parser(
        "add-member",
        help="give a person their own login as practitioner, supervisor or auditor",
        description=f"Create (or update) a login. The password is read from ${PASSWORD_ENV}, "
        "or asked for at the terminal.",
    )
    m.add_argument("--url", required=True, metavar="URL", help="the hub, as its owner")
    m.add_argument("--login", required=True, metavar="NAME", help="their login (lower case)")
    m.add_argument(
        "--role", required=True, choices=["practitioner", "supervisor", "auditor"], help="role"
    )
    m.add_argument("--supervisor", metavar="NAME", help="who supervises this practitioner")
    m.set_defaults(func=cmd_add_member)

    s = sub.add_parser(
        "sync",
        help="publish the outbox to the service's hub and pull its shared templates",
        description="Send agreed versions, reviews and withdrawals waiting in the outbox "
        "(pseudonymous codes only), then pull the service's shared templates. Safe to run "
        "again at any time: nothing is sent twice, and what was not sent stays in the outbox.",
    )
    s.add_argument(
        "--service",
        required=True,
        metavar="URL",
        help="your own login to the hub, e.g. postgresql://you@hub.example.org/service",
    )
    s.add_argument(
        "--retries", type=int, default=3, metavar="N", help="tries again after 0.5, 1, 2 s, ..."
    )
    s.add_argument("--batch", type=int, default=200, help=argparse.SUPPRESS)
    _data_dir(s)
    s.set_defaults(func=cmd_sync)


def _hub() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise CommandError(
            "The service hub needs the psycopg package, which is missing. Reinstall Homework "
            "Planner."
        ) from None


def cmd_init(args: argparse.Namespace) -> int:
    _hub()
    from ..hub.connection import HubError, describe
    from ..hub.migrate import init_service

    try:
        applied = init_service(args.url)
    except HubError as exc:
        raise CommandError(f"Not set up: {exc}") from None
    where = describe(args.url)
    if applied:
        out(f"Hub {where} set up: applied {', '.join(applied)}.")
    else:
        out(f"Hub {where} is up to date; nothing to apply.")
    return EXIT_OK


def cmd_add_member(args: argparse.Namespace) -> int:
    _hub()
    from ..hub.admin import add_member
    from ..hub.connection import HubError, connect

    password = os.environ.get(PASSWORD_ENV)
    if not password:
        if not sys.stdin.isatty():
            raise CommandError(f"Give the new login's password in ${PASSWORD_ENV}.")
        import getpass

        password = getpass.getpass(f"Password for {args.login}: ")
    try:
        conn = connect(args.url)
        try:
            add_member(conn, args.login, args.role, password, supervisor=args.supervisor)
        finally:
            conn.close()
    except HubError as exc:
        raise CommandError(f"Not added: {exc}") from None
    except Exception as exc:  # psycopg.Error: its text can name the server's details
        import psycopg

        if not isinstance(exc, psycopg.Error):
            raise
        from ..hub.connection import explain

        raise CommandError(f"Not added: {explain(exc)}") from None
    out(f"{args.login} can now log in to the hub as {args.role}.")
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    _hub()
    from ..hub.connection import HubError, describe, prepare
    from ..hub.sync import sync
    from ..storage import StoreError

    if args.retries < 0 or args.batch < 1:
        raise CommandError("--retries must be 0 or more (and --batch 1 or more).", 2)
    try:
        prepare(args.service)  # a bad address is said before the store is opened
    except HubError as exc:
        raise CommandError(f"Not synced: {exc}") from None
    store = open_store(args)
    try:
        result = sync(store, args.service, retries=args.retries, batch_size=args.batch)
    except HubError as exc:
        waiting = store.outbox_counts()[0]
        raise CommandError(f"Not synced: {exc} ({waiting} waiting in the outbox.)") from None
    except StoreError as exc:
        raise CommandError(f"Not synced: {exc}") from None
    finally:
        store.close()
    out(f"{result.describe()} (with {describe(args.service)})")
    for note in result.notes:
        out(note)
    return EXIT_OK
