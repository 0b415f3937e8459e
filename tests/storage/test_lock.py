"""One app per data folder, tested with real second processes; a crash never leaves it locked."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from homework_planner import paths
from homework_planner.storage.lock import (
    FolderInUse,
    FolderLock,
    acquire_folder_lock,
    folder_problem,
    pid_alive,
)

HOLDER = Path(__file__).resolve().parent.parent / "helpers" / "hold_lock.py"


def _holder(folder: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(HOLDER), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    return proc


def _finish(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.stdin.close()
    proc.wait(timeout=30)
    proc.stdout.close()
    if proc.stdin and not proc.stdin.closed:
        proc.stdin.close()


def test_second_process_is_told_clearly(data_dir):
    proc = _holder(data_dir)
    try:
        line = proc.stdout.readline().split()
        assert line[0] == "LOCKED"
        with pytest.raises(FolderInUse) as err:
            acquire_folder_lock(data_dir)
        message = str(err.value)
        assert "already open on this data folder" in message
        assert f"process {line[1]}" in message and "Nothing was opened" in message
    finally:
        _finish(proc)
    # Once the first app has closed, the folder is free again.
    with acquire_folder_lock(data_dir) as lock:
        assert lock.recovered_stale is None  # a clean release leaves nothing to recover


def test_second_process_cannot_take_our_lock(data_dir):
    with acquire_folder_lock(data_dir):
        proc = _holder(data_dir)
        try:
            assert proc.stdout.readline().strip() == "IN USE"
        finally:
            _finish(proc)
        assert proc.returncode == 3


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill")
def test_a_killed_app_does_not_leave_the_folder_locked(data_dir):
    proc = _holder(data_dir)
    try:
        pid = int(proc.stdout.readline().split()[1])
        os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        _finish(proc)
    assert not pid_alive(pid)
    lock = acquire_folder_lock(data_dir)
    try:
        assert lock.recovered_stale is not None and lock.recovered_stale.pid == pid
        written = json.loads(paths.lock_path(data_dir).read_text())
        assert written["pid"] == os.getpid() and written["host"] == socket.gethostname()
    finally:
        lock.release()


def test_stale_lock_file_naming_a_dead_process_is_recovered(data_dir):
    data_dir.mkdir(parents=True)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    paths.lock_path(data_dir).write_text(
        json.dumps({"pid": proc.pid, "host": socket.gethostname(), "started": "x"})
    )
    with acquire_folder_lock(data_dir) as lock:
        assert lock.recovered_stale.pid == proc.pid


def test_without_os_locks_a_live_pid_still_counts(data_dir, monkeypatch):
    """Some network file systems have no locks: then the PID in the file decides."""
    from homework_planner.storage import lock as lock_module

    def no_locks(fd):
        raise OSError(37, "No locks available")  # ENOLCK

    data_dir.mkdir(parents=True)
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        paths.lock_path(data_dir).write_text(
            json.dumps({"pid": proc.pid, "host": socket.gethostname(), "started": "x"})
        )
        monkeypatch.setattr(lock_module, "_os_lock", no_locks)
        with pytest.raises(FolderInUse):
            acquire_folder_lock(data_dir)
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    with acquire_folder_lock(data_dir) as lock:  # that process has ended: recovered
        assert lock.held


def test_release_is_idempotent_and_the_file_stays(data_dir):
    lock = FolderLock(data_dir).acquire()
    lock.release()
    lock.release()
    assert paths.lock_path(data_dir).exists()
    assert paths.lock_path(data_dir).read_text() == ""


@pytest.mark.parametrize(
    ("exc", "said"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "is read-only for you"),
        (OSError(errno.EROFS, "Read-only file system"), "is read-only for you"),
        (OSError(errno.ENOSPC, "No space left on device"), "The disk is full"),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory"), "is a file, not a folder"),
        (OSError(errno.EIO, "Input/output error"), "could not be used (Input/output error)"),
    ],
)
def test_a_folder_the_lock_cannot_be_taken_in_is_explained(data_dir, exc, said):
    text = folder_problem(data_dir, exc)
    assert said in text and "\n" not in text


def test_the_lock_keeps_an_existing_folders_mode(data_dir):
    data_dir.mkdir()
    os.chmod(data_dir, 0o755)
    with acquire_folder_lock(data_dir):
        pass
    assert stat.S_IMODE(os.stat(data_dir).st_mode) == 0o755
