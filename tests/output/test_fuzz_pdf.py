"""Fuzzing the outputs: any text the model accepts prints or is reported, never a crash.

Reportlab markup characters (<, >, &, <b>, <para>), right-to-left and combining text, emoji,
control characters and very long words, in the fields that print, at every print size: the
handout (PDF and text), the record (PDF and text), the monitoring sheet and the reminders.
HP_FUZZ_EXAMPLES sets the number of examples of the slow run (default 40 here: a render takes
tens of ms); HP_FUZZ_FAST those of the quick run that is part of the default suite (default 3).
"""

from __future__ import annotations

import io
import os
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from homework_planner.domain import coach
from homework_planner.domain.models import Assignment, PrintNeeds
from homework_planner.domain.settings import Settings
from homework_planner.output.handout import handout_text, render_handout
from homework_planner.output.ics import render_ics
from homework_planner.output.record import record_text, record_unprintable, render_record_pdf
from homework_planner.output.sheet import render_sheet, sheet_unprintable
from tests.conftest import full_assignment_dict

EXAMPLES = max(10, int(os.environ.get("HP_FUZZ_EXAMPLES", "60")) * 2 // 3)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
FUZZ_FAST = settings(FUZZ, max_examples=int(os.environ.get("HP_FUZZ_FAST", "3")))
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
    "x" * 10_000,  # one word longer than a page
    "\n".join(["ab"] * 400),
    "\ue000\U000f0000",  # private use: printed as a box and listed
    "z\u0350\u035c",  # a letter with marks no face draws together
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


CASES = given(
    values=st.fixed_dictionaries({f: texts for f in FIELDS}),
    size=st.sampled_from(["standard", "large", "extra_large"]),
    cream=st.booleans(),
    with_sheet=st.booleans(),
)


def _prints_or_reports(values: dict[str, str], size: str, cream: bool, with_sheet: bool) -> None:
    a = _assignment(values)
    needs = PrintNeeds(size=size, background="cream" if cream else "white")
    settings = Settings(service_name="<b>Service & Co</b>")
    result = render_handout(a, needs, settings, with_sheet=with_sheet)
    assert result.pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == result.pages >= 1
    assert all(isinstance(u, str) for u in result.unprintable)
    handout_text(a, settings).encode("utf-8")
    findings = coach.check(a)
    assert PdfReader(io.BytesIO(render_record_pdf(a, 2, findings, settings))).pages
    record_text(a, 2, findings).encode("utf-8")
    missing = record_unprintable(a, 2, findings, settings)
    # What the handout cannot draw, the record (which holds all of its text) names too; the
    # marks of a cluster may attach to another letter there, so code points are compared.
    in_handout = {ch for u in result.unprintable for ch in u if not unicodedata.combining(ch)}
    assert in_handout - {" "} <= {ch for u in missing for ch in u}
    assert PdfReader(io.BytesIO(render_sheet(a, needs, settings))).pages
    sheet_unprintable(a)
    assert render_ics(a).startswith(b"BEGIN:VCALENDAR")
    OUTCOMES["reported" if result.unprintable else "printed"] += 1


@FUZZ_FAST
@CASES
def test_any_text_prints_or_is_reported_quick(values, size, cream, with_sheet):
    _prints_or_reports(values, size, cream, with_sheet)


@pytest.mark.slow
@FUZZ
@CASES
def test_any_text_prints_or_is_reported(values, size, cream, with_sheet):
    _prints_or_reports(values, size, cream, with_sheet)


def test_markup_is_printed_as_text_not_obeyed():
    values = dict.fromkeys(FIELDS, "plain")
    values["title"] = "Fish & chips <b>not bold</b>"
    result = render_handout(_assignment(values), PrintNeeds(), Settings())
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(result.pdf)).pages)
    assert "Fish & chips <b>not bold</b>" in " ".join(text.split())
