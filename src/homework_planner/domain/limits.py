"""Sane limits for imported files, checked before anything is stored; problems name positions only.

An import that is accepted must also print: a 2 MB field, 100,000 monitoring columns or a
year-9999 date validate as models but later make a handout run for minutes or overflow a
date. So the raw JSON is checked here (sizes, counts, depth, numbers, broken characters)
before the models see it, and the parsed dates after. Every problem names the position
("assignments[2].obstacles"), never a key or a value from the file: both may be a client's words.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .errors import InvalidData, Problem

if TYPE_CHECKING:  # annotations only: reading a settings file must not load pydantic
    from .models import Assignment, ClientFile

MAX_FILE_BYTES = 20 * 1024 * 1024  # a client with hundreds of assignments is about 1 MB
MAX_TEXT = 10_000  # characters in one text field: about four pages of the record
MAX_RECORD_TEXT = 30_000  # all the text of one assignment or review: a handout of ~10 pages
MAX_LINES = 500  # lines in one text field (a list typed one item a line)
MAX_RECORD_LINES = 2_000  # lines in all the text of one assignment: each prints a full line
MAX_SCALE = 40  # a column's scale prints unbroken in the grid's heading ("0 to 10")
MAX_ASSIGNMENTS = 2_000  # in one client file
MAX_REVIEWS = 5_000
MAX_PLANS = 50  # if-then plans of one assignment
MAX_COLUMNS = 20  # monitoring columns: the sheet prints them in several tables past ~6
MAX_ENTRY_ROWS = 100  # monitoring rows of one review (at most 31 days are printed)
MAX_ENTRY_KEYS = 30  # columns written in one row of a review's monitoring entries
MAX_ITEMS = 10_000  # any other list or object
MAX_DEPTH = 12  # the format nests four levels; a deeper file is not one of ours
MAX_DIGITS = 30  # in one number: no field needs more than a few
EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)

_COUNTS = {
    "assignments": (MAX_ASSIGNMENTS, "assignments"),
    "reviews": (MAX_REVIEWS, "reviews"),
    "obstacles": (MAX_PLANS, "plans"),
    "columns": (MAX_COLUMNS, "columns"),
    "monitoring_entries": (MAX_ENTRY_ROWS, "rows"),
}


_TOO_MANY_DIGITS = (
    f"holds a number with more than {MAX_DIGITS} digits, which no field needs; check that "
    "this is a file saved by Homework Planner"
)


class _Refused(Exception):
    """Raised from inside the JSON decoder's hooks; carries a value-free message."""


class _Duplicated(dict[str, Any]):
    """An object in which a key appeared twice (found by position after decoding)."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            dup = _Duplicated(out)
            dup.update(pairs)
            return dup
        out[key] = value
    return out


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _Refused(_TOO_MANY_DIGITS)
    return int(text)


def _float(text: str) -> float:
    value = float(text) if len(text) <= MAX_DIGITS + 10 else math.inf
    if not math.isfinite(value):
        raise _Refused(_TOO_MANY_DIGITS)
    return value


def _constant(text: str) -> float:
    raise _Refused(
        "holds NaN or Infinity, which are not JSON numbers; check that this is a file "
        "saved by Homework Planner"
    )


def position(path: tuple[str | int, ...]) -> str:
    """'assignments[2].task': keys of the format by name, list items counted from 1."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out


def load_json(text: str, what: str = "file") -> Any:
    """json.loads that refuses duplicate keys (by position), huge numbers, NaN and deep nesting,
    and explains syntax errors by line and column; its messages hold nothing from the text."""
    try:
        data = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_int=_int,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        # exc.msg is the decoder's own wording ("Expecting ',' delimiter"), never the text.
        raise InvalidData(
            [Problem("", f"is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}")],
            what,
        ) from None
    except _Refused as exc:
        raise InvalidData([Problem("", str(exc))], what) from None
    except RecursionError:
        raise InvalidData(
            [Problem("", "is nested too deeply to be a Homework Planner file")], what
        ) from None
    except ValueError:  # any other conversion the decoder refused
        raise InvalidData(
            [Problem("", "holds a value that cannot be read as JSON")], what
        ) from None
    problems = [
        Problem(position(_shown(path)), "a key appears twice in the same object; keep one")
        for path, node in _walk(data)
        if isinstance(node, _Duplicated)
    ]
    if problems:
        raise InvalidData(problems, what)
    return data


