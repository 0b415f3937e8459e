"""The progress chart drawn with QPainter: renders for 0, 1 and 30 reviews, bars where expected."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtGui import QColor

from homework_planner.domain.models import Assignment, Review
from homework_planner.domain.progress import compute_progress
from homework_planner.domain.sheet import entries_from_rows
from homework_planner.gui.review.progress_chart import ProgressChart, render_chart
from homework_planner.output.chart import BAR_FILL, EMPTY_MESSAGE, SERIES_STYLES
from tests.conftest import full_assignment_dict


def progress_with(n: int):
    a = Assignment.model_validate(full_assignment_dict())
    reviews = [
        Review(
            id=f"r{i:02d}",
            assignment_id=a.id,
            date=date(2026, 1, 5) + timedelta(weeks=i),
            completion=(i % 4) + 1,
            monitoring_entries=entries_from_rows(
                a, [{"Mood before": "3", "Mood after": str(4 + i % 5)}]
            ),
        )
        for i in range(n)
    ]
    return compute_progress([a], reviews)


def colour_count(image, hex_colour: str, tolerance: int = 12) -> int:
    target = QColor(hex_colour)
    hits = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - target.red()) <= tolerance
                and abs(c.green() - target.green()) <= tolerance
                and abs(c.blue() - target.blue()) <= tolerance
            ):
                hits += 1
    return hits


@pytest.mark.parametrize("n", [0, 1, 30])
def test_chart_renders_for_0_1_and_30_reviews(qapp, n):
    image = render_chart(progress_with(n), 640, 300)
    assert not image.isNull() and image.width() == 640
    bars = colour_count(image, BAR_FILL)
    line = colour_count(image, SERIES_STYLES[1][0], tolerance=30)
    if n == 0:
        assert bars < 40  # only the legend swatch
        assert line == 0
    else:
        assert bars > 200
        assert line > 5


def test_chart_widget_paints_and_describes_itself(qtbot):
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.resize(600, 280)
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.grab().width() == 600  # paints the empty state without error
    assert EMPTY_MESSAGE in [lab.text for lab in chart.layout_now().labels]
    chart.set_progress(progress_with(8))
    image = chart.grab().toImage()
    assert colour_count(image, BAR_FILL) > 200
    assert chart.accessibleDescription().startswith("4 of 8 homeworks mostly or fully done")
    # Text is measured in the font Qt draws with, so legend entries never overlap.
    legend = sorted((lab for lab in chart.layout_now().labels if lab.y < 30), key=lambda lab: lab.x)
    fm = chart.fontMetrics()
    for left, right in zip(legend, legend[1:], strict=False):
        assert left.x + fm.horizontalAdvance(left.text) * 0.9 < right.x


def test_repaints_reuse_the_drawn_chart_until_data_or_size_change(qtbot):
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.resize(600, 280)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_progress(progress_with(30))
    chart.grab()
    drawn = chart.renders
    for _ in range(5):
        chart.repaint()
    assert chart.renders == drawn  # plain repaints paint the stored image
    chart.resize(500, 260)
    qtbot.waitUntil(lambda: not chart._settle.isActive())
    chart.repaint()
    assert chart.renders == drawn + 1 and chart.chart_image().width() == 500
    chart.set_progress(progress_with(3))
    chart.repaint()
    assert chart.renders == drawn + 2


def test_widget_draws_the_questionnaire_lines(qapp):
    from homework_planner.output.chart import MEASURE_STYLES
    from tests.output.test_chart import progress_with_measures

    with_measures = render_chart(progress_with_measures(), 560, 300, 12.0)
    without = render_chart(progress_with(4), 560, 300, 12.0)
    gad_colour = MEASURE_STYLES["GAD-7"][0]
    assert colour_count(with_measures, gad_colour) > 10
    assert colour_count(without, gad_colour) == 0
