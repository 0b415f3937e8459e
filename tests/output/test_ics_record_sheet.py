"""Reminders (.ics), the clinical record and the monitoring sheet, read back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from homework_planner.domain.models import Assignment, PrintNeeds
from homework_planner.domain.settings import Settings
from homework_planner.output.errors import OutputError
from homework_planner.output.ics import render_ics
from homework_planner.output.record import SECTIONS, record_text, render_record_pdf
from homework_planner.output.sheet import render_sheet
from tests.conftest import full_assignment_dict
from tests.output.pdfread import flat, reader, runs, text


def assignment(**changes) -> Assignment:
    data = full_assignment_dict()
    data.update(changes)
    return Assignment.model_validate(data)


def test_ics_is_one_weekly_event_with_a_reminder_until_the_review_date():
    cal = Calendar.from_ical(render_ics(assignment()))
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    (ev,) = cal.walk("VEVENT")
    assert str(ev["SUMMARY"]) == "A short walk after lunch"
    start = ev.decoded("DTSTART")
    assert start == datetime(2026, 11, 23, 13, 0, tzinfo=ZoneInfo("Europe/London"))
    assert ev.decoded("DURATION") == timedelta(minutes=15)
    rule = ev["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "FR"]
    until = rule["UNTIL"][0]
    assert until.astimezone(ZoneInfo("Europe/London")).date() == date(2026, 11, 27)
    (alarm,) = ev.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-15)
    assert str(alarm["ACTION"]) == "DISPLAY"


def test_ics_without_a_schedule_says_what_to_add():
    data = full_assignment_dict()
    data["task"].pop("schedule")
    with pytest.raises(OutputError, match="add the days and a time"):
        render_ics(Assignment.model_validate(data))


def test_record_text_has_every_section_and_the_findings():
    a = assignment()
    findings = [
        {"criterion": "task.specific", "level": "ok", "message": "Clear."},
        {"criterion": "handout.plain", "level": "warn", "message": "One long sentence."},
    ]
    note = record_text(a, 3, findings)
    for heading in SECTIONS:  # "What was agreed" may name the version after it
        assert f"\n{heading}" in f"\n{note}"
    assert "Version: 3" in note and "Agreed: Friday 20 November 2026" in note
    assert "handout.plain: Could be clearer. One long sentence." in note
    assert "Plan 1: If it is raining, then I will walk" in note
    assert "Confidence: 7/10" in note


def test_record_uses_the_coach_when_it_exists():
    coach = pytest.importorskip("homework_planner.domain.coach")
    a = assignment()
    findings = coach.check(a)
    note = record_text(a, 1, findings)
    for criterion in coach.CRITERIA:
        assert f"{criterion}: " in note
    pdf = render_record_pdf(a, 1, findings, Settings(therapist_name="Alex"))
    page = flat(text(pdf))
    assert "task.specific" in page and "Walk to the postbox" in page
    assert reader(pdf).trailer["/Root"]["/Lang"] == "en-GB"


def test_sheet_has_a_row_per_occurrence_and_flows_with_its_header():
    pdf = render_sheet(assignment(), PrintNeeds(size="large"), Settings())
    page = text(pdf)
    for day in ("Mon 23 Nov", "Wed 25 Nov", "Fri 27 Nov"):
        assert day in page
    assert min(s for _, s, _ in runs(pdf)) >= 18 - 0.01
    data = full_assignment_dict()
    data["task"].pop("schedule")
    data["monitoring"]["days"] = 31
    pdf = render_sheet(Assignment.model_validate(data), PrintNeeds(size="extra_large"), Settings())
    pages = reader(pdf).pages
    assert len(pages) > 1
    with_rows = [p.extract_text() for p in pages if " Dec" in p.extract_text()]
    assert with_rows and all("Walked" in t for t in with_rows)  # the header repeats
    assert "Sun 20 Dec" in text(pdf)


def test_sheet_with_nothing_to_record_says_so():
    data = full_assignment_dict()
    data["monitoring"]["days"] = 0
    with pytest.raises(OutputError, match="monitoring.days"):
        render_sheet(Assignment.model_validate(data), PrintNeeds(), Settings())
