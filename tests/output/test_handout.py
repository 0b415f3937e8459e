"""The client's handout, read back from the PDF: one page, sizes, fonts, metadata, every word."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homework_planner.domain.models import Assignment, PrintNeeds
from homework_planner.domain.settings import Settings
from homework_planner.output import content
from homework_planner.output.handout import handout_text, render_handout
from homework_planner.output.style import (
    BACKGROUNDS,
    BODY_SIZES,
    HEADER_FILLS,
    TEXT_COLOURS,
    contrast_ratio,
)
from tests.conftest import full_assignment_dict
from tests.output.pdfread import embedded_fonts, flat, reader, runs, squash, text

SETTINGS = Settings(
    service_name="Riverside Talking Therapies",
    service_phone="0300 123 4567",
    therapist_name="Alex",
)


def assignment(**changes) -> Assignment:
    data = full_assignment_dict()
    data.update(changes)
    return Assignment.model_validate(data)


def _template_examples() -> list:
    try:
        from homework_planner.domain.templates import load_templates
    except ImportError:  # templates are another part of the app; the fixture still runs
        return [pytest.param(None, id="conftest-example")]
    return [pytest.param(t, id=t.id) for t in load_templates()]


def typed_texts(a: Assignment) -> list[str]:
    """Every client-facing thing the therapist typed."""
    t, m = a.task, a.monitoring
    texts = [a.title, a.goal, a.rationale, t.what, t.when, t.where, t.how_often, t.how_long]
    texts += [t.with_whom or "", t.first_step or "", m.what_to_record, m.when_to_record]
    texts += [o.if_ for o in a.obstacles] + [o.then for o in a.obstacles]
    texts += [c.label for c in m.columns]
    return [x for x in texts if x.strip()]


def words(s: str) -> list[str]:
    return re.findall(r"[\w']+", s.lower().replace("’", "'"))


@pytest.mark.parametrize("template", _template_examples())
def test_every_template_example_is_one_page_with_every_word(template):
    a = template.example_assignment() if template else assignment()
    result = render_handout(a, PrintNeeds(), SETTINGS)
    assert result.pages == 1 and not result.overflowed
    assert result.unprintable == []
    page_words = set(words(text(result.pdf)))
    for typed in typed_texts(a):
        missing = [w for w in words(typed) if w not in page_words]
        assert missing == [], f"{typed!r} lost {missing}"
    # The coach's view of what prints, when it exists, prints too.
    try:
        from homework_planner.domain.plain import client_facing_texts
    except ImportError:
        return
    for path, typed in client_facing_texts(a).items():
        assert set(words(typed)) <= page_words, path


@pytest.mark.parametrize("size", ["standard", "large", "extra_large"])
def test_no_character_smaller_than_the_clients_size(size):
    result = render_handout(assignment(), PrintNeeds(size=size), SETTINGS)
    sizes = [s for _, s, _ in runs(result.pdf)]
    assert sizes and min(sizes) >= BODY_SIZES[size] - 0.01
    # Body text is at exactly the client's size; only headings are larger.
    assert round(min(sizes), 2) == BODY_SIZES[size]
    assert result.pages == len(reader(result.pdf).pages)
    assert result.overflowed == (result.pages > 1)


def test_fonts_are_embedded_and_metadata_set():
    a = assignment(rationale="Cymraeg: ŵyn. Ελληνικά. Русский.")
    result = render_handout(a, PrintNeeds(), SETTINGS)
    fonts = embedded_fonts(result.pdf)
    used = {name for _, _, name in runs(result.pdf)}
    # reportlab lists Helvetica as a page resource; no text is shown in it.
    assert used and all(fonts[name] for name in used), (used, fonts)
    assert any("AtkinsonHyperlegible" in f for f in fonts)
    assert any("DejaVuSans" in f for f in fonts)
    r = reader(result.pdf)
    assert r.metadata.title == "A short walk after lunch"
    assert r.metadata.author == "Alex, Riverside Talking Therapies"
    assert r.trailer["/Root"]["/Lang"] == "en-GB"


def test_output_is_repeatable():
    a = assignment()
    assert (
        render_handout(a, PrintNeeds(), SETTINGS).pdf
        == render_handout(a, PrintNeeds(), SETTINGS).pdf
    )


def test_sections_in_design_order_with_review_date_and_footer():
    result = render_handout(assignment(), PrintNeeds(), SETTINGS)
    page = flat(text(result.pdf))
    order = [
        "What I will do",
        "Why I am doing this",
        "If something gets in the way",
        "How I will keep track",
        "When we will talk about it",
        "Need help?",
    ]
    positions = [page.find(h) for h in order]
    assert all(p >= 0 for p in positions), positions
    assert positions == sorted(positions)
    assert "If it is raining, then I will walk to the end of the corridor" in page
    assert "Friday 27 November" in page
    assert "Call Riverside Talking Therapies on 0300 123 4567." in page
    assert "Samaritans on 116 123" in page
    for day in ("Mon 23", "Wed 25", "Fri 27"):
        assert squash(day) in squash(page)


def test_a_long_rationale_flows_to_a_second_page_without_loss():
    sentence = "Doing a little each day helps my mood lift and shows me I can cope. "
    long_text = (sentence * 80)[:5000].rsplit(" ", 1)[0] + "."
    result = render_handout(assignment(rationale=long_text), PrintNeeds(), SETTINGS)
    assert result.overflowed and result.pages >= 2
    assert "does not fit one page" in result.warnings[0]
    body = re.sub(r"Page \d+ of \d+( – please turn over)?", "", text(result.pdf))
    assert squash(long_text) in squash(body)
    sizes = [s for _, s, _ in runs(result.pdf)]
    assert min(sizes) >= 14 - 0.01
    # 60-70 characters a line at standard size (the full lines of the long paragraph).
    lengths = sorted(len(ln) for ln in text(result.pdf).splitlines() if "mood lift" in ln)
    assert lengths and 58 <= lengths[len(lengths) // 2] <= 72, lengths
    assert "Page 1 of" in text(result.pdf)


@pytest.mark.parametrize(
    "sample",
    [
        "Bydd yr ŵyn a’r ŷd yn Ŵyl Ŷd",  # Welsh
        "Zażółć gęślą jaźń, Łódź",  # Polish
        "Καλημέρα, πώς είσαι;",  # Greek
        "Привет, как дела? Ёжик",  # Cyrillic
    ],
)
def test_other_languages_print_and_extract_back_identical(sample):
    result = render_handout(assignment(rationale=sample), PrintNeeds(), SETTINGS)
    assert result.unprintable == []
    assert sample in flat(text(result.pdf))


def test_unprintable_characters_are_reported_not_dropped():
    result = render_handout(assignment(goal="Feel calm 漢"), PrintNeeds(), SETTINGS)
    assert result.unprintable == ["漢"]
    assert "U+6F22" in result.warnings[-1]
    assert "\ufffd" in text(result.pdf)


def test_markup_characters_print_literally():
    typed = "Say <b>no</b> & mean it > 3 times"
    result = render_handout(assignment(rationale=typed), PrintNeeds(), SETTINGS)
    assert typed in flat(text(result.pdf))


@pytest.mark.parametrize("background", ["white", "cream"])
def test_contrast_is_at_least_seven_to_one(background):
    for fg in TEXT_COLOURS:
        assert contrast_ratio(fg, BACKGROUNDS[background]) >= 7
        assert contrast_ratio(fg, HEADER_FILLS[background]) >= 7
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)


def test_cream_paints_the_page():
    pdf = render_handout(assignment(), PrintNeeds(background="cream"), SETTINGS).pdf
    content_stream = reader(pdf).pages[0].get_contents().get_data()
    assert b".992157 .964706 .890196 rg" in content_stream  # #FDF6E3


def test_plain_text_has_the_same_content():
    a = assignment()
    txt = handout_text(a, SETTINGS)
    for heading in ("What I will do", "Why I am doing this", "If something gets in the way"):
        assert heading in txt
    assert "If I feel too tired after lunch, then I will go for just five minutes" in txt
    assert "Friday 27 November" in txt and "0300 123 4567" in txt
    for typed in typed_texts(a):
        assert set(words(typed)) <= set(words(txt))


def test_if_then_wording():
    assert content.if_part("If it rains.") == "it rains"
    assert content.if_part("It rains") == "it rains"
    assert content.if_part("Sam cancels") == "Sam cancels"
    assert content.then_part("Then I will Walk indoors.") == "walk indoors"
    assert content.then_part("I'll ring Jo") == "ring Jo"
    assert content.then_part("NHS 111 is my back-up") == "NHS 111 is my back-up"


def test_monitoring_days_follow_the_schedule_or_every_day():
    a = assignment()
    assert [f"{d:%a}" for d in content.monitoring_days(a)] == ["Mon", "Wed", "Fri"]
    data = full_assignment_dict()
    data["task"].pop("schedule")
    every = content.monitoring_days(Assignment.model_validate(data))
    assert len(every) == 7 and f"{every[0]:%a %d}" == "Sat 21"


def test_with_sheet_appends_the_monitoring_sheet():
    result = render_handout(assignment(), PrintNeeds(), SETTINGS, with_sheet=True)
    assert result.handout_pages == 1 and not result.overflowed
    assert result.pages == 2
    page2 = reader(result.pdf).pages[1].extract_text()
    assert "My record: A short walk after lunch" in page2
    assert "Mood before" in page2


def test_an_empty_draft_still_makes_a_handout():
    result = render_handout(Assignment(client_code="HP-0001"), PrintNeeds(), Settings())
    page = flat(text(result.pdf))
    assert result.pages == 1
    assert "My plan for this week" in page and "at our next session" in page


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(max_size=300),
    st.text(max_size=120),
    st.sampled_from(["standard", "large", "extra_large"]),
)
def test_any_typed_text_renders_and_unprintables_are_reported(rationale, then, size):
    data = full_assignment_dict()
    data["rationale"] = rationale
    data["obstacles"] = [{"if": "it rains", "then": then}]
    result = render_handout(Assignment.model_validate(data), PrintNeeds(size=size), SETTINGS)
    assert result.pages >= 1 and result.pdf.startswith(b"%PDF")
    from homework_planner.output.fonts import unprintable

    assert result.unprintable == unprintable(rationale + " " + then)
