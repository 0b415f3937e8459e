"""Rolling backups with SQLite's backup API: made, listed with counts, verified, pruned, restored."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from ..fileio import fsync_dir, fsync_file
from . import crypto, schema
from .errors import StoreError
from .markers import _write_restore_note, reset_seal

log = logging.getLogger(__name__)

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_NEWEST = 3  # whatever their kind: the copy made just before an import or a restore stays
KINDS = ("daily", "import", "migration", "restore", "manual", "protection")
KIND_LABELS = {
    "daily": "Daily (before the first change of the day)",
    "import": "Before an import",
    "migration": "Before an upgrade of the data format",
    "restore": "Before a restore from backup",
    "manual": "Made by hand",
    "protection": "Before passphrase protection changed",
}
_NAME_RE = re.compile(
    r"^homework-planner-(\d{8}T\d{6}(?:\d{6})?Z)-(" + "|".join(KINDS) + r")\.sqlite3$"
)
DAMAGED_DIR = "damaged"
# Folder names of the common sync clients. A store inside one can be copied half-written
# between computers, and two computers can overwrite each other's changes.
SYNCED_MARKERS = (
    "dropbox",
    "onedrive",
    "icloud drive",
    "iclouddrive",
    "mobile documents",
    "google drive",
    "googledrive",
    "my drive",
    "box sync",
    "nextcloud",
    "owncloud",
    "pcloud",
    "mega",
    "sync.com",
)

Connector = crypto.Connector


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made: datetime  # UTC
    kind: str
    clients: int | None = None
    assignments: int | None = None
    ok: bool = True
    problem: str = ""  # plain words for the restore window when ok is False

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def backup_name(made: datetime, kind: str) -> str:
    return f"homework-planner-{made.astimezone(timezone.utc):%Y%m%dT%H%M%S%fZ}-{kind}.sqlite3"


def parse_name(name: str) -> tuple[datetime, str] | None:
    m = _NAME_RE.match(name)
    if not m:
        return None
    stamp, kind = m.groups()
    fmt = "%Y%m%dT%H%M%S%fZ" if len(stamp) > 16 else "%Y%m%dT%H%M%SZ"
    return datetime.strptime(stamp, fmt).replace(tzinfo=timezone.utc), kind


def looks_synced(folder: Path) -> str | None:
    """The sync service a folder seems to be inside (by its path), or None."""
    parts = [p.lower() for p in Path(folder).expanduser().resolve().parts]
    for part in parts:
        for marker in SYNCED_MARKERS:
            if part == marker or part.startswith(marker + " ") or part.startswith(marker + "-"):
                return part
        if part.startswith("onedrive") or part.startswith("dropbox"):
            return part
    return None


def _private_dir(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    return folder


def _remove_leftovers(folder: Path) -> None:
    # A temporary file is what a crash during a backup leaves; it is never a usable backup.
    for tmp in folder.glob(".homework-planner-*.tmp*"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def make_backup(
    source: Any, folder: Path, kind: str, connect: Connector, *, now: datetime | None = None
) -> Path:
    """Copy the live database with Connection.backup into a new file, atomically.

    The copy is written under a temporary name, switched to a self-contained rollback-journal
    file (no -wal beside it), fsynced, and only then given its final name.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    _private_dir(folder)
    _remove_leftovers(folder)
    made = now or datetime.now(timezone.utc)
    final = folder / backup_name(made, kind)
    while final.exists():  # two backups in the same microsecond: keep both
        made += timedelta(microseconds=1)
        final = folder / backup_name(made, kind)
    tmp = folder / f".{final.name}.tmp"
    try:
        target = connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        fsync_file(tmp)
        os.replace(tmp, final)
        fsync_dir(folder)
    except BaseException:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise
    log.info("backup made (%s)", kind)
    return final


def backup_files(folder: Path) -> list[tuple[Path, datetime, str]]:
    """Backup files by name, newest first (no file is opened)."""
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        parsed = parse_name(p.name)
        if parsed and p.is_file():
            found.append((p, parsed[0], parsed[1]))
    found.sort(key=lambda t: (t[1], t[0].name), reverse=True)
    return found


def has_backup_on(folder: Path, day: date) -> bool:
    """Cheap: one directory listing, no file opened. Compared in UTC, like the names."""
    return any(made.date() == day for _, made, _ in backup_files(folder))


