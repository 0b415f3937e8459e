"""Upgrades of older interchange JSON to the current schema_version, and reading JSON safely."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from .errors import InvalidData, Problem, problems_from
from .models import SCHEMA_VERSION, Assignment, ClientFile, Review

Json = dict[str, Any]


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
    return data


def parse_assignment(data: Any) -> Assignment:
    if not isinstance(data, dict):
        raise InvalidData([Problem("", "an assignment must be a JSON object")], "assignment")
    try:
        return Assignment.model_validate(upgrade_assignment(data))
    except ValidationError as exc:
        raise InvalidData(problems_from(exc, hide_unknown_keys=True), "assignment") from None


def parse_review(data: Any) -> Review:
    if not isinstance(data, dict):
        raise InvalidData([Problem("", "a review must be a JSON object")], "review")
    try:
        return Review.model_validate(data)
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
