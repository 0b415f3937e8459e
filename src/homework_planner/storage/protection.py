"""Crash-safe, resumable changes of passphrase protection: set up, change and removal.

All the slow work happens before the commit point, into temporary copies beside the files they
replace; after it, only renames and small atomic writes are left, and those can be repeated.

    begin        the intent file is written (phase "prepare"): the action only, no secrets
    copy-store   the store is exported under the new key (or none), checked, and its audit
                 entry added to the copy
    copy-backup  each backup, likewise; one that no key opens is kept with the damaged copies
    copy-damaged each folder of backups/damaged/ is wrapped whole under the new key (or
                 unwrapped again when protection is removed)
    commit       the intent file is rewritten (phase "commit") with every rename, the new
                 key-check entries (salted hashes) and the new head of the audit chain
    swap / drop  the renames, then the files the renames made redundant are removed
    key-check    the key-check file holds the new passphrase only (or is removed)
    audit-head   the head of the audit chain outside the database
    done         the intent file is removed

recover() runs first at every open: an intent in phase "prepare" is rolled back (the temporary
copies are deleted: the store and its backups are as they were, under the old passphrase); one
in phase "commit" is finished (the new passphrase). Neither needs a passphrase.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..fileio import fsync_dir, fsync_file, write_atomic
from . import audit, backup, crypto, schema
from .errors import StoreError

log = logging.getLogger(__name__)

INTENT_FORMAT = "homework-planner-protection-change"
TMP_PREFIX = ".rekey."
UNREADABLE_SUFFIX = "-unreadable-backup"

# For the kill test: called with each step's name at its boundary. None in normal use.
step_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if step_hook is not None:
        step_hook(name)


class ProtectionChangeFailed(Exception):
    """The change could not be prepared; everything was put back as it was."""


def _copy_errors() -> tuple[type[Exception], ...]:
    # Read at the time of the call: DRIVER_ERRORS grows when SQLCipher is first loaded.
    return (*crypto.DRIVER_ERRORS, ProtectionChangeFailed)


def intent_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".protection-change")


@dataclass
class Plan:
    action: str
    puts: list[tuple[str, str]] = field(default_factory=list)  # (source, target), folder-relative
    drops: list[str] = field(default_factory=list)
    checks: list[dict[str, str]] | None = None  # key-check entries after; None: no key-check file
    head: audit.Head | None = None

    def as_json(self, phase: str) -> str:
        data: dict[str, Any] = {
            "format": INTENT_FORMAT,
            "version": 1,
            "action": self.action,
            "phase": phase,
            "puts": self.puts,
            "drops": self.drops,
            "checks": self.checks,
            "audit_head": None if self.head is None else self.head.__dict__,
        }
        return json.dumps(data, indent=1) + "\n"


def _rel(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def _inside(folder: Path, rel: str) -> Path:
    """A folder-relative name from the intent file, refused if it points outside the folder."""
    path = (folder / rel).resolve()
    if not rel or rel.startswith("/") or ".." in Path(rel).parts:
        raise ValueError("a name in the intent file points outside the data folder")
    path.relative_to(folder.resolve())
    return folder / rel


def _fsync_dirs(folders: set[Path]) -> None:
    for folder in sorted(folders):
        if folder.is_dir():
            fsync_dir(folder)


def _write_bytes(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_files(folder: Path, backups_folder: Path) -> Iterator[Path]:
    damaged = backups_folder / backup.DAMAGED_DIR
    places = [folder, backups_folder]
    if damaged.is_dir():
        places += sorted(p for p in damaged.iterdir() if p.is_dir())
    for place in places:
        if place.is_dir():
            yield from sorted(place.glob(TMP_PREFIX + "*"))


def _roll_back(db_path: Path, backups_folder: Path) -> None:
    folder = db_path.parent
    for tmp in _temp_files(folder, backups_folder):
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    damaged = backups_folder / backup.DAMAGED_DIR
    if damaged.is_dir():
        for d in damaged.iterdir():
            if d.name.endswith(UNREADABLE_SUFFIX) and d.is_dir() and not any(d.iterdir()):
                d.rmdir()
    intent_path(db_path).unlink(missing_ok=True)
    _fsync_dirs({folder, backups_folder})


_MESSAGES = {
    ("protection_on", "undone"): (
        "Setting up the passphrase was interrupted last time, so it was undone: the data is not "
        "protected yet. Set up the passphrase again (File, Passphrase protection)."
    ),
    ("protection_on", "finished"): (
        "Setting up the passphrase was interrupted last time and has now been finished: the "
        "data is protected with the new passphrase."
    ),
    ("protection_changed", "undone"): (
        "Changing the passphrase was interrupted last time, so it was undone: the data still "
        "opens with the previous passphrase. Change it again once the data is open."
    ),
    ("protection_changed", "finished"): (
        "Changing the passphrase was interrupted last time and has now been finished: the data "
        "opens with the new passphrase."
    ),
    ("protection_off", "undone"): (
        "Removing the passphrase was interrupted last time, so it was undone: the data is still "
        "protected with its passphrase."
    ),
    ("protection_off", "finished"): (
        "Removing the passphrase was interrupted last time and has now been finished: the data "
        "is no longer encrypted."
    ),
}
# What recover() did to which store in this process, until an open of it succeeds: the
# passphrase prompt shows it (which passphrase is needed now), then the opened store keeps it.
_recovered: dict[str, str] = {}


def pending_message(db_path: Path) -> str | None:
    """What the last recovery of this store did, in plain words (None: nothing recovered)."""
    return _recovered.get(str(Path(db_path).resolve()))


def take_message(db_path: Path) -> str | None:
    return _recovered.pop(str(Path(db_path).resolve()), None)


def recover(db_path: Path, backups_folder: Path) -> str | None:
    """Finish or roll back an interrupted change. "finished", "undone" or None (nothing to do).

    Raises ValueError if the intent file is not readable: then which side is complete cannot
    be known, and nothing is touched."""
    path = intent_path(db_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != INTENT_FORMAT:
        raise ValueError("not an intent file")
    action = str(data.get("action"))
    outcome = "finished" if data.get("phase") == "commit" else "undone"
    if outcome == "undone":
        _roll_back(db_path, backups_folder)
        log.info("an interrupted protection change was rolled back")
    else:
        _finish(db_path, backups_folder, data)
        log.info("an interrupted protection change was finished")
    message = _MESSAGES.get((action, outcome))
    if message is not None:
        _recovered[str(db_path.resolve())] = message
    return outcome


def _finish(db_path: Path, backups_folder: Path, data: dict[str, Any]) -> None:
    head = data.get("audit_head")
    plan = Plan(
        action=str(data["action"]),
        puts=[(str(a), str(b)) for a, b in data["puts"]],
        drops=[str(d) for d in data["drops"]],
        checks=data["checks"],
        head=None if head is None else audit.Head(int(head["seq"]), head["hash"], head["entries"]),
    )
    commit(db_path, backups_folder, plan)


def prepare(
    db_path: Path, backups_folder: Path, old: str | None, new: str | None, action: str
) -> Plan:
    """Everything up to the commit point. The store's connection must be closed. On any
    failure the temporary copies are removed and the exception raised again."""
    try:
        return _prepare(db_path, backups_folder, old, new, action)
    except BaseException:
        _roll_back(db_path, backups_folder)
        raise


def _prepare(
    db_path: Path, backups_folder: Path, old: str | None, new: str | None, action: str
) -> Plan:
    folder = db_path.parent
    plan = Plan(action)
    write_atomic(intent_path(db_path), plan.as_json("prepare"))
    _step("begin")

    tmp = folder / (TMP_PREFIX + db_path.name)
    crypto.export_copy(db_path, old, tmp, new)
    con = crypto.connect(tmp, new)
    try:
        ok = con.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        if not ok or con.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
            raise ProtectionChangeFailed("the copy failed its check")
        con.execute("BEGIN IMMEDIATE")
        audit.record(con, record_type="store", record_id=db_path.name, action=action)
        con.execute("COMMIT")
        plan.head = audit.current_head(con)
    finally:
        con.close()
    fsync_file(tmp)
    plan.puts.append((_rel(folder, tmp), _rel(folder, db_path)))
    _step("copy-store")

    damaged_root = backups_folder / backup.DAMAGED_DIR
    for path, _, _ in backup.backup_files(backups_folder):
        tmp = path.with_name(TMP_PREFIX + path.name)
        try:
            crypto.export_copy(path, old, tmp, new)
            _check(tmp, new)
            plan.puts.append((_rel(folder, tmp), _rel(folder, path)))
        except _copy_errors():
            for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                leftover.unlink(missing_ok=True)
            if new is not None and _opens(path, new):
                continue  # already under the new passphrase
            # Damaged, or under a passphrase no longer known: kept with the damaged copies,
            # wrapped under the new passphrase (so even its bytes are not left readable).
            log.warning("a backup could not be re-keyed; it is kept with the damaged copies")
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
            place = damaged_root / f"{stamp}{UNREADABLE_SUFFIX}"
            backup._private_dir(place)
            if new is not None:
                wrapped = place / (TMP_PREFIX + crypto.KEPT_FILES_NAME)
                crypto.wrap_files(wrapped, new, [(path.name, path.read_bytes())])
                plan.puts.append(
                    (_rel(folder, wrapped), _rel(folder, place / crypto.KEPT_FILES_NAME))
                )
                plan.drops.append(_rel(folder, path))
            else:
                plan.puts.append((_rel(folder, path), _rel(folder, place / path.name)))
        _step("copy-backup")

    if damaged_root.is_dir():
        for place in sorted(p for p in damaged_root.iterdir() if p.is_dir()):
            _prepare_damaged(folder, place, old, new, plan)
            _step("copy-damaged")

    plan.checks = crypto.check_entries(new) if new is not None else None
    _fsync_dirs({folder, backups_folder, *(p.parent for p, _ in _abs(folder, plan.puts))})
    write_atomic(intent_path(db_path), plan.as_json("commit"))
    _step("commit")
    return plan


def _abs(folder: Path, pairs: list[tuple[str, str]]) -> list[tuple[Path, Path]]:
    return [(_inside(folder, a), _inside(folder, b)) for a, b in pairs]


def _check(path: Path, passphrase: str | None) -> None:
    con = crypto.connect(path, passphrase, read_only=True)
    try:
        if con.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise ProtectionChangeFailed("the copy failed its check")
    finally:
        con.close()


def _opens(path: Path, passphrase: str) -> bool:
    try:
        _check(path, passphrase)
    except _copy_errors():
        return False
    return True


def _prepare_damaged(
    folder: Path, place: Path, old: str | None, new: str | None, plan: Plan
) -> None:
    """A damaged copy cannot be re-keyed page by page: its files are wrapped whole."""
    container = place / crypto.KEPT_FILES_NAME
    loose = sorted(
        p
        for p in place.iterdir()
        if p.is_file() and p != container and not p.name.startswith(TMP_PREFIX)
    )
    kept: list[tuple[str, bytes]] | None = None
    if container.exists():
        try:
            kept = crypto.unwrap_files(container, old) if old is not None else None
        except crypto.DRIVER_ERRORS:
            kept = None
    if new is not None:
        payload = [(p.name, p.read_bytes()) for p in loose]
        if container.exists():
            # Under the old passphrase: its files; otherwise the container itself, whole.
            payload += kept if kept is not None else [(container.name, container.read_bytes())]
        if not payload:
            return
        tmp = place / (TMP_PREFIX + crypto.KEPT_FILES_NAME)
        crypto.wrap_files(tmp, new, payload)
        plan.puts.append((_rel(folder, tmp), _rel(folder, container)))
        plan.drops += [_rel(folder, p) for p in loose if p.name != container.name]
    elif kept is not None:
        for name, data in kept:
            if Path(name).name != name or name.startswith("."):
                continue  # only plain file names come back out
            tmp = place / (TMP_PREFIX + name)
            _write_bytes(tmp, data)
            plan.puts.append((_rel(folder, tmp), _rel(folder, place / name)))
        plan.drops.append(_rel(folder, container))


def commit(db_path: Path, backups_folder: Path, plan: Plan) -> None:
    """From the commit point on: renames, removals, key-check file, audit head. Repeatable."""
    folder = db_path.parent
    touched = {folder, backups_folder}
    for source, target in _abs(folder, plan.puts):
        if source.exists():
            if target == db_path:
                # SQLite would replay the old file's log into the new one.
                for side in ("-wal", "-shm", "-journal"):
                    db_path.with_name(db_path.name + side).unlink(missing_ok=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            touched |= {source.parent, target.parent}
            _step("swap")
    for rel in plan.drops:
        path = _inside(folder, rel)
        path.unlink(missing_ok=True)
        touched.add(path.parent)
        _step("drop")
    _fsync_dirs(touched)
    if plan.checks:
        crypto.write_verifier_checks(db_path, plan.checks)
    else:
        crypto.remove_verifier(db_path)
    _step("key-check")
    if plan.head is not None:
        audit.write_head(db_path, plan.head)
    _step("audit-head")
    intent_path(db_path).unlink(missing_ok=True)
    _fsync_dirs({folder})
    _step("done")


# ---- for the store: the steps above, with their failures as plain messages --------------------
def recover_at_open(path: Path) -> str | None:
    """recover, with its failures as plain messages. None: nothing was pending."""
    try:
        return recover(path, path.parent / "backups")
    except (ValueError, KeyError, TypeError):
        raise StoreError(
            f"A change of passphrase was interrupted, and its record file "
            f"{intent_path(path).name} beside the data is damaged, so it cannot be "
            "finished safely. Nothing was changed. Keep the data folder as it is and ask your "
            "IT support for help."
        ) from None
    except OSError as exc:
        raise StoreError(
            f"A change of passphrase was interrupted and could not be finished ({exc.strerror}). "
            "Nothing more was changed. Check that the data folder can be written to, then start "
            "Homework Planner again."
        ) from None


def check_new_passphrase(new: str | None) -> None:
    """Before a change: the new passphrase follows the rules, and SQLCipher is there."""
    if new is not None:
        try:
            crypto.check_passphrase_rules(new)
        except crypto.PassphraseProblem as exc:
            raise StoreError(str(exc)) from None
    if not crypto.available():
        raise StoreError(
            "Passphrase protection needs the SQLCipher library, which is missing. "
            "Reinstall Homework Planner."
        )


def change(
    path: Path,
    backups_folder: Path,
    old: str | None,
    new: str | None,
    action: str,
    *,
    refused: Callable[[], None],
) -> Plan:
    """Put the store (closed by the caller) and every backup under the new key: prepare, then
    commit. If preparing fails, refused() is called (the store opens again, unchanged) before
    the plain message; a commit that fails is finished at the next open."""
    try:
        plan = prepare(path, backups_folder, old, new, action)
    except crypto.DRIVER_ERRORS + (
        OSError,
        ValueError,
        ProtectionChangeFailed,
    ) as exc:
        log.warning("re-keying failed: %s", type(exc).__name__)
        refused()
        raise StoreError(
            "The passphrase could not be changed (a copy could not be written or checked; "
            "check that the disk has room). Nothing was changed."
        ) from None
    try:
        commit(path, backups_folder, plan)
    except (OSError, ValueError) as exc:
        log.warning("finishing the re-key failed: %s", type(exc).__name__)
        raise StoreError(
            "The change of passphrase could not be completed because a file could not be "
            "renamed. Close Homework Planner and start it again: the change is finished "
            "when it starts, with the new passphrase."
        ) from None
    return plan
