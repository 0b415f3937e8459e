"""Permissions (issue 13): only new folders and files are made private; an existing folder's or
file's mode is never changed (a shared folder is warned about instead), and a read-only store
or folder is refused with what to do.

Root ignores file modes, so the refusals are checked in a child process without root's
capabilities (setpriv), which meets the modes as any user does."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from homework_planner import paths
from homework_planner.cli import main
from homework_planner.domain.models import Client
from homework_planner.storage import NotOurDatabase, Store
from homework_planner.storage.store import StorageFault, seal_path
from tests.conftest import full_assignment_dict

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def as_a_user() -> list[str]:
    """A prefix that runs a command the way a user meets file modes."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot be met")
    drop = [setpriv, "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all"]
    probe = subprocess.run([*drop, "true"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip("setpriv cannot drop capabilities here")
    return drop


def cli(*args: str, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), sys.executable, "-m", "homework_planner", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def assignment_file(tmp_path: Path) -> Path:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(full_assignment_dict()), encoding="utf-8")
    return path


def made_store(folder: Path) -> Path:
    db = paths.database_path(paths.ensure_private_dir(folder))
    with Store.open(db) as s:
        s.add_client(Client(code="HP-0042"))
    return db


@posix
def test_new_folders_and_files_are_private(tmp_path, capsys):
    folder = tmp_path / "new" / "deeper" / "data"
    (tmp_path / "new").mkdir(mode=0o755)
    os.chmod(tmp_path / "new", 0o755)
    assert main(["--data-dir", str(folder), "import", str(assignment_file(tmp_path))]) == 0
    assert mode(tmp_path / "new") == 0o755  # existed: left alone
    assert mode(tmp_path / "new" / "deeper") == 0o700 and mode(folder) == 0o700
    db = paths.database_path(folder)
    assert mode(db) == 0o600 and mode(seal_path(db)) == 0o600
    assert mode(paths.lock_path(folder)) == 0o600
    assert "Warning" not in capsys.readouterr().err


@posix
def test_a_shared_folder_keeps_its_mode_even_when_the_command_fails(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o1777)
    failed = cli("--data-dir", str(folder), "summary", "--client", "HP-NOPE")
    assert failed.returncode == 1
    assert mode(folder) == 0o1777
    imported = cli("--data-dir", str(folder), "import", str(assignment_file(tmp_path)))
    assert imported.returncode == 0, imported.stderr
    assert mode(folder) == 0o1777
    warning = [line for line in imported.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warning) == 1  # once, however often the folder is looked at
    assert "can be read by other users" in warning[0] and "were not changed" in warning[0]
    assert mode(paths.database_path(folder)) == 0o600  # the new file in it is private


@posix
def test_an_existing_store_keeps_its_mode(tmp_path):
    db = made_store(tmp_path / "data")
    os.chmod(db, 0o640)
    os.chmod(db.parent, 0o750)
    with Store.open(db) as s:
        s.add_client(Client(code="HP-2"))
    assert mode(db) == 0o640 and mode(db.parent) == 0o750


@posix
def test_a_read_only_folder_is_refused_not_made_writable(tmp_path):
    prefix = as_a_user()
    db = made_store(tmp_path / "data")
    before = db.read_bytes()
    os.chmod(db.parent, 0o500)
    try:
        r = cli(
            "--data-dir", str(db.parent), "import", str(assignment_file(tmp_path)), prefix=prefix
        )
        assert mode(db.parent) == 0o500
    finally:
        os.chmod(db.parent, 0o700)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "is read-only for you" in r.stderr and "--data-dir" in r.stderr
    assert db.read_bytes() == before


@posix
def test_a_read_only_store_is_refused_with_what_to_do(tmp_path):
    prefix = as_a_user()
    db = made_store(tmp_path / "data")
    before = db.read_bytes()
    os.chmod(db, 0o400)
    r = cli("--data-dir", str(db.parent), "import", str(assignment_file(tmp_path)), prefix=prefix)
    assert mode(db) == 0o400
    assert not db.with_name(db.name + "-shm").exists()  # no half-opened leftovers
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "is read-only for you" in r.stderr and "chmod u+w" in r.stderr
    assert db.read_bytes() == before
    # Made writable again by its owner, it works as before.
    os.chmod(db, 0o600)
    r = cli("--data-dir", str(db.parent), "import", str(assignment_file(tmp_path)), prefix=prefix)
    assert r.returncode == 0, r.stderr


@posix
def test_a_read_only_shm_is_refused_before_sqlite_meets_it(tmp_path, monkeypatch):
    db = made_store(tmp_path / "data")
    shm = db.with_name(db.name + "-shm")
    shm.write_bytes(b"")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if Path(p) == shm else real_access(p, m))
    with pytest.raises(StorageFault) as err:
        Store.open(db)
    assert err.value.reason == "read_only" and str(shm) in str(err.value)


def test_a_store_path_that_is_a_folder_is_explained(tmp_path):
    folder = paths.ensure_private_dir(tmp_path / "data")
    paths.database_path(folder).mkdir()
    with pytest.raises(NotOurDatabase, match="is a folder, not a Homework Planner data file"):
        Store.open(paths.database_path(folder))
    r = cli("--data-dir", str(folder), "import", str(assignment_file(tmp_path)))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "is a folder, not a Homework Planner data file" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_a_data_folder_that_is_a_file_is_explained(tmp_path):
    folder = tmp_path / "data"
    folder.write_text("not a folder")
    r = cli("--data-dir", str(folder), "import", str(assignment_file(tmp_path)))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "is a file, not a folder" in r.stderr
