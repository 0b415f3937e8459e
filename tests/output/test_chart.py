"""The progress chart for the record (reportlab): renders for 0, 1 and 30 reviews."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing

from homework_planner.domain.models import Assignment, Review
from homework_planner.domain.progress import compute_progress
from homework_planner.output.chart import (
    EMPTY_MESSAGE,
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
            monitoring_entries=[
                {"Mood before": str(3 + i % 3), "Mood after": str(min(scale_max, 4 + i % 5))}
            ]
            if i % 4 != 3  # some weeks without numbers: the line breaks, nothing is invented
            else [],
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
