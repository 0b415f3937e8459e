"""Packaging: one app id everywhere, icons at every size, valid .desktop and AppStream files."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from homework_planner import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = ROOT / "src" / "homework_planner" / "resources" / "desktop" / f"{APP_ID}.desktop"
METAINFO = DESKTOP.with_name(f"{APP_ID}.metainfo.xml")
SPEC = PACKAGING / "homework-planner.spec"
ICONS = ROOT / "src" / "homework_planner" / "resources" / "icons"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def _validator(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(
            f"{name} is not installed on this machine (Debian: apt-get install -y "
            f"{'desktop-file-utils' if name == 'desktop-file-validate' else 'appstream'}); "
            ".ci/run installs it in CI"
        )
    return path


def test_desktop_file_passes_desktop_file_validate():
    r = subprocess.run(
        [_validator("desktop-file-validate"), str(DESKTOP)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Hints are advice; errors and warnings fail the check.
    bad = [line for line in r.stdout.splitlines() if re.search(r": (error|warning):", line)]
    assert r.returncode == 0 and bad == [], r.stdout + r.stderr


def test_metainfo_passes_appstreamcli_validate():
    r = subprocess.run(
        [_validator("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_one_app_id_everywhere():
    entry = desktop_entry()
    assert DESKTOP.name == f"{APP_ID}.desktop"
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == APP_NAME

    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    # The release listed is this version, so software centres show the right one.
    assert root.find("releases/release").get("version") == __version__

    spec = SPEC.read_text(encoding="utf-8")
    assert f'APP_ID = "{APP_ID}"' in spec
    assert "bundle_identifier=APP_ID" in spec

    app_py = (ROOT / "src" / "homework_planner" / "gui" / "app.py").read_text(encoding="utf-8")
    assert "setDesktopFileName(APP_ID)" in app_py


def test_launcher_name_matches_the_installed_command():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    gui_scripts = pyproject.split("[project.gui-scripts]", 1)[1].split("[", 1)[0]
    command = re.search(r'^([\w-]+)\s*=\s*"homework_planner\.cli:main"', gui_scripts, re.M)
    assert command is not None
    entry = desktop_entry()
    assert entry["Exec"].split()[0] == command.group(1)
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("provides/binary") == command.group(1)
    assert f'_exe("{command.group(1)}", console=False)' in SPEC.read_text(encoding="utf-8")


def test_spec_is_one_folder_and_bundles_the_resources():
    spec = SPEC.read_text(encoding="utf-8")
    compile(spec, str(SPEC), "exec")  # at least valid Python
    assert "exclude_binaries=True" in spec and "COLLECT(" in spec  # one-folder, not one-file
    assert 'collect_data_files("homework_planner", includes=["resources/**/*"])' in spec
    assert 'collect_submodules("homework_planner")' in spec  # commands are imported by name


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG file"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_exists_at_every_size(size):
    path = ICONS / f"{APP_ID}-{size}.png"
    assert path.is_file(), f"missing {path.name}: run packaging/icons/render_icons.py"
    assert png_size(path) == (size, size)


def test_icon_sources_ship():
    svg = (ICONS / f"{APP_ID}.svg").read_text(encoding="utf-8")
    assert svg == (PACKAGING / "icons" / f"{APP_ID}.svg").read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed
    for suffix in (".ico", ".icns"):  # the Windows and macOS program icons the spec uses
        assert (PACKAGING / "icons" / f"{APP_ID}{suffix}").stat().st_size > 1000


def test_app_sets_window_icon_and_desktop_file_name(qapp):
    from homework_planner.gui.app import app_icon, make_app

    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 64, 128, 256}
    app = make_app()
    assert app.desktopFileName() == APP_ID
    assert not app.windowIcon().isNull()


def test_bundle_check_says_what_to_do_when_nothing_is_built(tmp_path):
    r = subprocess.run(
        [sys.executable, str(PACKAGING / "check_bundle.py"), str(tmp_path / "no-bundle")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode != 0
    assert "run `make package`" in r.stderr


def test_smoke_test_fails_instead_of_waiting_on_a_dialog(tmp_path):
    # A store from a "newer version" makes the app explain itself in a dialog. A packaging
    # check must not hang on it: --smoke-test reports the dialog and exits 1.
    import sqlite3

    from homework_planner.storage import schema

    folder = tmp_path / "newer"
    folder.mkdir()
    con = sqlite3.connect(folder / "homework-planner.sqlite3")
    con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    con.execute("PRAGMA user_version = 99")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    r = subprocess.run(
        [sys.executable, "-m", "homework_planner", "--smoke-test", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1
    assert "smoke test failed: a dialog opened" in r.stderr
    assert "newer version" in r.stderr


def test_smoke_test_passes_on_a_new_data_folder(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "homework_planner", "--smoke-test", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert "smoke test failed" not in r.stderr


def test_start_does_not_load_heavy_modules(tmp_path):
    # reportlab, the Qt PDF modules and pypdf are loaded when a handout or record is made, not
    # at start (they add a tenth of a second or more to every start; bench_start.py measures it).
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "homework_planner", "--smoke-test"]
        + ["--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    loaded = set(re.findall(r"\|\s+([\w.]+)\s*$", r.stderr, flags=re.MULTILINE))
    assert "homework_planner.gui.main_window" in loaded  # the parse saw the app's own modules
    heavy = sorted(
        m
        for m in loaded
        if m.split(".")[0] in ("reportlab", "pypdf") or m.startswith("PySide6.QtPdf")
    )
    assert heavy == []
