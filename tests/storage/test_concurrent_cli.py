"""The window and the command line on one data folder: the CLI never writes beside the window,
and a coalesced save never replaces a version it did not write (issue 13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from homework_planner import paths
from homework_planner.cli import main
from homework_planner.domain.models import Assignment, Client, ClientFile
from homework_planner.storage import Store
from homework_planner.storage.lock import acquire_folder_lock
from homework_planner.storage.store import SavedVersion
from tests.conftest import full_assignment_dict

HOLDER = Path(__file__).resolve().parent.parent / "helpers" / "hold_lock.py"
WINDOW_OPEN = (
    "Homework Planner is open on this data folder: close it, or import from the window's File "
    "menu. Nothing was changed."
)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "homework_planner", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


@pytest.fixture
def folder(data_dir: Path) -> Path:
    with Store.open(paths.database_path(paths.ensure_private_dir(data_dir))) as s:
        s.add_client(Client(code="HP-0042"))
        s.save_assignment(Assignment.model_validate(full_assignment_dict()))
    return data_dir


def new_version_file(tmp_path: Path, goal: str) -> Path:
    path = tmp_path / "new-version.json"
    path.write_text(json.dumps(dict(full_assignment_dict(), goal=goal)), encoding="utf-8")
    return path


def snapshot(folder: Path) -> tuple[int, list[str], int, int]:
    with Store.open(paths.database_path(folder), backups=False) as s:
        aid = full_assignment_dict()["id"]
        return (
            s.assignment_version(aid) or 0,
            [a.goal for _, a in s.assignment_history(aid)],
            len(s.audit_log(None)),
            len(s.list_backups()),
        )


def test_import_is_refused_while_another_process_has_the_folder(folder, tmp_path):
    before = snapshot(folder)
    holder = subprocess.Popen(
        [sys.executable, str(HOLDER), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().startswith("LOCKED")
        r = run_cli("--data-dir", str(folder), "import", str(new_version_file(tmp_path, "new")))
        # Reading commands still run beside the window.
        out = tmp_path / "out.json"
        exported = run_cli("--data-dir", str(folder), "export", "--client", "HP-0042", "-o", out)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == WINDOW_OPEN + "\n"
    assert snapshot(folder) == before  # no version, no audit entry, not even a backup
    assert exported.returncode == 0, exported.stderr
    assert json.loads(out.read_text())["assignments"][0]["goal"] == before[1][-1]
    # Once the window has closed, the same import goes through.
    r = run_cli("--data-dir", str(folder), "import", str(new_version_file(tmp_path, "new")))
    assert r.returncode == 0, r.stderr
    assert snapshot(folder)[1] == [*before[1], "new"]


WINDOW_PROBE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from homework_planner.storage.lock import FolderInUse, acquire_folder_lock\n"
    "try:\n"
    "    acquire_folder_lock(Path(sys.argv[1]))\n"
    "except FolderInUse as exc:\n"
    "    print(exc)\n"
)


def test_import_holds_the_lock_while_it_writes(folder, tmp_path, monkeypatch, capsys):
    """A window started, or a second import run, while an import writes is told so."""
    seen: list[str] = []
    second: list[subprocess.CompletedProcess[str]] = []
    real = Store.import_client_file
    src = new_version_file(tmp_path, "imported")

    def import_and_probe(self: Store, cf: ClientFile):
        probe = subprocess.run(
            [sys.executable, "-c", WINDOW_PROBE, str(folder)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        seen.append(probe.stdout.strip())
        second.append(run_cli("--data-dir", str(folder), "import", str(src)))
        return real(self, cf)

    monkeypatch.setattr(Store, "import_client_file", import_and_probe)
    assert main(["--data-dir", str(folder), "import", str(src)]) == 0
    assert len(seen) == 1
    assert seen[0].startswith(f"A homework-planner command (process {os.getpid()}) is writing")
    assert second[0].returncode == 1
    assert second[0].stderr == (
        "Another homework-planner command is writing to this data folder: try again when it "
        "has finished. Nothing was changed.\n"
    )
    capsys.readouterr()
    with acquire_folder_lock(folder):  # released afterwards
        pass


def test_a_coalesced_save_never_replaces_a_version_written_elsewhere(folder):
    db = paths.database_path(folder)
    aid = full_assignment_dict()["id"]
    window = Store.open(db)
    try:
        a = window.get_assignment(aid)
        first = window.save_assignment(a.model_copy(update={"goal": "typed 1"}), coalesce=True)
        again = window.save_assignment(a.model_copy(update={"goal": "typed 2"}), coalesce=True)
        assert (first, again) == (2, 2)
        assert not first.changed_elsewhere and not again.changed_elsewhere
        # Someone else stores a new version of the same assignment meanwhile.
        with Store.open(db) as other:
            other.import_assignment(a.model_copy(update={"goal": "imported"}))
            assert other.assignment_version(aid) == 3
        saved = window.save_assignment(a.model_copy(update={"goal": "typed 3"}), coalesce=True)
        assert isinstance(saved, SavedVersion) and saved == 4 and saved.changed_elsewhere
        goals = [x.goal for _, x in window.assignment_history(aid)]
        assert goals == [full_assignment_dict()["goal"], "typed 2", "imported", "typed 3"]
        # From here on the session coalesces into its own new version again.
        later = window.save_assignment(a.model_copy(update={"goal": "typed 4"}), coalesce=True)
        assert later == 4 and not later.changed_elsewhere
        assert [x.goal for _, x in window.assignment_history(aid)][-2:] == ["imported", "typed 4"]
    finally:
        window.close()


def test_a_change_elsewhere_with_the_same_text_is_not_overwritten_later(folder):
    """Another writer stores this session's own text as a new version: the next coalesced
    save still keeps that version in the history."""
    db = paths.database_path(folder)
    aid = full_assignment_dict()["id"]
    with Store.open(db) as window:
        a = window.get_assignment(aid)
        window.save_assignment(a.model_copy(update={"goal": "mine"}), coalesce=True)
        with Store.open(db) as other:
            other.save_assignment(a.model_copy(update={"goal": "theirs"}))
        saved = window.save_assignment(a.model_copy(update={"goal": "mine again"}), coalesce=True)
        assert saved == 4 and saved.changed_elsewhere
        assert [x.goal for _, x in window.assignment_history(aid)][1:] == [
            "mine",
            "theirs",
            "mine again",
        ]


def test_every_writing_command_is_refused_while_the_window_has_the_folder(folder, tmp_path):
    aid = full_assignment_dict()["id"]
    review = tmp_path / "review.json"
    review.write_text(
        json.dumps({"assignment_id": aid, "date": "2026-11-27", "completion": 2}),
        encoding="utf-8",
    )
    before = snapshot(folder)
    holder = subprocess.Popen(
        [sys.executable, str(HOLDER), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().startswith("LOCKED")
        results = [
            run_cli("--data-dir", str(folder), *args)
            for args in (
                ("agree", "--id", aid, "--with-missing"),
                ("withdraw", "--id", aid, "--reason", "typed for the wrong client"),
                ("review", str(review)),
            )
        ]
        # Reading the record is fine beside the window.
        note = run_cli("--data-dir", str(folder), "record", "--id", aid, "--text")
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    for r in results:
        assert r.returncode == 1, r.stderr
        assert "Homework Planner is open on this data folder" in r.stderr
        assert "Nothing was changed" in r.stderr
    assert note.returncode == 0 and "Homework record" in note.stdout
    assert snapshot(folder) == before
