"""The progress chart drawn with QPainter from the same layout as the record PDF's chart."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...domain.progress import Progress, compute_progress, summary_text
from ...output.chart import ChartLayout, chart_layout

log = logging.getLogger(__name__)

EMPTY = compute_progress([], [])


def paint_layout(p: QPainter, lay: ChartLayout, base_font: QFont) -> None:
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    for b in lay.boxes:
        pen = QPen(QColor(b.stroke), b.stroke_width) if b.stroke else QPen(Qt.PenStyle.NoPen)
        p.setPen(pen)
        p.setBrush(QColor(b.fill) if b.fill else Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(b.x, b.y, b.w, b.h))
    p.setBrush(Qt.BrushStyle.NoBrush)
    for path in lay.paths:
        pen = QPen(QColor(path.color), path.width)
        if path.dash:
            # Qt dashes are in units of the pen width; the layout's are in pixels.
            pen.setDashPattern([d / max(path.width, 0.1) for d in path.dash])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        p.setPen(pen)
        p.drawPolyline(QPolygonF([QPointF(x, y) for x, y in path.points]))
    p.setPen(Qt.PenStyle.NoPen)
    for m in lay.markers:
        p.setBrush(QColor(m.color))
        x, y, r = m.x, m.y, m.r
        if m.shape == "square":
            p.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
        elif m.shape == "triangle":
            p.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x, y - r * 1.2),
                        QPointF(x - r * 1.1, y + r * 0.8),
                        QPointF(x + r * 1.1, y + r * 0.8),
                    ]
                )
            )
        elif m.shape == "diamond":
            p.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x, y - r * 1.3),
                        QPointF(x + r * 1.3, y),
                        QPointF(x, y + r * 1.3),
                        QPointF(x - r * 1.3, y),
                    ]
                )
            )
        else:
            p.drawEllipse(QPointF(x, y), r, r)
    for lab in lay.labels:
        font = QFont(base_font)
        font.setPixelSize(max(1, round(lab.size)))
        font.setBold(lab.bold)
        p.setFont(font)
        p.setPen(QColor(lab.color))
        width = QFontMetricsF(font).horizontalAdvance(lab.text)
        x = lab.x - (width / 2 if lab.anchor == "middle" else width if lab.anchor == "end" else 0)
        p.drawText(QPointF(x, lab.y), lab.text)


def qt_measure(base_font: QFont):
    """Text widths in the font Qt will draw with, so the layout never overlaps on screen."""
    cache: dict[tuple[float, bool], QFontMetricsF] = {}

    def measure(text: str, size: float, bold: bool) -> float:
        key = (size, bold)
        if key not in cache:
            font = QFont(base_font)
            font.setPixelSize(max(1, round(size)))
            font.setBold(bold)
            cache[key] = QFontMetricsF(font)
        return cache[key].horizontalAdvance(text)

    return measure


def font_pixels(font: QFont) -> float:
    if font.pixelSize() > 0:
        return float(font.pixelSize())
    return font.pointSizeF() * 96 / 72


def render_chart(
    progress: Progress, width: int, height: int, font_px: float = 12.0, font: QFont | None = None
) -> QImage:
    """The chart as an image (for the widget's cache, tests, screenshots and notes)."""
    # Premultiplied: the format QPainter draws into fastest (about 10x faster here for the
    # antialiased bars of a long caseload than plain ARGB32).
    image = QImage(max(width, 1), max(height, 1), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        font = QFont(font) if font is not None else QFont()
        lay = chart_layout(progress, width, height, font_px, qt_measure(font))
        paint_layout(painter, lay, font)
    finally:
        painter.end()
    return image


class ProgressChart(QWidget):
    """Completion bars across sessions with the monitored ratings as lines.

    The chart is drawn once into an image and the image is what gets painted: repaints (a window
    moved over it, a dock resized) cost one call instead of hundreds, and while a resize is under
    way the last image is scaled until the size settles.
    """

    RESIZE_SETTLE_MS = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: Progress = EMPTY
        self.setAccessibleName("Progress chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self._image: QImage | None = None
        self._image_key: tuple = ()
        self.renders = 0  # how often the chart was actually drawn (for tests)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(self.RESIZE_SETTLE_MS)
        self._settle.timeout.connect(self.update)

    def set_progress(self, progress: Progress) -> None:
        self.progress = progress
        self._image = None
        # Screen readers get the same paragraph the notes get.
        self.setAccessibleDescription(summary_text(progress))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, 260)

    def layout_now(self) -> ChartLayout:
        return chart_layout(
            self.progress,
            self.width(),
            self.height(),
            font_pixels(self.font()),
            qt_measure(self.font()),
        )

    def _key(self) -> tuple:
        return (self.width(), self.height(), font_pixels(self.font()), self.font().family())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._settle.start()

    def chart_image(self) -> QImage:
        if self._image is None or self._image_key != self._key():
            self._image = render_chart(
                self.progress, self.width(), self.height(), font_pixels(self.font()), self.font()
            )
            self._image_key = self._key()
            self.renders += 1
        return self._image

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            if self._settle.isActive() and self._image is not None:
                painter.drawImage(self.rect(), self._image)  # scaled until the size settles
            else:
                painter.drawImage(0, 0, self.chart_image())
        finally:
            painter.end()
