"""Built-in homework templates (one JSON file per intervention), validated when loaded."""

from __future__ import annotations

import json
import logging
import re
import sys
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # Python 3.10
    from importlib.abc import Traversable

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import problems_from
from .models import (
    Assignment,
    ClientReaction,
    Intervention,
    Monitoring,
    MonitoringColumn,
    Obstacle,
    Schedule,
    Task,
    now_utc,
)

log = logging.getLogger(__name__)

TEMPLATE_PACKAGE = "homework_planner"
TEMPLATE_FOLDER = "resources/templates"
# A part the therapist fills in with the client: "[name it, e.g. a walk to the park]".
PROMPT_RE = re.compile(r"\[[^\[\]\n]{1,120}\]")
# A citation names a year, e.g. "Clark (1986)": a note without one is a name, not a source.
_YEAR_RE = re.compile(r"\b(?:18|19|20)\d{2}\b")


class TemplateError(ValueError):
    """A template file that cannot be used; the message names the file and the field."""


class _Strict(BaseModel):
    # defer_build: validators are built when templates are first loaded, not at import (start).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class Protocol(_Strict):
    """The published protocol a template or example follows, for the therapist (never printed)."""

    follows: str = Field(min_length=20, max_length=700)  # what it follows, and the key rules
    sources: list[str] = Field(min_length=1, max_length=6)

    @field_validator("sources")
    @classmethod
    def _cited(cls, v: list[str]) -> list[str]:
        for source in v:
            if not 10 <= len(source) <= 240:
                raise ValueError("each source must be 10 to 240 characters")
            if not _YEAR_RE.search(source):
                raise ValueError("each source must give its year of publication")
        return v


class TemplateTask(_Strict):
    # Only what is the same for every client. When, where, how often and how long are the
    # client's own and are left empty for the therapist (extra="forbid" refuses them here).
    what: str = Field(min_length=1, max_length=200)
    first_step: str | None = Field(default=None, max_length=200)
    with_whom: str | None = Field(default=None, max_length=200)


class TemplateObstacle(_Strict):
    if_: str = Field(alias="if", min_length=1, max_length=160)
    then: str = Field(min_length=1, max_length=160)


class LibraryPlan(_Strict):
    """A common obstacle of the intervention with a ready if-then plan, offered to pick from.

    `note` says why the plan is sound and where that comes from (a source with its year), for
    the therapist; it is never printed."""

    if_: str = Field(alias="if", min_length=1, max_length=160)
    then: str = Field(min_length=1, max_length=160)
    note: str = Field(min_length=20, max_length=300)

    @field_validator("note")
    @classmethod
    def _cited(cls, v: str) -> str:
        if not _YEAR_RE.search(v):
            raise ValueError("the note must cite its source with the year")
        return v


class TemplateColumn(_Strict):
    label: str = Field(min_length=1, max_length=60)
    scale: str | None = Field(default=None, max_length=40)


class TemplateMonitoring(_Strict):
    what_to_record: str = Field(min_length=1, max_length=200)
    when_to_record: str = Field(min_length=1, max_length=200)
    columns: list[TemplateColumn] = Field(min_length=1, max_length=6)
    days: int = Field(default=7, ge=1, le=31)


class ExampleTask(_Strict):
    what: str | None = Field(default=None, max_length=200)  # a more specific version, if wanted
    when: str = Field(min_length=1, max_length=200)
    where: str = Field(min_length=1, max_length=200)
    how_often: str = Field(min_length=1, max_length=200)
    how_long: str = Field(min_length=1, max_length=200)
    with_whom: str | None = Field(default=None, max_length=200)
    first_step: str | None = Field(default=None, max_length=200)
    schedule: Schedule | None = None


class ExampleReaction(_Strict):
    summary_in_own_words: str = Field(min_length=1, max_length=300)
    importance: int = Field(ge=7, le=10)
    confidence: int = Field(ge=7, le=10)
    concerns: str = Field(default="", max_length=300)


class TemplateExample(_Strict):
    """An invented client's specifics: with these the assignment passes every check."""

    goal: str = Field(min_length=1, max_length=200)
    task: ExampleTask
    # The invented client's own reason and plans: template text is never the client's own.
    rationale: str = Field(min_length=1, max_length=400)
    obstacles: list[TemplateObstacle] = Field(min_length=2, max_length=3)
    client_reaction: ExampleReaction
    review_after_days: int = Field(default=7, ge=1, le=35)


