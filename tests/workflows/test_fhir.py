"""The FHIR export: a Bundle built from a real store, validated by fhir.resources, written as
JSON and parsed back; the agreed words (and only those) are called agreed."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from pypdf import PdfReader

from homework_planner.domain.models import Review
from homework_planner.domain.settings import Settings
from homework_planner.storage import Store
from homework_planner.workflows.errors import WorkflowError
from homework_planner.workflows.fhir import agreed_text, build_bundle, bundle_json
from tests.helpers.audit_caseload import build_caseload

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
PHQ = [3, 3, 2, 2, 1, 1, 1, 0, 0]  # 13
GAD = [2, 2, 2, 1, 1, 0, 0]  # 8


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "fhir.sqlite"
    build_caseload(path)
    with Store.open(path) as store:
        store.save_review(
            Review(
                id="r-good1-2",
                assignment_id="good1",
                date=date(2026, 10, 19),
                completion=3,
                progress_summary="Walked on two days.",
                phq9=PHQ,
                gad7=GAD,
            )
        )
    return path


def parsed(db: Path, code: str) -> dict:
    with Store.open(db) as store:
        text = bundle_json(store, code, Settings(), now=NOW)
    Bundle.model_validate_json(text)  # the written text validates as a Bundle again
    return json.loads(text)


def by_type(data: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_for_a_client_with_reviews_measures_and_a_withdrawal(db: Path) -> None:
    data = parsed(db, "HP-0001")
    assert data["resourceType"] == "Bundle" and data["type"] == "collection"
    kinds = [e["resource"]["resourceType"] for e in data["entry"]]
    assert kinds.count("Patient") == 1 and kinds.count("CarePlan") == 1
    assert kinds.count("Task") == 3  # good1, poor1, gone1 (withdrawn)
    assert kinds.count("Observation") == 3  # good1 twice, poor1 once
    assert kinds.count("QuestionnaireResponse") == 2 and kinds.count("DocumentReference") == 1
    # Pseudonymous: the code is the Patient's only identifier; no name of any kind.
    (patient,) = by_type(data, "Patient")
    assert patient["identifier"] == [
        {"system": "urn:homework-planner:client-code", "value": "HP-0001"}
    ]
    assert "name" not in patient
    urls = {e["fullUrl"] for e in data["entry"]}
    for e in data["entry"]:  # every reference points inside the bundle
        for ref in _references(e["resource"]):
            assert ref in urls
    tasks = {t["identifier"][0]["value"]: t for t in by_type(data, "Task")}
    assert tasks["good1"]["status"] == "completed"
    assert len(tasks["good1"]["output"]) == 2
    gone = tasks["gone1"]
    assert gone["status"] == "cancelled" and gone["statusReason"]["text"] == (
        "Typed for the wrong client"
    )
    (plan,) = by_type(data, "CarePlan")
    assert len(plan["activity"]) == 3


def test_task_text_is_the_agreed_words_not_the_current_ones(db: Path) -> None:
    with Store.open(db) as store:
        a = store.get_assignment("good1")
        assert a is not None
        agreed = a.agreements[-1]
        # Change the words after agreement (an unagreed edit): the export keeps the agreed ones.
        a.task.what = "Run a marathon"
        store.save_assignment(a)
        bundle = build_bundle(store, "HP-0001", Settings(), now=NOW)
    data = json.loads(bundle.model_dump_json(exclude_none=True))
    task = next(t for t in by_type(data, "Task") if t["identifier"][0]["value"] == "good1")
    assert task["description"] == agreed_text(agreed.content)
    assert "Run a marathon" not in task["description"]
    inputs = {i["type"]["text"]: i for i in task["input"]}
    assert inputs["agreed version"]["valueInteger"] == agreed.version
    assert inputs["agreed words SHA-256"]["valueString"] == agreed.content_hash


def test_drafts_and_legacy_are_never_called_agreed(db: Path) -> None:
    data = parsed(db, "HP-0002")
    tasks = {t["identifier"][0]["value"]: t for t in by_type(data, "Task")}
    assert tasks["draft1"]["status"] == "draft"
    assert tasks["draft1"]["description"].startswith("Draft, not agreed: ")
    assert "input" not in tasks["draft1"]
    assert "not a record of what was agreed" in tasks["legacy1"]["description"]
    assert "input" not in tasks["legacy1"]
    assert tasks["good2"]["status"] == "accepted" and "output" not in tasks["good2"]


def test_questionnaire_responses_with_loinc_codes_and_totals(db: Path) -> None:
    data = parsed(db, "HP-0001")
    qrs = {q["questionnaire"]: q for q in by_type(data, "QuestionnaireResponse")}
    phq, gad = qrs["http://loinc.org/q/44249-1"], qrs["http://loinc.org/q/69737-5"]
    assert len(phq["item"]) == 10 and len(gad["item"]) == 8  # items + total
    assert phq["item"][-1] == {
        "linkId": "44261-6",
        "text": "PHQ-9 total score (0-27)",
        "answer": [{"valueInteger": 13}],
    }
    assert gad["item"][-1]["answer"] == [{"valueInteger": 8}]
    assert phq["item"][0]["linkId"] == "44250-9"
    assert phq["item"][0]["answer"][0]["valueCoding"]["code"] == "LA6571-9"  # 3
    assert phq["item"][8]["answer"][0]["valueCoding"]["code"] == "LA6568-5"  # 0
    assert phq["authored"] == "2026-10-19" and phq["status"] == "completed"
    obs = {o["identifier"][0]["value"]: o for o in by_type(data, "Observation")}
    assert obs["r-good1-2"]["valueInteger"] == 3
    url = next(e["fullUrl"] for e in data["entry"] if e["resource"] is obs["r-good1-2"])
    assert phq["partOf"] == [{"reference": url}]


def test_record_pdf_attached_and_readable(db: Path) -> None:
    data = parsed(db, "HP-0001")
    (doc,) = by_type(data, "DocumentReference")
    att = doc["content"][0]["attachment"]
    pdf = base64.b64decode(att["data"])
    assert att["contentType"] == "application/pdf" and att["size"] == len(pdf)
    assert base64.b64decode(att["hash"]) == hashlib.sha1(pdf, usedforsecurity=False).digest()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "HP-0001" in text and "A short walk after lunch" in text


def test_same_records_same_ids_and_unknown_client_refused(db: Path) -> None:
    first, second = parsed(db, "HP-0001"), parsed(db, "HP-0001")
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    with Store.open(db) as store, pytest.raises(WorkflowError, match="no client with that code"):
        build_bundle(store, "NOPE-1", Settings(), now=NOW)


def _references(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for v in node.values() for r in _references(v)]
    if isinstance(node, list):
        return [r for v in node for r in _references(v)]
    return []
