"""Is a text still the built-in template's words? Then it is not yet the client's own."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from .base import blank, norm

log = logging.getLogger(__name__)

STILL_TEMPLATE = "still the template's words — make it the client's own"


@dataclass(frozen=True)
class TemplateWords:
    rationale: str
    plans: frozenset[tuple[str, str]]  # normalised (if, then)
    teach_back: frozenset[str]  # texts a teach-back must not simply copy


# A part of a template the therapist fills in with the client: "[name it, e.g. a walk]".
PROMPT_RE = re.compile(r"\[[^\[\]\n]{1,120}\]")


def has_prompt(text: str) -> bool:
    """Still holds a template's "[fill this in]" part: not yet anyone's own words."""
    return "[" in text and bool(PROMPT_RE.search(text))


@lru_cache(maxsize=64)
def template_words(template_id: str | None) -> TemplateWords | None:
    """The normalised generic text of a built-in template, or None if there is no such template."""
    if blank(template_id):
        return None
    from ..templates import TemplateError, get_template

    try:
        t = get_template(str(template_id))
    except (KeyError, TemplateError):
        return None  # an imported assignment may name a template this install does not have
    return TemplateWords(
        rationale=norm(t.rationale),
        plans=frozenset((norm(o.if_), norm(o.then)) for o in t.obstacles),
        teach_back=frozenset(x for x in (norm(t.task.what), norm(t.rationale)) if x),
    )


def same_as_template_rationale(template_id: str | None, text: str) -> bool:
    if has_prompt(text):
        return True
    words = template_words(template_id)
    if words is None or blank(text) or len(text) > 2 * len(words.rationale) + 40:
        return False  # far longer than the template's text: cannot be the same words
    return norm(text) == words.rationale


def same_as_template_plan(template_id: str | None, if_text: str, then_text: str) -> bool:
    if has_prompt(if_text) or has_prompt(then_text):
        return True
    words = template_words(template_id)
    return words is not None and (norm(if_text), norm(then_text)) in words.plans


def same_as_template_teach_back(template_id: str | None, text: str) -> bool:
    """A teach-back that is the template's task or reason, word for word, or still a prompt."""
    if has_prompt(text):
        return True
    words = template_words(template_id)
    return words is not None and norm(text) in words.teach_back
