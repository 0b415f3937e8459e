"""A second start on the same data folder brings the open window to the front."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from homework_planner.gui.app import (
    bring_running_copy_forward,
    listen_for_second_copy,
    second_copy_server_name,
)

ROOT = Path(__file__).resolve().parents[2]
ASK = (
    "import sys; from pathlib import Path; from PySide6.QtCore import QCoreApplication; "
    "app = QCoreApplication([]); "
    "from homework_planner.gui.app import bring_running_copy_forward; "
    "print(bring_running_copy_forward(Path(sys.argv[1]), 5000))"
)


def second_start(folder: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("QT_QPA_PLATFORM", None)  # a plain start: no window, no display needed
    return subprocess.Popen(
        [sys.executable, "-c", ASK, str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# Offscreen windows cannot be raised; the state change is what the test can see.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_second_start_brings_the_open_window_forward(qtbot, data_dir, tmp_path):
    data_dir.mkdir(parents=True, exist_ok=True)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowMinimized)
    qtbot.waitUntil(lambda: bool(window.windowState() & Qt.WindowState.WindowMinimized))
    server = listen_for_second_copy(window, data_dir)
    assert server is not None and server.isListening()
    proc = second_start(data_dir)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)
    out, err = proc.communicate()
    assert proc.returncode == 0, err[-1500:]
    assert out.strip() == "True"
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    # Another folder is another app: nobody answers for it.
    other = tmp_path / "other"
    other.mkdir()
    assert second_copy_server_name(other) != second_copy_server_name(data_dir)
    assert bring_running_copy_forward(other, 200) is False
    server.close()
    assert bring_running_copy_forward(data_dir, 200) is False
