"""The homework audit on a real SQLite store built through the workflows: hand-counted numbers."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

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
from homework_planner.workflows.audit import Period, parse_date, run_audit
from homework_planner.workflows.errors import WorkflowError
from tests.helpers.audit_caseload import agreed, at, build_caseload, good, poor, review

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    build_caseload(path)
    return path


def audit_of(db: Path, period: Period | None = None, **kw):
    with Store.open(db) as store:  # reopened: the numbers come from the file
        return run_audit(store, period, today=date(2026, 11, 1), **kw)


def test_october_overall_equals_the_hand_count(db):
    o = audit_of(db, OCTOBER).overall
    assert o.assignments == 5  # good1, poor1, legacy1, good2, draft1 (gone1 withdrawn)
    assert o.sessions == 3  # HP-0001 on 5 Oct (two assignments); HP-0002 on 7 and 8 Oct
    assert (o.agreed, o.agreed_words_kept, o.legacy) == (4, 3, 1)
    assert (o.agreed_with_missing, o.drafts, o.withdrawn) == (1, 1, 1)
    assert o.beck == {"a": 2, "b": 2, "c": 2, "d": 2}  # a-c: good1, good2; d: good1, legacy1
    assert [o.share(k) for k in "abcd"] == [2 / 3, 2 / 3, 2 / 3, 2 / 4]
    assert (o.reviewed, o.reviewed_next_session) == (3, 2)  # poor1 was reviewed late
    assert o.completion == {0: 0, 1: 1, 2: 1, 3: 0, 4: 1}
    assert o.completion_mean == pytest.approx(7 / 3)
    assert o.median_days_to_review == 7.0  # 7, 20 and 7 days


def test_per_client_rows_and_the_legacy_one_left_out_of_a_to_c(db):
    audit = audit_of(db, OCTOBER)
    rows = {n.client_code: n for n in audit.clients}
    assert list(rows) == ["HP-0001", "HP-0002"]  # HP-0003 set nothing in October
    one, two = rows["HP-0001"], rows["HP-0002"]
    assert (one.assignments, one.agreed, one.withdrawn, one.beck["a"]) == (2, 2, 1, 1)
    assert one.share("reviewed") == 1.0 and one.share("reviewed_next_session") == 0.5
    assert one.median_days_to_review == 13.5
    # legacy1 is agreed and reviewed, but only good2 counts towards a-c: 1 of 1.
    assert (two.agreed, two.agreed_words_kept, two.legacy) == (2, 1, 1)
    assert two.share("a") == 1.0 and two.beck["d"] == 1 and two.share("d") == 0.5


def test_the_period_filters_by_created_date_and_an_open_period_takes_all(db):
    everything = audit_of(db).overall
    assert everything.assignments == 6 and everything.withdrawn == 1
    assert everything.beck["a"] == 3  # old1 too
    august = audit_of(db, Period(date(2026, 8, 1), date(2026, 8, 1))).overall
    assert (august.assignments, august.reviewed, august.completion[3]) == (1, 1, 1)
    from_oct8 = audit_of(db, Period(date(2026, 10, 8), None)).overall
    assert (from_oct8.assignments, from_oct8.agreed, from_oct8.drafts) == (2, 1, 1)
    empty = audit_of(db, Period(date(2027, 1, 1), date(2027, 2, 1)))
    assert empty.clients == [] and empty.overall.share("a") is None
    assert "No assignments were set in this period." in audit_text(empty)


def test_one_client_and_an_unknown_code(db):
    audit = audit_of(db, OCTOBER, client_code="HP-0002")
    assert [n.client_code for n in audit.clients] == ["HP-0002"]
    assert audit.overall.assignments == 3
    with pytest.raises(WorkflowError, match="no client with that code") as exc:
        audit_of(db, client_code="HP-9999")
    assert "HP-9999" not in str(exc.value)


def test_reviewed_at_the_next_session_is_review_date_plus_seven_days(tmp_path):
    path = tmp_path / "s.db"
    build_caseload(path)
    day = date(2026, 10, 1)
    with Store.open(path) as store:
        for aid, when in (("edge", date(2026, 10, 15)), ("late", date(2026, 10, 16))):
            agreed(store, good(aid, "HP-0003", day, date(2026, 10, 8)), day)
            review(store, aid, when, 3, "Summarised.")
        # A second, later review of the same homework changes nothing: the first one counts.
        review(store, "edge", date(2026, 10, 30), 0, "", rid="r-edge-2")
    o = audit_of(path, Period(day, day)).overall
    assert (o.reviewed, o.reviewed_next_session) == (2, 1)  # 8 Oct + 7 = 15 Oct is on time
    assert o.median_days_to_review == 14.5
    assert o.completion == {0: 0, 1: 0, 2: 0, 3: 2, 4: 0} and o.beck["d"] == 2


def test_a_to_c_come_from_the_frozen_findings_not_todays_coach(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    build_caseload(path)
    from homework_planner.domain import coach

    # Whatever the coach says today, the audit reads what was frozen when each was agreed.
    monkeypatch.setattr(coach, "check", lambda *a, **k: [])
    o = audit_of(path, OCTOBER).overall
    assert o.beck == {"a": 2, "b": 2, "c": 2, "d": 2}


def test_the_agreement_in_force_at_the_review_decides(tmp_path):
    """Agreed poor, reviewed, then improved and agreed again: the audit keeps the first."""
    path = tmp_path / "s.db"
    build_caseload(path)
    day = date(2026, 9, 1)
    with Store.open(path) as store:
        first = agreed(store, poor("later", "HP-0003", day, date(2026, 9, 8)), day, missing=True)
        review(store, "later", date(2026, 9, 8), 2, "Some of it.")
        better = first.model_copy(deep=True)
        better.task.what = good("x", "HP-0003", day, day).task.what
        better.rationale = good("x", "HP-0003", day, day).rationale
        better.obstacles = good("x", "HP-0003", day, day).obstacles
        wf.save_draft(store, better)
        wf.agree(store, better, at=at(date(2026, 9, 10)))
    o = audit_of(path, Period(day, day)).overall
    assert (o.agreed, o.beck["a"], o.beck["b"], o.agreed_with_missing) == (1, 0, 0, 1)


def test_the_audit_reads_only(db):
    before = db.read_bytes()
    with Store.open(db) as store:
        log = len(store.audit_log("HP-0001"))
        run_audit(store, OCTOBER)
        assert len(store.audit_log("HP-0001")) == log
    assert db.read_bytes() == before


def test_json_structure_is_stable_and_documented(db):
    data = audit_dict(audit_of(db, OCTOBER))
    assert list(data) == ["schema", "period", "made_on", *COUNT_KEYS, "clients", "outcomes"]
    assert data["schema"] == "homework-planner.audit/1"
    assert data["period"] == {"from": "2026-10-01", "to": "2026-10-31"}
    assert data["made_on"] == "2026-11-01"
    # The keys, with the hand-counted numbers.
    assert data["sessions"] == 3 and data["agreed"] == 4
    assert data["beck"] == {"a": 2, "b": 2, "c": 2, "d": 2}
    assert data["beck_base"] == {"a": 3, "b": 3, "c": 3, "d": 4}
    assert data["beck_share"] == {"a": 0.6667, "b": 0.6667, "c": 0.6667, "d": 0.5}
    assert data["reviewed_next_session"] == 2 and data["reviewed_share"] == 0.75
    assert data["completion"] == {"0": 0, "1": 1, "2": 1, "3": 0, "4": 1}
    assert data["completion_mean"] == 2.33 and data["median_days_to_review"] == 7.0
    assert [c["client_code"] for c in data["clients"]] == ["HP-0001", "HP-0002"]
    for row in data["clients"]:
        assert list(row) == ["client_code", *COUNT_KEYS]
    # Every key is described in --help, and every key --help names is in the output.
    documented = {line.split()[0] for line in JSON_HELP.splitlines() if line.startswith("  ")}
    assert documented - {"...COUNTS", "...OUTCOMES"} == {
        "schema",
        "period",
        "made_on",
        "clients",
        "outcomes",
        *COUNT_KEYS,
        *OUTCOME_KEYS,
    }
    assert json.loads(json.dumps(data)) == data
    empty = audit_dict(audit_of(db, Period(date(2030, 1, 1), None)))
    assert list(empty) == list(data) and empty["beck_share"]["a"] is None


def test_text_table(db):
    text = audit_text(audit_of(db, OCTOBER))
    lines = text.splitlines()
    assert lines[0].startswith("Homework audit: assignments set from 01 Oct 2026 to 31 Oct 2026")
    row = next(line for line in lines if line.startswith("HP-0002"))
    assert row.split() == [
        "HP-0002", "3", "2", "(1", "no", "words)", "0",
        "100%", "100%", "100%", "50%", "50%", "50%", "2.0", "7", "0",
    ]  # fmt: skip
    total = next(line for line in lines if line.startswith("All clients"))
    assert "67%" in total and total.split()[-1] == "1"
    assert "left out of Beck's a-c" in text
    assert max(len(line) for line in lines) <= 120


def test_pdf_reads_back(db):
    pdf = render_audit_pdf(audit_of(db, OCTOBER), Settings(service_name="Northfield Talking"))
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 2
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Homework audit" in text and "HP-0001" in text and "HP-0002" in text
    assert "Beck's criteria met at agreement" in text and "67%" in text
    assert "words not kept" in text
    assert reader.metadata is not None and reader.metadata.title == "Homework audit"
    # Repeatable: the same audit gives the same bytes.
    assert pdf == render_audit_pdf(
        audit_of(db, OCTOBER), Settings(service_name="Northfield Talking")
    )


@pytest.mark.parametrize("text", ["2026-13-01", "yesterday", "", "01/10/2026"])
def test_bad_dates_say_how_to_write_one(text):
    with pytest.raises(WorkflowError, match="YYYY-MM-DD") as exc:
        parse_date(text, "--from")
    assert "--from" in str(exc.value)
    if text:
        assert text not in str(exc.value)


def test_a_period_that_ends_before_it_starts():
    with pytest.raises(WorkflowError, match="starts after it ends"):
        Period(date(2026, 10, 2), date(2026, 10, 1))
