"""PHQ-9 / GAD-7 beside homework in the audit: a hand-counted caseload on a real store.

Hand count (all set in October 2026, each review's completion and totals):
  OC-1  w1 reviewed 8 Oct: completion 4, PHQ-9 15, GAD-7 10
        w2 reviewed 15 Oct: completion 3, PHQ-9 8, GAD-7 6
        level: mean 3.5 -> 4; PHQ-9 -7 (reliable), GAD-7 -4 (reliable); case at start
        (15 >= 10), at the end 8 < 10 and 6 < 8: recovered.
  OC-2  w1 8 Oct: completion 1, PHQ-9 12, GAD-7 9; w2 15 Oct: completion 1, PHQ-9 11, GAD-7 9
        level 1; PHQ-9 -1, GAD-7 0; case, not recovered.
  OC-3  w1 8 Oct: completion 4, PHQ-9 20 (no GAD-7); w2 15 Oct: completion 4, PHQ-9 13
        level 4; PHQ-9 -7 reliable; GAD-7 never paired: not in caseness or recovery.
  OC-4  w1 8 Oct: completion 2, PHQ-9 14 - measured once: no change, not counted.
  OC-5  w1 withdrawn after a review with PHQ-9 20 and a later one with 2: left out.
Rows: level 1 (OC-2), level 4 (OC-1, OC-3), all three.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from homework_planner.domain.models import Client, Review
from homework_planner.domain.progress import OutcomeChange, is_case, outcome_change
from homework_planner.domain.settings import Settings
from homework_planner.output.audit import (
    COUNT_KEYS,
    JSON_HELP,
    OUTCOME_KEYS,
    audit_dict,
    audit_text,
    render_audit_pdf,
)
from homework_planner.storage import Store
from homework_planner.workflows import assignments as wf
from homework_planner.workflows import clients as client_wf
from homework_planner.workflows.audit import Period, run_audit
from tests.helpers.audit_caseload import agreed, good

OCT1, OCT8, OCT15 = date(2026, 10, 1), date(2026, 10, 8), date(2026, 10, 15)


def scores(total: int, n: int) -> list[int]:
    """n item answers (0-3) that add up to total, largest first."""
    out = []
    for _ in range(n):
        v = min(3, total)
        out.append(v)
        total -= v
    assert total == 0
    return out


def rv(store: Store, aid: str, rid: str, when: date, completion: int, phq: int | None,
       gad: int | None) -> None:  # fmt: skip
    store.save_review(
        Review(
            id=rid,
            assignment_id=aid,
            date=when,
            completion=completion,
            phq9=None if phq is None else scores(phq, 9),
            gad7=None if gad is None else scores(gad, 7),
        )
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "outcomes.sqlite"
    with Store.open(path) as store:
        for n in range(1, 6):
            client_wf.add_client(store, Client(code=f"OC-{n}"))
        plan = {
            "OC-1": [(4, 15, 10), (3, 8, 6)],
            "OC-2": [(1, 12, 9), (1, 11, 9)],
            "OC-3": [(4, 20, None), (4, 13, None)],
            "OC-4": [(2, 14, None)],
        }
        for code, rows in plan.items():
            for i, (completion, phq, gad) in enumerate(rows, start=1):
                aid = f"{code}-w{i}"
                when = OCT8 if i == 1 else OCT15
                agreed(store, good(aid, code, OCT1, when), OCT1)
                rv(store, aid, f"r-{aid}", when, completion, phq, gad)
        agreed(store, good("OC-5-w1", "OC-5", OCT1, OCT8), OCT1)
        rv(store, "OC-5-w1", "r1", OCT8, 4, 20, 15)
        rv(store, "OC-5-w1", "r2", OCT15, 4, 2, 1)
        wf.withdraw(store, "OC-5-w1", "The client chose another task.")
    return path


def test_outcome_rows_equal_the_hand_count(db: Path) -> None:
    with Store.open(db) as store:
        audit = run_audit(store, Period(date(2026, 10, 1), date(2026, 10, 31)))
    rows = {r.level: r for r in audit.outcomes}
    assert [r.level for r in audit.outcomes] == [1, 4, None]
    one, four, every = rows[1], rows[4], rows[None]
    assert (one.clients, one.phq9_paired, one.phq9_mean_change) == (1, 1, -1)
    assert (one.gad7_paired, one.gad7_mean_change, one.gad7_reliable_improvement) == (1, 0, 0)
    assert (one.case_at_start, one.recovered) == (1, 0)
    assert (four.clients, four.phq9_paired, four.phq9_mean_change) == (2, 2, -7)
    assert (four.phq9_reliable_improvement, four.gad7_paired, four.gad7_mean_change) == (2, 1, -4)
    assert (four.gad7_reliable_improvement, four.both_paired) == (1, 1)
    assert (four.case_at_start, four.recovered) == (1, 1)
    assert (every.clients, every.phq9_paired, every.phq9_mean_change) == (3, 3, -5)
    assert (every.gad7_paired, every.gad7_mean_change) == (2, -2)
    assert (every.both_paired, every.case_at_start, every.recovered) == (2, 2, 1)
    assert sorted(o.client_code for o in audit.client_outcomes) == ["OC-1", "OC-2", "OC-3"]


def test_outcomes_in_json_text_and_pdf(db: Path) -> None:
    with Store.open(db) as store:
        audit = run_audit(store, Period(date(2026, 10, 1), date(2026, 10, 31)))
    data = audit_dict(audit)
    assert list(data) == ["schema", "period", "made_on", *COUNT_KEYS, "clients", "outcomes"]
    assert [list(r) for r in data["outcomes"]] == [list(OUTCOME_KEYS)] * 3
    assert data["outcomes"][-1]["recovered"] == 1
    assert data["outcomes"][1]["phq9_mean_change"] == -7.0
    assert json.loads(json.dumps(data)) == data
    documented = {line.split()[0] for line in JSON_HELP.splitlines() if line.startswith("  ")}
    assert set(OUTCOME_KEYS) <= documented and "outcomes" in documented
    text = audit_text(audit)
    row = next(line for line in text.splitlines() if line.startswith("4 of 4"))
    assert row.split() == ["4", "of", "4", "2", "2", "-7", "2", "1", "-4", "1", "1", "1", "of", "1"]
    assert "NHS Talking Therapies" in text and "Kroenke, Spitzer & Williams 2001" in text
    pdf = render_audit_pdf(audit, Settings())
    import io

    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Outcomes by completion level" in words and "Recovered" in words


def test_no_outcomes_without_measures(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite"
    with Store.open(path) as store:
        client_wf.add_client(store, Client(code="P-1"))
        agreed(store, good("p1", "P-1", OCT1, OCT8), OCT1)
        rv(store, "p1", "r-p1", OCT8, 3, None, None)
        audit = run_audit(store)
    assert audit.outcomes[-1].clients == 0
    assert "Outcomes by completion level" not in audit_text(audit)


@pytest.mark.parametrize(
    ("phq", "gad", "case"), [(10, 0, True), (9, 7, False), (9, 8, True), (0, 21, True)]
)
def test_caseness_thresholds(phq: int, gad: int, case: bool) -> None:
    assert is_case(phq, gad) is case


def test_reliable_improvement_and_recovery_at_the_edges() -> None:
    c = OutcomeChange(phq9_first=16, phq9_last=10, gad7_first=11, gad7_last=7)
    assert c.phq9_reliable_improvement and c.gad7_reliable_improvement
    assert c.case_at_start and not c.recovered  # PHQ-9 10 is still caseness
    c = OutcomeChange(phq9_first=15, phq9_last=10, gad7_first=11, gad7_last=7)
    assert not c.phq9_reliable_improvement and c.gad7_reliable_improvement
    c = OutcomeChange(phq9_first=12, phq9_last=9, gad7_first=8, gad7_last=5)
    assert not c.gad7_reliable_improvement and c.recovered
    c = OutcomeChange(phq9_first=9, phq9_last=2, gad7_first=7, gad7_last=1)
    assert not c.case_at_start and not c.recovered  # not a case to begin with


def test_outcome_change_pairs_each_measure_on_its_own_reviews() -> None:
    def r(day: int, phq: list[int] | None, gad: list[int] | None) -> Review:
        return Review(assignment_id="a", date=date(2026, 10, day), completion=2, phq9=phq, gad7=gad)

    c = outcome_change([r(20, [1] * 9, None), r(5, [3] * 9, [2] * 7), r(12, None, [1] * 7)])
    assert (c.phq9_first, c.phq9_last, c.gad7_first, c.gad7_last) == (27, 9, 14, 7)
    assert outcome_change([r(5, [3] * 9, None)]).phq9_change is None
