"""`homework-planner check`: readable and JSON findings, exit codes, bad files."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from homework_planner.cli import main
from homework_planner.domain.coach import CRITERIA
from tests.conftest import full_assignment_dict


def _write(tmp_path, data, name="a.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def _good() -> dict:
    d = full_assignment_dict()
    d["rationale"] = "Walking lifts my mood. That helps me feel ready to see my sister."
    return d


def test_json_output_shape_and_exit_0_when_nothing_missing(tmp_path, capsys):
    d = _good()
    d["task"]["how_long"] = "a while"  # a warning does not fail the check
    d["task"]["schedule"] = None
    code = main(["check", str(_write(tmp_path, d)), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert list(data) == ["findings"]
    assert [f["criterion"] for f in data["findings"]] == list(CRITERIA)
    for f in data["findings"]:
        assert set(f) == {"criterion", "level", "field", "message", "suggestion"}
    task = data["findings"][0]
    assert task["level"] == "warn" and task["field"] == "task.how_long"
    assert "how many minutes" in task["suggestion"]


def test_missing_criterion_exits_1_and_text_names_it(tmp_path, capsys):
    d = _good()
    d["obstacles"] = []
    code = main(["check", str(_write(tmp_path, d))])
    text = capsys.readouterr().out
    assert code == 1
    assert "[MISSING] obstacles.planned" in text
    assert "Suggestion (obstacles):" in text
    assert "1 missing" in text


def test_all_ok_text(tmp_path, capsys):
    assert main(["check", str(_write(tmp_path, _good()))]) == 0
    text = capsys.readouterr().out
    assert text.count("[ok]") == len(CRITERIA)
    assert "0 missing, 0 to improve, 9 ok." in text


def test_draft_with_only_a_client_code_is_checked(tmp_path, capsys):
    code = main(
        ["check", "--json", str(_write(tmp_path, {"schema_version": 1, "client_code": "HP-1"}))]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    levels = [f["level"] for f in data["findings"]]
    assert levels.count("missing") == 6


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "There is no file"),
        ("{not json", "not valid JSON"),
        ('{"client_code": "HP-1", "colour": "blue"}', "the file has an unknown field"),
        ('{"client_code": "Jane Smith"}', "client_code: must be a pseudonymous code"),
    ],
)
def test_unreadable_or_invalid_file_exits_1_with_clear_message(tmp_path, capsys, content, expected):
    path = tmp_path / "in.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert expected in captured.err
    assert "Jane Smith" not in captured.err
    assert "nothing was imported" not in captured.err
    assert captured.out == ""


def test_check_as_a_real_process(tmp_path):
    path = _write(tmp_path, _good())
    r = subprocess.run(
        [sys.executable, "-m", "homework_planner", "check", "--json", str(path)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    assert [f["level"] for f in json.loads(r.stdout)["findings"]] == ["ok"] * len(CRITERIA)
