"""Atomic file writes (temp file, fsync, replace; never truncate in place) and bounded reads.

Also the one way to fsync a file or a folder by its path, for every module that must."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
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


class SpecialFile(OSError):
    """The path names a device, a pipe, a socket or a folder, not a regular file."""


class TooLarge(OSError):
    """The file holds more bytes than the caller allows (counted while reading)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_limited(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a regular file, at most `max_bytes` of them.

    Special files are refused before anything is read: /dev/zero or a pipe never end, and a
    pipe with no writer blocks open() for ever. The path is checked with stat, then opened
    with O_NONBLOCK (so opening a pipe that appeared in between cannot hang) and checked
    again with fstat on what was opened. The size is counted while reading, never taken from
    st_size, which is 0 for devices and wrong for a file that grows while it is read.

    Raises FileNotFoundError, SpecialFile (its strerror names the kind), TooLarge, OSError.
    """
    target = os.fspath(path)
    mode = os.stat(target).st_mode
    if not stat.S_ISREG(mode):
        raise SpecialFile(errno.EINVAL, f"it is {_kind(mode)}, not a file", target)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SpecialFile(errno.EINVAL, f"it is {_kind(mode)}, not a file", target)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise TooLarge(errno.EFBIG, f"it is larger than {max_bytes} bytes", target)
    finally:
        os.close(fd)
    return b"".join(chunks)
