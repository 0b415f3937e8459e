"""obstacles.planned (Beck c): if-then plans whose *then* is an action for that very moment.

If-then plans (implementation intentions) work because the situation cues a ready action
(Gollwitzer & Sheeran 2006); a *then* that is a hope or a state cues nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..vocabulary import Intervention
from .base import Finding, Issue, blank, finding, quoted_list
from .plans import backup_unnamed, read_plan, sleep_hits
from .template_text import STILL_TEMPLATE, same_as_template_plan

if TYPE_CHECKING:
    from ..models import Assignment, Review

ID = "obstacles.planned"
LABEL = "If-then plans for obstacles"

_FEAR_RE = re.compile(
    r"\b(?:fear\w*|afraid|scar(?:ed|es|y|ing|e)|anxi\w*|panic\w*|frighten\w*|nervous|dread|phobi\w*|terrif\w*)",
    re.IGNORECASE,
)
_WORK_NAMES = {
    Intervention.graded_exposure: "exposure work",
    Intervention.panic: "panic work",
    Intervention.behavioural_experiment: "an experiment about a fear",
}


def fear_work(a: Assignment) -> str:
    """The name of the fear work this is ('' when it is not exposure, panic or a fear experiment)."""
    name = _WORK_NAMES.get(a.intervention, "")
    if a.intervention is Intervention.behavioural_experiment:
        texts = (a.goal, a.task.what, a.rationale, a.monitoring.what_to_record)
        if not any(_FEAR_RE.search(t or "") for t in texts) and not any(
            _FEAR_RE.search(o.if_) for o in a.obstacles
        ):
            return ""
    return name


def rule(a: Assignment, _review: Review | None = None) -> Finding:
    issues: list[Issue] = []
    complete = 0
    vague_words: list[str] = []
    work = fear_work(a)
    others: tuple[str, ...] | None = None
    n_template = 0
    for i, ob in enumerate(a.obstacles, start=1):
        if_blank, then_blank = blank(ob.if_), blank(ob.then)
        if if_blank and then_blank:
            continue  # an empty row the therapist has not used yet
        if if_blank:
            issues.append(
                Issue(
                    f"obstacles[{i}].if",
                    f"Plan {i} has a 'then' but no 'if'.",
                    "Name what might get in the way, e.g. 'it is raining' or 'I feel too tired'.",
                )
            )
        elif then_blank:
            issues.append(
                Issue(
                    f"obstacles[{i}].then",
                    f"Plan {i} has an 'if' but no 'then'.",
                    "Agree what the client will do then, e.g. 'walk for just 5 minutes'.",
                )
            )
        else:
            complete += 1
            if same_as_template_plan(a.template_id, ob.if_, ob.then):
                n_template += 1
                issues.append(
                    Issue(
                        f"obstacles[{i}].if",
                        f"Plan {i} is {STILL_TEMPLATE}.",
                        "Ask: 'What is most likely to get in your way?' and agree what they "
                        "will do then, in their words.",
                    )
                )
                continue
        sleep_work = a.intervention is Intervention.sleep
        for h in [
            *read_plan(ob.if_, ob.then, bool(work), work),
            *(sleep_hits(ob.then) if sleep_work else ()),
        ]:
            if h.vague:
                vague_words.append(h.words)
            issues.append(Issue(f"obstacles[{i}].{h.half}", h.message, h.suggestion, h.span))
        if not then_blank:
            if others is None:
                others = _backup_texts(a)
            span = backup_unnamed(ob.then, others)
            if span is not None:
                issues.append(
                    Issue(
                        f"obstacles[{i}].then",
                        f"Plan {i} points to a back-up, but no back-up is named anywhere.",
                        "Name it in the plan, e.g. 'then I will do my back-up: 10 minutes on the "
                        "exercise bike'.",
                        span,
                    )
                )
    if complete == 0:
        return Finding(
            ID,
            "missing",
            issues[0].field if issues else "obstacles",
            "There is no complete if-then plan for what might get in the way.",
            issues[0].suggestion
            if issues
            else "Ask: 'What might stop you?' and agree a plan, e.g. 'If it is raining, "
            "then I will walk up and down the stairs for 10 minutes.'",
            tuple(issues),
        )
    message = None
    if n_template and n_template == complete:
        message = f"The if-then plans are {STILL_TEMPLATE}."
    elif vague_words:
        message = f"An if-then plan is vague: {quoted_list(vague_words)}."
    return finding(
        ID,
        issues,
        missing=False,
        ok_field="obstacles",
        ok_message=f"{complete} if-then plan{'s' if complete != 1 else ''} for obstacles.",
        message=message,
    )


def _backup_texts(a: Assignment) -> tuple[str, ...]:
    t = a.task
    texts = [
        t.what,
        t.first_step or "",
        t.when,
        t.how_long,
        a.rationale,
        a.client_reaction.concerns,
    ]
    texts += [ob.then for ob in a.obstacles] + [ob.if_ for ob in a.obstacles]
    return tuple(texts)
