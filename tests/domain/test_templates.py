"""Built-in templates: they load and validate, start a draft, and their examples pass the coach."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from homework_planner.domain import plain
from homework_planner.domain.coach import CRITERIA, check
from homework_planner.domain.models import Intervention
from homework_planner.domain.templates import (
    TemplateError,
    get_template,
    load_template_file,
    load_templates,
    template_for,
)

NINE = {i.value for i in Intervention if i is not Intervention.other}
TEMPLATES = load_templates()
# What the therapist must add with the client; nothing else may be flagged on a fresh draft.
# The template's reason and plans are generic words: the coach asks to make them the client's own.
SPECIFIC_FIELDS = {
    "task.what",
    "rationale",
    *(f"obstacles[{i}].{half}" for i in range(1, 4) for half in ("if", "then")),
    "task.when",
    "task.where",
    "task.how_often",
    "task.how_long",
    "goal",
    "client_reaction.summary_in_own_words",
    "client_reaction.confidence",
    "review_date",
}


def test_one_template_per_intervention():
    assert {t.intervention.value for t in TEMPLATES} == NINE
    assert {t.id for t in TEMPLATES} == NINE
    for t in TEMPLATES:
        assert get_template(t.id) is t
        assert template_for(t.intervention) is t
    assert template_for(Intervention.other) is None
    with pytest.raises(KeyError):
        get_template("no_such_template")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_new_assignment_flags_only_the_clients_specifics(template):
    a = template.new_assignment("HP-0042")
    assert a.client_code == "HP-0042" and a.template_id == template.id
    assert a.intervention == template.intervention and a.title == template.client_title
    t = a.task
    assert t.what and not (t.when or t.where or t.how_often or t.how_long or t.schedule)
    assert a.rationale and len(a.obstacles) >= 2 and a.monitoring.columns
    findings = {f.criterion: f for f in check(a)}
    flagged = {c for c, f in findings.items() if f.level != "ok"}
    assert flagged == {
        "task.specific",
        "rationale.given",
        "obstacles.planned",
        "reaction.elicited",
        "review.scheduled",
    }
    fields = {f.field for f in findings.values() if f.level != "ok"}
    fields |= {i.field for f in findings.values() for i in f.issues}
    assert fields <= SPECIFIC_FIELDS, fields - SPECIFIC_FIELDS


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_example_passes_every_criterion(template):
    a = template.example_assignment()
    assert a.client_code == "DEMO-01"
    findings = check(a)
    assert [f.criterion for f in findings] == list(CRITERIA)
    # Template text is never the client's own: only that may be flagged on the example.
    flagged = {f.criterion: f.message for f in findings if f.level != "ok"}
    assert all("the template's words" in m for m in flagged.values()), flagged
    assert a.client_reaction.confidence >= 7 and a.client_reaction.importance >= 7
    assert a.review_date > a.created.date()


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_client_facing_template_text_is_plain_and_short(template):
    a = template.example_assignment()
    texts = plain.client_facing_texts(a)
    for path, text in texts.items():
        report = plain.analyse(text)
        assert report.long_sentences == (), path
        assert report.jargon == (), path
    age = plain.reading_age_of(list(texts.values()))
    assert age is not None and age <= 11.4
    # Enough room for a one-page handout at standard size.
    assert sum(len(t) for t in texts.values()) < 1100


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_monitoring_ratings_have_scales(template):
    labels = {c.label: c.scale for c in template.monitoring.columns}
    assert any(scale for scale in labels.values())


def test_standard_columns():
    cols = {t.id: [(c.label, c.scale) for c in t.monitoring.columns] for t in TEMPLATES}
    assert ("Pleasure", "0-10") in cols["behavioural_activation"]
    assert ("Achievement", "0-10") in cols["behavioural_activation"]
    assert ("Mood", "0-100") in cols["thought_record"] and ("Belief", "0-100") in cols[
        "thought_record"
    ]
    assert ("How rested", "0-10") in cols["sleep"]
    assert ("Tension before", "0-10") in cols["relaxation"]
    assert [s for _, s in cols["graded_exposure"][1:]] == ["0-100"] * 3


def _builtin_json(name: str) -> dict:
    folder = resources.files("homework_planner").joinpath("resources").joinpath("templates")
    return json.loads(folder.joinpath(name).read_text(encoding="utf-8"))


def test_broken_template_file_is_reported_by_file_and_field(tmp_path):
    data = _builtin_json("sleep.json")
    data["monitoring"]["columns"][0]["label"] = ""
    data["task"]["when"] = "At 11 pm"  # specifics do not belong in a template
    (tmp_path / "sleep.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError) as err:
        load_templates(tmp_path)
    text = str(err.value)
    assert "sleep.json" in text
    assert "monitoring.columns[1].label" in text
    assert "task.when" in text
    assert "At 11 pm" not in text  # values are never echoed


def test_invalid_json_and_wrong_id_are_reported(tmp_path):
    bad = tmp_path / "panic.json"
    bad.write_text('{"id": "panic",', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"panic\.json is not valid JSON \(line 1"):
        load_template_file(bad)
    data = _builtin_json("panic.json")
    data["id"] = "sleep"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match="id must be 'panic'"):
        load_template_file(bad)
    data = _builtin_json("panic.json")
    data["intervention"] = "hypnosis"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"panic\.json has a problem: intervention"):
        load_template_file(bad)


def test_folder_of_good_templates_loads(tmp_path):
    for name in ("sleep.json", "panic.json"):
        (tmp_path / name).write_text(json.dumps(_builtin_json(name)), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a template", encoding="utf-8")
    assert [t.id for t in load_templates(tmp_path)] == ["panic", "sleep"]


def test_new_assignments_are_independent():
    t = get_template("behavioural_activation")
    a, b = t.new_assignment("HP-1"), t.new_assignment("HP-1")
    a.obstacles[0].then = "changed"
    a.monitoring.columns[0].label = "changed"
    assert b.obstacles[0].then != "changed" and b.monitoring.columns[0].label != "changed"
    assert t.obstacles[0].then != "changed"
    assert a.id != b.id
