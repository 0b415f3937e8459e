"""The command line, run as a user would (a real process and a real data folder)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from homework_planner.cli import main


def run(*args: str, env_data: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if env_data is not None:
        env["HOMEWORK_PLANNER_DATA"] = str(env_data)
    return subprocess.run(
        [sys.executable, "-m", "homework_planner", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_version_and_usage_exit_codes():
    r = run("--version")
    assert r.returncode == 0 and "homework-planner" in r.stdout
    assert run("frobnicate").returncode == 2
    assert run("export").returncode == 2  # --client and -o are required


def test_the_window_start_skips_the_commands_but_help_and_mistakes_get_the_whole_line(
    monkeypatch, capsys
):
    from homework_planner import cli

    started = []
    monkeypatch.setattr("homework_planner.gui.app.run_gui", lambda args: started.append(args) or 0)
    built = []
    real_build = cli.build_parser
    monkeypatch.setattr(
        cli, "build_parser", lambda **kw: built.append(kw.get("commands", True)) or real_build(**kw)
    )
    # A folder may be called like a command: it is still the window's option.
    assert main(["--data-dir", "check", "--smoke-test"]) == 0
    assert started[-1].data_dir == "check" and started[-1].smoke_test
    assert built == [False]  # the sub-commands' parsers were never built
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "check" in capsys.readouterr().out  # --help lists the commands
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir"])  # no folder given
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--data-dir" in err and "COMMAND" in err and "--help" in err


def test_export_import_export_round_trip(tmp_path, full_assignment, review_dict):
    client_file = {
        "schema_version": 1,
        "client": {
            "code": "HP-0042",
            "preferred_name": "Sam",
            "print_needs": {"size": "large", "background": "cream", "easy_read": True},
        },
        "assignments": [full_assignment],
        "reviews": [review_dict],
    }
    src = tmp_path / "in.json"
    src.write_text(json.dumps(client_file), encoding="utf-8")
    first, second = tmp_path / "first", tmp_path / "second"
    r = run("--data-dir", str(first), "import", str(src))
    assert r.returncode == 0, r.stderr
    assert "Imported 1 assignment and 1 review for HP-0042 (new client)" in r.stdout
    out1 = tmp_path / "out1.json"
    assert (
        run("--data-dir", str(first), "export", "--client", "HP-0042", "-o", str(out1)).returncode
        == 0
    )
    assert run("--data-dir", str(second), "import", str(out1)).returncode == 0
    out2 = tmp_path / "out2.json"
    assert (
        run("--data-dir", str(second), "export", "--client", "HP-0042", "-o", str(out2)).returncode
        == 0
    )
    assert out1.read_text() == out2.read_text()
    exported = json.loads(out1.read_text())
    assert exported["assignments"][0]["task"] == full_assignment["task"]
    assert exported["client"]["print_needs"]["background"] == "cream"


def test_a_bad_file_imports_nothing_and_lists_every_problem(tmp_path, full_assignment, capsys):
    bad = dict(full_assignment)
    bad["client_reaction"] = {"confidence": 12}
    second = dict(full_assignment, id="second", review_date="someday")
    src = tmp_path / "bad.json"
    src.write_text(
        json.dumps({"client": {"code": "HP-0042"}, "assignments": [full_assignment, bad, second]})
    )
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "import", str(src)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    assert "assignments[2].client_reaction.confidence: must be at most 10" in err
    assert "assignments[3].review_date" in err
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "export",
                "--client",
                "HP-0042",
                "-o",
                str(tmp_path / "x.json"),
            ]
        )
        == 1
    )
    assert "no client with the code HP-0042" in capsys.readouterr().err


def test_import_single_assignment_adds_its_client(tmp_path, full_assignment, capsys):
    src = tmp_path / "one.json"
    src.write_text(json.dumps(full_assignment))
    assert main(["import", str(src)]) == 0  # default data folder = $HOMEWORK_PLANNER_DATA
    assert "(new client)" in capsys.readouterr().out
    assert (tmp_path / "data" / "homework-planner.sqlite3").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "must be a JSON object"),
    ],
)
def test_unreadable_files_say_what_to_do(tmp_path, capsys, content, message):
    src = tmp_path / "x.json"
    src.write_bytes(content)
    assert main(["import", str(src)]) == 1
    assert message in capsys.readouterr().err


def test_smoke_test_starts_and_quits(tmp_path):
    r = run("--data-dir", str(tmp_path / "smoke"), "--smoke-test")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "smoke" / "homework-planner.sqlite3").exists()


def test_refused_store_exits_1_with_message(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "homework-planner.sqlite3").write_bytes(b"not a database at all" * 10)
    r = run("--data-dir", str(folder), "export", "--client", "A", "-o", str(tmp_path / "a.json"))
    assert r.returncode == 1
    assert "not a Homework Planner database" in r.stderr
