"""Reminders: the scheduled practice times as one weekly recurring event (.ics, Europe/London)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..domain.models import DAYS, Assignment, now_utc
from . import content, i18n
from .errors import OutputError

TZID = "Europe/London"
REMINDER_MINUTES = 15
DEFAULT_DURATION_MINUTES = 30
_ICAL_DAYS = {
    "mon": "MO",
    "tue": "TU",
    "wed": "WE",
    "thu": "TH",
    "fri": "FR",
    "sat": "SA",
    "sun": "SU",
}


def _first_occurrence(start: date, days: Sequence[str]) -> date:
    wanted = {DAYS.index(d) for d in days}
    for i in range(7):
        d = start + timedelta(days=i)
        if d.weekday() in wanted:
            return d
    raise AssertionError("a non-empty list of weekdays always matches within a week")


def last_day(a: Assignment) -> date:
    """Reminders stop at the review date, or after the monitoring days if there is none."""
    if a.review_date:
        return a.review_date
    return content.start_date(a) + timedelta(days=max(a.monitoring.days, 7) - 1)


def render_ics(
    a: Assignment, *, stamp: datetime | None = None, language: str | None = None
) -> bytes:
    """A calendar with one VEVENT (RRULE weekly on the schedule's days, UNTIL the review date)
    and a VALARM 15 minutes before. Raises OutputError if there is no schedule to remind of."""
    from icalendar import Alarm, Calendar, Event, Timezone, vRecur

    schedule = a.task.schedule
    if schedule is None or not schedule.days or not schedule.time:
        raise OutputError(
            "There are no practice times to remind about. Under 'What I will do', add the days "
            "and a time to the schedule (task.schedule: days and time), then save the reminder."
        )
    tz = ZoneInfo(TZID)
    first = _first_occurrence(content.start_date(a), schedule.days)
    end_day = last_day(a)
    if first > end_day:
        raise OutputError(
            "The first practice day is after the review date, so there is nothing to remind "
            "about. Check the review date and the schedule's days."
        )
    hour, minute = (int(x) for x in schedule.time.split(":"))
    start = datetime.combine(first, time(hour, minute), tzinfo=tz)
    minutes = schedule.duration_minutes or DEFAULT_DURATION_MINUTES
    # RFC 5545: with a TZID start, UNTIL is given in UTC; the end of the review day, London time.
    until = datetime.combine(end_day, time(23, 59, 59), tzinfo=tz).astimezone(ZoneInfo("UTC"))

    cal = Calendar()
    cal.add("prodid", "-//Homework Planner//homework-planner//EN")
    cal.add("version", "2.0")
    # RFC 5545 LANGUAGE on the text the app wrote, so a calendar reads it in the right voice.
    cal.add("calscale", "GREGORIAN")
    cal.add_component(
        Timezone.from_tzid(
            TZID, first_date=first - timedelta(days=1), last_date=end_day + timedelta(days=1)
        )
    )
    lang = i18n.language(language)
    title = a.title.strip() or lang("My homework")
    ev = Event()
    ev.add("uid", f"{a.id}@homework-planner")
    ev.add("dtstamp", stamp or now_utc())
    ev.add("summary", title, parameters={"LANGUAGE": lang.code})
    ev.add("dtstart", start)
    ev.add("duration", timedelta(minutes=minutes))
    ev.add(
        "rrule", vRecur(freq="WEEKLY", byday=[_ICAL_DAYS[d] for d in schedule.days], until=until)
    )
    description = [p for p in (a.task.what.strip(), a.task.first_step or "") if p.strip()]
    if description:
        ev.add("description", "\n".join(description), parameters={"LANGUAGE": lang.code})
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", timedelta(minutes=-REMINDER_MINUTES))
    ev.add_component(alarm)
    cal.add_component(ev)
    ical: bytes = cal.to_ical()  # icalendar 7 leaves to_ical() unannotated
    return ical
