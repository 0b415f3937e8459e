"""The command line: `homework-planner` opens the window; sub-commands work headless."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import APP_NAME, __version__
from .commands.common import EXIT_USAGE, CommandError

# Each module in commands/ adds its own sub-commands; add a line here for a new one.
COMMAND_MODULES = [
    "data",
    "assignments",
    "review",
    "check",
    "output",
    "desktop",
    "audit",
    "service",
    "fhir",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2 with a hint
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {message}\nTry '{self.prog} --help'.\n")
        sys.exit(EXIT_USAGE)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line; with commands=False only the window's options (and no --help),
    which is all a start of the window needs: building every sub-command's parser takes about
    15 ms, a tenth of a bare Qt window's start."""
    parser = _Parser(
        prog="homework-planner",
        description=f"{APP_NAME}: write clear CBT homework in session and print it for the client. "
        "With no command, the window opens.",
        add_help=commands,
        exit_on_error=commands,
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
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f".commands.{name}", __package__).register(sub)
    return parser


def window_args(argv: list[str]) -> argparse.Namespace | None:
    """The options when `argv` only opens the window (no command, no --help), else None."""
    try:
        args, rest = build_parser(commands=False).parse_known_args(argv)
    except argparse.ArgumentError:  # e.g. --data-dir without a folder
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = window_args(argv)
    if args is None:  # a command, --help, or a mistake: the whole parser says what to do
        args = build_parser().parse_args(argv)
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