def _walk(data: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every node with its path, depth first, without recursion (a deep file cannot crash it)."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        yield path, node
        if isinstance(node, dict):
            stack.extend((path + (k,), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((path + (i,), v) for i, v in reversed(list(enumerate(node))))


@lru_cache(maxsize=1)
def _field_names() -> frozenset[str]:
    """Every field name (and alias) of the interchange models: the only keys a message shows."""
    from pydantic import BaseModel

    from . import models

    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not BaseModel:
            for name, info in obj.model_fields.items():
                names.add(name)
                if info.alias:
                    names.add(info.alias)
    return frozenset(names)


def _shown(path: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The path as it may be shown. It stops at a key that is no field of the format (an
    unknown key is the file's own words) and inside monitoring entries, whose keys are the
    column labels the client's sheet printed."""
    known = _field_names()
    out: list[str | int] = []
    for part in path:
        if isinstance(part, str) and part not in known:
            break
        out.append(part)
        if len(out) >= 2 and out[-2] == "monitoring_entries":
            break
    return tuple(out)


def check_structure(data: Any) -> None:
    """Sizes, counts, depth and broken characters of a decoded import file, before parsing."""
    what = "client file" if isinstance(data, dict) and "client" in data else "assignment"
    problems: list[Problem] = []
    for path, node in _walk(data):
        if len(problems) >= 20:
            break
        where = position(_shown(path))
        depth = len(path)
        if depth > MAX_DEPTH:
            problems.append(Problem(where, "is nested too deeply to be part of an assignment"))
            break
        key = path[-1] if path else None
        if isinstance(node, str):
            problems += _text_problems(where, node, scale=key == "scale")
        elif isinstance(node, (list, dict)):
            limit, noun = (
                _COUNTS.get(key, (MAX_ITEMS, "items"))
                if isinstance(key, str)
                else (
                    MAX_ITEMS,
                    "items",
                )
            )
            if "monitoring_entries" in path[:-1] and isinstance(node, dict):
                limit, noun = MAX_ENTRY_KEYS, "values"
            if len(node) > limit:
                problems.append(
                    Problem(where, f"more than {limit} {noun}; keep the ones that matter")
                )
        if isinstance(node, dict):
            for k in node:
                problems += _text_problems(where, k, scale=False, key=True)
    problems += _total_problems(data)
    if problems:
        raise InvalidData(problems, what)


def _total_problems(data: Any) -> list[Problem]:
    """All the text of one assignment (or one review) together stays printable in seconds."""
    if not isinstance(data, dict):
        return []
    records: list[tuple[str, Any]] = []
    if "client" in data:
        for name in ("assignments", "reviews"):
            items = data.get(name)
            if isinstance(items, list):
                records += [(f"{name}[{i}]", item) for i, item in enumerate(items, 1)]
    else:
        records.append(("", data))
    # Each agreement keeps a copy of the words agreed (and the findings then): it is measured
    # on its own, so agreeing a long assignment never makes its own export unreadable.
    parts: list[tuple[str, Any]] = []
    for where, record in records:
        if isinstance(record, dict) and isinstance(record.get("agreements"), list):
            rest = {k: v for k, v in record.items() if k != "agreements"}
            parts.append((where, rest))
            prefix = f"{where}." if where else ""
            parts += [
                (f"{prefix}agreements[{i}]", g) for i, g in enumerate(record["agreements"], 1)
            ]
        else:
            parts.append((where, record))
    out = []
    for where, record in parts:
        texts = [node for _, node in _walk(record) if isinstance(node, str)]
        total = sum(map(len, texts)) + sum(
            sum(map(len, node)) for _, node in _walk(record) if isinstance(node, dict)
        )
        if sum(t.count("\n") for t in texts) > MAX_RECORD_LINES:
            out.append(
                Problem(
                    where,
                    f"holds more than {MAX_RECORD_LINES:,} lines of text in all; "
                    "join short lines or shorten the longest parts",
                )
            )
        if total > MAX_RECORD_TEXT:
            out.append(
                Problem(
                    where,
                    f"holds more than {MAX_RECORD_TEXT:,} characters of text in all; "
                    "shorten the longest parts",
                )
            )
    return out


def _text_problems(where: str, text: str, *, scale: bool, key: bool = False) -> list[Problem]:
    limit = MAX_SCALE if scale else MAX_TEXT
    what = "a key" if key else "the text"
    if len(text) > limit:
        return [Problem(where, f"{what} is longer than {limit:,} characters; shorten it")]
    if text.count("\n") >= MAX_LINES:
        return [Problem(where, f"{what} has more than {MAX_LINES} lines; join short lines")]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return [
            Problem(
                where,
                f"{what} holds a broken character (half of a surrogate pair); "
                "retype that part or save the file again from its program",
            )
        ]
    return []


def _date_problem(where: str, d: date) -> Problem | None:
    if EARLIEST <= d <= LATEST:
        return None
    return Problem(
        where, f"must be a date between {EARLIEST.year} and {LATEST.year}; check the year"
    )


def check_dates(parsed: ClientFile | Assignment) -> None:
    """Every date of a parsed import lies between 1990 and 2100 (outputs add days to them)."""
    from .models import Assignment

    problems: list[Problem] = []
    if isinstance(parsed, Assignment):
        what = "assignment"
        assignments: list[tuple[str, Assignment]] = [("", parsed)]
        reviews = []
    else:
        what = "client file"
        assignments = [(f"assignments[{i}].", a) for i, a in enumerate(parsed.assignments, 1)]
        reviews = [(f"reviews[{i}].", r) for i, r in enumerate(parsed.reviews, 1)]
    for prefix, a in assignments:
        created: datetime = a.created
        for name, d in (
            ("created", created.date()),
            ("review_date", a.review_date),
            ("agreed_on", a.agreed_on),
        ):
            problem = _date_problem(prefix + name, d) if d is not None else None
            if problem:
                problems.append(problem)
    for prefix, r in reviews:
        problem = _date_problem(prefix + "date", r.date)
        if problem:
            problems.append(problem)
    if problems:
        raise InvalidData(problems, what)
