"""Fuzzing the handout: any text the model accepts prints or is reported, never a crash.

Reportlab markup characters (<, >, &, <b>, <para>), right-to-left and combining text, emoji,
control characters and very long words, in the fields that print, at every print size.
HP_FUZZ_EXAMPLES sets the number of examples (default 40 here: a render takes tens of ms).
"""

from __future__ import annotations

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from homework_planner.domain.models import Assignment, PrintNeeds
from homework_planner.domain.settings import Settings
from homework_planner.output.handout import render_handout
from tests.conftest import full_assignment_dict

pytestmark = pytest.mark.slow

EXAMPLES = max(10, int(os.environ.get("HP_FUZZ_EXAMPLES", "60")) * 2 // 3)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
TRICKY = [
    "<b>bold?</b>",
    "a & b < c > d",
    "<para>",
    "</font>",
    "&amp;&lt;",
    "שלום עולם",  # Hebrew, right to left
    "مرحبا بالعالم",  # Arabic, right to left and joined
    "e\u0301\u0301\u0301",  # combining accents
    "\u202eoverride\u202c",
    "😀👩‍👩‍👧🏳️‍🌈",
    "漢字かな",
    "\x07\x1b[31m",
    "Zalgo Z̷̢̛a̸l̵g̶o̷",
    "x" * 500,
    "\t\n\r ",
]
texts = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(codec="utf-8"), max_size=80),
    st.lists(st.sampled_from(TRICKY), min_size=1, max_size=4).map(" ".join),
)
FIELDS = ["title", "goal", "rationale", "what", "when", "where", "if", "then", "record"]


def _assignment(values: dict[str, str]) -> Assignment:
    d = full_assignment_dict()
    d["title"] = values["title"]
    d["goal"] = values["goal"]
    d["rationale"] = values["rationale"]
    for key in ("what", "when", "where"):
        d["task"][key] = values[key]
    d["obstacles"][0] = {"if": values["if"], "then": values["then"]}
    d["monitoring"]["what_to_record"] = values["record"]
    return Assignment.model_validate(d)


OUTCOMES = {"printed": 0, "reported": 0}


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\npdf fuzz outcomes: {OUTCOMES} (total {sum(OUTCOMES.values())})")


@FUZZ
@given(
    values=st.fixed_dictionaries({f: texts for f in FIELDS}),
    size=st.sampled_from(["standard", "large", "extra_large"]),
    cream=st.booleans(),
    with_sheet=st.booleans(),
)
def test_any_text_prints_or_is_reported(values, size, cream, with_sheet):
    a = _assignment(values)
    needs = PrintNeeds(size=size, background="cream" if cream else "white")
    result = render_handout(
        a, needs, Settings(service_name="<b>Service & Co</b>"), with_sheet=with_sheet
    )
    assert result.pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == result.pages >= 1
    assert all(isinstance(u, str) for u in result.unprintable)
    OUTCOMES["reported" if result.unprintable else "printed"] += 1


def test_markup_is_printed_as_text_not_obeyed():
    values = dict.fromkeys(FIELDS, "plain")
    values["title"] = "Fish & chips <b>not bold</b>"
    result = render_handout(_assignment(values), PrintNeeds(), Settings())
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(result.pdf)).pages)
    assert "Fish & chips <b>not bold</b>" in " ".join(text.split())
