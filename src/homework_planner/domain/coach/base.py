"""The coach's shared vocabulary: findings, levels and how each level is shown everywhere."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..models import Assignment, Review

Level = Literal["ok", "warn", "missing"]
LEVELS: tuple[str, ...] = ("ok", "warn", "missing")

# How a level is named in prose (the record, notes), in a badge (GUI: symbol, word, colours, so a
# level never depends on colour alone) and in the command line's plain-text marks.
LEVEL_WORDS: dict[str, str] = {"ok": "OK", "warn": "Could be clearer", "missing": "Missing"}
LEVEL_STYLE: dict[str, tuple[str, str, str, str]] = {
    "ok": ("\u2714", "OK", "#14532d", "#dcfce7"),
    "warn": ("!", "Check", "#7c2d12", "#fef3c7"),
    "missing": ("\u2716", "Missing", "#7f1d1d", "#fee2e2"),
}
LEVEL_MARKS: dict[str, str] = {"ok": "ok", "warn": "WARN", "missing": "MISSING"}

# A design rule of this app for when to talk the plan over again, not a published cut-off.
CONFIDENCE_THRESHOLD = 7
IMPORTANCE_THRESHOLD = 7
MAX_REVIEW_DAYS = 35


@dataclass(frozen=True)
class Issue:
    field: str
    message: str
    suggestion: str
    span: tuple[int, int] | None = None  # characters in that field's text


@dataclass(frozen=True)
class Finding:
    criterion: str
    level: Level
    field: str
    message: str
    suggestion: str
    issues: tuple[Issue, ...] = ()

    @property
    def label(self) -> str:
        from . import CRITERION_LABELS

        return CRITERION_LABELS[self.criterion]


Rule = Callable[["Assignment", "Review | None"], Finding]


@dataclass(frozen=True)
class Criterion:
    """One line of the checklist: a stable id, the label every view shows, and its rule."""

    id: str
    label: str
    rule: Rule
    source: str  # where the criterion comes from (Beck et al. 1979 a-d, this app's design)
    advisory: bool = False  # never 'missing', never blocks agreeing


# ---- helpers shared by the rules -------------------------------------------------------------
def word_set(text: str) -> frozenset[str]:
    """A set of words written as one spaced string (long vocabularies stay readable)."""
    return frozenset(text.split())


def blank(text: str | None) -> bool:
    return not (text and text.strip())


def finding(
    criterion: str,
    issues: list[Issue],
    *,
    missing: bool,
    ok_field: str,
    ok_message: str,
    message: str | None = None,
) -> Finding:
    if not issues:
        return Finding(criterion, "ok", ok_field, ok_message, "")
    first = issues[0]
    return Finding(
        criterion,
        "missing" if missing else "warn",
        first.field,
        message or first.message,
        first.suggestion,
        tuple(issues),
    )


_NORMALISE_RE = re.compile(r"[^a-z0-9]+")


def norm(text: str) -> str:
    """Lower case, punctuation and spacing ignored: for 'is this the same text?'."""
    return _NORMALISE_RE.sub(" ", text.lower().replace("’", "'").replace("'", "")).strip()


def quoted_list(items: list[str], limit: int = 3) -> str:
    unique = [f"'{i}'" for i in dict.fromkeys(items)]
    more = len(unique) - limit
    return ", ".join(unique[:limit]) + (f" and {more} more" if more > 0 else "")


def join_words(items: list[str], conjunction: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]
