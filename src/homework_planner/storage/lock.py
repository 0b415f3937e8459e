"""One app per data folder: an OS lock on a small file that records which process holds it."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .. import paths
from .errors import StoreError

log = logging.getLogger(__name__)


def _hostname() -> str:
    """This computer's name, as socket.gethostname() gives it (without importing socket at
    every start where os.uname has it)."""
    try:
        return os.uname().nodename
    except AttributeError:  # Windows
        import socket

        return socket.gethostname()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl

# Windows byte-range locks are mandatory: lock a byte far past the text so it stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 20


class FolderInUse(StoreError):
    """Another Homework Planner has this data folder open (holder: what its lock file says)."""

    def __init__(self, message: str, holder: Holder | None = None) -> None:
        super().__init__(message)
        self.holder = holder


@dataclass(frozen=True)
class Holder:
    pid: int | None
    host: str
    started: str
    role: str = "window"  # "window", or "command" for a command-line command that writes


def _read_holder(fd: int) -> Holder | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096)
        data = json.loads(raw.decode("utf-8")) if raw.strip() else None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pid = data.get("pid")
    return Holder(
        pid if isinstance(pid, int) else None,
        str(data.get("host", "")),
        str(data.get("started", "")),
        "command" if data.get("role") == "command" else "window",
    )


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to someone else
    return True


def _os_lock(fd: int) -> bool:
    """True if we now hold the lock; False if another process does. The OS drops the lock
    when the process ends, however it ends, so a crash never leaves the folder locked."""
    try:
        if sys.platform == "win32":  # pragma: no cover
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN, getattr(errno, "EDEADLK", -1)):
            return False
        raise
    return True


def _os_unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":  # pragma: no cover
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)


class FolderLock:
    """Held for as long as the app has the folder open. Use acquire_folder_lock()."""

    def __init__(self, folder: Path, role: str = "window") -> None:
        self.folder = Path(folder)
        self.role = role
        self.path = paths.lock_path(self.folder)
        self._fd: int | None = None
        self.recovered_stale: Holder | None = None  # set when a crashed app's lock was taken over

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> FolderLock:
        paths.ensure_private_dir(self.folder)  # an existing folder keeps its mode
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                got = _os_lock(fd)
            except OSError as exc:
                # Some network file systems have no locks (ENOLCK): fall back to the PID.
                log.warning("no file lock on this folder (%s); checking the process id", exc.errno)
                got = self._pid_check(fd)
            if not got:
                holder = _read_holder(fd)
                raise FolderInUse(self._in_use_message(holder), holder)
            previous = _read_holder(fd)
            if previous and previous.pid and previous.pid != os.getpid():
                # The file still names a process that no longer holds the lock: it crashed or
                # was killed. The OS lock is already ours; say so in the log (no personal data).
                self.recovered_stale = previous
                log.info("took over the lock left by an app that did not close properly")
            self._write_holder(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def _pid_check(self, fd: int) -> bool:
        holder = _read_holder(fd)
        if holder is None or holder.pid is None:
            return True
        same_host = holder.host == _hostname()
        return not (same_host and holder.pid != os.getpid() and pid_alive(holder.pid))

    def _write_holder(self, fd: int) -> None:
        text = json.dumps(
            {
                "pid": os.getpid(),
                "host": _hostname(),
                "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "app": "Homework Planner",
                "role": self.role,
            }
        )
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)

    def _in_use_message(self, holder: Holder | None) -> str:
        if holder is not None and holder.role == "command":
            process = f" (process {holder.pid})" if holder.pid else ""
            return (
                f"A homework-planner command{process} is writing to this data folder. Wait "
                "until it has finished, then start again. Nothing was opened here."
            )
        where = ""
        if holder is not None:
            if holder.host and holder.host != _hostname():
                where = f" on the computer {holder.host}"
            elif holder.pid:
                where = f" (process {holder.pid} on this computer)"
        return (
            f"Homework Planner is already open on this data folder{where}. "
            "Switch to that window. Only one copy of the app can use a data folder at a time, "
            "so that two copies never overwrite each other's work. Nothing was opened here."
        )

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            # Emptied, not deleted: deleting a locked file lets a third app lock a new one.
            os.ftruncate(fd, 0)
        _os_unlock(fd)
        os.close(fd)

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def folder_problem(folder: Path, exc: OSError) -> str:
    """One line for a data folder the lock could not be taken in (no personal data)."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "The disk is full: free some space, then try again; nothing was lost."
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"The data folder {folder} is read-only for you, so nothing was opened or changed. "
            "Ask for write access to it, or start with --data-dir on a folder you can write to."
        )
    if isinstance(exc, NotADirectoryError) or exc.errno == errno.ENOTDIR:
        return (
            f"The data folder {folder} is a file, not a folder. Nothing was changed. Start "
            "with --data-dir on a folder."
        )
    return (
        f"The data folder {folder} could not be used ({exc.strerror}). Nothing was changed. "
        "Start with --data-dir to choose another folder."
    )


def acquire_folder_lock(folder: Path, role: str = "window") -> FolderLock:
    """Lock the data folder for this process or raise FolderInUse with a clear message.
    role "command": a command-line command that writes (the lock file says so to others)."""
    return FolderLock(folder, role).acquire()
