"""`review FILE.json [--plan-next]`: the review, the status and next week's draft, or nothing."""

from __future__ import annotations

import json

from homework_planner import paths
from homework_planner.cli import main
from homework_planner.storage import Store
from tests.conftest import full_assignment_dict


def _setup(tmp_path, capsys) -> None:
    client = {
        "schema_version": 2,
        "client": {"code": "HP-0042"},
        "assignments": [full_assignment_dict()],
        "reviews": [],
    }
    path = tmp_path / "client.json"
    path.write_text(json.dumps(client), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    capsys.readouterr()


def _review_file(tmp_path, **changes) -> str:
    review = {
        "schema_version": 2,
        "id": "rev-1",
        "assignment_id": "a1b2c3d4e5f6",
        "date": "2026-11-27",
        "completion": 3,
        "what_learned": "Mood was better after each walk",
        "progress_summary": "Walked 2 of 3 days; mood after walks 5 and 6.",
        "next_step": "adjust",
        "monitoring_entries": [
            {"date": "2026-11-23", "values": {"Walked": True, "Mood after": "5"}},
            {"date": "2026-11-25", "values": {"Walked": None, "Mood after": None}},
            {"date": "2026-11-27", "values": {"Walked": True, "Mood after": "6"}},
        ],
        **changes,
    }
    path = tmp_path / "review.json"
    path.write_text(json.dumps(review), encoding="utf-8")
    return str(path)


def _store() -> Store:
    return Store.open(paths.database_path(paths.data_dir(None)))


def test_review_with_plan_next_saves_all_three_together(tmp_path, capsys):
    _setup(tmp_path, capsys)
    assert main(["review", _review_file(tmp_path), "--plan-next"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Review saved; the homework is marked as reviewed.")
    assert "Next week's homework is ready as a draft" in out
    with _store() as store:
        [review] = store.list_reviews(assignment_id="a1b2c3d4e5f6")
        assert [e.date.isoformat() for e in review.monitoring_entries] == [
            "2026-11-23",
            "2026-11-25",
            "2026-11-27",
        ]
        assert not review.monitoring_entries[1].recorded  # the blank Wednesday stays blank
        assert store.get_assignment("a1b2c3d4e5f6").status == "reviewed"
        drafts = [a for a in store.load_assignments("HP-0042") if a.follows == "a1b2c3d4e5f6"]
        assert len(drafts) == 1 and drafts[0].status == "draft"
    # Again: the review is updated, next week's draft is not made twice.
    assert main(["review", _review_file(tmp_path, completion=4), "--plan-next"]) == 0
    assert "was already made" in capsys.readouterr().out
    with _store() as store:
        assert [r.completion for r in store.list_reviews(client_code="HP-0042")] == [4]
        assert len(store.load_assignments("HP-0042")) == 2


def test_a_review_for_unknown_homework_changes_nothing(tmp_path, capsys):
    _setup(tmp_path, capsys)
    assert main(["review", _review_file(tmp_path, assignment_id="not-there")]) == 1
    err = capsys.readouterr().err
    assert "nothing was saved" in err and "not in the store" in err
    bad = _review_file(tmp_path, monitoring_entries=[{"values": {"Walked": True}}])
    assert main(["review", bad]) == 1
    err = capsys.readouterr().err
    assert "nothing was saved" in err and "monitoring_entries" in err
    with _store() as store:
        assert store.list_reviews(client_code="HP-0042") == []
        assert store.get_assignment("a1b2c3d4e5f6").status == "agreed"
