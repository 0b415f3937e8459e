"""Turning form values into an Assignment: nested paths, and saving what is valid when some is not."""

from __future__ import annotations

import copy
import logging
from typing import Any

from pydantic import ValidationError

from ...domain.errors import Problem, problems_from
from ...domain.models import Assignment

log = logging.getLogger(__name__)

_DROP = object()


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """set_path(d, "task.schedule", v): creates the intermediate objects."""
    *parents, last = path.split(".")
    node = data
    for key in parents:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[last] = value


def get_path(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for key in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _mark(data: Any, loc: tuple[Any, ...]) -> bool:
    """Mark the value at loc for removal; its default then applies. False if not found."""
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    if isinstance(node, dict) and last in node:
        node[last] = _DROP
        return True
    if isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
        node[last] = _DROP
        return True
    return False


def _sweep(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _sweep(v) for k, v in node.items() if v is not _DROP}
    if isinstance(node, list):
        return [_sweep(v) for v in node if v is not _DROP]
    return node


def build_assignment(
    data: dict[str, Any], fallback: dict[str, Any]
) -> tuple[Assignment, list[Problem]]:
    """Validate `data`; leave out each value the model refuses and try again.

    The refused values stay in the widgets (the caller shows the problems beside them); the
    rest is saved, so one impossible time never stops the autosave of everything else.
    """
    problems: list[Problem] = []
    data = copy.deepcopy(data)
    for _ in range(10):
        try:
            return Assignment.model_validate(data), problems
        except ValidationError as exc:
            problems += problems_from(exc)
            locs = [tuple(e["loc"]) for e in exc.errors(include_url=False, include_input=False)]
            marked = [_mark(data, loc) for loc in locs if loc]
            if not any(marked):
                break
            data = _sweep(data)
    log.warning("form could not be turned into an assignment; keeping the last saved one")
    return Assignment.model_validate(fallback), problems
