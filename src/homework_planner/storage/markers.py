"""Small files beside the store: the commit seal and the restore note.

Both are read and written by the store and by the restores in backup.py, so they live below both.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import Any

from ..fileio import write_atomic

# ---- the commit seal: each save's number, kept outside the -wal ------------------------------
# Every transaction adds one to store_seal.commits and, once committed, writes that number to
# a small file beside the store. At open, a store whose number is below the file's has lost
# acknowledged saves (its -wal was damaged or deleted): SQLite alone would open it silently.
# The file only ever lags behind the store (written after the commit), never runs ahead of it.
SEAL_SUFFIX = ".commits"
_SEAL_TABLE = (
    "CREATE TABLE IF NOT EXISTS store_seal("
    "id INTEGER PRIMARY KEY CHECK (id = 1), commits INTEGER NOT NULL)"
)


def seal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SEAL_SUFFIX)


def _seal_text(commits: int) -> bytes:
    body = f"{commits:020d}"
    return f"{body} {zlib.crc32(body.encode()):08x}\n".encode()


def _read_seal(db_path: Path) -> int | None:
    """The last acknowledged commit number, or None (no file, or a torn or foreign one)."""
    try:
        with open(seal_path(db_path), "rb") as fh:
            raw = fh.read(64)
    except OSError:
        return None
    parts = raw.decode("ascii", "replace").split()
    if len(parts) != 2 or not parts[0].isdigit() or len(parts[0]) != 20:
        return None
    if f"{zlib.crc32(parts[0].encode()):08x}" != parts[1]:
        return None
    return int(parts[0])


def _write_seal(db_path: Path, commits: int) -> None:
    """Overwrite the seal in place: one small write of fixed length.

    No fsync (it would double the cost of an autosave, ~3 ms): the seal is written after the
    commit is on disk, so a power cut can only leave it behind the store (a missed check, never
    a false alarm), and a torn write fails its checksum and is ignored. A -wal damaged or
    deleted while the computer runs, the case this catches, meets the seal in the page cache."""
    fd = os.open(seal_path(db_path), os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.write(fd, _seal_text(commits))  # at offset 0, always the same length
    finally:
        os.close(fd)


def reset_seal(db_path: Path) -> None:
    """After the store file was replaced by a backup outside a Store (the window's restore at
    start): the seal belongs to the file that was replaced."""
    with contextlib.suppress(FileNotFoundError):
        seal_path(db_path).unlink()


def _restore_note_path(path: Path) -> Path:
    return path.with_name(path.name + ".restore-note")


def _write_restore_note(path: Path, restored: str, log_from: str | None) -> None:
    """Before a restore swaps the file: which backup, where the live log is (a backup's name),
    and the live file's identity, which tells after a crash whether the swap happened."""
    note = {"restored": restored, "log_from": log_from, "live_file": path.stat().st_ino}
    write_atomic(_restore_note_path(path), json.dumps(note) + "\n")


def _read_restore_note(path: Path) -> dict[str, Any] | None:
    note_path = _restore_note_path(path)
    try:
        note = json.loads(note_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        note = None
    if not isinstance(note, dict) or note.get("live_file") == path.stat().st_ino:
        # The swap never happened (or the note is unreadable): the store is the live one.
        note_path.unlink(missing_ok=True)
        return None
    return note
