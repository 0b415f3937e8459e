"""Windows that fit the screen they open on, at any scale (QScreen.availableGeometry)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter, QWidget

log = logging.getLogger(__name__)


def available_rect(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use (no panels or docks)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    center = window.frameGeometry().center()
    at = QGuiApplication.screenAt(center)
    return (at or screen).availableGeometry()


def clamp_to_screen(window: QWidget, preferred: QSize | None = None) -> None:
    """Size the window to `preferred` (or its size now), never beyond the available screen,
    and move it so that all of it is on that screen. A window restored from a session at
    another scale (2200×1440 on a 1366×768 screen) comes back inside the screen."""
    avail = available_rect(window)
    if window.isVisible():
        extra_w = window.frameGeometry().width() - window.width()
        extra_h = window.frameGeometry().height() - window.height()
    else:  # the title bar is not known before the window is shown: allow for one
        extra_w = 0
        extra_h = window.fontMetrics().height() * 2
    size = preferred if preferred is not None else window.size()
    width = max(1, min(size.width(), avail.width() - extra_w))
    height = max(1, min(size.height(), avail.height() - extra_h))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    pos = window.frameGeometry().topLeft()
    x = min(max(pos.x(), avail.left()), avail.left() + avail.width() - width - extra_w)
    y = min(max(pos.y(), avail.top()), avail.top() + avail.height() - height - extra_h)
    if (x, y) != (pos.x(), pos.y()):
        window.move(x, y)


def splitter_ok(splitter: QSplitter, minimum: int) -> bool:
    """No pane narrower than its own minimum or `minimum` px (a sliver from another scale)."""
    sizes = splitter.sizes()
    if not sizes or sum(sizes) <= 0:
        return True
    for i, size in enumerate(sizes):
        child = splitter.widget(i)
        if child is None or child.isHidden():
            continue
        need = max(minimum, min(child.minimumSizeHint().width(), minimum * 3))
        if size < need:
            return False
    return True
