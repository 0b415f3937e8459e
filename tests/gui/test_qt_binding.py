"""The installed Qt binding must not leak references to None (PySide6 6.12.0 on Python < 3.12 does)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QLabel


def test_qt_calls_do_not_drain_none(qtbot):
    # A leak of one reference per call ends in "Fatal Python error: none_dealloc" mid-session.
    label = QLabel()
    qtbot.addWidget(label)
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    painter = QPainter(image)
    for _ in range(2000):
        painter.drawLine(0, 0, 4, 4)
    painter.end()
    assert abs(sys.getrefcount(None) - before) < 200
