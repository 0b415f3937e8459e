"""PHQ-9 / GAD-7 on a review: optional, 0-3 per item, the right number of items, totals; older
files without them import unchanged; the data files hold paraphrased items and citations."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import ValidationError

from homework_planner.domain.models import Review
from homework_planner.domain.progress import measure


def review(**kw: object) -> Review:
    return Review.model_validate(
        {"assignment_id": "a1", "date": "2026-10-12", "completion": 2, **kw}
    )


def test_old_review_without_measures_imports_and_round_trips() -> None:
    old = review()
    assert old.phq9 is None and old.gad7 is None and old.phq9_total is None
    again = Review.model_validate_json(old.model_dump_json())
    assert again == old


def test_totals_at_the_ends_of_the_range() -> None:
    top = review(phq9=[3] * 9, gad7=[3] * 7)
    assert (top.phq9_total, top.gad7_total) == (27, 21)
    low = review(phq9=[0] * 9, gad7=[0] * 7)
    assert (low.phq9_total, low.gad7_total) == (0, 0)
    mixed = review(phq9=[0, 1, 2, 3, 0, 1, 2, 3, 0])
    assert mixed.phq9_total == 12 and mixed.date == date(2026, 10, 12)
    assert json.loads(mixed.model_dump_json())["phq9"] == [0, 1, 2, 3, 0, 1, 2, 3, 0]


@pytest.mark.parametrize(
    "bad",
    [
        {"phq9": [1] * 8},
        {"phq9": [1] * 10},
        {"gad7": [1] * 9},
        {"phq9": [4] + [0] * 8},
        {"gad7": [-1] + [0] * 6},
        {"phq9": "123456789"},
        {"gad7_total": 5},  # totals are computed, never read from a file
    ],
)
def test_bad_measures_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        review(**bad)


def test_measure_files_cite_their_source_and_match_the_model() -> None:
    phq, gad = measure("phq9"), measure("gad7")
    assert len(phq.items) == 9 and len(gad.items) == 7
    assert "Kroenke" in phq.citation and "2001" in phq.citation
    assert "Spitzer" in gad.citation and "2006" in gad.citation
    assert (phq.loinc, gad.loinc) == ("44249-1", "69737-5")
    assert (phq.max_total, gad.max_total) == (27, 21)
    assert "paraphrase" in phq.permission and "paraphrase" in gad.permission
    assert len(set(phq.item_loinc)) == 9 and len(set(gad.item_loinc)) == 7
