"""handout.plain: short sentences, a reading age of 9 to 11, no therapy words on the handout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import plain
from .base import Finding, Issue, finding

if TYPE_CHECKING:
    from ..models import Assignment, Review

ID = "handout.plain"
LABEL = "Plain words on the handout"


def rule(a: Assignment, _review: Review | None = None) -> Finding:
    texts = plain.client_facing_texts(a)
    if not texts:
        return Finding(
            ID,
            "ok",
            "task.what",
            "Nothing to print yet; the wording is checked as you type.",
            "",
        )
    obstacle_parts = {
        f"obstacles[{i}]": plain.if_then(ob.if_, ob.then) for i, ob in enumerate(a.obstacles, 1)
    }
    issues: list[Issue] = []
    n_long = n_jargon = 0
    hardest: tuple[float, str] | None = None
    for path, text in texts.items():
        report = plain.analyse(text)
        for s in report.long_sentences:
            n_long += 1
            issues.append(
                Issue(
                    path,
                    f"A sentence has {s.words} words; aim for {plain.MAX_SENTENCE_WORDS} or fewer.",
                    "Split it into two short sentences, e.g. where it says 'and' or 'so'.",
                    None if path in obstacle_parts else s.span,
                )
            )
        for hit in report.jargon:
            n_jargon += 1
            field: str = path
            span: tuple[int, int] | None = hit.span
            if path in obstacle_parts:
                field, span = _map_if_then(path, obstacle_parts[path], hit.span)
            word = text[hit.span[0] : hit.span[1]]
            issues.append(
                Issue(
                    field,
                    f"'{word}' may be a new word for the client: say '{hit.plain}'.",
                    f"Say '{hit.plain}'.",
                    span,
                )
            )
        if report.reading_age is not None and (hardest is None or report.reading_age > hardest[0]):
            hardest = (report.reading_age, path)
    age = plain.reading_age_of(list(texts.values()))
    years = round(age) if age is not None else None
    too_hard = years is not None and years > plain.READING_AGE_AIM[1]
    if too_hard and hardest is not None:
        issues.append(
            Issue(
                _field_of(hardest[1]),
                f"The handout reads at about age {years}; aim for "
                f"{plain.READING_AGE_AIM[0]} to {plain.READING_AGE_AIM[1]}.",
                "Use shorter sentences and everyday words, e.g. 'help' for 'assist'.",
            )
        )
    parts = []
    if n_long:
        parts.append(f"{n_long} long sentence{'s' if n_long > 1 else ''}")
    if n_jargon:
        parts.append(f"{n_jargon} therapy word{'s' if n_jargon > 1 else ''} a client may not know")
    if too_hard:
        parts.append(f"a reading age of about {years}")
    age_text = f" (reading age about {years})" if years is not None else ""
    return finding(
        ID,
        issues,
        missing=False,
        ok_field="task.what",
        ok_message=f"The handout is in plain words{age_text}.",
        message=("The handout has " + _and(parts) + ".") if parts else None,
    )


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _field_of(path: str) -> str:
    return path + ".if" if path.startswith("obstacles[") else path


def _map_if_then(
    path: str, parts: plain.IfThen, span: tuple[int, int]
) -> tuple[str, tuple[int, int] | None]:
    """A span in the rendered "If ..., then I will ..." sentence -> the field it was typed in."""
    a, b = span
    if parts.if_span[0] <= a and b <= parts.if_span[1]:
        shift = parts.if_offset - parts.if_span[0]
        return f"{path}.if", (a + shift, b + shift)
    if parts.then_span[0] <= a and b <= parts.then_span[1]:
        shift = parts.then_offset - parts.then_span[0]
        return f"{path}.then", (a + shift, b + shift)
    return path, None