class TemplateFile(_Strict):
    id: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    intervention: Intervention
    name: str = Field(min_length=1, max_length=60)  # what the therapist picks from
    description: str = Field(min_length=1, max_length=300)  # one line for the therapist
    client_title: str = Field(min_length=1, max_length=60)  # the handout's heading
    protocol: Protocol
    task: TemplateTask
    rationale: str = Field(min_length=1, max_length=400)
    obstacles: list[TemplateObstacle] = Field(min_length=2, max_length=3)
    # The intervention's common obstacles with ready plans (the built-in files have 3 to 6).
    obstacle_library: list[LibraryPlan] = Field(default_factory=list, max_length=6)
    monitoring: TemplateMonitoring
    example: TemplateExample

    @field_validator("intervention")
    @classmethod
    def _not_other(cls, v: Intervention) -> Intervention:
        if v is Intervention.other:
            raise ValueError("must be a named intervention, not 'other'")
        return v


@dataclass(frozen=True)
class Template:
    id: str
    intervention: Intervention
    name: str
    client_title: str
    description: str
    protocol: Protocol
    task: TemplateTask
    rationale: str
    obstacles: tuple[TemplateObstacle, ...]
    monitoring: TemplateMonitoring
    example: TemplateExample
    obstacle_library: tuple[LibraryPlan, ...] = ()

    @classmethod
    def from_file(cls, data: TemplateFile) -> Template:
        return cls(
            id=data.id,
            intervention=data.intervention,
            name=data.name,
            client_title=data.client_title,
            description=data.description,
            protocol=data.protocol,
            task=data.task,
            rationale=data.rationale,
            obstacles=tuple(data.obstacles),
            monitoring=data.monitoring,
            example=data.example,
            obstacle_library=tuple(data.obstacle_library),
        )

    def new_assignment(self, client_code: str) -> Assignment:
        """A draft with the generic parts filled; the client's specifics are left empty."""
        return Assignment(
            client_code=client_code,
            title=self.client_title,
            intervention=self.intervention,
            template_id=self.id,
            task=Task(
                what=self.task.what,
                first_step=self.task.first_step,
                with_whom=self.task.with_whom,
            ),
            rationale=self.rationale,
            obstacles=[Obstacle(if_=o.if_, then=o.then) for o in self.obstacles],
            monitoring=Monitoring(
                what_to_record=self.monitoring.what_to_record,
                when_to_record=self.monitoring.when_to_record,
                columns=[
                    MonitoringColumn(label=c.label, scale=c.scale) for c in self.monitoring.columns
                ],
                days=self.monitoring.days,
            ),
        )

    def example_assignment(self, client_code: str = "DEMO-01") -> Assignment:
        """A complete invented example: the template plus a made-up client's specifics."""
        a = self.new_assignment(client_code)
        ex = self.example
        created = now_utc()
        task = ex.task.model_dump(exclude_none=True)
        task.setdefault("what", self.task.what)
        for key in ("first_step", "with_whom"):
            if key not in task and getattr(self.task, key):
                task[key] = getattr(self.task, key)
        return a.model_copy(
            update={
                "goal": ex.goal,
                "rationale": ex.rationale,
                "obstacles": [
                    Obstacle.model_validate({"if": o.if_, "then": o.then}) for o in ex.obstacles
                ],
                "created": created,
                "review_date": created.date() + timedelta(days=ex.review_after_days),
                "task": Task.model_validate(task),
                "client_reaction": ClientReaction.model_validate(ex.client_reaction.model_dump()),
            }
        )

    def generic_texts(self) -> dict[str, str]:
        """Field path -> the template's own text, as a fresh draft shows it."""
        out = {"task.what": self.task.what, "rationale": self.rationale}
        if self.task.first_step:
            out["task.first_step"] = self.task.first_step
        if self.task.with_whom:
            out["task.with_whom"] = self.task.with_whom
        for i, o in enumerate(self.obstacles, start=1):
            out[f"obstacles[{i}].if"] = o.if_
            out[f"obstacles[{i}].then"] = o.then
        out["monitoring.what_to_record"] = self.monitoring.what_to_record
        out["monitoring.when_to_record"] = self.monitoring.when_to_record
        return out


