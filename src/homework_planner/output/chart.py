"""The progress chart: one layout (bars for completion, lines for ratings) drawn by reportlab or Qt."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..domain.progress import MeasureSeries, Progress, RatingSeries, fmt_number

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

# reportlab is imported inside the functions that draw with it: the window's chart imports this
# module for chart_layout at start, and reportlab would add ~0.1 s to every start.

log = logging.getLogger(__name__)

# Okabe-Ito colours (safe for colour-blind readers), each line also has its own dash and marker
# so the chart still reads when printed in black and white.
SERIES_STYLES = (
    ("#D55E00", (), "circle"),
    ("#0072B2", (6.0, 3.0), "square"),
    ("#009E73", (2.0, 2.0), "triangle"),
    ("#CC79A7", (8.0, 3.0, 2.0, 3.0), "diamond"),
)
# PHQ-9 and GAD-7 totals: dark, with hollow-looking markers of their own shapes, on a strip of
# their own under the bars (scores 0-27 are not on the completion or the rating scale).
MEASURE_STYLES = {
    "PHQ-9": ("#000000", (4.0, 2.0), "square"),
    "GAD-7": ("#E69F00", (1.0, 2.0), "circle"),
}
MEASURE_TOP = 27  # the strip's axis: 0-27 (the PHQ-9's range; the GAD-7's 0-21 fits on it)
MEASURE_TITLE = "PHQ-9 / GAD-7 total"
BAR_FILL = "#A9C1D9"
BAR_STROKE = "#4D6D8C"
AXIS = "#333333"
GRID = "#D9D9D9"
TEXT = "#1A1A1A"
MUTED = "#555555"
# Short forms of models.COMPLETION_LABELS that fit beside the axis.
COMPLETION_TICKS = ("Not tried", "Started", "Half", "Mostly", "Fully")
EMPTY_MESSAGE = "No reviews yet. The chart fills in as homework is reviewed."
FONT = "Helvetica"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None = None
    stroke_width: float = 1.0


@dataclass(frozen=True)
class Path:
    points: tuple[tuple[float, float], ...]
    color: str
    width: float = 1.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    r: float
    color: str
    shape: str  # circle | square | triangle | diamond


@dataclass(frozen=True)
class Label:
    x: float
    y: float  # baseline
    text: str
    size: float
    anchor: Literal["start", "middle", "end"] = "start"
    color: str = TEXT
    bold: bool = False


@dataclass
class ChartLayout:
    """Everything to draw, in a top-left origin (Qt's); the reportlab renderer flips y."""

    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


def _rl_text_width(text: str, size: float, bold: bool = False) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, FONT + ("-Bold" if bold else ""), size)


def _scale_top(scale: str | None) -> float:
    # "0-100" -> 100: the axis follows the sheet's scale, not only the numbers typed so far.
    numbers = re.findall(r"\d+", scale or "")
    return float(numbers[-1]) if numbers else 0.0


def rating_max(series: tuple[RatingSeries, ...]) -> float:
    top = max((v for s in series for v in s.values), default=10.0)
    top = max([top] + [_scale_top(s.scale) for s in series])
    if top <= 10:
        return 10.0
    if top <= 100:
        return 100.0
    return float(10 ** math.ceil(math.log10(top)))


def days_captions(progress: Progress) -> tuple[str, ...]:
    """How much of the printed sheets the lines are drawn from (blank days are not zeros),
    longest wording first; the layout uses the first that fits."""
    printed = progress.days_printed
    if not printed or not progress.series:
        return ()
    counts = f"{progress.days_recorded} of {printed}"
    return (
        f"Sheet days recorded: {counts} printed. Blank days are left out, not drawn as 0.",
        f"Sheet days recorded: {counts}; blanks are not drawn as 0.",
        f"Days recorded: {counts}",
    )


