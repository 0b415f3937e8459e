"""Helpers shared by the sub-commands: exit codes, reading input files, opening the store."""

from __future__ import annotations

import argparse
import sys

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A message for the user and an exit code; raised by commands, printed by main()."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


def _ask_passphrase(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def open_store(args: argparse.Namespace):
    """The store of --data-dir (or the default folder). A protected store asks for its
    passphrase at the terminal, three tries; without a terminal it says how to proceed."""
    from .. import paths
    from ..storage import PassphraseRequired, Store, StoreError, WrongPassphrase

    try:
        folder = paths.ensure_private_dir(paths.data_dir(getattr(args, "data_dir", None)))
        db = paths.database_path(folder)
        try:
            return _told(Store.open(db))
        except PassphraseRequired:
            if not sys.stdin.isatty():
                raise CommandError(
                    "This data is protected with a passphrase. Run the command in a terminal "
                    "to be asked for it, or use the window."
                ) from None
        for attempt in range(3):
            try:
                return _told(Store.open(db, passphrase=_ask_passphrase("Passphrase: ")))
            except WrongPassphrase:
                if attempt < 2:
                    sys.stderr.write("That is not the passphrase. Try again.\n")
        raise CommandError("Three wrong passphrases: nothing was opened.")
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"Cannot use the data folder: {exc.strerror}. Try --data-dir.") from None


def _told(store):
    """What the open found and did (an altered audit log, an interrupted passphrase change
    finished or undone) is said on stderr: the store has recorded it, the user must know."""
    for notice in (store.protection_recovered, store.audit_problem):
        if notice:
            sys.stderr.write(notice + "\n")
    return store


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
