"""The command line: `homework-planner` opens the window; sub-commands work headless."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from . import APP_NAME, __version__
from .commands.common import EXIT_USAGE, CommandError

# Each module in commands/ adds its own sub-commands; add a line here for a new one.
COMMAND_MODULES = [
    "data",
    "review",
    "check",
    "output",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 with a hint
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\nTry '{self.prog} --help'.\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="homework-planner",
        description=f"{APP_NAME}: write clear CBT homework in session and print it for the client. "
        "With no command, the window opens.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the data folder (default: your user data folder, or $HOMEWORK_PLANNER_DATA)",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start the window, wait until it is idle, then quit (for packaging checks)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway store of invented clients (for teaching; real data is not opened)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f".commands.{name}", __package__).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from .gui.app import run_gui

        return run_gui(args)
    try:
        return args.func(args)
    except CommandError as exc:
        sys.stderr.write(f"{exc}\n")
        return exc.code


if __name__ == "__main__":
    sys.exit(main())