def chart_layout(
    progress: Progress,
    width: float,
    height: float,
    font_size: float = 9.0,
    measure: Callable[[str, float, bool], float] | None = None,
) -> ChartLayout:
    """Lay the chart out; `measure(text, size, bold)` gives text widths in the target's font."""
    text_width = measure or _rl_text_width
    lay = ChartLayout(width, height)
    fs = font_size
    pad = fs * 0.8
    series = progress.chart_series()
    measures: tuple[MeasureSeries, ...] = progress.measure_series()
    n = len(progress.sessions)

    # Legend: bar swatch, then one entry per rating line; wraps onto more rows when needed.
    entries: list[tuple[str, tuple[str, tuple[float, ...], str] | None]] = [
        ("Homework done (bars)", None)
    ]
    entries += [(s.label, SERIES_STYLES[i]) for i, s in enumerate(series)]
    entries += [(f"{m.label} total (0-{m.max_total})", MEASURE_STYLES[m.label]) for m in measures]
    x, y = pad, pad + fs
    row_h = fs * 1.7
    for text, style in entries:
        w = fs * 2.6 + text_width(text, fs, False)
        if x + w > width - pad and x > pad:
            x, y = pad, y + row_h
        if style is None:
            lay.boxes.append(Box(x, y - fs * 0.8, fs * 1.6, fs * 0.9, BAR_FILL, BAR_STROKE))
        else:
            color, dash, shape = style
            lay.paths.append(
                Path(((x, y - fs * 0.35), (x + fs * 1.8, y - fs * 0.35)), color, 2, dash)
            )
            lay.markers.append(Marker(x + fs * 0.9, y - fs * 0.35, fs * 0.3, color, shape))
        lay.labels.append(Label(x + fs * 2.2, y, text, fs))
        x += w + fs * 1.2
    legend_bottom = y + fs * 0.8

    rmax = rating_max(series)
    right_ticks = [0.0, rmax / 2, rmax]
    left_w = max(text_width(t, fs, False) for t in COMPLETION_TICKS) + pad * 1.5
    if measures:
        left_w = max(left_w, text_width(MEASURE_TITLE, fs, True) + pad)
    right_w = (
        (max(text_width(fmt_number(v), fs, False) for v in right_ticks) + pad * 1.5)
        if series
        else pad
    )
    top = legend_bottom + fs * 1.8
    caption = next(
        (c for c in days_captions(progress) if text_width(c, fs, False) <= width - 2 * pad), ""
    )
    bottom = height - pad - fs * 1.6 - (fs * 1.5 if caption else 0.0)
    left, right = left_w, width - right_w
    strip_top = strip_bottom = 0.0
    if measures:
        # The bars keep about 60% of the height; the questionnaires' strip has the rest.
        strip_bottom = bottom
        room = max(bottom - top, 40.0)
        strip_h = room * 0.38
        bottom = strip_bottom - strip_h - fs * 2.2
        strip_top = strip_bottom - strip_h
    plot_w, plot_h = max(right - left, 10.0), max(bottom - top, 10.0)
    bottom = top + plot_h
    labels_at = strip_bottom if measures else bottom

    # Axis titles above each axis.
    lay.labels.append(Label(left, top - fs * 0.7, "Done", fs, "end", MUTED, True))
    if series:
        rtitle = "Rating 0-" + fmt_number(rmax)
        lay.labels.append(Label(width - pad, top - fs * 0.7, rtitle, fs, "end", MUTED, True))

    # Grid and left ticks (completion 0-4); right ticks share the 0, 2 and 4 gridlines.
    for level, tick in enumerate(COMPLETION_TICKS):
        gy = bottom - level / 4 * plot_h
        lay.paths.append(Path(((left, gy), (right, gy)), GRID if level else AXIS, 0.8))
        lay.labels.append(Label(left - pad * 0.6, gy + fs * 0.35, tick, fs, "end", MUTED))
    if series:
        for v in right_ticks:
            gy = bottom - v / rmax * plot_h
            lay.labels.append(
                Label(right + pad * 0.6, gy + fs * 0.35, fmt_number(v), fs, "start", MUTED)
            )
    lay.paths.append(Path(((left, top), (left, bottom)), AXIS, 0.8))
    if series:
        lay.paths.append(Path(((right, top), (right, bottom)), AXIS, 0.8))

    if caption:
        lay.labels.append(Label(pad, height - pad, caption, fs, "start", MUTED))

    def strip_y(v: float) -> float:
        return strip_bottom - min(max(v, 0.0), MEASURE_TOP) / MEASURE_TOP * (
            strip_bottom - strip_top
        )

    if measures:
        lay.labels.append(Label(left, strip_top - fs * 0.7, MEASURE_TITLE, fs, "end", MUTED, True))
        for v in (0, 9, 18, 27):
            gy = strip_y(v)
            lay.paths.append(Path(((left, gy), (right, gy)), GRID if v else AXIS, 0.8))
            lay.labels.append(Label(left - pad * 0.6, gy + fs * 0.35, str(v), fs, "end", MUTED))
        lay.paths.append(Path(((left, strip_top), (left, strip_bottom)), AXIS, 0.8))

    if n == 0:
        lay.labels.append(
            Label(left + plot_w / 2, top + plot_h / 2, EMPTY_MESSAGE, fs, "middle", MUTED)
        )
        return lay

    slot = plot_w / n
    bar_w = min(slot * 0.62, fs * 4.5)
    centres = [left + (i + 0.5) * slot for i in range(n)]
    for cx, s in zip(centres, progress.sessions, strict=True):
        h = s.completion / 4 * plot_h
        # "Not tried" is a result too: a thin outline at the base keeps the session visible.
        lay.boxes.append(
            Box(cx - bar_w / 2, bottom - max(h, 2.0), bar_w, max(h, 2.0), BAR_FILL, BAR_STROKE, 0.8)
        )

    # Date labels under the bars, thinned out so they never overlap.
    label_w = text_width("30 Sep", fs, False) + fs
    step = max(1, math.ceil(label_w / slot))
    for i in range(0, n, step):
        text = progress.sessions[i].date.strftime("%d %b").lstrip("0")
        lay.labels.append(Label(centres[i], labels_at + fs * 1.4, text, fs, "middle", MUTED))

    marker_r = max(2.0, min(fs * 0.38, slot * 0.2))
    for i, one in enumerate(series):
        color, dash, shape = SERIES_STYLES[i]
        run: list[tuple[float, float]] = []
        for cx, mean in zip(centres, one.session_means, strict=True):
            if mean is None:  # not recorded that week: break the line rather than invent a value
                if len(run) > 1:
                    lay.paths.append(Path(tuple(run), color, 2.0, dash))
                run = []
                continue
            py = bottom - min(max(mean, 0.0), rmax) / rmax * plot_h
            run.append((cx, py))
            lay.markers.append(Marker(cx, py, marker_r, color, shape))
        if len(run) > 1:
            lay.paths.append(Path(tuple(run), color, 2.0, dash))
    for m in measures:
        color, dash, shape = MEASURE_STYLES[m.label]
        run = []
        for cx, total in zip(centres, m.session_totals, strict=True):
            if total is None:  # not taken at this review: the line skips it, drawn as a gap
                if len(run) > 1:
                    lay.paths.append(Path(tuple(run), color, 2.0, dash))
                run = []
                continue
            py = strip_y(total)
            run.append((cx, py))
            lay.markers.append(Marker(cx, py, marker_r, color, shape))
            lay.labels.append(Label(cx + marker_r + 1, py - marker_r, str(total), fs * 0.85))
        if len(run) > 1:
            lay.paths.append(Path(tuple(run), color, 2.0, dash))
    return lay


