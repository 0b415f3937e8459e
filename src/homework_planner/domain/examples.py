"""Trainer examples: invented poor, better and good versions of the same homework, with reasons."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from .errors import InvalidData, Problem, problems_from
from .models import Assignment, Intervention, _Model
from .templates import Protocol

log = logging.getLogger(__name__)

LEVELS: tuple[str, ...] = ("poor", "better", "good")
LEVEL_LABELS = {"poor": "Poor", "better": "Better", "good": "Good"}
Level = Literal["poor", "better", "good"]
# What the coach is expected to say about a version on the criterion an explanation is about.
CoachLevel = Literal["ok", "warn", "missing"]


class Difference(_Model):
    """What changes from poor to good on one coach criterion, and why it matters."""

    criterion: str
    principle: str = Field(min_length=1, max_length=120)  # e.g. "Beck (a): clear and specific"
    explanation: str = Field(min_length=1, max_length=600)
    source: str = Field(min_length=1, max_length=200)  # paraphrased evidence, cited, never quoted
    # The coach's level for each version on this criterion, as the explanation describes it:
    # the trainer's badges must agree with the words beside them.
    expected: dict[Level, CoachLevel]

    @model_validator(mode="after")
    def _every_version(self) -> Difference:
        if set(self.expected) != set(LEVELS):
            raise ValueError("expected must give a level for poor, better and good")
        if self.expected["good"] != "ok":
            raise ValueError("the good version is the model: its expected level must be ok")
        if self.expected["poor"] == "ok" and self.expected["better"] == "ok":
            raise ValueError("a difference needs a version that is not ok")
        return self


class Example(_Model):
    id: str = Field(min_length=1, max_length=64)
    intervention: Intervention
    title: str = Field(min_length=1, max_length=120)
    scenario: str = Field(min_length=1, max_length=400)
    protocol: Protocol  # the published protocol the good version follows, cited
    poor: Assignment
    better: Assignment
    good: Assignment
    differences: list[Difference] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> Example:
        for level in LEVELS:
            a: Assignment = getattr(self, level)
            if a.intervention != self.intervention:
                raise ValueError(f"the {level} version must have the example's intervention")
        if len({self.poor.id, self.better.id, self.good.id}) != 3:
            raise ValueError("the three versions need different ids")
        return self

    def version(self, level: str) -> Assignment:
        if level not in LEVELS:
            raise KeyError(level)
        version: Assignment = getattr(self, level)
        return version


def _known_criteria() -> tuple[str, ...]:
    from .coach import CRITERIA

    return tuple(CRITERIA)


def parse_example(data: object, name: str = "example") -> Example:
    if not isinstance(data, dict):
        raise InvalidData([Problem("", "an example must be a JSON object")], name)
    try:
        example = Example.model_validate(data)
    except ValidationError as exc:
        raise InvalidData(problems_from(exc), name) from None
    known = _known_criteria()
    problems = [
        Problem(f"differences[{i + 1}].criterion", "must be one of the coach's criteria")
        for i, d in enumerate(example.differences)
        if d.criterion not in known
    ]
    seen: set[str] = set()
    for i, d in enumerate(example.differences):
        if d.criterion in seen:
            problems.append(
                Problem(f"differences[{i + 1}].criterion", "is explained twice; merge the two")
            )
        seen.add(d.criterion)
    if problems:
        raise InvalidData(problems, name)
    return example


@lru_cache(maxsize=1)
def _load_all() -> tuple[Example, ...]:
    folder = files("homework_planner") / "resources" / "examples"
    out: list[Example] = []
    for res in sorted(folder.iterdir(), key=lambda r: r.name):
        if not res.name.endswith(".json"):
            continue
        # Shipped files: a broken one is a packaging bug, so fail loudly with the file's name.
        out.append(parse_example(json.loads(res.read_text(encoding="utf-8")), res.name))
    ids = [e.id for e in out]
    if len(set(ids)) != len(ids):
        raise InvalidData([Problem("id", "two example files share an id")], "examples")
    log.debug("loaded %d trainer examples", len(out))
    return tuple(out)


def load_examples() -> list[Example]:
    """Every built-in example, sorted by file name (the order a trainer sees them)."""
    return list(_load_all())


def get_example(example_id: str) -> Example:
    for e in _load_all():
        if e.id == example_id:
            return e
    raise KeyError(example_id)
