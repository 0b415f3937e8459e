"""Atomic file writes: temp file in the same folder, fsync, replace. Never truncate in place.

Also the one way to fsync a file or a folder by its path, for every module that must."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: bytes | str, mode: int = 0o600) -> Path:
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if os.name == "posix":
            os.chmod(tmp, mode)
        _replace_with_retry(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return target


def _replace_with_retry(src: str, dst: Path, attempts: int = 10) -> None:
    # On Windows another program (a viewer, an indexer) may hold dst open for a moment.
    for i in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if i == attempts - 1:
                raise
            time.sleep(0.05 * (i + 1))


def fsync_file(path: Path) -> None:
    """What was written to the file is on the disk."""
    # Read-write: on Windows, FlushFileBuffers (os.fsync) needs write access.
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """The folder's entries (a file made, renamed or removed in it) are on the disk."""
    if os.name == "posix":  # a folder cannot be opened read-write; POSIX fsyncs it read-only
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
