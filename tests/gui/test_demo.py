"""`--demo`: invented clients in a throwaway folder; the real data folder is never touched."""

from __future__ import annotations

import os
import subprocess
import sys

from homework_planner import paths
from homework_planner.gui.app import DEMO_TITLE, open_demo_window


def test_demo_never_writes_to_the_real_data_folder(tmp_path):
    real = tmp_path / "real-data"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(
        os.environ,
        HOMEWORK_PLANNER_DATA=str(real),
        HOMEWORK_PLANNER_CONFIG=str(tmp_path / "config"),
        TMPDIR=str(temp),
        QT_QPA_PLATFORM="offscreen",
    )
    code = "import sys; from homework_planner.cli import main; sys.exit(main(['--demo', '--smoke-test']))"
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=90
    )
    assert r.returncode == 0, r.stderr
    assert not real.exists()  # not created, not opened
    assert list(temp.iterdir()) == []  # the throwaway store is gone


def test_demo_with_an_existing_real_store_leaves_it_byte_for_byte(tmp_path):
    real = tmp_path / "real-data"
    real.mkdir()
    (real / paths.DB_NAME).write_bytes(b"not touched")
    before = {p.name: p.read_bytes() for p in real.iterdir()}
    env = dict(os.environ, HOMEWORK_PLANNER_DATA=str(real), QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-m", "homework_planner", "--demo", "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=90,
    )
    assert r.returncode == 0, r.stderr
    assert {p.name: p.read_bytes() for p in real.iterdir()} == before


def test_demo_window_says_demo_and_opens_on_homework_due(qtbot, tmp_path):
    window, store = open_demo_window(tmp_path / "demo")
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        assert DEMO_TITLE in window.windowTitle()
        window.setWindowTitle("Homework Planner - DEMO-02")  # a retitle keeps the DEMO mark
        assert window.windowTitle().endswith(DEMO_TITLE)
        features = window.review_features
        assert window.current_client().code.startswith("DEMO-")
        assert "(due for review)" in features.review_form.picker.currentText()
        assert features.progress_panel.chart.progress.reviewed == 8
        assert not paths.data_dir().exists()
    finally:
        window.close()
        store.close()
