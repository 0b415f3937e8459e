"""`summary --client CODE`, and export/import carrying reviews with their sheet numbers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from homework_planner.cli import main
from tests.conftest import full_assignment_dict


def client_file(review_dict: dict) -> dict:
    second = full_assignment_dict()
    second["id"] = "b2"
    second["created"] = "2026-11-27T10:00:00Z"
    return {
        "schema_version": 1,
        "client": {"code": "HP-0042", "preferred_name": "Robin"},
        "assignments": [full_assignment_dict(), second],
        "reviews": [
            {
                **review_dict,
                "monitoring_entries": [
                    {"Walked": "yes", "Mood before": "3", "Mood after": "4"},
                    {"Walked": "yes", "Mood before": "3", "Mood after": "5"},
                ],
            },
            {
                **review_dict,
                "id": "r2",
                "assignment_id": "b2",
                "date": "2026-12-04",
                "completion": 4,
                "next_step": "continue",
                "monitoring_entries": [{"Walked": "yes", "Mood before": "4", "Mood after": "6"}],
            },
        ],
    }


def test_summary_prints_the_progress_paragraph(tmp_path, review_dict, capsys):
    path = tmp_path / "client.json"
    path.write_text(json.dumps(client_file(review_dict)), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    assert main(["summary", "--client", "HP-0042"]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("2 of 2 homeworks mostly or fully done;")
    assert "mood after: first week 4.5, last week 6" in out
    assert "mood before: first week 3, last week 4" in out
    assert "mood before up" not in out  # one half of a pair is not judged on its own
    assert out.endswith("next step: continue.")
    assert "\n" not in out  # one paragraph, ready to paste into the notes


def test_export_import_keeps_the_sheet_numbers(tmp_path, review_dict, capsys):
    path = tmp_path / "client.json"
    original = client_file(review_dict)
    path.write_text(json.dumps(original), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    out = tmp_path / "out.json"
    assert main(["export", "--client", "HP-0042", "-o", str(out)]) == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["schema_version"] == 2
    by_id = {r["id"]: r for r in exported["reviews"]}
    # The old file's rows (schema 1, no days) land on the days each sheet printed, in order.
    keyed = {
        rid: [(e["date"], e["values"]) for e in r["monitoring_entries"]] for rid, r in by_id.items()
    }
    assert keyed[original["reviews"][0]["id"]] == [
        ("2026-11-23", {"Walked": True, "Mood before": "3", "Mood after": "4"}),
        ("2026-11-25", {"Walked": True, "Mood before": "3", "Mood after": "5"}),
    ]
    assert keyed["r2"] == [("2026-11-30", {"Walked": True, "Mood before": "4", "Mood after": "6"})]
    # Exported again after a re-import: the same dates and values.
    assert main(["import", str(out)]) == 0
    again = tmp_path / "again.json"
    assert main(["export", "--client", "HP-0042", "-o", str(again)]) == 0
    assert json.loads(again.read_text(encoding="utf-8"))["reviews"] == exported["reviews"]


def test_summary_for_an_unknown_client_exits_1_with_a_clear_message(tmp_path):
    env = dict(os.environ, HOMEWORK_PLANNER_DATA=str(tmp_path / "data"))
    r = subprocess.run(
        [sys.executable, "-m", "homework_planner", "summary", "--client", "HP-9999"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 1
    assert "There is no client with the code HP-9999" in r.stderr
    assert r.stdout == ""
    r = subprocess.run(
        [sys.executable, "-m", "homework_planner", "summary"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert r.returncode == 2 and "--client" in r.stderr
