"""The list and table models: the texts the views show, worked out once per refresh."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from PySide6.QtCore import Qt

from homework_planner.gui.models import AssignmentTableModel, plain_date, short_date
from homework_planner.storage import AssignmentSummary

NOW = datetime(2026, 11, 1, 10, 0, tzinfo=timezone.utc)


def _summary(aid: str, **kw) -> AssignmentSummary:
    values = {
        "id": aid,
        "client_code": "HP-0042",
        "title": "Walk to the postbox",
        "intervention": "behavioural_activation",
        "status": "agreed",
        "review_date": None,
        "created": NOW,
        "updated": NOW,
        "version": 1,
    }
    values.update(kw)
    return AssignmentSummary(**values)


def test_cells_say_what_the_therapist_needs(qapp):
    model = AssignmentTableModel()
    model.today = date(2026, 11, 22)
    model.set_rows(
        [
            _summary("later", review_date=date(2026, 11, 29), status="draft", title=""),
            _summary("due", review_date=date(2026, 11, 22)),
            _summary("odd", intervention="made_up_kind"),
        ]
    )

    def row(r: int) -> list[str]:
        return [model.data(model.index(r, c)) for c in range(model.columnCount())]

    # Due for review first, then in the store's order.
    assert [model.summary_at(r).id for r in range(3)] == ["due", "later", "odd"]
    created = f"{short_date(NOW.astimezone().date())}  (week 1)"
    assert row(0) == [
        "Walk to the postbox",
        "Behavioural activation",
        "Agreed",
        "Sun 22 Nov 2026  (due)",
        created,
    ]
    assert row(1) == ["(untitled)", "Behavioural activation", "Draft", "Sun 29 Nov 2026", created]
    assert row(2)[1:4] == ["made_up_kind", "Agreed", "not set"]  # unknown kinds as stored
    tip = model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Sun 22 Nov 2026  (due)"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(7, 0)) is None  # no such row
    model.set_rows([])
    assert model.rowCount() == 0 and model.data(model.index(0, 0)) is None


def test_dates_are_english_whatever_the_locale():
    assert short_date(date(2026, 1, 5)) == "Mon 05 Jan 2026"
    assert short_date(date(2027, 12, 31)) == "Fri 31 Dec 2027"
    assert plain_date(date(2026, 6, 7)) == "07 Jun 2026"


def test_created_column_tells_identical_titles_apart_by_date_and_week(qapp):
    model = AssignmentTableModel()
    model.today = date(2026, 12, 1)
    weeks = [NOW + timedelta(days=d) for d in (0, 7, 15)]
    model.set_rows([_summary(f"a{i}", created=t, status="reviewed") for i, t in enumerate(weeks)])
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Created"
    cells = [model.data(model.index(r, model.CREATED_COLUMN)) for r in range(3)]
    assert [c.split("(")[1] for c in cells] == ["week 1)", "week 2)", "week 3)"]
    assert cells[1].startswith(short_date((NOW + timedelta(days=7)).astimezone().date()))
    # Status words are kept: an amended assignment still says so.
    model.set_rows([_summary("x", status="amended")])
    assert model.data(model.index(0, 2)) == "Changed since agreed"
