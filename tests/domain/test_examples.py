"""Trainer examples: the poor version really is poor by the coach, the good one is all OK."""

from __future__ import annotations

import json
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
    with pytest.raises(InvalidData):
        parse_example(["not", "an", "object"])
