"""`add-to-menu` and `remove-from-menu`: the app in the desktop's applications menu (Linux).

For the user who runs it, with no administrator rights: the menu entry goes to
`$XDG_DATA_HOME/applications` and the icons to `$XDG_DATA_HOME/icons/hicolor` (usually under
`~/.local/share`), where every freedesktop desktop (GNOME, KDE, Xfce, Cinnamon, ...) looks. The
entry starts this copy of the app: the built folder's `homework-planner`, or the one beside this
Python. Run it again after moving the folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from importlib.resources import files
from pathlib import Path

from .. import APP_ID, APP_NAME
from ..fileio import write_atomic
from .common import EXIT_OK, CommandError, out

GUI_PROGRAM = "homework-planner"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
# Characters the desktop entry specification says an Exec argument must be quoted for.
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add-to-menu",
        help="put Homework Planner in your applications menu, with its icon (Linux, no admin "
        "rights needed)",
        description="Add Homework Planner to the applications menu for your user: a menu entry "
        "that starts this copy of the app, and its icon. Run it again after moving the app's "
        "folder. On Windows and macOS the system does this (see the message).",
    )
    p.set_defaults(func=cmd_add_to_menu)
    p = sub.add_parser(
        "remove-from-menu",
        help="take Homework Planner out of your applications menu (your data is not touched)",
        description="Remove the menu entry and icons that add-to-menu wrote. The app's folder and "
        "your data folder stay as they are.",
    )
    p.set_defaults(func=cmd_remove_from_menu)


def _needs_freedesktop() -> None:
    if sys.platform == "win32":
        raise CommandError(
            "The applications menu is for Linux. On Windows, right-click homework-planner.exe "
            "in the app's folder and choose 'Pin to Start' (or 'Send to > Desktop')."
        )
    if sys.platform == "darwin":
        raise CommandError(
            "The applications menu is for Linux. On a Mac, drag 'Homework Planner.app' into "
            "the Applications folder; it then appears in Launchpad and Spotlight."
        )


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share (what platformdirs gives on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir())


def menu_files(home: Path) -> list[Path]:
    """Every file add-to-menu writes, under the XDG data folder `home`."""
    icons = home / "icons" / "hicolor"
    return [home / "applications" / f"{APP_ID}.desktop"] + [
        icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in ICON_SIZES
    ]


def gui_program() -> Path:
    """The program that opens the window, for this copy of the app."""
    here = Path(sys.executable).resolve().parent
    if getattr(sys, "frozen", False):  # the PyInstaller folder: the window program is beside us
        candidates = [here / GUI_PROGRAM]
    else:  # an installed package: the script pip made beside this Python, else on PATH
        candidates = [Path(sys.executable).parent / GUI_PROGRAM]
        found = shutil.which(GUI_PROGRAM)
        if found:
            candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path.absolute()
    raise CommandError(
        f"Could not find the {GUI_PROGRAM} program to put in the menu (looked for "
        f"{', '.join(str(p) for p in candidates)}). Run this command from the app's folder, "
        f"as {GUI_PROGRAM}-cli add-to-menu, or install the app first."
    )


def exec_value(program: Path) -> str:
    """`program` as the value of a desktop entry's Exec key (quoted and escaped by its rules)."""
    text = str(program)
    if "\n" in text or "\r" in text:
        raise CommandError("The app's folder has a line break in its name: rename it first.")
    if set(text) & _EXEC_RESERVED:
        for char in '\\"`$':  # inside double quotes these take a backslash
            text = text.replace(char, "\\" + char)
        text = f'"{text}"'
    # Then the rules of every string value: a backslash is written twice, and % is a field code.
    return text.replace("\\", "\\\\").replace("%", "%%")


def string_value(text: str) -> str:
    """`text` as a desktop entry string value (TryExec, Path): backslashes written twice."""
    return text.replace("\\", "\\\\")


def desktop_entry(program: Path) -> str:
    """The packaged menu entry with Exec and TryExec pointing at `program`."""
    # One name at a time: Python 3.10's joinpath() takes only one.
    source = files("homework_planner") / "resources" / "desktop" / f"{APP_ID}.desktop"
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            lines.append(f"TryExec={string_value(str(program))}")
            lines.append(f"Exec={exec_value(program)}")
        elif not line.startswith("TryExec="):
            lines.append(line)
    return "\n".join(lines) + "\n"


def add_to_menu(home: Path, program: Path) -> list[Path]:
    """Write the menu entry and the icons under `home` (each atomically, so the desktop never
    reads half a file); returns the files written."""
    written = []
    entry, *icons = menu_files(home)
    icon_folder = files("homework_planner") / "resources" / "icons"
    for size, path in zip(ICON_SIZES, icons, strict=True):
        write_atomic(path, icon_folder.joinpath(f"{APP_ID}-{size}.png").read_bytes(), mode=0o644)
        written.append(path)
    # The entry last: once it appears, its icon is already there.
    write_atomic(entry, desktop_entry(program), mode=0o644)
    written.append(entry)
    return written


def remove_from_menu(home: Path) -> list[Path]:
    removed = []
    for path in menu_files(home):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def _problem(exc: OSError, what: str) -> CommandError:
    return CommandError(
        f"Could not {what} ({exc.strerror or exc}: {exc.filename or ''}). Check that the "
        "folder exists and is yours, then run the command again."
    )


def cmd_add_to_menu(args: argparse.Namespace) -> int:
    _needs_freedesktop()
    program = gui_program()
    home = data_home()
    try:
        written = add_to_menu(home, program)
    except OSError as exc:
        raise _problem(exc, "write the menu entry") from None
    out(f"{APP_NAME} is now in your applications menu (it can take a few seconds to appear).")
    out(f"It starts {program}. If you move the app's folder, run this command again.")
    out(f"Wrote {written[-1]} and {len(written) - 1} icons under {home / 'icons' / 'hicolor'}.")
    return EXIT_OK


def cmd_remove_from_menu(args: argparse.Namespace) -> int:
    _needs_freedesktop()
    home = data_home()
    try:
        removed = remove_from_menu(home)
    except OSError as exc:
        raise _problem(exc, "remove the menu entry") from None
    if removed:
        out(f"{APP_NAME} is no longer in your applications menu ({len(removed)} files removed).")
    else:
        out(f"{APP_NAME} was not in your applications menu under {home}: nothing to remove.")
    out("The app's folder and your data were not touched.")
    return EXIT_OK