def obstacle_library(template_id: str | None) -> tuple[LibraryPlan, ...]:
    """The common obstacles with ready plans of an assignment's template (none for a blank
    assignment, or a template that is no longer there)."""
    template = _template_or_none(template_id)
    return template.obstacle_library if template is not None else ()


def prompts_in(text: str) -> list[tuple[int, int]]:
    """Spans of the fill-in parts ("[name it]") still in a text."""
    return [m.span() for m in PROMPT_RE.finditer(text or "")]


def _norm(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def not_yet_personalised(a: Assignment) -> list[str]:
    """Field paths whose text still holds a fill-in part, or is the template's reason or plan.

    Such text is the template speaking, not the client: the coach must not count it as the
    client's reason or plan. A template's task and record-keeping wording may stay as it is
    (it is the same for every client) unless it still has a part to fill in. Paths follow the
    coach's (``obstacles[1].then``)."""
    own: dict[str, str] = {"rationale": a.rationale}
    for i, o in enumerate(a.obstacles, start=1):
        own[f"obstacles[{i}].if"] = o.if_
        own[f"obstacles[{i}].then"] = o.then
    shared: dict[str, str] = {
        "task.what": a.task.what,
        "task.first_step": a.task.first_step or "",
        "task.with_whom": a.task.with_whom or "",
        "monitoring.what_to_record": a.monitoring.what_to_record,
        "monitoring.when_to_record": a.monitoring.when_to_record,
        "client_reaction.summary_in_own_words": a.client_reaction.summary_in_own_words,
    }
    generic: set[str] = set()
    template = _template_or_none(a.template_id)
    if template is not None:
        # Compared by text, not by position: a plan moved up the list is still the template's.
        generic = {_norm(t) for t in template.generic_texts().values() if t.strip()}
    out = [
        path
        for path, text in own.items()
        if text.strip() and (_norm(text) in generic or prompts_in(text))
    ]
    out += [path for path, text in shared.items() if prompts_in(text)]
    return out


def _template_or_none(template_id: str | None) -> Template | None:
    if not template_id:
        return None
    try:
        return get_template(template_id)
    except (KeyError, TemplateError):
        return None


def _parse(name: str, text: str) -> Template:
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"Template file {name} is not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from None
    try:
        data = TemplateFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(str(p) for p in problems_from(exc))
        raise TemplateError(f"Template file {name} has a problem: {problems}.") from None
    stem = name.rsplit("/", 1)[-1].removesuffix(".json")
    if data.id != stem:
        raise TemplateError(f"Template file {name}: id must be '{stem}', the file's name.")
    return Template.from_file(data)


def load_template_file(path: str | Path | Traversable) -> Template:
    p = path if isinstance(path, Traversable) else Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"Cannot read template file {p.name}: {exc}.") from None
    return _parse(p.name, text)


def _builtin_folder() -> Traversable:
    # files() on the package, not on resources/ (a folder without __init__ on Python 3.10).
    folder = resources.files(TEMPLATE_PACKAGE)
    for part in TEMPLATE_FOLDER.split("/"):
        folder = folder.joinpath(part)
    return folder


@lru_cache(maxsize=1)
def _builtin_templates() -> tuple[Template, ...]:
    return _load_folder(_builtin_folder())


def _load_folder(folder: Traversable | Path) -> tuple[Template, ...]:
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    templates = tuple(load_template_file(f) for f in files)
    seen: set[str] = set()
    for t in templates:
        if t.id in seen:
            raise TemplateError(f"Two template files have the id '{t.id}'.")
        seen.add(t.id)
    return templates


def load_templates(folder: str | Path | Traversable | None = None) -> list[Template]:
    """All templates, sorted by file name. Raises TemplateError naming the broken file and field."""
    if folder is None:
        return list(_builtin_templates())
    return list(_load_folder(folder if isinstance(folder, Traversable) else Path(folder)))


def get_template(template_id: str) -> Template:
    for t in _builtin_templates():
        if t.id == template_id:
            return t
    raise KeyError(f"There is no template '{template_id}'.")


def template_for(intervention: Intervention | str) -> Template | None:
    """The built-in template for an intervention, or None (for 'other')."""
    value = intervention.value if isinstance(intervention, Intervention) else intervention
    for t in _builtin_templates():
        if t.intervention.value == value:
            return t
    return None
