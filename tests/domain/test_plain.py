"""Plain-language check: sentence splitting, reading age, long sentences and jargon."""

from __future__ import annotations

import pytest

from homework_planner.domain import plain
from homework_planner.domain.models import Assignment
from tests.conftest import full_assignment_dict

SIMPLE = (
    "I will walk to the shop. I will go after lunch. It takes ten minutes. "
    "I will tick the box when I get home."
)
COMPLEX = (
    "Psychoeducation regarding the maintenance of anxiety demonstrates that avoidance perpetuates "
    "catastrophic misinterpretations. Consequently, systematic confrontation facilitates "
    "disconfirmation of unrealistic expectations."
)


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in plain.split_sentences(text)]


def test_split_copes_with_abbreviations_times_and_lists():
    assert _sentences("Walk at 6.30 pm, e.g. to the shop. Then rest.") == [
        "Walk at 6.30 pm, e.g. to the shop.",
        "Then rest.",
    ]
    assert _sentences("Go out, i.e. leave the house. Note it at 13:00 today.") == [
        "Go out, i.e. leave the house.",
        "Note it at 13:00 today.",
    ]
    assert _sentences("- walk the dog\n- read 2 pages\n3. phone Jo") == [
        "walk the dog",
        "read 2 pages",
        "phone Jo",
    ]
    assert _sentences("Is it safe? Yes! I checked.") == ["Is it safe?", "Yes!", "I checked."]
    assert _sentences("") == []
    assert _sentences("...") == []


def test_words_keep_times_and_abbreviations_whole():
    assert plain.words("At 6.30 pm, e.g. Monday") == ["At", "6.30", "pm", "e.g.", "Monday"]


@pytest.mark.parametrize(
    ("word", "low", "high"),
    [
        ("walk", 1, 1),
        ("minutes", 2, 2),
        ("people", 2, 2),
        ("relaxation", 4, 4),
        ("hierarchy", 3, 4),
    ],
)
def test_syllables_are_close_to_spoken(word, low, high):
    assert low <= plain.syllables(word) <= high


def test_reading_age_simple_vs_complex():
    simple = plain.analyse(SIMPLE)
    hard = plain.analyse(COMPLEX)
    assert simple.reading_age is not None and 6 <= simple.reading_age <= 10
    assert hard.reading_age is not None and hard.reading_age > 18
    assert not simple.too_hard and hard.too_hard


def test_too_little_text_has_no_reading_age():
    assert plain.analyse("15 minutes").reading_age is None
    assert plain.analyse("").words == 0


def test_long_sentences_flagged_with_span_and_word_count():
    long = (
        "When I go out for a walk in the afternoon and see the trees and the people in the "
        "park I usually feel a lot calmer."
    )
    text = "I walk. " + long
    report = plain.analyse(text)
    assert len(report.long_sentences) == 1
    s = report.long_sentences[0]
    assert text[s.span[0] : s.span[1]] == long
    assert s.words == 26
    assert plain.analyse("One two three four five six seven eight nine ten.").long_sentences == ()


@pytest.mark.parametrize(
    ("text", "term", "found", "plain_words"),
    [
        (
            "Climb my exposure hierarchy",
            "exposure hierarchy",
            "exposure hierarchy",
            "ladder of steps",
        ),
        ("Notice your cognitions", "cognitions", "cognitions", "thoughts"),
        ("Note the cognition", "cognitions", "cognition", "thoughts"),
        ("Rate SUDS each time", "suds", "SUDS", "how anxious, 0 to 100"),
        (
            "Drop safety behaviors",
            "safety behaviours",
            "safety behaviors",
            "things you do to feel safe",
        ),
        ("Less rumination", "rumination", "rumination", "going over and over things"),
        (
            "Behavioural activation plan",
            "behavioural activation",
            "Behavioural activation",
            "doing more of what matters",
        ),
        (
            "Spot the cognitive distortions",
            "cognitive distortion",
            "cognitive distortions",
            "thinking trap",
        ),
        (
            "Catch automatic thoughts",
            "automatic thoughts",
            "automatic thoughts",
            "thoughts that pop into your head",
        ),
        ("Reduce avoidance", "avoidance", "avoidance", "staying away from things"),
    ],
)
def test_jargon_found_with_plain_alternative(text, term, found, plain_words):
    hits = plain.analyse(text).jargon
    assert len(hits) == 1
    hit = hits[0]
    assert hit.term == term and hit.plain == plain_words
    assert text[hit.span[0] : hit.span[1]] == found


def test_jargon_list_is_broad_and_prefers_longest_term():
    assert len(plain.JARGON) >= 20
    assert plain.JARGON["exposure hierarchy"] == "ladder of steps"
    hits = plain.find_jargon("my exposure hierarchy")
    assert [h.term for h in hits] == ["exposure hierarchy"]
    assert plain.find_jargon("I will walk to the shop and back") == ()


def test_if_then_rendering_does_not_double_words():
    assert (
        plain.if_then_sentence("it rains", "walk indoors")
        == "If it rains, then I will walk indoors."
    )
    assert (
        plain.if_then_sentence("If it rains,", "Then I will walk indoors.")
        == "If it rains, then I will walk indoors."
    )
    parts = plain.if_then("If it rains", "I'll walk indoors")
    assert parts.text[parts.if_span[0] : parts.if_span[1]] == "it rains"
    assert "If it rains"[parts.if_offset :].startswith("it rains")
    assert parts.text[parts.then_span[0] : parts.then_span[1]] == "walk indoors"


def test_client_facing_texts_are_what_prints():
    a = Assignment.model_validate(full_assignment_dict())
    texts = plain.client_facing_texts(a)
    assert texts["task.what"] == a.task.what
    assert texts["rationale"] == a.rationale
    assert texts["obstacles[1]"] == (
        "If it is raining, then I will walk to the end of the corridor and back five times."
    )
    assert texts["monitoring.when_to_record"] == "Straight after each walk"
    assert "goal" not in texts and "client_reaction.summary_in_own_words" not in texts
    assert plain.client_facing_texts(Assignment(client_code="HP-1")) == {}