def inspect(path: Path, connect: Connector, *, verify: bool = False) -> BackupInfo:
    """Open a backup read-only; count clients and assignments; optionally run quick_check."""
    parsed = parse_name(path.name)
    made, kind = parsed if parsed else (datetime.fromtimestamp(0, timezone.utc), "manual")
    try:
        con = connect(path, read_only=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if app_id != schema.APPLICATION_ID:
                return BackupInfo(path, made, kind, ok=False, problem="not a Homework Planner file")
            if version > schema.CURRENT_VERSION:
                return BackupInfo(
                    path, made, kind, ok=False, problem="made by a newer version of the app"
                )
            if verify:
                result = con.execute("PRAGMA quick_check").fetchall()
                if result != [("ok",)]:
                    return BackupInfo(path, made, kind, ok=False, problem="damaged")
            clients, assignments = _counts(con, version)
        finally:
            con.close()
    except crypto.DATABASE_ERRORS:
        # Without its header a file cannot tell damage from another passphrase's encryption.
        problem = "damaged, or protected with a different passphrase"
        return BackupInfo(path, made, kind, ok=False, problem=problem)
    except Exception as exc:  # noqa: BLE001 - one unreadable file must not hide the others
        log.warning("backup could not be read: %s", type(exc).__name__)
        return BackupInfo(path, made, kind, ok=False, problem="could not be read")
    return BackupInfo(path, made, kind, clients, assignments)


def _counts(con: Any, version: int) -> tuple[int | None, int | None]:
    if version == 0:
        # The prototype's format (kept by the backup before its migration): one table.
        row = (
            con.execute("SELECT COUNT(DISTINCT client_code), COUNT(*) FROM homework").fetchone()
            if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'homework'").fetchone()
            else (0, 0)
        )
        return row[0], row[1]
    clients = con.execute("SELECT COUNT(*) FROM clients").fetchone()[0]
    assignments = con.execute("SELECT COUNT(*) FROM assignments").fetchone()[0]
    return clients, assignments


def list_backups(folder: Path, connect: Connector, *, verify: bool = False) -> list[BackupInfo]:
    """Every backup, newest first, with its counts (and quick_check when verify=True)."""
    return [inspect(p, connect, verify=verify) for p, _, _ in backup_files(folder)]


def newest_good_backup(folder: Path, connect: Connector) -> BackupInfo | None:
    """The newest backup that passes quick_check; older ones are not opened once one is found."""
    for p, _, _ in backup_files(folder):
        info = inspect(p, connect, verify=True)
        if info.ok:
            return info
    return None


def to_keep(files: list[tuple[Path, datetime, str]]) -> set[Path]:
    """Oldest per day for the last 7 days with backups, oldest per ISO week for the last 4
    weeks with backups (the state before the first change of that day or week), and the 3
    newest of any kind."""
    keep: set[Path] = {
        p for p, _, _ in sorted(files, key=lambda t: t[1], reverse=True)[:KEEP_NEWEST]
    }
    by_day: dict[date, tuple[Path, datetime]] = {}
    by_week: dict[tuple[int, int], tuple[Path, datetime]] = {}
    for p, made, _ in files:
        day = made.date()
        if day not in by_day or made < by_day[day][1]:
            by_day[day] = (p, made)
        week = tuple(made.isocalendar())[:2]
        if week not in by_week or made < by_week[week][1]:
            by_week[week] = (p, made)  # type: ignore[index]
    for day in sorted(by_day, reverse=True)[:KEEP_DAILY]:
        keep.add(by_day[day][0])
    for week in sorted(by_week, reverse=True)[:KEEP_WEEKLY]:
        keep.add(by_week[week][0])
    return keep


def prune(folder: Path) -> list[Path]:
    """Delete the backups the rota no longer needs; return what was deleted."""
    files = backup_files(folder)
    keep = to_keep(files)
    removed = []
    for p, _, _ in files:
        if p not in keep:
            try:
                p.unlink()
                removed.append(p)
            except OSError as exc:
                log.warning("old backup could not be removed: %s", exc.strerror)
    return removed


def _sidecars(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal")]


def keep_damaged_copy(db_path: Path, backups_folder: Path, passphrase: str | None = None) -> Path:
    """Copy the damaged file (and its -wal/-shm) byte for byte into backups/damaged/<time>/.

    With a passphrase the byte copies are kept inside one SQLCipher file under it
    (crypto.wrap_files), like every other file beside a protected store."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = _private_dir(backups_folder / DAMAGED_DIR / stamp)
    present = [p for p in [db_path, *_sidecars(db_path)] if p.exists()]
    if passphrase is not None:
        tmp = target / f".{crypto.KEPT_FILES_NAME}.tmp"
        tmp.unlink(missing_ok=True)
        crypto.wrap_files(tmp, passphrase, [(p.name, p.read_bytes()) for p in present])
        os.replace(tmp, target / crypto.KEPT_FILES_NAME)
    else:
        for p in present:
            shutil.copy2(p, target / p.name)
            fsync_file(target / p.name)
    fsync_dir(target)
    return target


def replace_database(db_path: Path, backup_path: Path) -> None:
    """Put a copy of backup_path where db_path is, atomically. No connection may be open.

    The -wal and -shm of the old file are removed first: SQLite would otherwise replay the old
    file's log into the restored one.
    """
    tmp = db_path.with_name(f".{db_path.name}.restore.tmp")
    try:
        shutil.copyfile(backup_path, tmp)
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        fsync_file(tmp)
        for side in _sidecars(db_path):
            with contextlib.suppress(FileNotFoundError):
                side.unlink()
        os.replace(tmp, db_path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(db_path.parent)


def restore_damaged(
    db_path: Path, backup: BackupInfo, backups_folder: Path, connect: Connector
) -> Path:
    """At start, with a damaged store: keep the damaged file as it is (a byte copy in
    backups/damaged/), check the backup again, and put it in place. Returns the damaged copy."""
    info = inspect(backup.path, connect, verify=True)
    if not info.ok:
        raise StoreError(
            f"The backup from {backup.made:%d %B %Y %H:%M} UTC cannot be used ({info.problem}). "
            "Choose another backup."
        )
    kept = keep_damaged_copy(db_path, backups_folder, connect.passphrase)
    # The damaged file's log cannot be carried forward: the next open logs the restore and how
    # many entries were lost with the damaged file, instead of calling the log altered.
    _write_restore_note(db_path, backup.path.name, None)
    # The commit counter counted the damaged file's saves: it goes before the swap.
    reset_seal(db_path)
    replace_database(db_path, backup.path)
    log.info("damaged store kept aside and replaced from a backup")
    return kept
