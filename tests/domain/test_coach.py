"""The coach: one finding per criterion, with levels, fields and spans for many phrasings."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from homework_planner.domain import coach, vague
from homework_planner.domain.coach import CRITERIA, Finding, check, findings_json
from homework_planner.domain.models import Assignment, Review
from homework_planner.domain.vague import find_vague
from tests.conftest import full_assignment_dict


def _good() -> dict:
    """The shared full assignment, with its one long rationale sentence split in two."""
    d = full_assignment_dict()
    d["rationale"] = (
        "When I do a bit more, my mood lifts a little. That helps me feel ready to see my sister."
    )
    return d


def _with(changes: dict) -> Assignment:
    d = _good()
    for path, value in changes.items():
        target = d
        parts = path.split(".")
        for p in parts[:-1]:
            target = target[int(p)] if p.isdigit() else target[p]
        if value is _DELETE:
            del target[parts[-1]]
        else:
            target[parts[-1]] = value
    return Assignment.model_validate(d)


_DELETE = object()


def _by_criterion(a: Assignment, review: Review | None = None) -> dict[str, Finding]:
    return {f.criterion: f for f in check(a, review)}


def test_good_assignment_passes_every_criterion():
    findings = check(Assignment.model_validate(_good()))
    assert [f.criterion for f in findings] == list(CRITERIA)
    assert {f.criterion: f.level for f in findings} == dict.fromkeys(CRITERIA, "ok")


def test_empty_draft_is_checked_not_refused():
    findings = check(Assignment(client_code="HP-1"))
    levels = {f.criterion: f.level for f in findings}
    assert levels == {
        "task.specific": "missing",
        "rationale.given": "missing",
        "goal.concrete": "warn",
        "obstacles.planned": "missing",
        "reaction.elicited": "missing",
        "monitoring.planned": "missing",
        "review.scheduled": "missing",
        "review.summarised": "ok",
        "handout.plain": "ok",
    }
    for f in findings:
        assert f.message and f.field
        if f.level != "ok":
            assert f.suggestion, f.criterion


# (criterion, changes to the good assignment, expected level, field of the finding)
CASES: list[tuple[str, dict, str, str | None]] = [
    # ---- task.specific: vague phrasings in ordinary English -----------------------------
    ("task.specific", {"task.what": "Try to go for a walk"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Trying to walk to the postbox"}, "warn", "task.what"),
    ("task.specific", {"task.what": "I tried to walk round the block"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Try and get out of the house"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Try walking to the shop"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Relax more"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Get out more"}, "warn", "task.what"),
    # An aim, not a behaviour: homework in name only (was "warn" for the vague words alone).
    ("task.specific", {"task.what": "Be more active in the day"}, "missing", "task.what"),
    ("task.specific", {"task.what": "Do some exercise"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Do nice things for myself"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Maybe phone my sister"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Hopefully read a chapter of my book"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Tidy the kitchen a little bit"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Walk a bit more"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Go out as much as possible"}, "warn", "task.what"),
    ("task.specific", {"task.when": "When I can"}, "warn", "task.when"),
    ("task.specific", {"task.when": "whenever I get the chance"}, "warn", "task.when"),
    ("task.specific", {"task.when": "If I feel like it"}, "warn", "task.when"),
    ("task.specific", {"task.when": "When I'm up to it"}, "warn", "task.when"),
    ("task.specific", {"task.when": "At some point this week"}, "warn", "task.when"),
    ("task.specific", {"task.when": "At some stage"}, "warn", "task.when"),
    ("task.specific", {"task.when": "Sometime soon"}, "warn", "task.when"),
    ("task.specific", {"task.when": "As soon as I get home from work"}, "ok", None),
    ("task.specific", {"task.how_often": "Sometimes"}, "warn", "task.how_often"),
    ("task.specific", {"task.how_often": "Now and then"}, "warn", "task.how_often"),
    ("task.specific", {"task.how_often": "Occasionally"}, "warn", "task.how_often"),
    ("task.specific", {"task.how_often": "A few times"}, "warn", "task.how_often"),
    ("task.specific", {"task.how_often": "More often than now"}, "warn", "task.how_often"),
    ("task.specific", {"task.how_often": "Every so often"}, "warn", "task.how_often"),
    ("task.specific", {"task.how_long": "A while"}, "warn", "task.how_long"),
    ("task.specific", {"task.how_long": "a little while"}, "warn", "task.how_long"),
    ("task.specific", {"task.how_long": "For a bit"}, "warn", "task.how_long"),
    ("task.specific", {"task.how_long": "As long as I can"}, "warn", "task.how_long"),
    ("task.specific", {"task.where": "Somewhere nice"}, "warn", "task.where"),
    ("task.specific", {"task.what": "Spend more time with friends"}, "warn", "task.what"),
    ("task.specific", {"task.what": "Go for a jog if the weather is nice"}, "warn", "task.what"),
    ("task.specific", {"task.when": "When I have a spare minute"}, "warn", "task.when"),
    ("task.specific", {"task.when": "As and when"}, "warn", "task.when"),
    ("task.specific", {"task.how_often": "Every now and again"}, "warn", "task.how_often"),
    # A limit, not vagueness (the schedule's 15 minutes would contradict it: left out here).
    (
        "task.specific",
        {"task.how_long": "No more than 10 minutes", "task.schedule": None},
        "ok",
        None,
    ),
    ("task.specific", {"task.how_often": "3 times or more", "task.schedule": None}, "ok", None),
    # ---- task.specific: gaps in the concrete parts ---------------------------------------
    ("task.specific", {"task.what": ""}, "missing", "task.what"),
    (
        "task.specific",
        {"task.when": "", "task.how_often": "", "task.how_long": "", "task.schedule": None},
        "missing",
        "task.when",
    ),
    ("task.specific", {"task.where": ""}, "warn", "task.where"),
    ("task.specific", {"task.how_long": "", "task.schedule": None}, "warn", "task.how_long"),
    (
        "task.specific",
        {"task.how_long": "Not long", "task.schedule": None},
        "warn",
        "task.how_long",
    ),
    ("task.specific", {"task.when": "Soon-ish", "task.schedule": None}, "warn", "task.when"),
    (
        "task.specific",
        {"task.how_often": "Regular", "task.schedule": None},
        "warn",
        "task.how_often",
    ),
    # ---- task.specific: concrete phrasings are ok ---------------------------------------
    ("task.specific", {"task.when": "", "task.how_often": "", "task.how_long": ""}, "ok", None),
    ("task.specific", {"task.when": "At 6.30 pm", "task.schedule": None}, "ok", None),
    ("task.specific", {"task.when": "Straight after breakfast", "task.schedule": None}, "ok", None),
    ("task.specific", {"task.when": "Every Monday", "task.schedule": None}, "ok", None),
    ("task.specific", {"task.when": "At 18:00, before tea", "task.schedule": None}, "ok", None),
    ("task.specific", {"task.how_often": "Twice this week", "task.schedule": None}, "ok", None),
    ("task.specific", {"task.how_often": "Every weekday", "task.schedule": None}, "ok", None),
    ("task.specific", {"task.how_long": "Half an hour", "task.schedule": None}, "ok", None),
    ("task.specific", {"task.how_long": "20 mins", "task.schedule": None}, "ok", None),
    ("task.specific", {"task.how_long": "Until the end of the road"}, "ok", None),
    ("task.specific", {"task.what": "Phone my sister and ask how she is"}, "ok", None),
    # ---- rationale.given ------------------------------------------------------------------
    ("rationale.given", {"rationale": ""}, "missing", "rationale"),
    ("rationale.given", {"rationale": "   "}, "missing", "rationale"),
    ("rationale.given", {"rationale": "Good idea."}, "warn", "rationale"),
    (
        "rationale.given",
        {"rationale": "The therapist suggested this task for the coming week."},
        "warn",
        "rationale",
    ),
    (
        "rationale.given",
        {"goal": "", "rationale": "Walking lifts my mood, so that I feel ready."},
        "warn",
        "goal",
    ),
    (
        "rationale.given",
        {"rationale": "Walking lifts my mood so that I can face people again."},
        "ok",
        None,
    ),
    (
        "rationale.given",
        {"rationale": "Getting out of the house every week makes me feel less stuck."},
        "ok",
        None,
    ),
    (
        "rationale.given",
        {"rationale": "I want to do this because I miss my old life a lot."},
        "ok",
        None,
    ),
    (
        "rationale.given",
        {"rationale": "Seeing my sister again matters to me more than anything."},
        "ok",
        None,
    ),
    # ---- obstacles.planned ----------------------------------------------------------------
    ("obstacles.planned", {"obstacles": []}, "missing", "obstacles"),
    ("obstacles.planned", {"obstacles": [{"if": "", "then": ""}]}, "missing", "obstacles"),
    (
        "obstacles.planned",
        {"obstacles": [{"if": "it rains", "then": ""}]},
        "missing",
        "obstacles[1].then",
    ),
    (
        "obstacles.planned",
        {"obstacles": [{"if": "", "then": "walk indoors for 10 minutes"}]},
        "missing",
        "obstacles[1].if",
    ),
    (
        "obstacles.planned",
        {"obstacles": [{"if": "it rains", "then": "try harder"}]},
        "warn",
        "obstacles[1].then",
    ),
    (
        "obstacles.planned",
        {"obstacles": [{"if": "I feel tired", "then": "just push through"}]},
        "warn",
        "obstacles[1].then",
    ),
    (
        "obstacles.planned",
        {"obstacles": [{"if": "I feel tired", "then": "do my best"}]},
        "warn",
        "obstacles[1].then",
    ),
    (
        "obstacles.planned",
        {"obstacles": [{"if": "I feel low", "then": "think positive"}]},
        "warn",
        "obstacles[1].then",
    ),
    (
        "obstacles.planned",
        {"obstacles": [{"if": "something comes up", "then": "go the next day at 1 pm"}]},
        "warn",
        "obstacles[1].if",
    ),
    (
        "obstacles.planned",
        {
            "obstacles": [
                {"if": "it rains", "then": "walk up and down the stairs ten times"},
                {"if": "I feel tired", "then": "maybe go later"},
            ]
        },
        "warn",
        "obstacles[2].then",
    ),
    (
        "obstacles.planned",
        {"obstacles": [{"if": "It rains", "then": "Then I will walk indoors for 10 minutes."}]},
        "ok",
        None,
    ),
    # ---- reaction.elicited ----------------------------------------------------------------
    (
        "reaction.elicited",
        {"client_reaction.summary_in_own_words": "", "client_reaction.confidence": None},
        "missing",
        "client_reaction.summary_in_own_words",
    ),
    (
        "reaction.elicited",
        {"client_reaction.summary_in_own_words": ""},
        "warn",
        "client_reaction.summary_in_own_words",
    ),
    (
        "reaction.elicited",
        {"client_reaction.confidence": None},
        "warn",
        "client_reaction.confidence",
    ),
    ("reaction.elicited", {"client_reaction.confidence": 4}, "warn", "client_reaction.confidence"),
    ("reaction.elicited", {"client_reaction.confidence": 6}, "warn", "client_reaction.confidence"),
    ("reaction.elicited", {"client_reaction.confidence": 10}, "ok", None),
    ("reaction.elicited", {"client_reaction.importance": 3}, "warn", "client_reaction.importance"),
    ("reaction.elicited", {"client_reaction.importance": None}, "ok", None),
    (
        "reaction.elicited",
        {
            "client_reaction.summary_in_own_words": "Walk to the postbox at the end of Elm Road and back"
        },
        "warn",
        "client_reaction.summary_in_own_words",
    ),
    # ---- monitoring.planned ---------------------------------------------------------------
    (
        "monitoring.planned",
        {
            "monitoring.what_to_record": "",
            "monitoring.when_to_record": "",
            "monitoring.columns": [],
        },
        "missing",
        "monitoring.what_to_record",
    ),
    ("monitoring.planned", {"monitoring.what_to_record": ""}, "warn", "monitoring.what_to_record"),
    ("monitoring.planned", {"monitoring.when_to_record": ""}, "warn", "monitoring.when_to_record"),
    (
        "monitoring.planned",
        {"monitoring.when_to_record": "Whenever I remember"},
        "warn",
        "monitoring.when_to_record",
    ),
    ("monitoring.planned", {"monitoring.columns": []}, "warn", "monitoring.columns"),
    (
        "monitoring.planned",
        {"monitoring.columns": [{"label": "Mood"}]},
        "warn",
        "monitoring.columns[1].scale",
    ),
    (
        "monitoring.planned",
        {"monitoring.columns": [{"label": "Walked", "scale": "tick"}, {"label": "Anxiety level"}]},
        "warn",
        "monitoring.columns[2].scale",
    ),
    ("monitoring.planned", {"monitoring.columns": [{"label": "Where I went"}]}, "ok", None),
    # ---- review.scheduled -----------------------------------------------------------------
    ("review.scheduled", {"review_date": None}, "missing", "review_date"),
    ("review.scheduled", {"review_date": "2026-11-01"}, "warn", "review_date"),
    ("review.scheduled", {"review_date": "2027-03-01"}, "warn", "review_date"),
    ("review.scheduled", {"review_date": "2026-12-04"}, "ok", None),
    # ---- handout.plain --------------------------------------------------------------------
    (
        "handout.plain",
        {"rationale": "Doing this will reduce avoidance so that I can see my sister."},
        "warn",
        "rationale",
    ),
    (
        "handout.plain",
        {"task.what": "Climb the next rung of my exposure hierarchy"},
        "warn",
        "task.what",
    ),
    (
        "handout.plain",
        {"monitoring.what_to_record": "My SUDS at the start and the end"},
        "warn",
        "monitoring.what_to_record",
    ),
    (
        "handout.plain",
        {"obstacles.0.then": "drop my safety behaviours and stay for 5 minutes"},
        "warn",
        "obstacles[1].then",
    ),
    (
        "handout.plain",
        {
            "rationale": "When I go out for a walk in the afternoon and see the trees and the "
            "people and the dogs in the park I usually feel a lot calmer afterwards."
        },
        "warn",
        "rationale",
    ),
    (
        "handout.plain",
        {"rationale": "Walking helps my mood. Then I can see my sister."},
        "ok",
        None,
    ),
]


@pytest.mark.parametrize(("criterion", "changes", "level", "field"), CASES)
def test_criterion_levels(criterion, changes, level, field):
    finding = _by_criterion(_with(changes))[criterion]
    assert finding.level == level, (finding.message, finding.issues)
    if field is not None:
        assert finding.field == field
        assert finding.suggestion, "every gap comes with one way to fix it"
    if level == "ok":
        assert finding.issues == ()


def test_at_least_sixty_table_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize(
    ("text", "phrase", "hint"),
    [
        ("Walk for a while after tea", "for a while", "how many minutes"),
        ("Rest a while", "a while", "how many minutes"),
        ("Sometimes go to the park", "Sometimes", "which days"),
        ("Read when I can", "when I can", "which day and time"),
        ("I'll try to phone Jo", "try to", "say what they will do"),
        ("Relax more in the evening", "Relax more", "name one thing"),
        ("Do it now and then", "now and then", "which days"),
        ("Walk a little bit further", "a little bit", "how much"),
        ("Tidy up at some stage", "at some stage", "when exactly"),
        ("Do it a few times", "a few times", "how many times"),
        ("Do some exercise", "some exercise", "which one"),
        ("Be more active", "Be more active", "what will they actually do"),
        ("If I feel like it, go out", "If I feel like it", "which day and time"),
        ("Go out for a little while", "for a little while", "how many minutes"),
    ],
)
def test_vague_hits_carry_span_and_specific_suggestion(text, phrase, hint):
    hits = find_vague(text)
    assert hits, text
    first = hits[0]
    assert text[first.span[0] : first.span[1]] == phrase
    assert hint in first.suggestion
    assert f"'{phrase}'" in first.suggestion


def test_task_issue_spans_point_into_the_field_text():
    a = _with({"task.how_long": "For a while", "task.how_often": "Now and then, sometimes"})
    f = _by_criterion(a)["task.specific"]
    spans = {
        (i.field, a.task.model_dump()[i.field.split(".")[1]][i.span[0] : i.span[1]])
        for i in f.issues
        if i.span
    }
    assert ("task.how_long", "For a while") in spans
    assert ("task.how_often", "Now and then") in spans
    assert ("task.how_often", "sometimes") in spans
    assert "'for a while'" in f.message.lower()


RULE_EXAMPLES = {
    "try": "trying to",
    "chance": "if I get the chance",
    "as_much_as": "as often as possible",
    "some_point": "at some point",
    "sometimes": "occasionally",
    "more_often": "more often",
    "a_while": "for a while",
    "a_bit": "a little bit",
    "more_of": "exercise more",
    "be_more": "be more positive",
    "some_thing": "some housework",
    "condition": "if I'm not too busy",
    "maybe": "perhaps",
    "somewhere": "anywhere",
    "more": "less",
}


def test_every_vague_rule_has_a_working_example():
    assert set(RULE_EXAMPLES) == {r.key for r in vague.RULES}
    for key, text in RULE_EXAMPLES.items():
        hits = find_vague(text)
        assert [h.key for h in hits] == [key], text
        assert hits[0].span == (0, len(text))


def test_task_message_separates_absent_from_unclear():
    a = _with({"task.schedule": None, "task.how_long": "Not long", "task.where": ""})
    f = _by_criterion(a)["task.specific"]
    assert f.message == "The task does not yet say 'where'. Make 'how long' concrete."
    assert [i.field for i in f.issues] == ["task.how_long", "task.where"]


def test_vague_field_is_not_also_reported_as_not_concrete():
    a = _with({"task.how_long": "a while", "task.schedule": None})
    issues = _by_criterion(a)["task.specific"].issues
    assert [i.message for i in issues] == ["'a while' is vague: how many minutes?"]


def test_specific_words_are_not_flagged_as_vague():
    for text in (
        "Walk to the postbox and back",
        "On Monday, Wednesday and Friday at 1 pm",
        "When I notice a worry, write it on my list",
        "If I can't sleep after 20 minutes, get up",
        "15 minutes",
    ):
        assert find_vague(text) == (), text


def test_jargon_span_maps_into_the_obstacle_field():
    a = _with({"obstacles.0.if": "If my SUDS go above 70", "obstacles.0.then": "stay put"})
    issue = next(
        i for i in _by_criterion(a)["handout.plain"].issues if i.field == "obstacles[1].if"
    )
    assert a.obstacles[0].if_[issue.span[0] : issue.span[1]] == "SUDS"
    assert "how anxious, 0 to 100" in issue.suggestion


def test_low_confidence_prompt_names_the_three_options_and_is_a_design_rule():
    f = _by_criterion(_with({"client_reaction.confidence": 5}))["reaction.elicited"]
    assert "5/10" in f.message and "design rule" in f.message
    for option in ("Shrink the task", "back-up plan", "troubleshoot"):
        assert option in f.suggestion


def _review(summary: str) -> Review:
    return Review(
        assignment_id="a1b2c3d4e5f6",
        date=date(2026, 11, 27),
        completion=3,
        progress_summary=summary,
    )


@pytest.mark.parametrize(
    ("summary", "level"),
    [
        ("", "missing"),
        ("fine", "warn"),
        ("OK", "warn"),
        ("Went well.", "warn"),
        ("n/a", "warn"),
        ("All good!", "warn"),
        ("She did her homework and we talked about it", "warn"),
        ("Walked on 2 of 3 days; mood after walks up from 3 to 5.", "ok"),
        ("Noticed that anxiety dropped when she stayed in the shop.", "ok"),
        ("Learned that the feared outcome did not happen.", "ok"),
    ],
)
def test_review_summarised_only_judged_with_a_review(summary, level):
    a = Assignment.model_validate(_good())
    assert _by_criterion(a)["review.summarised"].level == "ok"
    assert "reviewed" in _by_criterion(a)["review.summarised"].message
    assert _by_criterion(a, _review(summary))["review.summarised"].level == level


def test_review_fixture_summary_is_ok(review_dict):
    a = Assignment.model_validate(_good())
    f = _by_criterion(a, Review.model_validate(review_dict))["review.summarised"]
    assert f.level == "ok"


def test_handout_reading_age_too_high_is_flagged():
    a = _with(
        {
            "rationale": "Consistent engagement facilitates improvement. Regular physical "
            "activity considerably ameliorates depressive symptomatology. Additionally, "
            "reconnection with significant relationships constitutes meaningful progress."
        }
    )
    f = _by_criterion(a)["handout.plain"]
    assert f.level == "warn"
    assert "reading age" in f.message
    assert any("aim for 9 to 11" in i.message for i in f.issues)


def test_findings_json_shape():
    findings = check(Assignment(client_code="HP-1"))
    data = findings_json(findings)
    assert list(data) == ["findings"]
    assert [d["criterion"] for d in data["findings"]] == list(CRITERIA)
    for d in data["findings"]:
        assert set(d) == {"criterion", "level", "field", "message", "suggestion"}
        assert d["level"] in coach.LEVELS
    assert coach.worst_level(findings) == "missing"


def test_check_does_not_change_the_assignment():
    a = Assignment.model_validate(_good())
    before = copy.deepcopy(a.model_dump())
    check(a, _review("fine"))
    assert a.model_dump() == before


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)


@settings(max_examples=60, deadline=None)
@given(
    what=_text,
    when=_text,
    how_long=_text,
    rationale=_text,
    goal=_text,
    if_=_text,
    then=_text,
    summary=_text,
    confidence=st.none() | st.integers(0, 10),
)
def test_never_raises_on_any_text(
    what, when, how_long, rationale, goal, if_, then, summary, confidence
):
    a = Assignment(
        client_code="HP-1",
        goal=goal,
        rationale=rationale,
        task={"what": what, "when": when, "how_long": how_long},
        obstacles=[{"if": if_, "then": then}],
        client_reaction={"summary_in_own_words": summary, "confidence": confidence},
        monitoring={"what_to_record": what, "when_to_record": when, "columns": [{"label": "x"}]},
    )
    findings = check(a, _review(summary))
    assert [f.criterion for f in findings] == list(CRITERIA)
    texts = {
        "task.what": what,
        "task.when": when,
        "task.how_long": how_long,
        "rationale": rationale,
        "obstacles[1].if": if_,
        "obstacles[1].then": then,
    }
    for f in findings:
        for issue in f.issues:
            if issue.span is not None and issue.field in texts:
                a_, b_ = issue.span
                assert 0 <= a_ < b_ <= len(texts[issue.field])
