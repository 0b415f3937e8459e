"""Fits the screen: at 1366×768, at 100% and at 200% (QT_SCALE_FACTOR=2 on 2732×1536), the
main window with an assignment, the trainer window and Preferences fit, and no label or
button is cut; a session left at another scale comes back inside the screen, no sliver."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def screen_config(tmp_path: Path, width: int, height: int) -> str:
    config = {
        "synchronousWindowSystemEvents": False,
        "windowFrameMargins": False,
        "screens": [
            {
                "name": "laptop",
                "x": 0,
                "y": 0,
                "width": width,
                "height": height,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ],
    }
    path = tmp_path / f"screen-{width}x{height}.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return f"offscreen:configfile={path}"


def run_check(
    tmp_path: Path, data_dir: Path, screen: tuple[int, int], scale: int, *extra: str
) -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = screen_config(tmp_path, *screen)
    env["QT_SCALE_FACTOR"] = str(scale)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.fit_check", str(data_dir), *extra],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(frame: list[int], screen: list[int]) -> bool:
    x, y, w, h = frame
    sx, sy, sw, sh = screen
    return sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh


def assert_fits(report: dict) -> None:
    assert report["screen"] == [0, 0, 1366, 768]
    for window in ("main", "trainer", "preferences"):
        assert inside(report[window], report["screen"]), (window, report[window])
    assert report["main"][2] >= 1200  # the first run uses the laptop's width, not 1100 px
    for key in (
        "main clipped",
        "main slivers",
        "main sideways",
        "trainer clipped",
        "trainer sideways",
        "preferences clipped",
    ):
        assert report[key] == [], (key, report[key])
    assert report["counter over text"] is False
    assert report["preferences scrolls"] is False


@pytest.mark.parametrize(("screen", "scale"), [((1366, 768), 1), ((2732, 1536), 2)])
def test_fits_a_1366_by_768_laptop(tmp_path, data_dir, screen, scale):
    assert_fits(run_check(tmp_path, data_dir, screen, scale))


def test_a_session_left_at_another_scale_comes_back_inside_the_screen(tmp_path, data_dir):
    left = run_check(tmp_path, data_dir, (4000, 2400), 1, "2200", "1440")
    assert left["left"][2:] == [2200, 1440]
    assert_fits(run_check(tmp_path, data_dir, (2732, 1536), 2))