# ---- reportlab ---------------------------------------------------------------------------------
def progress_drawing(
    progress: Progress, width: float = 480, height: float = 220, font_size: float = 8.5
) -> Drawing:
    """The chart as a reportlab Drawing (a flowable for the clinical record PDF)."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
    from reportlab.lib.colors import HexColor

    lay = chart_layout(progress, width, height, font_size)
    d = Drawing(width, height)

    def fy(y: float) -> float:
        return height - y

    for b in lay.boxes:
        d.add(
            Rect(
                b.x,
                fy(b.y + b.h),
                b.w,
                b.h,
                # types-reportlab 5.0 types Rect's **kw without Unpack[]: every keyword "fails".
                fillColor=HexColor(b.fill) if b.fill else None,  # type: ignore[arg-type]
                strokeColor=HexColor(b.stroke) if b.stroke else None,  # type: ignore[arg-type]
                strokeWidth=b.stroke_width,  # type: ignore[arg-type]
            )
        )
    for p in lay.paths:
        pts = [c for x, y in p.points for c in (x, fy(y))]
        kw: dict[str, Any] = {"strokeColor": HexColor(p.color), "strokeWidth": p.width}
        if p.dash:
            kw["strokeDashArray"] = list(p.dash)
        if len(p.points) == 2:
            d.add(Line(*pts, **kw))
        else:
            d.add(PolyLine(pts, **kw))
    for m in lay.markers:
        color = HexColor(m.color)
        x, y, r = m.x, fy(m.y), m.r
        if m.shape == "square":
            # types-reportlab 5.0 types Rect's **kw without Unpack[] (see the boxes above).
            d.add(Rect(x - r, y - r, 2 * r, 2 * r, fillColor=color, strokeColor=None))  # type: ignore[arg-type]
        elif m.shape == "triangle":
            d.add(
                Polygon(
                    [x, y + r * 1.2, x - r * 1.1, y - r * 0.8, x + r * 1.1, y - r * 0.8],
                    fillColor=color,
                    strokeColor=None,
                )
            )
        elif m.shape == "diamond":
            d.add(
                Polygon(
                    [x, y + r * 1.3, x + r * 1.3, y, x, y - r * 1.3, x - r * 1.3, y],
                    fillColor=color,
                    strokeColor=None,
                )
            )
        else:
            d.add(Circle(x, y, r, fillColor=color, strokeColor=None))
    for lab in lay.labels:
        d.add(
            String(
                lab.x,
                fy(lab.y),
                lab.text,
                fontName=FONT + ("-Bold" if lab.bold else ""),
                fontSize=lab.size,
                fillColor=HexColor(lab.color),
                textAnchor=lab.anchor,
            )
        )
    return d


def chart_pdf_bytes(progress: Progress, width: float = 480, height: float = 220) -> bytes:
    """The chart alone as a one-page PDF (for checking it, or attaching it to notes)."""
    from reportlab.graphics import renderPDF

    # types-reportlab 5.0 says str; drawToString returns the BytesIO's bytes.
    return renderPDF.drawToString(progress_drawing(progress, width, height), title="Progress")  # type: ignore[return-value]
