"""Helpers shared by the sub-commands: exit codes, reading input files, opening the store."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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
    if "screen" not in str(exc).lower():
        return str(exc)  # already fit for a command: keep its own advice (which file, what to do)
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str) and reason in _CLI_FAULTS:
        return _CLI_FAULTS[reason]
    sentences = re.split(r"(?<=[.!?:;])\s+", str(exc))
    kept = [s for s in sentences if "screen" not in s.lower()]
    return " ".join(kept).rstrip(":; ") or "The data file could not be used; nothing was changed."


def _ask_passphrase(prompt: str) -> str:
    import getpass

    return getpass.getpass(prompt)


def data_folder(args: argparse.Namespace) -> Path:
    """The data folder of --data-dir (or the default), created private if it is new. An
    existing folder others can read is left as it is, with a warning on stderr."""
    from .. import paths
    from ..storage.lock import folder_problem

    folder = paths.data_dir(getattr(args, "data_dir", None))
    try:
        paths.ensure_private_dir(folder)
    except OSError as exc:
        raise CommandError(folder_problem(folder, exc)) from None
    warning = paths.shared_folder_warning(folder)
    if warning:
        sys.stderr.write(f"Warning: {warning}\n")
    return folder


@contextmanager
def writing_to_store(
    args: argparse.Namespace, in_window: str = "import from the window's File menu"
) -> Iterator[None]:
    """Hold the data folder's lock while a command writes to the store. While the window
    has the folder, the command is refused and nothing is changed: the window's next autosave
    would otherwise replace what the command wrote. `in_window` says where the window does
    the same thing."""
    from ..storage.lock import FolderInUse, acquire_folder_lock, folder_problem

    folder = data_folder(args)
    try:
        lock = acquire_folder_lock(folder, role="command")
    except FolderInUse as exc:
        if exc.holder is not None and exc.holder.role == "command":
            raise CommandError(COMMAND_HAS_FOLDER) from None
        raise CommandError(window_has_folder(in_window)) from None
    except OSError as exc:
        raise CommandError(folder_problem(folder, exc)) from None
    try:
        yield
    finally:
        lock.release()


def window_has_folder(in_window: str) -> str:
    return (
        f"Homework Planner is open on this data folder: close it, or {in_window}. "
        "Nothing was changed."
    )


WINDOW_HAS_FOLDER = window_has_folder("import from the window's File menu")
COMMAND_HAS_FOLDER = (
    "Another homework-planner command is writing to this data folder: try again when it has "
    "finished. Nothing was changed."
)


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
    passphrase at the terminal, three tries; without a terminal it says how to proceed.
    A command that writes opens it inside writing_to_store(args)."""
    from .. import paths
    from ..storage import PassphraseRequired, Store, StoreError, WrongPassphrase

    try:
        folder = data_folder(args)
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
            passphrase = _typed_passphrase()
            if passphrase is None:
                continue
            try:
                return _told(Store.open(db, passphrase=passphrase))
            except WrongPassphrase:
                if attempt < 2:
                    sys.stderr.write("That is not the passphrase. Try again.\n")
        raise CommandError("Three wrong passphrases: nothing was opened.")
    except StoreError as exc:
        raise CommandError(store_message(exc)) from None
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
