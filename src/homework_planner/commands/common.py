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


def open_store(args: argparse.Namespace):
    from .. import paths
    from ..storage import Store, StoreError

    try:
        folder = paths.ensure_private_dir(paths.data_dir(getattr(args, "data_dir", None)))
        return Store.open(paths.database_path(folder))
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"Cannot use the data folder: {exc.strerror}. Try --data-dir.") from None


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
