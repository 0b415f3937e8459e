"""A client's homework as a FHIR Bundle for the service's patient record. Reads only, no Qt.

Built with fhir.resources (its pydantic models validate every resource as it is made), using
its R4B models: FHIR 4.3.0, the R4 family's technical correction, in which Patient, CarePlan,
Task, Observation, QuestionnaireResponse, DocumentReference and Bundle are unchanged from R4
(4.0.1). fhir.resources 8 (pydantic 2) ships R4B, R5 and STU3; 4.0.1 itself only in releases
built on pydantic 1.

What goes in (a "collection" Bundle; references are urn:uuid full URLs, stable for the same
records so a second export of the same data gives the same ids):
- Patient: the pseudonymous client code as its only identifier (no name, no preferred name).
- CarePlan: the client's CBT homework, one activity per Task.
- Task per assignment. Agreed: the words frozen in its latest Agreement, with version, time
  and hash as inputs, status "accepted" ("completed" once reviewed). Never agreed: "draft",
  its description says the words were not agreed. Marked agreed by an earlier version that
  kept no words: "accepted", its description says the words shown are today's, not a record
  of what was agreed. Withdrawn: "cancelled", with the reason as statusReason.
- Observation per review: completion 0-4, the progress summary as a note, focus = its Task;
  each Task lists its reviews' Observations as outputs.
- QuestionnaireResponse per PHQ-9 / GAD-7 taken at a review (LOINC 44249-1 / 69737-5), item
  by item with LOINC answer codes and the total, part of that review's Observation.
- DocumentReference: the homework record PDF (workflows.records.client_record_pdf), base64.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from ..domain.models import COMPLETION_LABELS, AgreedContent, Assignment, Review
from ..domain.progress import measure
from ..domain.settings import Settings
from ..domain.vocabulary import now_utc
from ..storage import Store, StoreError
from .errors import WorkflowError
from .records import client_record_pdf

FHIR_VERSION = "4.3.0"
CODE_SYSTEM = "urn:homework-planner:client-code"
LOCAL_CODES = "urn:homework-planner:codes"
LOINC = "http://loinc.org"
_NAMESPACE = uuid.UUID("6f0f3c1e-5d0c-4b9e-9a49-5b1f6c3f1a7e")  # this app's uuid5 namespace


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, '/'.join(parts))}"


def _ref(url: str) -> dict[str, str]:
    return {"reference": url}


def agreed_text(content: AgreedContent) -> str:
    """The agreed words as plain text, field by field (what the handout printed)."""
    t = content.task
    lines = [content.title or "(untitled)"]
    for label, value in (
        ("Goal", content.goal),
        ("What", t.what),
        ("When", t.when),
        ("Where", t.where),
        ("How often", t.how_often),
        ("How long", t.how_long),
        ("With whom", t.with_whom or ""),
        ("First step", t.first_step or ""),
        ("Why", content.rationale),
    ):
        if value.strip():
            lines.append(f"{label}: {value.strip()}")
    for o in content.obstacles:
        if o.if_.strip() or o.then.strip():
            lines.append(f"If {o.if_.strip()}, then {o.then.strip()}")
    m = content.monitoring
    if m.what_to_record.strip():
        lines.append(f"Record: {m.what_to_record.strip()}")
    if content.review_date is not None:
        lines.append(f"Review on: {content.review_date.isoformat()}")
    return "\n".join(lines)


def _current_words(a: Assignment) -> AgreedContent:
    return AgreedContent(
        title=a.title,
        intervention=a.intervention,
        goal=a.goal,
        review_date=a.review_date,
        task=a.task,
        rationale=a.rationale,
        obstacles=a.obstacles,
        monitoring=a.monitoring,
        client_reaction=a.client_reaction,
    )


def _task(
    a: Assignment,
    reviews: Sequence[Review],
    urls: dict[str, str],
    patient: str,
    plan: str,
) -> dict[str, Any]:
    inputs: list[dict[str, Any]] = []
    if a.agreements:
        g = a.agreements[-1]
        description = agreed_text(g.content)
        status = "completed" if reviews else "accepted"
        inputs = [
            {"type": {"text": "agreed version"}, "valueInteger": g.version},
            {"type": {"text": "agreed at"}, "valueDateTime": g.agreed_at.isoformat()},
            {"type": {"text": "agreed words SHA-256"}, "valueString": g.content_hash},
        ]
    elif a.status == "draft":
        description = "Draft, not agreed: " + agreed_text(_current_words(a))
        status = "draft"
    else:
        description = (
            "Marked agreed by an earlier version of the app, which kept no agreed words; "
            "these are the current words, not a record of what was agreed: "
            + agreed_text(_current_words(a))
        )
        status = "completed" if reviews else "accepted"
    task: dict[str, Any] = {
        "resourceType": "Task",
        "identifier": [{"system": "urn:homework-planner:assignment", "value": a.id}],
        "status": status,
        "intent": "plan",
        "code": {"text": "CBT homework"},
        "description": description,
        "for": _ref(patient),
        "basedOn": [_ref(plan)],
        "authoredOn": a.created.isoformat(),
    }
    if a.updated is not None:
        task["lastModified"] = a.updated.isoformat()
    if a.withdrawal is not None:
        task["status"] = "cancelled"
        task["statusReason"] = {"text": a.withdrawal.reason}
        task["note"] = [{"time": a.withdrawal.at.isoformat(), "text": "Withdrawn."}]
    if a.review_date is not None:
        task["restriction"] = {"period": {"end": a.review_date.isoformat()}}
    if inputs:
        task["input"] = inputs
    if reviews:
        task["output"] = [
            {"type": {"text": "review"}, "valueReference": _ref(urls[r.id])} for r in reviews
        ]
    return task


def _observation(r: Review, task: str, patient: str, plan: str) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "identifier": [{"system": "urn:homework-planner:review", "value": r.id}],
        "status": "final",
        "code": {
            "coding": [
                {
                    "system": LOCAL_CODES,
                    "code": "homework-completion",
                    "display": "CBT homework completion (0-4)",
                }
            ],
            "text": "CBT homework completion (0 not tried - 4 fully done)",
        },
        "subject": _ref(patient),
        "focus": [_ref(task)],
        "basedOn": [_ref(plan)],
        "effectiveDateTime": r.date.isoformat(),
        "valueInteger": r.completion,
        "interpretation": [{"text": COMPLETION_LABELS[r.completion]}],
    }
    notes = [
        text
        for label, value in (
            ("Progress summary", r.progress_summary),
            ("What happened", r.what_happened),
            ("What was learned", r.what_learned),
            ("What got in the way", r.obstacles_met),
        )
        if (text := f"{label}: {value.strip()}" if value.strip() else "")
    ]
    if notes:
        obs["note"] = [{"text": n} for n in notes]
    return obs


def _questionnaire_response(
    which: Literal["phq9", "gad7"],
    scores: Sequence[int],
    r: Review,
    observation: str,
    patient: str,
    plan: str,
) -> dict[str, Any]:
    m = measure(which)
    items: list[dict[str, Any]] = [
        {
            "linkId": code,
            "text": text,
            "answer": [
                {
                    "valueCoding": {
                        "system": LOINC,
                        "code": m.answer_loinc[score],
                        "display": m.answers[score],
                    }
                }
            ],
        }
        for code, text, score in zip(m.item_loinc, m.items, scores, strict=True)
    ]
    items.append(
        {
            "linkId": m.loinc_total,
            "text": f"{m.name} total score (0-{m.max_total})",
            "answer": [{"valueInteger": sum(scores)}],
        }
    )
    return {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": f"urn:homework-planner:{which}", "value": r.id},
        "questionnaire": f"{LOINC}/q/{m.loinc}",
        "status": "completed",
        "subject": _ref(patient),
        "basedOn": [_ref(plan)],
        "partOf": [_ref(observation)],
        "authored": r.date.isoformat(),
        "item": items,
    }


def build_bundle(
    store: Store, client_code: str, settings: Settings, *, now: datetime | None = None
) -> Any:
    """The client's FHIR Bundle (a validated fhir.resources R4B Bundle). Reads only."""
    from fhir.resources.R4B.bundle import Bundle

    when = now or now_utc()
    try:
        summary = store.get_client_summary(client_code)
        if summary is None:
            raise WorkflowError(
                "There is no client with that code in this data folder. "
                "List the clients with `homework-planner summary`."
            )
        code = summary.code
        assignments = store.load_assignments(code)
        reviews = store.list_reviews(client_code=code)
        pdf = client_record_pdf(store, code, settings)
    except StoreError as exc:
        raise WorkflowError.of(exc) from None

    patient = _urn("patient", code)
    plan = _urn("careplan", code)
    task_urls = {a.id: _urn("task", a.id) for a in assignments}
    review_urls = {r.id: _urn("review", r.id) for r in reviews}
    by_assignment: dict[str, list[Review]] = {}
    for r in sorted(reviews, key=lambda r: (r.date, r.id)):
        by_assignment.setdefault(r.assignment_id, []).append(r)

    entries: list[tuple[str, dict[str, Any]]] = [
        (
            patient,
            {
                "resourceType": "Patient",
                "identifier": [{"system": CODE_SYSTEM, "value": code}],
            },
        ),
        (
            plan,
            {
                "resourceType": "CarePlan",
                "identifier": [{"system": CODE_SYSTEM, "value": code}],
                "status": "active",
                "intent": "plan",
                "title": "CBT homework",
                "description": "Homework agreed in CBT sessions, and how each was reviewed.",
                "subject": _ref(patient),
                "created": min((a.created for a in assignments), default=when).isoformat(),
                "activity": [{"reference": _ref(task_urls[a.id])} for a in assignments],
            },
        ),
    ]
    for a in assignments:
        own = by_assignment.get(a.id, [])
        entries.append((task_urls[a.id], _task(a, own, review_urls, patient, plan)))
        for r in own:
            obs = review_urls[r.id]
            entries.append((obs, _observation(r, task_urls[a.id], patient, plan)))
            for which, scores in (("phq9", r.phq9), ("gad7", r.gad7)):
                if scores is not None:
                    qr = _questionnaire_response(which, scores, r, obs, patient, plan)  # type: ignore[arg-type]
                    entries.append((_urn(which, r.id), qr))
    entries.append(
        (
            _urn("record", code),
            {
                "resourceType": "DocumentReference",
                "status": "current",
                "type": {"text": "CBT homework record"},
                "subject": _ref(patient),
                "date": when.isoformat(),
                "description": "The client's homework record: every assignment, its agreed "
                "words, reviews and progress chart.",
                "context": {"related": [_ref(plan)]},
                "content": [
                    {
                        "attachment": {
                            "contentType": "application/pdf",
                            "language": "en-GB",
                            "data": base64.b64encode(pdf).decode("ascii"),
                            "size": len(pdf),
                            "hash": base64.b64encode(
                                hashlib.sha1(pdf, usedforsecurity=False).digest()
                            ).decode(),
                            "title": f"Homework record {code}.pdf",
                            "creation": when.isoformat(),
                        }
                    }
                ],
            },
        )
    )
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "identifier": {"system": CODE_SYSTEM, "value": f"{code}/{when.isoformat()}"},
            "type": "collection",
            "timestamp": when.isoformat(),
            "entry": [{"fullUrl": url, "resource": res} for url, res in entries],
        }
    )


def bundle_json(store: Store, client_code: str, settings: Settings, **kw: Any) -> str:
    """The Bundle as FHIR JSON text (what `homework-planner fhir` writes)."""
    bundle = build_bundle(store, client_code, settings, **kw)
    text: str = bundle.model_dump_json(indent=2, exclude_none=True)
    return text + "\n"
