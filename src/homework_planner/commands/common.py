"""Helpers shared by the sub-commands: exit codes, reading input files, opening the store."""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store loads when a command runs, not when the parser is built
    from ..storage import Store

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A message for the user and an exit code; raised by commands, printed by main()."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


# The store's own messages speak to the window's user ("what you typed is still on screen").
# At the command line nothing was typed on a screen: the same faults, said for a command.
_CLI_FAULTS = {
    "disk_full": (
        "There is no room left on the disk, so nothing was changed. Free some space (empty "
        "the bin, remove large files), then run the command again."
    ),
    "read_only": (
        "The data folder cannot be written to (it is read-only), so nothing was changed. "
        "Check that the drive is not write-protected and that you may write to the folder, "
        "then run the command again."
    ),
    "io_error": (
        "The disk reported an error, so nothing was changed and nothing was half-written. "
        "Check that the disk or USB drive is still connected, then run the command again."
    ),
    "other": (
        "The data file could not complete this change, so nothing was changed. Run the "
        "command again; if it keeps happening, open the data in the window."
    ),
}


def store_message(exc: Exception) -> str:
    """A store error's message as a command should print it: never about a screen."""
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str) and reason in _CLI_FAULTS:
        return _CLI_FAULTS[reason]
    sentences = re.split(r"(?<=[.!?:;])\s+", str(exc))
    kept = [s for s in sentences if "screen" not in s.lower()]
    return " ".join(kept).rstrip(":; ") or "The data file could not be used; nothing was changed."


def _ask_passphrase(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def _typed_passphrase() -> str | None:
    """The passphrase typed at the terminal, or None (with a message) when what was typed
    cannot be a passphrase: bytes that are not UTF-8 text, or a NUL. Neither is shown."""
    try:
        passphrase = _ask_passphrase("Passphrase: ")
    except UnicodeDecodeError:
        sys.stderr.write(
            "The terminal sent characters that are not UTF-8 text. Check the keyboard layout "
            "and the terminal's encoding, then type the passphrase again.\n"
        )
        return None
    except (EOFError, KeyboardInterrupt):
        raise CommandError("No passphrase was given: nothing was opened.") from None
    if "\x00" in passphrase:
        sys.stderr.write(
            "The passphrase contains a character that cannot be used (NUL). Type it again.\n"
        )
        return None
    return passphrase


def open_store(args: argparse.Namespace) -> Store:
    """The store of --data-dir (or the default folder). A protected store asks for its
    passphrase at the terminal, three tries; without a terminal it says how to proceed."""
    from .. import paths
    from ..storage import PassphraseRequired, Store, StoreError, WrongPassphrase

    try:
        folder = paths.ensure_private_dir(paths.data_dir(getattr(args, "data_dir", None)))
        db = paths.database_path(folder)
        try:
            return Store.open(db)
        except PassphraseRequired:
            if not sys.stdin.isatty():
                raise CommandError(
                    "This data is protected with a passphrase. Run the command in a terminal "
                    "to be asked for it, or use the window."
                ) from None
        for attempt in range(3):
            passphrase = _typed_passphrase()
            if passphrase is None:
                continue
            try:
                return Store.open(db, passphrase=passphrase)
            except WrongPassphrase:
                if attempt < 2:
                    sys.stderr.write("That is not the passphrase. Try again.\n")
        raise CommandError("Three wrong passphrases: nothing was opened.")
    except StoreError as exc:
        raise CommandError(store_message(exc)) from None
    except OSError as exc:
        raise CommandError(f"Cannot use the data folder: {exc.strerror}. Try --data-dir.") from None


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
