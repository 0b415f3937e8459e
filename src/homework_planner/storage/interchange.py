"""Reading and writing interchange JSON files (client files, single assignments)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..domain import limits
from ..domain.errors import InvalidData
from ..domain.migrations import parse_import
from ..domain.models import Assignment, ClientFile
from ..fileio import SpecialFile, TooLarge, read_limited, write_atomic

MAX_FILE_BYTES = limits.MAX_FILE_BYTES


class InterchangeError(Exception):
    """A file that cannot be read or used; the message says what to do and holds no content."""


def read_json(path: str | os.PathLike[str]) -> Any:
    """The decoded JSON of a regular file of at most MAX_FILE_BYTES; never a device or a pipe."""
    p = Path(path)
    try:
        raw = read_limited(p, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise InterchangeError(f"There is no file {p}. Check the name and folder.") from None
    except IsADirectoryError:
        raise InterchangeError(f"{p} is a folder. Choose a .json file.") from None
    except SpecialFile as exc:
        raise InterchangeError(
            f"{p} cannot be imported: {exc.strerror}. Choose a .json file saved by "
            "Homework Planner."
        ) from None
    except TooLarge:
        raise InterchangeError(
            f"{p} is larger than {MAX_FILE_BYTES >> 20} MB; it cannot be a Homework Planner "
            "file. Check that you chose the right file."
        ) from None
    except OSError as exc:
        raise InterchangeError(
            f"Cannot read {p}: {exc.strerror}. Check the file and try again."
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterchangeError(
            f"{p} is not UTF-8 text. Save it as UTF-8 JSON and try again."
        ) from None
    try:
        return limits.load_json(text)
    except InvalidData as exc:
        raise InterchangeError(f"{p}: {exc.summary()}") from None


def read_import_file(path: str | os.PathLike[str]) -> ClientFile | Assignment:
    """A whole client file, or one assignment; every problem is listed by its position.

    Sizes, counts and characters are checked before the models see the data, and dates
    after: what is accepted here can be stored, opened and printed."""
    data = read_json(path)
    try:
        limits.check_structure(data)
        parsed = parse_import(data)
        limits.check_dates(parsed)
    except InvalidData as exc:
        raise InterchangeError(f"{Path(path)}: nothing was imported.\n{exc.summary()}") from None
    return parsed


def read_assignment_file(path: str | os.PathLike[str]) -> Assignment:
    """One assignment; from a client file with exactly one assignment, that one."""
    parsed = read_import_file(path)
    if isinstance(parsed, Assignment):
        return parsed
    if len(parsed.assignments) == 1:
        return parsed.assignments[0]
    raise InterchangeError(
        f"{Path(path)} is a client file with {len(parsed.assignments)} assignments. "
        "Export the one you want as a single assignment, or use a file with just one."
    )


def dumps(model: ClientFile | Assignment) -> str:
    # pydantic's serializer writes the same text as json.dumps(to_json_dict(model),
    # ensure_ascii=False, indent=2), about ten times faster (json's indented encoder is pure
    # Python): exporting a client with hundreds of assignments stays well under 100 ms.
    return model.model_dump_json(by_alias=True, indent=2) + "\n"


def write_json(path: str | os.PathLike[str], model: ClientFile | Assignment) -> None:
    try:
        write_atomic(path, dumps(model))
    except OSError as exc:
        raise InterchangeError(f"Cannot write {path}: {exc.strerror}.") from None
