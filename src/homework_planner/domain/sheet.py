"""The monitoring sheet's rows and columns, shared by the printed sheet and the review grid."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from .models import Assignment, EntryKey, EntryValue, MonitoringColumn, MonitoringEntry
from .vocabulary import DAYS

log = logging.getLogger(__name__)

TICK_SCALES = frozenset({"tick", "ticks", "check", "checkbox", "yes/no", "done", "✓", "✔"})
# What a therapist types for a tick copied from the sheet. "x" is neither: on paper a cross in a
# box means "done" to some clients and "not done" to others, so the form asks.
TICKED_WORDS = frozenset({"y", "yes", "✓", "✔", "tick", "ticked", "done", "1", "true"})
NOT_TICKED_WORDS = frozenset(
    {"n", "no", "✗", "✘", "not ticked", "not done", "0", "false", "-", "–"}
)


def is_tick(column: MonitoringColumn) -> bool:
    return (column.scale or "").strip().lower() in TICK_SCALES


def grid_columns(a: Assignment) -> list[MonitoringColumn]:
    """The columns the sheet prints (and the review copies)."""
    if a.monitoring.columns:
        return list(a.monitoring.columns)
    # Nothing chosen to record: a plain "did it" tick still lets the client see each day done.
    return [MonitoringColumn(label="Done", scale="tick")] if a.task.what.strip() else []


def start_date(a: Assignment) -> date:
    """Practice starts the day after it was agreed."""
    return (a.agreed_on or a.created.date()) + timedelta(days=1)


def monitoring_days(a: Assignment) -> list[date]:
    """The days (or scheduled occurrences) to record, from the day after agreement.

    With a schedule, only its days within the monitoring window are rows (each occurrence);
    otherwise every day of the window is."""
    n = a.monitoring.days
    if n <= 0:
        return []
    first = start_date(a)
    window = [first + timedelta(days=i) for i in range(n)]
    schedule = a.task.schedule
    if schedule and schedule.days and len(schedule.days) < 7:
        wanted = {DAYS.index(d) for d in schedule.days}
        picked = [d for d in window if d.weekday() in wanted]
        if picked:
            return picked
    return window


def sheet_rows(a: Assignment) -> list[EntryKey]:
    """The rows the printed sheet shows, in order: the single source for sheet and review."""
    return [EntryKey(date=d) for d in monitoring_days(a)]


def parse_tick(text: str) -> bool | None:
    """A tick typed from the sheet: True ticked, False not ticked, None blank.

    Raises ValueError for anything else (the caller says how to write it)."""
    word = " ".join(text.strip().lower().split())
    if not word:
        return None
    if word in TICKED_WORDS:
        return True
    if word in NOT_TICKED_WORDS:
        return False
    raise ValueError("not a tick")


def tick_text(value: EntryValue) -> str:
    """How a stored tick is shown again in the review grid."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value or ""


def grid_keys(a: Assignment | None, entries: Sequence[MonitoringEntry]) -> list[EntryKey]:
    """The review grid's rows: every printed row, then any other row the review already holds
    (a sheet printed before the homework was changed, an extra entry). Nothing is dropped."""
    keys = sheet_rows(a) if a is not None else []
    seen = set(keys)
    extra = [e.key for e in entries if e.key not in seen]
    return sorted(keys + extra, key=lambda k: k.sort_key())


def entries_from_rows(
    a: Assignment | None, rows: Sequence[Mapping[str, object]]
) -> list[MonitoringEntry]:
    """Rows without days (the format before schema 2) keyed the best way still possible.

    With the assignment known, row i is the i-th day the sheet printed (the old form listed the
    rows in the sheet's order) and tick columns become ticks; rows beyond the printed days, or
    all rows when the assignment is unknown, become occurrences 1..n. Values are never invented.
    """
    keys = sheet_rows(a) if a is not None else []
    ticks = {c.label for c in grid_columns(a) if is_tick(c)} if a is not None else set()
    out: list[MonitoringEntry] = []
    occurrence = 0
    for i, row in enumerate(rows):
        values: dict[str, EntryValue] = {}
        for label, raw in row.items():
            text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
            value: EntryValue = text.strip() or None
            if label in ticks and value is not None:
                with contextlib.suppress(ValueError):  # unclear: kept as written, never lost
                    value = parse_tick(text)
            values[label] = value
        if i < len(keys):
            out.append(MonitoringEntry(date=keys[i].date, time=keys[i].time, values=values))
        else:
            occurrence += 1
            out.append(MonitoringEntry(occurrence=occurrence, values=values))
    if len(rows) > len(keys) and a is not None:
        log.info("%d old sheet row(s) beyond the printed days kept as occurrences", occurrence)
    return out


def days_recorded(a: Assignment | None, entries: Sequence[MonitoringEntry]) -> tuple[int, int]:
    """(printed days with anything written on them, days the sheet printed)."""
    if a is None:
        return 0, 0
    # By date, without building keys: the progress panel counts this for every review.
    printed = monitoring_days(a)
    days = set(printed)
    recorded = sum(1 for e in entries if e.time is None and e.date in days and e.recorded)
    return recorded, len(printed)


def not_recorded_days(a: Assignment, entries: Sequence[MonitoringEntry]) -> list[EntryKey]:
    """The printed days left blank (or never copied), in the sheet's order."""
    by_key = {e.key: e for e in entries}
    return [k for k in sheet_rows(a) if k not in by_key or not by_key[k].recorded]
