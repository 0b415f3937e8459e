"""Trainer examples: the poor version really is poor by the coach, the good one is all OK."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest

from homework_planner.domain.coach import CRITERIA, check
from homework_planner.domain.errors import InvalidData
from homework_planner.domain.examples import LEVELS, get_example, load_examples, parse_example

EXAMPLES = load_examples()


def levels(a):
    return {f.criterion: f.level for f in check(a)}


def not_ok(a) -> int:
    return sum(1 for lvl in levels(a).values() if lvl != "ok")


def test_at_least_five_interventions_with_three_versions_each():
    assert len({e.intervention for e in EXAMPLES}) >= 5
    for e in EXAMPLES:
        assert [e.version(lv).intervention for lv in LEVELS] == [e.intervention] * 3
        assert get_example(e.id) is e


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_poor_better_good_by_the_coach(example):
    poor, better, good = (levels(example.version(lv)) for lv in LEVELS)
    assert set(good.values()) == {"ok"}, good
    assert "missing" in poor.values()
    assert not_ok(example.poor) >= 5
    assert not_ok(example.poor) > not_ok(example.better) > 0
    # Every difference explained is one the coach actually shows between poor and good.
    for d in example.differences:
        assert d.criterion in CRITERIA
        assert poor[d.criterion] != "ok" or better[d.criterion] != "ok", d.criterion


# Where today's coach still gives OK to what an explanation rightly criticises: each names the
# coach rule of issue 14 that is to catch it. strict=False, so a coach that catches it shows
# as XPASS, and the mark is then removed.
# All four rules awaited here (escape in exposure, a link by meaning, "it is homework" and a
# protocol name as the 'then') are in the coach now: nothing waits.
AWAITED: dict[tuple[str, str, str], str] = {}


def _badge_cases() -> list:
    cases = []
    for e in EXAMPLES:
        for d in e.differences:
            for lv in LEVELS:
                key = (e.id, lv, d.criterion)
                marks = (
                    [pytest.mark.xfail(strict=False, reason=AWAITED[key])] if key in AWAITED else []
                )
                cases.append(pytest.param(e, d, lv, id="/".join(key), marks=marks))
    return cases


@pytest.mark.parametrize(("example", "difference", "level"), _badge_cases())
def test_the_badge_agrees_with_the_explanation(example, difference, level):
    """A criterion the explanation criticises is never shown OK; one it praises always is."""
    expected = difference.expected[level]
    actual = levels(example.version(level))[difference.criterion]
    if expected == "ok":
        assert actual == "ok", f"{level}: the explanation praises it, the coach says {actual}"
    else:
        assert actual != "ok", f"{level}: the explanation criticises it, the coach says OK"


def test_every_awaited_rule_is_a_real_case():
    keys = {(e.id, lv, d.criterion) for e in EXAMPLES for d in e.differences for lv in LEVELS}
    assert set(AWAITED) <= keys
    for example_id, level, criterion in AWAITED:
        d = next(d for d in get_example(example_id).differences if d.criterion == criterion)
        assert d.expected[level] != "ok"  # only criticised versions can wait for a rule


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_every_example_cites_the_protocol_it_follows(example):
    assert len(example.protocol.follows.split()) >= 20
    assert example.protocol.sources
    for source in example.protocol.sources:
        assert re.search(r"\((?:19|20)\d{2}\)", source), source
    # Each explained criterion appears once, with a level for every version.
    assert len({d.criterion for d in example.differences}) == len(example.differences)
    for d in example.differences:
        assert set(d.expected) == set(LEVELS) and d.expected["good"] == "ok"


def test_the_good_exposure_example_stays_without_escape_or_distraction():
    e = get_example("graded-exposure-shop")
    for o in e.good.obstacles:
        assert not re.search(
            r"\bleave\b|walk round|distract|read|breath|label|come back|go home", o.then, re.I
        ), o.then
        assert o.then.startswith(("stay", "go in"))
    assert "half" in e.good.task.how_long
    assert [c.label for c in e.good.monitoring.columns][:3] == [
        "Fear at start",
        "Fear at its highest",
        "Fear at end",
    ]
    # The explanation names the mistakes: escape, distraction and safety behaviours.
    text = next(d.explanation for d in e.differences if d.criterion == "obstacles.planned")
    for word in ("escape", "Distraction", "safety behaviours", "reading labels", "slow breathing"):
        assert word in text, word
    assert e.better.obstacles[0].then == "leave"


def test_good_versions_follow_their_protocols():
    sleep = get_example("sleep-fixed-rise").good
    assert "facing the wall" in (sleep.task.first_step or "")  # no clock-watching
    assert any("not nap" in o.then for o in sleep.obstacles)
    tr = get_example("thought-record-work").good
    labels = [(c.label, c.scale) for c in tr.monitoring.columns]
    assert ("Emotion (name it)", None) in labels and ("How strong", "0-100") in labels
    worry = get_example("worry-time-evening").good
    assert "alarm" in (worry.task.first_step or "")  # the reminder is set before it is needed
    for e in EXAMPLES:
        for o in e.good.obstacles:
            assert not re.search(r"\bforg[eo]t", o.if_), (e.id, o.if_)
        # Every rating on the good version's record sheet says its scale.
        for c in e.good.monitoring.columns:
            if re.search(r"\b(?:fear|mood|belief|rested|worry|how strong)\b", c.label, re.I):
                assert c.scale, (e.id, c.label)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_explanations_tie_to_beck_and_cite_evidence(example):
    principles = " ".join(d.principle for d in example.differences)
    for letter in ("(a)", "(b)", "(c)"):
        assert f"Beck {letter}" in principles
    for d in example.differences:
        assert any(ch.isdigit() for ch in d.source)  # a year: cited, not just named
    assert example.good.client_code.startswith("TRAIN-")  # invented, never a real code


def _raw(name: str) -> dict:
    res = files("homework_planner") / "resources" / "examples" / name
    return json.loads(res.read_text(encoding="utf-8"))


def test_a_broken_example_is_refused_by_field_without_echoing_values():
    data = _raw("sleep-fixed-rise.json")
    data["differences"][0]["criterion"] = "task.clear"
    data["good"]["intervention"] = "worry_time"
    data["poor"]["review_date"] = "SECRET-not-a-date"
    with pytest.raises(InvalidData) as info:
        parse_example(data, "broken.json")
    text = str(info.value)
    assert "poor.review_date" in text and "SECRET" not in text

    data = _raw("sleep-fixed-rise.json")
    data["differences"][0]["criterion"] = "task.clear"
    with pytest.raises(InvalidData, match=r"differences\[1\]\.criterion"):
        parse_example(data)

    data = _raw("sleep-fixed-rise.json")
    data["good"]["intervention"] = "worry_time"
    with pytest.raises(InvalidData, match="intervention"):
        parse_example(data)

    data = _raw("sleep-fixed-rise.json")
    del data["protocol"]
    with pytest.raises(InvalidData, match="protocol"):
        parse_example(data)
    data = _raw("sleep-fixed-rise.json")
    data["protocol"]["sources"] = ["A sleep book with no year of publication"]
    with pytest.raises(InvalidData, match=r"protocol\.sources") as info:
        parse_example(data)
    assert "sleep book" not in str(info.value)

    data = _raw("sleep-fixed-rise.json")
    del data["differences"][0]["expected"]
    with pytest.raises(InvalidData, match=r"differences\.1\.expected|differences\[1\]\.expected"):
        parse_example(data)
    data = _raw("sleep-fixed-rise.json")
    data["differences"][0]["expected"] = {"poor": "missing", "better": "warn"}
    with pytest.raises(InvalidData, match="poor, better and good"):
        parse_example(data)
    data["differences"][0]["expected"] = {"poor": "missing", "better": "warn", "good": "warn"}
    with pytest.raises(InvalidData, match="good version is the model"):
        parse_example(data)
    data["differences"][0]["expected"] = {"poor": "missing", "better": "fine", "good": "ok"}
    with pytest.raises(InvalidData, match="expected"):
        parse_example(data)

    data = _raw("sleep-fixed-rise.json")
    data["differences"][1]["criterion"] = data["differences"][0]["criterion"]
    with pytest.raises(InvalidData, match=r"differences\[2\]\.criterion"):
        parse_example(data)
    with pytest.raises(InvalidData):
        parse_example(["not", "an", "object"])
