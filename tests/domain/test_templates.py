"""Built-in templates: they load and validate, start a draft, and their examples pass the coach."""

from __future__ import annotations

import json
import re
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
    not_yet_personalised,
    prompts_in,
    template_for,
)

NINE = {i.value for i in Intervention if i is not Intervention.other}
TEMPLATES = load_templates()
# What the therapist must add with the client; nothing else may be flagged on a fresh draft.
SPECIFIC_FIELDS = {
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


# Always flagged on a fresh draft: the client's specifics are not there yet.
DRAFT_FLAGGED = {
    "task.specific",
    "rationale.given",
    "goal.concrete",  # no goal yet: the advisory prompt asks for one
    "reaction.elicited",
    "review.scheduled",
}
# A coach that never counts template text as the client's own also flags the plans.
DRAFT_MAY_FLAG = {"obstacles.planned"}


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
    assert DRAFT_FLAGGED <= flagged <= DRAFT_FLAGGED | DRAFT_MAY_FLAG
    fields = {f.field for f in findings.values() if f.level != "ok"}
    fields |= {i.field for f in findings.values() for i in f.issues}
    allowed = SPECIFIC_FIELDS | set(not_yet_personalised(a)) | {"rationale", "obstacles"}
    assert fields <= allowed, fields - allowed


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_example_passes_every_criterion(template):
    a = template.example_assignment()
    assert a.client_code == "DEMO-01"
    findings = check(a)
    assert [f.criterion for f in findings] == list(CRITERIA)
    assert {f.criterion: (f.level, f.message) for f in findings if f.level != "ok"} == {}
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


def _columns(template_id: str) -> list[tuple[str, str | None]]:
    return [(c.label, c.scale) for c in get_template(template_id).monitoring.columns]


def test_standard_columns():
    ba = _columns("behavioural_activation")
    assert ("Pleasure", "0-10") in ba and ("Achievement", "0-10") in ba
    # A thought record names the emotion and rates it, then the thought and belief in it.
    tr = [label for label, _ in _columns("thought_record")]
    assert tr[:2] == ["Situation", "Emotion (name it)"]
    assert ("How strong", "0-100") in _columns("thought_record")
    assert ("Belief in the thought", "0-100") in _columns("thought_record")
    # A behavioural experiment: prediction, belief before and after, and what was learned.
    assert _columns("behavioural_experiment") == [
        ("Prediction", None),
        ("Belief before", "0-100"),
        ("What happened", None),
        ("Belief after", "0-100"),
        ("What I learned", None),
    ]
    # A sleep diary: bed, sleep (a guess), wakings and time awake, getting up, naps.
    assert _columns("sleep") == [
        ("Into bed", "time"),
        ("Fell asleep (guess)", "time"),
        ("Times I woke", "number"),
        ("Awake in night (guess)", "minutes"),
        ("Out of bed", "time"),
        ("Naps", "minutes"),
    ]
    # A panic diary: trigger, sensations, feared outcome and belief, safety behaviours used.
    assert _columns("panic") == [
        ("What set it off", None),
        ("Body feelings", None),
        ("What I feared", None),
        ("Belief before", "0-100"),
        ("Safe things I did", None),
        ("Belief after", "0-100"),
    ]
    ge = _columns("graded_exposure")
    assert [s for _, s in ge[1:4]] == ["0-100"] * 3 and ge[4] == ("Minutes I stayed", "minutes")
    assert ("Tension before", "0-10") in _columns("relaxation")
    assert ("Parts I left out (sore or injured)", None) in _columns("relaxation")


# Words that make a column a rating: such a column must say its scale.
RATING_WORDS = re.compile(
    r"\b(?:belief|anxiety|fear|pleasure|achievement|tension|how strong|how it went|rested|mood"
    r"|guess|times|minutes|into bed|out of bed|asleep|naps)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_rating_column_carries_its_scale(template):
    for c in template.monitoring.columns:
        if RATING_WORDS.search(c.label):
            assert c.scale, c.label
        if c.scale and "-" in c.scale:
            # A numeric scale is explained in words where the client reads what to record.
            low, high = c.scale.split("-")
            text = template.monitoring.what_to_record
            assert f"{low} " in text or f"{low} (" in text, (c.label, text)
            assert high in text, (c.label, text)


def test_every_template_cites_the_protocol_it_follows():
    expected = {
        "behavioural_activation": ["Richards, D. & Whyte, M. (2011)", "Martell"],
        "graded_exposure": ["Richards, D. & Whyte, M. (2011)", "Marks"],
        "problem_solving": ["Richards, D. & Whyte, M. (2011)", "D'Zurilla"],
        "worry_time": ["Borkovec", "(1983)"],
        "sleep": ["Bootzin, R. R. (1972)", "Spielman", "(1987)", "Espie"],
        "panic": ["Clark, D. M. (1986)", "Salkovskis, P. M. (1991)"],
        "behavioural_experiment": ["Bennett-Levy", "(2004)"],
        "thought_record": ["Beck, A. T., Rush", "(1979)"],
        "relaxation": ["Öst, L.-G. (1987)", "Jacobson"],
    }
    for t in TEMPLATES:
        sources = " ".join(t.protocol.sources)
        for part in expected[t.id]:
            assert part in sources, (t.id, part)
        assert len(t.protocol.follows.split()) >= 20, t.id  # a note, not a name


def test_a_template_without_a_cited_protocol_is_refused(tmp_path):
    data = _builtin_json("worry_time.json")
    del data["protocol"]
    (tmp_path / "worry_time.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"worry_time\.json has a problem: protocol"):
        load_templates(tmp_path)
    data = _builtin_json("worry_time.json")
    data["protocol"]["sources"] = ["Somebody's worry book, no year given"]
    (tmp_path / "worry_time.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"protocol\.sources.*year") as err:
        load_templates(tmp_path)
    assert "Somebody" not in str(err.value)
    data["protocol"]["sources"] = []
    (tmp_path / "worry_time.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"protocol\.sources"):
        load_templates(tmp_path)


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


# ---- clinical content: what a CBT supervisor would check in front of a room ------------------
def _both(template):
    return [template.new_assignment("HP-0042"), template.example_assignment()]


def _thens(template) -> list[str]:
    return [o.then for a in _both(template) for o in a.obstacles]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_the_draft_is_plain_short_and_free_of_jargon_too(template):
    for path, text in plain.client_facing_texts(template.new_assignment("HP-0042")).items():
        report = plain.analyse(text)
        assert report.long_sentences == () and report.jargon == (), path


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_template_text_is_a_prompt_the_example_replaces(template):
    a = template.new_assignment("HP-0042")
    left = not_yet_personalised(a)
    # The reason ends in a part to fill in, so it can never pass as the client's own.
    assert prompts_in(a.rationale) and "rationale" in left
    for i in range(1, len(a.obstacles) + 1):
        assert {f"obstacles[{i}].if", f"obstacles[{i}].then"} <= set(left)
    for o in a.obstacles:
        if re.search(r"back-?up", o.then, re.IGNORECASE):
            assert prompts_in(o.then), o.then  # a back-up is named, or asked for
    a.obstacles[0].then = "ring my sister and walk with her"
    assert "obstacles[1].then" not in not_yet_personalised(a)
    a.rationale = "Doing this gets me closer to my goal."
    assert "rationale" not in not_yet_personalised(a)

    ex = template.example_assignment()
    assert not_yet_personalised(ex) == []
    for path, text in plain.client_facing_texts(ex).items():
        assert prompts_in(text) == [], path
        assert not re.search(r"back-?up", text, re.IGNORECASE), path  # named, not referred to
    assert ex.rationale != template.rationale
    assert {o.then for o in ex.obstacles}.isdisjoint({o.then for o in template.obstacles})


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_plan_puts_its_trigger_before_its_action(template):
    for a in _both(template):
        for o in a.obstacles:
            # The action happens at the moment of the trigger, never earlier than it.
            assert not re.search(
                r"\b(?:before\s+(?:bed|bedtime)|an\s+hour\s+before|the\s+night\s+before|earlier)\b",
                o.then,
                re.IGNORECASE,
            ), o.then
            # A reminder set once the client has already forgotten comes too late.
            if re.search(r"\bforg[eo]t", o.if_, re.IGNORECASE):
                assert not re.search(r"alarm|remind", o.then, re.IGNORECASE), o.then


def test_panic_tests_the_fear_and_drops_safety_behaviours():
    t = get_template("panic")
    for then in _thens(t):
        # Slow breathing, self-reassurance and swapping one check for another keep panic going.
        assert not re.search(
            r"breath|tell myself|will pass|pocket|distract|reassur|hold on|sit down", then, re.I
        ), then
    for a in _both(t):
        what = a.task.what + " " + (a.task.first_step or "")
        assert re.search(r"without", what) and re.search(r"believe|belief", what), what
        assert not re.search(r"breath", a.task.what, re.IGNORECASE)
        # "It cannot harm me" only where a GP has checked the body first.
        if re.search(r"cannot harm|can't harm|not dangerous", a.rationale, re.IGNORECASE):
            assert "GP" in a.rationale
    assert "[Keep only if a GP has checked my body" in t.rationale
    assert "GP" in t.protocol.follows


def test_exposure_plans_stay_without_escape_or_distraction():
    t = get_template("graded_exposure")
    thens = _thens(t)
    for then in thens:
        assert not re.search(
            r"\bleave\b|walk round|distract|read|breath|go home|come back|take my mind", then, re.I
        ), then
    assert sum(bool(re.match(r"stay\b", then)) for then in thens) >= 4
    assert "until my anxiety drops by half" in t.task.what
    assert "half" in t.example.task.how_long


def test_sleep_plan_follows_stimulus_control_and_sleep_restriction():
    t = get_template("sleep")
    for a in _both(t):
        for text in plain.client_facing_texts(a).values():
            # No naps: every mention says "no nap", "not nap" or asks about "any naps".
            for m in re.finditer(r"(?:(\w+)\s+)?\bnaps?\b", text, re.IGNORECASE):
                assert (m.group(1) or "").lower() in {"no", "not", "any"}, text
        first = a.task.first_step or ""
        assert "clock" in first and "wall" in first  # no clock-watching
        plan = [o for o in a.obstacles if "20 minutes" in o.if_]
        assert plan and plan[0].then.startswith("get up"), plan
        assert re.search(r"\b(?:feel|think|guess)\b", plan[0].if_)  # estimated, not timed
        assert "bed only for sleep" in a.rationale
        assert "guess" in a.monitoring.when_to_record.lower()
    assert "every day" in t.task.what and "only when sleepy" in t.task.what
    assert "weekends too" in t.example.task.how_often
    for rule in ("Bootzin", "Spielman", "naps", "5 hours", "bipolar"):
        assert rule in t.protocol.follows, rule


def test_worry_time_reminder_is_set_in_advance():
    t = get_template("worry_time")
    for a in _both(t):
        assert "alarm" in (a.task.first_step or "")
        assert not any(re.search(r"\bforg[eo]t", o.if_) for o in a.obstacles)
    assert "bedtime" in t.protocol.follows


def test_relaxation_never_tenses_a_painful_or_injured_part():
    t = get_template("relaxation")
    caution = re.compile(r"hurt|injur|sore|pain|ache", re.IGNORECASE)
    for a in _both(t):
        assert caution.search(a.task.first_step or "")
        assert caution.search(a.rationale)
        assert any(caution.search(o.if_) for o in a.obstacles)
        assert caution.search(a.monitoring.what_to_record)
    assert "GP" in t.protocol.follows


# ---- the obstacle library: common obstacles with ready plans --------------------------------
FEAR_WORK = {"graded_exposure", "panic", "behavioural_experiment"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_each_template_offers_three_to_six_cited_sound_plans(template):
    from homework_planner.domain.coach.plans import read_plan
    from homework_planner.domain.templates import obstacle_library

    library = template.obstacle_library
    assert 3 <= len(library) <= 6
    assert obstacle_library(template.id) == library
    ifs = [p.if_.lower() for p in library]
    assert len(set(ifs)) == len(ifs)  # no obstacle offered twice
    for plan in library:
        assert re.search(r"\b(19|20)\d\d\b", plan.note)
        # Every plan passes the coach's own reading of if-then plans: no escape, distraction
        # or safety behaviour in exposure, panic or an experiment; nothing that drops the task.
        hits = read_plan(plan.if_, plan.then, template.id in FEAR_WORK, template.name)
        assert hits == (), [h.message for h in hits]
        # Client words: no jargon (the plan goes on the handout as it is).
        assert plain.find_jargon(f"If {plan.if_}, then I will {plan.then}.") == ()


def test_the_library_plan_needs_a_cited_note(tmp_path):
    from homework_planner.domain.templates import load_template_file

    raw = json.loads(
        resources.files("homework_planner")
        .joinpath("resources/templates/panic.json")
        .read_text(encoding="utf-8")
    )
    raw["obstacle_library"][0]["note"] = "Staying with the sensations is the point of it."
    path = tmp_path / "panic.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(TemplateError, match="cite its source with the year"):
        load_template_file(path)
    raw["obstacle_library"] = raw["obstacle_library"] * 3
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(TemplateError, match="obstacle_library"):
        load_template_file(path)


def test_no_library_for_a_blank_or_unknown_template():
    from homework_planner.domain.templates import obstacle_library

    assert obstacle_library(None) == ()
    assert obstacle_library("no_such_template") == ()
