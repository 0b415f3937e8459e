"""Hostile input at the command line: each is one plain message, exit 1, nothing changed.

Run as real processes (a hang would otherwise stop the test run): special files as the file
to import or as settings.json, huge numbers, dates at the edges, a passphrase with a NUL or
non-UTF-8 bytes typed at a real terminal, and store faults worded for a command.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from homework_planner import paths
from homework_planner.cli import main
from homework_planner.commands import common
from homework_planner.domain.models import Client
from homework_planner.storage import Store
from homework_planner.storage.errors import _FAULTS, StorageFault, fault_from
from tests.conftest import full_assignment_dict

HELPERS = Path(__file__).resolve().parents[1] / "helpers"
PASS = "correct horse battery staple"


def run(data: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOMEWORK_PLANNER_DATA=str(data))
    return subprocess.run(
        [sys.executable, "-m", "homework_planner", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def _plain_failure(r: subprocess.CompletedProcess) -> str:
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "Error:" not in r.stderr
    assert r.stdout == ""
    return r.stderr


def _tree(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def assignment_file(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(full_assignment_dict()), encoding="utf-8")
    return path


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_importing_a_device_is_refused_before_reading(data_dir, device):
    err = _plain_failure(run(data_dir, "import", device))
    assert "a device, not a file" in err
    assert _tree(data_dir) == {}


def test_importing_a_pipe_with_no_writer_does_not_hang(data_dir, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    err = _plain_failure(run(data_dir, "import", str(fifo), timeout=20))
    assert "a pipe, not a file" in err
    assert _tree(data_dir) == {}


def test_importing_an_endless_pipe_is_refused(data_dir, tmp_path):
    fifo = tmp_path / "endless.json"
    os.mkfifo(fifo)
    stop = threading.Event()

    def write_for_ever() -> None:
        try:
            with open(fifo, "wb") as fh:
                while not stop.is_set():
                    fh.write(b"[" * 65536)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=write_for_ever, daemon=True)
    writer.start()
    try:
        err = _plain_failure(run(data_dir, "import", str(fifo), timeout=20))
    finally:
        stop.set()
        # Unblock the writer if the command never opened the pipe.
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        os.close(fd)
        writer.join(5)
    assert "a pipe, not a file" in err


@pytest.mark.parametrize("kind", ["fifo", "zero", "deep", "huge"])
def test_a_special_or_broken_settings_file_stops_handout_plainly(data_dir, tmp_path, kind):
    data_dir.mkdir(parents=True)
    settings = data_dir / "settings.json"
    if kind == "fifo":
        os.mkfifo(settings)
    elif kind == "zero":
        settings.symlink_to("/dev/zero")
    elif kind == "deep":
        settings.write_text("[" * 30_000 + "]" * 30_000)
    else:
        settings.write_text(json.dumps({"service_name": "x" * 100_000}))
    doc = tmp_path / "in.json"
    doc.write_text(json.dumps(full_assignment_dict()), encoding="utf-8")
    out = tmp_path / "h.pdf"
    err = _plain_failure(run(data_dir, "handout", str(doc), "-o", str(out), timeout=20))
    assert "settings file" in err and "Preferences" in err
    assert not out.exists()


def test_the_window_reads_a_pipe_as_settings_without_hanging(tmp_path, caplog):
    from homework_planner.domain.settings import Settings
    from homework_planner.storage.settings_file import load_settings

    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)
    result: list[Settings] = []
    reader = threading.Thread(target=lambda: result.append(load_settings(fifo)), daemon=True)
    reader.start()
    reader.join(10)
    assert result == [Settings()]
    assert "using defaults" in caplog.text


def test_a_lone_surrogate_in_a_setting_falls_back_and_the_text_handout_is_written(
    data_dir, assignment_file, tmp_path
):
    data_dir.mkdir(parents=True)
    # ensure_ascii writes the half pair as the escape \ud800, which json.loads decodes.
    (data_dir / "settings.json").write_text(
        json.dumps({"service_name": "Riverside \ud800", "service_phone": "0300 123 4567"})
    )
    out = tmp_path / "h.txt"
    r = run(data_dir, "handout", str(assignment_file), "-o", str(out), "--text")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "service_name" in r.stderr  # the warning names the setting, not its value
    text = out.read_text(encoding="utf-8")
    assert "0300 123 4567" in text and "Riverside" not in text


def test_a_5000_digit_number_is_refused(data_dir, tmp_path):
    doc = tmp_path / "big.json"
    doc.write_text(json.dumps(full_assignment_dict())[:-1] + ', "x": ' + "9" * 5000 + "}")
    err = _plain_failure(run(data_dir, "import", str(doc)))
    assert "more than 30 digits" in err
    assert "999" not in err
    assert _tree(data_dir) == {}


@pytest.mark.parametrize("command", ["import", "handout", "ics"])
def test_dates_at_the_far_edge_are_refused_at_import(data_dir, tmp_path, command):
    d = full_assignment_dict()
    d["created"] = "9999-12-31T23:59:59-23:59"
    d["review_date"] = "9999-12-31"
    doc = tmp_path / "edge.json"
    doc.write_text(json.dumps(d), encoding="utf-8")
    extra = [] if command == "import" else ["-o", str(tmp_path / "out")]
    err = _plain_failure(run(data_dir, command, str(doc), *extra))
    assert "created: must be a date between 1990 and 2100" in err
    assert "review_date: must be a date between 1990 and 2100" in err
    assert not (tmp_path / "out").exists()


def test_the_edges_of_the_date_range_import_and_print(data_dir, tmp_path):
    d = full_assignment_dict()
    d["created"] = "2100-12-31T23:59:59-23:59"
    d["review_date"] = "2100-12-31"
    doc = tmp_path / "late.json"
    doc.write_text(json.dumps(d), encoding="utf-8")
    assert run(data_dir, "import", str(doc)).returncode == 0
    r = run(data_dir, "handout", str(doc), "-o", str(tmp_path / "h.pdf"))
    assert r.returncode == 0, r.stderr
    d["created"], d["review_date"] = "1990-01-01T00:00:00+14:00", "1990-01-01"
    doc.write_text(json.dumps(d), encoding="utf-8")
    r = run(data_dir, "ics", str(doc), "-o", str(tmp_path / "r.ics"))
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr


@pytest.mark.parametrize("reason", sorted(_FAULTS))
def test_store_faults_are_worded_for_a_command_not_a_screen(reason):
    message = common.store_message(StorageFault(_FAULTS[reason], reason))
    assert "screen" not in message.lower()
    assert message.endswith(".")


def test_a_full_disk_during_import_says_nothing_of_a_screen(
    data_dir, assignment_file, capsys, monkeypatch
):
    def full(self, a):
        raise fault_from(sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(Store, "import_assignment", full)
    assert main(["import", str(assignment_file)]) == 1
    err = capsys.readouterr().err
    assert "The disk is full: free some space" in err
    assert "screen" not in err.lower()


@pytest.fixture
def protected(data_dir):
    with Store.open(paths.database_path(paths.ensure_private_dir(data_dir))) as store:
        store.add_client(Client(code="HP-0042"))
        store.set_passphrase(PASS)
    return data_dir


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (b"\xff\xfe not utf-8\n", "not UTF-8 text"),
        (b"correct horse\x00battery\n", "cannot be used (NUL)"),
    ],
)
def test_a_passphrase_the_store_cannot_take_is_asked_again_then_refused(
    protected, tmp_path, typed, said
):
    out = tmp_path / "x.json"
    r = subprocess.run(
        [
            sys.executable,
            str(HELPERS / "pty_run.py"),
            typed.hex(),
            "--data-dir",
            str(protected),
            "export",
            "--client",
            "HP-0042",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    shown = r.stdout
    assert shown.rstrip().endswith("rc=1"), shown
    assert "Traceback" not in shown
    assert shown.count(said) == 3
    assert "Three wrong passphrases: nothing was opened." in shown
    assert not out.exists()
    with Store.open(paths.database_path(protected), passphrase=PASS) as store:
        assert store.get_client("HP-0042") is not None
