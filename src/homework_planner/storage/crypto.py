"""Passphrase protection of the whole store with SQLCipher, and the key-check file beside it."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..fileio import fsync_file, write_atomic
from .errors import StoreError

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
VERIFIER_FORMAT = "homework-planner-keycheck"
MIN_PASSPHRASE_LENGTH = 8
# SQLCipher 4's key derivation: PBKDF2-HMAC-SHA512, 256,000 iterations (~0.1 s per connection).
# Set explicitly so that a later SQLCipher default cannot lock out an existing store. Tests
# lower it to keep the suite fast; a store must be opened with the setting it was created with.
KDF_ITER = 256_000
# scrypt at these costs takes ~50 ms: cheap once per unlock, slow for guessing. SQLCipher itself
# uses PBKDF2-HMAC-SHA512 with 256,000 iterations for the database key.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}

# SQLCipher is loaded on first use (a 7 MB library, ~8 ms): a plain store never pays for it.
_sqlcipher: Any = None

# Both drivers raise their own exception classes; the store catches either. These grow to
# include SQLCipher's classes when it is loaded, before any of its connections exists.
DRIVER_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)


def _driver() -> Any:
    global _sqlcipher, DRIVER_ERRORS, DATABASE_ERRORS
    if _sqlcipher is None:
        try:
            from sqlcipher3 import dbapi2
        except ImportError:
            return None
        DRIVER_ERRORS = (sqlite3.Error, dbapi2.Error)
        DATABASE_ERRORS = (sqlite3.DatabaseError, dbapi2.DatabaseError)
        _sqlcipher = dbapi2
    return _sqlcipher


class PassphraseProblem(ValueError):
    """A passphrase that cannot be used; the message says what to change (never the passphrase)."""


def available() -> bool:
    return _driver() is not None


def verifier_path(db_path: Path) -> Path:
    """The small plaintext key-check file: tells a wrong passphrase from a damaged store."""
    return db_path.with_name(db_path.name + ".keycheck")


def has_sqlite_header(db_path: Path) -> bool:
    try:
        with open(db_path, "rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except FileNotFoundError:
        return False


def is_protected(db_path: Path) -> bool:
    """True for a non-empty file without the plain SQLite header next to a key-check file.

    The header decides, not the key-check file alone: a crash while protection was being set up
    or removed can leave a key-check file beside a plain store, which is then simply ignored.
    """
    try:
        if db_path.stat().st_size == 0:
            return False
    except FileNotFoundError:
        return False
    return not has_sqlite_header(db_path) and verifier_path(db_path).exists()


def check_passphrase_rules(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise PassphraseProblem(
            f"Use at least {MIN_PASSPHRASE_LENGTH} characters. A short sentence you will remember "
            "works well, for example three or four unrelated words."
        )
    if "\x00" in passphrase:
        raise PassphraseProblem("The passphrase contains a character that cannot be used.")
    if passphrase != passphrase.strip():
        raise PassphraseProblem(
            "The passphrase starts or ends with a space. Remove it so it is easy to type again."
        )


def _quote(passphrase: str) -> str:
    # PRAGMA key cannot take a bound parameter; an SQL string literal doubles its quotes.
    return "'" + passphrase.replace("'", "''") + "'"


def connect(
    path: Path | str, passphrase: str | None, *, read_only: bool = False, threads: bool = False
) -> Any:
    """A connection to a plain (passphrase None) or SQLCipher-protected database file.
    threads=True: it may be handed to another thread (used by one thread at a time)."""
    target = f"{Path(path).resolve().as_uri()}?mode=ro" if read_only else str(path)
    same_thread = not threads
    if passphrase is None:
        return sqlite3.connect(
            target, uri=read_only, isolation_level=None, check_same_thread=same_thread
        )
    driver = _driver()
    if driver is None:
        raise StoreError(
            "This store is protected with a passphrase, but the SQLCipher library is missing. "
            "Reinstall Homework Planner to open it."
        )
    con = driver.connect(target, uri=read_only, isolation_level=None, check_same_thread=same_thread)
    try:
        # SQLCipher writes its own warnings to stderr; our messages say it better and never
        # risk echoing anything about the content.
        con.execute("PRAGMA cipher_log_level = NONE")
        _kdf(con)
        con.execute(f"PRAGMA key = {_quote(passphrase)}")
    except BaseException:
        con.close()
        raise
    return con


@dataclass(frozen=True)
class Connector:
    """Opens files of one store with its passphrase (or none): the store and its backups."""

    passphrase: str | None = None

    def __call__(self, path: Path | str, *, read_only: bool = False, threads: bool = False) -> Any:
        return connect(path, self.passphrase, read_only=read_only, threads=threads)

    def __repr__(self) -> str:  # never show the passphrase in a traceback or log
        return f"Connector(protected={self.passphrase is not None})"


def export_copy(
    source_path: Path,
    source_passphrase: str | None,
    target_path: Path,
    target_passphrase: str | None,
) -> None:
    """Write a complete copy of a database under another (or no) passphrase with sqlcipher_export.

    The target must not exist. user_version and application_id are copied explicitly because
    sqlcipher_export copies tables and data, not the header fields that mark the file as ours.
    """
    driver = _driver()
    if driver is None:
        raise PassphraseProblem(
            "Passphrase protection needs the SQLCipher library, which is not installed. "
            "Reinstall Homework Planner."
        )
    con = driver.connect(str(source_path), isolation_level=None)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        _kdf(con)
        if source_passphrase is not None:
            con.execute(f"PRAGMA key = {_quote(source_passphrase)}")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        key = _quote(target_passphrase or "")
        con.execute(f"ATTACH DATABASE ? AS target KEY {key}", (str(target_path),))
        con.execute("SELECT sqlcipher_export('target')")
        con.execute(f"PRAGMA target.user_version = {int(version)}")
        con.execute(f"PRAGMA target.application_id = {int(app_id)}")
        con.execute("DETACH DATABASE target")
    finally:
        con.close()
    if os.name == "posix":
        os.chmod(target_path, 0o600)
    fsync_file(target_path)


def _kdf(con: Any) -> None:
    # cipher_default_kdf_iter covers the databases this connection attaches (sqlcipher_export).
    con.execute(f"PRAGMA cipher_default_kdf_iter = {int(KDF_ITER)}")
    con.execute(f"PRAGMA kdf_iter = {int(KDF_ITER)}")


# ---- the key-check file ----------------------------------------------------------------------
def _hash(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    import hashlib  # here, not at start: only protected stores and passphrase changes use it

    return hashlib.scrypt(
        passphrase.encode("utf-8"),
        salt=salt,
        n=params["n"],
        r=params["r"],
        p=params["p"],
        maxmem=64 * 1024 * 1024,
        dklen=32,
    )


def _check_entry(passphrase: str) -> dict[str, str]:
    import secrets

    salt = secrets.token_bytes(16)
    return {"salt": salt.hex(), "hash": _hash(passphrase, salt, _SCRYPT).hex()}


def write_verifier(db_path: Path, *passphrases: str) -> None:
    """Record one passphrase (two were written by versions before the resumable change)."""
    write_verifier_checks(db_path, [_check_entry(p) for p in passphrases])


def check_entries(passphrase: str) -> list[dict[str, str]]:
    """A salted scrypt hash of a passphrase, as the key-check file keeps it (never the text)."""
    return [_check_entry(passphrase)]


def write_verifier_checks(db_path: Path, checks: list[dict[str, str]]) -> None:
    data = {
        "format": VERIFIER_FORMAT,
        "version": 1,
        "kdf": "scrypt",
        **_SCRYPT,
        "checks": checks,
    }
    write_atomic(verifier_path(db_path), json.dumps(data, indent=1) + "\n")


def read_verifier(db_path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(verifier_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != VERIFIER_FORMAT:
        return None
    return data


def verify(db_path: Path, passphrase: str) -> bool | None:
    """True/False if the key-check file can tell; None if there is no usable key-check file."""
    import hmac

    data = read_verifier(db_path)
    if data is None:
        return None
    try:
        params = {k: int(data[k]) for k in ("n", "r", "p")}
        checks = [(bytes.fromhex(c["salt"]), bytes.fromhex(c["hash"])) for c in data["checks"]]
    except (KeyError, TypeError, ValueError):
        log.warning("key-check file is not readable")
        return None
    ok = False
    for salt, expected in checks:
        # compare_digest: the comparison takes the same time however many bytes match.
        ok |= hmac.compare_digest(_hash(passphrase, salt, params), expected)
    return ok


def verifier_count(db_path: Path) -> int:
    data = read_verifier(db_path)
    checks = data.get("checks") if data else None
    return len(checks) if isinstance(checks, list) else 0


def remove_verifier(db_path: Path) -> None:
    verifier_path(db_path).unlink(missing_ok=True)


# ---- kept files (damaged copies) --------------------------------------------------------------
# A damaged store cannot be re-keyed page by page, so its byte copy (and its -wal and -shm) is
# kept inside a small SQLCipher database under the current passphrase: nothing readable stays
# beside a protected store, and the bytes come back unchanged with unwrap_files.
KEPT_FILES_NAME = "kept-files.sqlite3"
KEPT_FILES_ID = 0x48574B4B  # "HWKK": never mistaken for a store


def wrap_files(target: Path, passphrase: str, files: list[tuple[str, bytes]]) -> None:
    """Write files (name, bytes) into a new SQLCipher file at target (which must not exist)."""
    con = connect(target, passphrase)
    try:
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute(f"PRAGMA application_id = {KEPT_FILES_ID}")
        con.execute("BEGIN")
        con.execute("CREATE TABLE kept_files (name TEXT PRIMARY KEY, data BLOB NOT NULL)")
        con.executemany("INSERT INTO kept_files(name, data) VALUES (?, ?)", files)
        con.execute("COMMIT")
    finally:
        con.close()
    if os.name == "posix":
        os.chmod(target, 0o600)
    fsync_file(target)


def unwrap_files(source: Path, passphrase: str) -> list[tuple[str, bytes]]:
    """The files kept in a wrap_files file; a driver error if the passphrase does not open it."""
    con = connect(source, passphrase, read_only=True)
    try:
        if con.execute("PRAGMA application_id").fetchone()[0] != KEPT_FILES_ID:
            raise sqlite3.DatabaseError("not a kept-files file")
        rows = con.execute("SELECT name, data FROM kept_files ORDER BY name").fetchall()
    finally:
        con.close()
    return [(str(name), bytes(data)) for name, data in rows]
