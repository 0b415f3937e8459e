"""Render the app icon SVG to the PNG sizes the app and the desktop need (run after editing it)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.homeworkplanner.HomeworkPlanner"
SVG = Path(__file__).with_name(f"{APP_ID}.svg")
OUT = ROOT / "src" / "homework_planner" / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG file; fix it and run again.")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT})")
    args = parser.parse_args(argv)
    _app = QGuiApplication(sys.argv[:1])  # QImage text/painting needs an application object
    args.out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        target = args.out / f"{APP_ID}-{size}.png"
        # A hand-drawn variant for the smallest size, where the full drawing turns to mush.
        source = SVG.with_name(f"{APP_ID}-{size}.svg")
        if not render(source if source.exists() else SVG, size).save(str(target)):
            raise SystemExit(f"Could not write {target}; check the folder is writable.")
        print(target)
    # The SVG ships too: desktops use it as the scalable icon (hicolor/scalable/apps).
    (args.out / f"{APP_ID}.svg").write_bytes(SVG.read_bytes())
    # Program icons for the Windows .exe and the macOS .app (Qt's ico/icns image plugins write
    # one image each; Windows and macOS scale it down for the smaller views).
    for suffix, size in ((".ico", 256), (".icns", 512)):
        target = SVG.with_suffix(suffix)
        if not render(SVG, size).save(str(target)):
            raise SystemExit(f"Could not write {target}; is Qt's {suffix} image plugin missing?")
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
