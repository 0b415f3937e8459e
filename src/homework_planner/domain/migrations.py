"""Upgrades of older interchange JSON to the current schema_version, and reading JSON safely."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from .errors import InvalidData, Problem, problems_from
from .models import SCHEMA_VERSION, Assignment, ClientFile, Review, to_json_dict

Json = dict[str, Any]
_KEY_FIELDS = {"date", "time", "occurrence"}


def _v0_assignment_to_v1(a: Json) -> Json:
    # Schema 0 (the paper-form prototype) kept obstacles as "If X, then Y" strings and had
    # no schema_version; everything else already had today's names.
    out = dict(a)
    obstacles = []
    for item in out.get("obstacles", []) or []:
        if isinstance(item, str):
            text = item.strip()
            head, _, tail = text.partition(", then ")
            if head.lower().startswith("if "):
                head = head[3:]
            obstacles.append({"if": head.strip(), "then": tail.strip().rstrip(".")})
        else:
            obstacles.append(item)
    if "obstacles" in out:
        out["obstacles"] = obstacles
    out["schema_version"] = 1
    return out


def _is_keyed(row: object) -> bool:
    # A schema-2 entry: {"values": {...}} plus its day or occurrence. No schema-1 row can look
    # like this: its values were all text, never an object.
    return (
        isinstance(row, dict)
        and isinstance(row.get("values"), dict)
        and set(row) - {"values"} <= _KEY_FIELDS
    )


def _v1_review_to_v2(r: Json, assignment: Assignment | None) -> Json:
    """Schema 1 kept monitoring entries as [{label: value}] without days, blank rows dropped.
    Row i becomes the i-th day the sheet printed when the assignment is known (the old form
    listed them in the sheet's order), else occurrence i; nothing is invented."""
    from .sheet import entries_from_rows

    out = dict(r)
    rows = out.get("monitoring_entries")
    if (
        isinstance(rows, list)
        and rows
        and all(isinstance(row, dict) for row in rows)
        and not all(_is_keyed(row) for row in rows)
    ):
        try:
            entries = entries_from_rows(assignment, rows)
        except ValidationError:
            entries = None  # left as it was: validation then names the field to fix
        if entries is not None:
            out["monitoring_entries"] = [to_json_dict(e) for e in entries]
    out["schema_version"] = 2
    return out


def assignment_or_none(data: object) -> Assignment | None:
    """The assignment a review belongs to, for keying its rows; None when it cannot be read
    (the file's own validation reports that)."""
    if not isinstance(data, dict):
        return None
    try:
        return Assignment.model_validate(upgrade_assignment(data))
    except (ValidationError, InvalidData):
        return None


def upgrade_review(data: Json, assignment: Assignment | None = None) -> Json:
    """A review at any schema_version brought to the current one; `assignment` (when known)
    puts old rows on the days its sheet printed."""
    version = _version_of(data, "review")
    if version < 2:
        data = _v1_review_to_v2({**data, "schema_version": 1}, assignment)
    return data


def _version_of(data: Json, what: str) -> int:
    version = data.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise InvalidData([Problem("schema_version", "must be a whole number")], what)
    if version > SCHEMA_VERSION:
        raise InvalidData(
            [
                Problem(
                    "schema_version",
                    f"this file was written by a newer Homework Planner (format {version}; "
                    f"this version reads up to {SCHEMA_VERSION}). Update the app to open it.",
                )
            ],
            what,
        )
    return version


def upgrade_assignment(data: Json) -> Json:
    # Schema 2 changed reviews only: an assignment at version 1 is read as it is.
    if _version_of(data, "assignment") == 0:
        data = _v0_assignment_to_v1(data)
    return data


def upgrade_client_file(data: Json) -> Json:
    version = _version_of(data, "client file")
    data = copy.copy(data)
    if version == 0:
        if isinstance(data.get("assignments"), list):
            data["assignments"] = [
                _v0_assignment_to_v1(a) if isinstance(a, dict) else a for a in data["assignments"]
            ]
        if isinstance(data.get("reviews"), list):
            data["reviews"] = [
                {**r, "schema_version": 1} if isinstance(r, dict) else r for r in data["reviews"]
            ]
        data["schema_version"] = 1
        version = 1
    if version < 2:
        assignments = data.get("assignments")
        by_id: dict[object, object] = {}
        if isinstance(assignments, list):
            by_id = {a.get("id"): a for a in assignments if isinstance(a, dict)}
        if isinstance(data.get("reviews"), list):
            data["reviews"] = [
                upgrade_review(
                    {"schema_version": version, **r},
                    assignment_or_none(by_id.get(r.get("assignment_id"))),
                )
                if isinstance(r, dict)
                else r
                for r in data["reviews"]
            ]
        data["schema_version"] = SCHEMA_VERSION
    return data


def parse_assignment(data: Any) -> Assignment:
    if not isinstance(data, dict):
        raise InvalidData([Problem("", "an assignment must be a JSON object")], "assignment")
    try:
        return Assignment.model_validate(upgrade_assignment(data))
    except ValidationError as exc:
        raise InvalidData(problems_from(exc, hide_unknown_keys=True), "assignment") from None


def parse_review(data: Any, assignment: Assignment | None = None) -> Review:
    """A review from JSON at any schema_version; old rows go on `assignment`'s sheet days."""
    if not isinstance(data, dict):
        raise InvalidData([Problem("", "a review must be a JSON object")], "review")
    try:
        return Review.model_validate(upgrade_review(data, assignment))
    except ValidationError as exc:
        raise InvalidData(problems_from(exc, hide_unknown_keys=True), "review") from None


def parse_client_file(data: Any) -> ClientFile:
    if not isinstance(data, dict):
        raise InvalidData([Problem("", "a client file must be a JSON object")], "client file")
    try:
        cf = ClientFile.model_validate(upgrade_client_file(data))
    except ValidationError as exc:
        raise InvalidData(problems_from(exc, hide_unknown_keys=True), "client file") from None
    problems: list[Problem] = []
    for i, a in enumerate(cf.assignments):
        if a.client_code != cf.client.code:
            problems.append(Problem(f"assignments[{i + 1}].client_code", "must match client.code"))
    ids = {a.id for a in cf.assignments}
    for i, r in enumerate(cf.reviews):
        if r.assignment_id not in ids:
            problems.append(
                Problem(
                    f"reviews[{i + 1}].assignment_id",
                    "must be the id of one of this file's assignments",
                )
            )
    if problems:
        raise InvalidData(problems, "client file")
    return cf


def load_json_text(text: str) -> Any:
    """json.loads that refuses duplicate keys (named by position, never by the key), huge
    numbers and deep nesting, and explains syntax errors by line and column."""
    from .limits import load_json

    return load_json(text)


def parse_import(data: Any) -> ClientFile | Assignment:
    """A client file (has "client") or a single assignment."""
    if isinstance(data, dict) and "client" in data:
        return parse_client_file(data)
    return parse_assignment(data)
