"""`add-to-menu` / `remove-from-menu`: the app in a Linux user's applications menu, no admin rights.

conftest points XDG_DATA_HOME into tmp_path, so nothing here touches the real menu.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

from homework_planner import APP_ID
from homework_planner.cli import main
from homework_planner.commands.desktop import ICON_SIZES, exec_value

PACKAGED_ENTRY = files("homework_planner").joinpath("resources", "desktop", f"{APP_ID}.desktop")


def _program(folder: Path, name: str = "homework-planner") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def _entry_text_to_dict(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def _entry(path: Path) -> dict[str, str]:
    return _entry_text_to_dict(path.read_text(encoding="utf-8"))


@pytest.fixture
def menu_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])


@pytest.fixture
def installed(tmp_path, monkeypatch) -> Path:
    """An installed app: the window program beside this Python, as pip makes it."""
    bin_dir = tmp_path / "venv" / "bin"
    program = _program(bin_dir)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python3"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    return program


def test_add_to_menu_writes_an_entry_that_starts_this_copy_and_its_icons(
    installed, menu_home, capsys
):
    assert main(["add-to-menu"]) == 0
    said = capsys.readouterr().out
    assert "now in your applications menu" in said and str(installed) in said
    entry_path = menu_home / "applications" / f"{APP_ID}.desktop"
    entry = _entry(entry_path)
    packaged = _entry_text_to_dict(PACKAGED_ENTRY.read_text(encoding="utf-8"))
    assert entry["Exec"] == str(installed) and entry["TryExec"] == str(installed)
    assert {k: v for k, v in entry.items() if k not in ("Exec", "TryExec")} == {
        k: v for k, v in packaged.items() if k != "Exec"
    }
    for size in ICON_SIZES:
        icon = menu_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        packaged_icon = files("homework_planner").joinpath(
            "resources", "icons", f"{APP_ID}-{size}.png"
        )
        assert icon.read_bytes() == packaged_icon.read_bytes()
    assert [p.name for p in menu_home.rglob("*.tmp")] == []  # no half-written files left
    assert entry_path.stat().st_mode & 0o777 == 0o644  # the desktop must be able to read it


def test_the_built_folder_puts_its_own_window_program_in_the_menu(tmp_path, monkeypatch, menu_home):
    folder = tmp_path / "opt" / "homework-planner"
    program = _program(folder)
    _program(folder, "homework-planner-cli")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "homework-planner-cli"))
    assert main(["add-to-menu"]) == 0
    assert _entry(menu_home / "applications" / f"{APP_ID}.desktop")["Exec"] == str(program)


def test_a_folder_name_with_spaces_and_signs_is_quoted_as_the_specification_says(
    tmp_path, monkeypatch, menu_home
):
    folder = tmp_path / "My Apps" / "Planner 50%"
    program = _program(folder)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "homework-planner-cli"))
    assert main(["add-to-menu"]) == 0
    entry_path = menu_home / "applications" / f"{APP_ID}.desktop"
    entry = _entry(entry_path)
    assert entry["Exec"] == f'"{program}"'.replace("%", "%%")
    assert entry["TryExec"] == str(program)
    validator = shutil.which("desktop-file-validate")
    if validator:  # CI installs it; the exact strings above are checked either way
        r = subprocess.run([validator, str(entry_path)], capture_output=True, text=True)
        bad = [line for line in r.stdout.splitlines() if re.search(r": (error|warning):", line)]
        assert r.returncode == 0 and bad == [], r.stdout + r.stderr


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("/opt/homework-planner/homework-planner", "/opt/homework-planner/homework-planner"),
        ("/opt/a b/hp", '"/opt/a b/hp"'),
        # Inside quotes " ` $ \ take a backslash; then every backslash is written twice.
        ('/opt/say "hi"/hp', '"/opt/say \\\\"hi\\\\"/hp"'),
        ("/opt/$HOME/hp", '"/opt/\\\\$HOME/hp"'),
        ("/opt/back\\slash/hp", '"/opt/back\\\\\\\\slash/hp"'),
        ("/opt/100%/hp", "/opt/100%%/hp"),
    ],
)
def test_exec_value_follows_the_desktop_entry_quoting_rules(path, value):
    assert exec_value(Path(path)) == value


def test_remove_from_menu_removes_only_what_add_wrote(installed, menu_home, capsys):
    other = menu_home / "applications" / "org.example.Other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    assert main(["add-to-menu"]) == 0
    capsys.readouterr()
    assert main(["remove-from-menu"]) == 0
    said = capsys.readouterr().out
    assert "no longer in your applications menu (8 files removed)" in said
    assert "your data were not touched" in said
    assert [p for p in menu_home.rglob("*") if p.is_file()] == [other]
    assert main(["remove-from-menu"]) == 0
    assert "nothing to remove" in capsys.readouterr().out


def test_a_copy_without_its_window_program_says_what_to_do_and_writes_nothing(
    tmp_path, monkeypatch, menu_home, capsys
):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bare" / "python3"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert main(["add-to-menu"]) == 1
    err = capsys.readouterr().err
    assert "Could not find the homework-planner program" in err
    assert "homework-planner-cli add-to-menu" in err
    assert not menu_home.exists() or not any(menu_home.rglob("*.desktop"))


@pytest.mark.parametrize(("platform", "hint"), [("win32", "Pin to Start"), ("darwin", "drag")])
def test_windows_and_macos_are_told_how_their_system_does_it(
    installed, monkeypatch, menu_home, capsys, platform, hint
):
    monkeypatch.setattr(sys, "platform", platform)
    assert main(["add-to-menu"]) == 1
    assert hint in capsys.readouterr().err
    assert not menu_home.exists() or not any(menu_home.rglob("*"))


def test_a_menu_folder_that_cannot_be_written_gets_a_plain_message(installed, menu_home, capsys):
    menu_home.parent.mkdir(parents=True, exist_ok=True)
    menu_home.write_text("not a folder")  # XDG_DATA_HOME is a file: nothing can go under it
    assert main(["add-to-menu"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Could not write the menu entry") and "run the command again" in err
