"""The progress chart for the record (reportlab): renders for 0, 1 and 30 reviews."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing

from homework_planner.domain.models import Assignment, Review
from homework_planner.domain.progress import compute_progress
from homework_planner.domain.sheet import entries_from_rows
from homework_planner.output.chart import (
    EMPTY_MESSAGE,
    SERIES_STYLES,
    chart_layout,
    chart_pdf_bytes,
    progress_drawing,
)
from tests.conftest import full_assignment_dict


def progress_with(n: int, scale_max: int = 10):
    a = Assignment.model_validate(full_assignment_dict())
    if scale_max != 10:
        a.monitoring.columns[2].scale = f"0-{scale_max}"
    reviews = [
        Review(
            id=f"r{i:02d}",
            assignment_id=a.id,
            date=date(2026, 1, 5) + timedelta(weeks=i),
            completion=i % 5,
            monitoring_entries=entries_from_rows(
                a,
                [{"Mood before": str(3 + i % 3), "Mood after": str(min(scale_max, 4 + i % 5))}]
                if i % 4 != 3  # some weeks without numbers: the line breaks, nothing is invented
                else [],
            ),
        )
        for i in range(n)
    ]
    return compute_progress([a], reviews)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


@pytest.mark.parametrize("n", [0, 1, 30])
def test_chart_renders_for_0_1_and_30_reviews(n):
    p = progress_with(n)
    d = progress_drawing(p, 480, 220)
    assert isinstance(d, Drawing) and (d.width, d.height) == (480, 220)
    text = pdf_text(chart_pdf_bytes(p))
    lay = chart_layout(p, 480, 220)
    bars = [b for b in lay.boxes if b.fill == "#A9C1D9" and b.w < 480 and b.y > 30]
    assert len(bars) == n
    if n == 0:
        assert EMPTY_MESSAGE in text
    else:
        assert "5 Jan" in text and "Mood after" in text and "Rating 0-10" in text
    # Nothing is drawn outside the drawing.
    for lab in lay.labels:
        assert 0 <= lab.y <= 220
    for b in lay.boxes:
        assert b.x >= 0 and b.x + b.w <= 480 + 0.01
    for path in lay.paths:
        for x, y in path.points:
            assert 0 <= x <= 480 and 0 <= y <= 220


def test_thirty_dates_are_thinned_so_they_do_not_overlap():
    lay = chart_layout(progress_with(30), 480, 220)
    dates = sorted(
        (lab for lab in lay.labels if lab.anchor == "middle" and lab.text[0].isdigit()),
        key=lambda lab: lab.x,
    )
    assert 3 <= len(dates) < 30
    gaps = [b.x - a.x for a, b in zip(dates, dates[1:], strict=False)]
    assert min(gaps) > 30


def test_a_0_to_100_scale_gets_its_own_axis():
    lay = chart_layout(progress_with(3, scale_max=100), 480, 220)
    assert any(lab.text == "Rating 0-100" for lab in lay.labels)


def test_the_chart_goes_into_the_clinical_record():
    from homework_planner.domain.coach import check
    from homework_planner.domain.settings import Settings
    from homework_planner.output.record import render_record_pdf

    p = progress_with(8)
    a = Assignment.model_validate(full_assignment_dict())
    pdf = render_record_pdf(a, 1, check(a), Settings(), chart=progress_drawing(p))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Progress" in text and "Mood after" in text and "Homework done" in text


def test_the_chart_skips_a_blank_day_and_plots_no_zero():
    from homework_planner.domain.models import MonitoringEntry
    from homework_planner.domain.sheet import sheet_rows

    a = Assignment.model_validate(full_assignment_dict())
    mon, wed, fri = (k.date for k in sheet_rows(a))

    def review(i: int, wed_after: str | None, fri_after: str | None) -> Review:
        return Review(
            id=f"r{i}",
            assignment_id=a.id,
            date=date(2026, 11, 27) + timedelta(weeks=i),
            completion=3,
            monitoring_entries=[
                MonitoringEntry(date=mon, values={"Mood after": "6"}),
                MonitoringEntry(date=wed, values={"Mood after": wed_after}),
                MonitoringEntry(date=fri, values={"Mood after": fri_after}),
            ],
        )

    def points(reviews: list[Review]) -> list[tuple[float, float]]:
        lay = chart_layout(compute_progress([a], reviews), 480, 220)
        colour = SERIES_STYLES[0][0]
        # Data points only (the legend's sample marker sits above the plot).
        return sorted((m.x, round(m.y, 3)) for m in lay.markers if m.color == colour and m.y > 40)

    # Week 1: Wednesday blank (it rained). Week 2: Wednesday written as 0 (a real zero).
    got = points([review(0, None, "8"), review(1, "0", "9")])

    # The same chart drawn from weeks whose every day holds the expected mean: 7, then 5.
    def flat(i: int, value: str) -> Review:
        return Review(
            id=f"r{i}",
            assignment_id=a.id,
            date=date(2026, 11, 27) + timedelta(weeks=i),
            completion=3,
            monitoring_entries=[
                MonitoringEntry(date=d, values={"Mood after": value}) for d in (mon, wed, fri)
            ],
        )

    same = points([flat(0, "7"), flat(1, "5")])
    assert len(got) == 2  # one point per review
    # (6 + 8) / 2 = 7: the blank was skipped, not taken as 0 (which would give 4.7).
    assert got[0] == same[0]
    assert got[1] == same[1]  # a written 0 is a value: (6 + 0 + 9) / 3 = 5
    as_zero = points([review(0, "0", "8"), review(1, "0", "9")])
    assert as_zero[0][1] > got[0][1]  # lower on the chart (y grows downwards)


def test_a_week_with_every_day_blank_breaks_the_line():
    from homework_planner.domain.models import MonitoringEntry
    from homework_planner.domain.sheet import sheet_rows

    a = Assignment.model_validate(full_assignment_dict())
    days = [k.date for k in sheet_rows(a)]
    reviews = [
        Review(
            id=f"r{i}",
            assignment_id=a.id,
            date=date(2026, 11, 27) + timedelta(weeks=i),
            completion=2,
            monitoring_entries=[
                MonitoringEntry(date=d, values={"Mood after": None if i == 1 else "5"})
                for d in days
            ],
        )
        for i in range(3)
    ]
    lay = chart_layout(compute_progress([a], reviews), 480, 220)
    colour = SERIES_STYLES[0][0]
    assert len([m for m in lay.markers if m.color == colour and m.y > 40]) == 2
    # No line is drawn through the blank week (two single points, no path between them).
    assert not [p for p in lay.paths if p.color == colour and len(p.points) > 2]


def test_the_chart_says_how_many_printed_days_were_recorded():
    from homework_planner.domain.models import MonitoringEntry
    from homework_planner.domain.sheet import sheet_rows

    a = Assignment.model_validate(full_assignment_dict())
    mon, wed, fri = (k.date for k in sheet_rows(a))
    r = Review(
        assignment_id=a.id,
        date=date(2026, 11, 27),
        completion=3,
        monitoring_entries=[
            MonitoringEntry(date=mon, values={"Mood after": "6"}),
            MonitoringEntry(date=wed, values={"Mood after": None}),
            MonitoringEntry(date=fri, values={"Mood after": "8"}),
        ],
    )
    p = compute_progress([a], [r])
    wide = [lab.text for lab in chart_layout(p, 480, 220).labels]
    assert "Sheet days recorded: 2 of 3 printed. Blank days are left out, not drawn as 0." in wide
    narrow = chart_layout(p, 200, 220, measure=lambda t, size, bold: len(t) * size * 0.6)
    caption = [lab for lab in narrow.labels if lab.text.startswith(("Sheet days", "Days"))]
    assert [lab.text for lab in caption] == ["Days recorded: 2 of 3"]  # the wording that fits
    assert "2 of 3 printed" in pdf_text(chart_pdf_bytes(p))
    # No sheet days at all (no reviews): no caption.
    assert not [
        lab
        for lab in chart_layout(compute_progress([a], []), 480, 220).labels
        if "recorded" in lab.text
    ]


def progress_with_measures():
    """Four reviews: PHQ-9 totals 18, 14, (not taken), 9; GAD-7 only at the first two, 12, 6."""
    a = Assignment.model_validate(full_assignment_dict())
    phq = [[2] * 9, [2] * 7 + [0, 0], None, [1] * 9]
    gad = [[3, 3, 2, 2, 1, 1, 0], [1] * 6 + [0], None, None]
    reviews = [
        Review(
            id=f"m{i}",
            assignment_id=a.id,
            date=date(2026, 3, 2) + timedelta(weeks=i),
            completion=i + 1,
            phq9=phq[i],
            gad7=gad[i],
        )
        for i in range(4)
    ]
    return compute_progress([a], reviews)


def test_phq9_and_gad7_drawn_as_lines_beside_completion():
    from homework_planner.domain.progress import summary_text
    from homework_planner.output.chart import MEASURE_STYLES, MEASURE_TITLE

    p = progress_with_measures()
    assert [(m.label, m.session_totals) for m in p.measure_series()] == [
        ("PHQ-9", (18, 14, None, 9)),
        ("GAD-7", (12, 6, None, None)),
    ]
    lay = chart_layout(p, 480, 260)
    phq_colour = MEASURE_STYLES["PHQ-9"][0]
    gad_colour = MEASURE_STYLES["GAD-7"][0]
    phq_marks = [m for m in lay.markers if m.color == phq_colour and m.shape == "square"]
    gad_marks = [m for m in lay.markers if m.color == gad_colour and m.shape == "circle"]
    assert len(phq_marks) == 1 + 3 and len(gad_marks) == 1 + 2  # legend swatch + one per total
    # The gap (not taken) breaks the PHQ-9 line: one line of 2 points, the last point alone.
    phq_lines = [x for x in lay.paths if x.color == phq_colour and len(x.points) >= 2]
    assert sorted(len(x.points) for x in phq_lines) == [2, 2]  # legend stroke + the 18-14 line
    # Higher totals are drawn higher (smaller y); all below the completion bars.
    ys = [m.y for m in phq_marks[1:]]
    assert ys[0] < ys[1] < ys[2]
    bars = [b for b in lay.boxes if b.fill == "#A9C1D9" and b.y > 30]
    assert min(ys) > max(b.y + b.h for b in bars)
    texts = [lab.text for lab in lay.labels]
    assert MEASURE_TITLE in texts and "PHQ-9 total (0-27)" in texts and "18" in texts
    text = pdf_text(chart_pdf_bytes(p, 480, 260))
    assert "GAD-7 total (0-21)" in text
    words = summary_text(p)
    assert "PHQ-9 total from 18 to 9 (of 27)" in words and "GAD-7 total from 12 to 6" in words


def test_no_questionnaire_strip_without_measures():
    from homework_planner.output.chart import MEASURE_TITLE

    lay = chart_layout(progress_with(3), 480, 220)
    assert MEASURE_TITLE not in [lab.text for lab in lay.labels]
