"""The record flows long fields onto more pages; every character not printed as typed is named.

Long content used to raise reportlab's LayoutError (a table row taller than a page); now rows
split across pages as the handout's paragraphs do, and the text read back from the PDF holds
every word. Private-use characters, controls and letters with marks no font draws whole are
listed for the handout, the sheet and the record, never dropped in silence.
"""

from __future__ import annotations

import json

import pytest

from homework_planner.cli import main
from homework_planner.domain import coach, limits
from homework_planner.domain.models import Assignment, PrintNeeds
from homework_planner.domain.settings import Settings
from homework_planner.output import fonts
from homework_planner.output.handout import render_handout
from homework_planner.output.record import record_unprintable, render_record_pdf
from homework_planner.output.sheet import render_sheet, sheet_unprintable
from tests.conftest import full_assignment_dict
from tests.output.pdfread import reader, squash, text

PUA = "\ue000"
MARKS = "z\u0350\u035c"  # z with two marks: no shipped face draws all three together


def _assignment(**changes: object) -> Assignment:
    d = full_assignment_dict()
    d.update(changes)
    return Assignment.model_validate(d)


def _record(a: Assignment) -> bytes:
    return render_record_pdf(a, 3, coach.check(a), Settings(therapist_name="Sam Lee"))


def test_a_3600_character_reason_of_ordinary_words_flows_onto_more_pages():
    words = ["walking", "helps", "my", "mood", "lift", "a", "little", "each", "day"]
    reason = " ".join(words[i % len(words)] for i in range(600))[:3600]
    pdf = _record(_assignment(rationale=reason))
    assert len(reader(pdf).pages) >= 2
    assert squash(reason) in squash(text(pdf))


def test_a_10000_character_word_is_broken_across_lines_and_pages():
    word = "x" * 10_000
    pdf = _record(_assignment(rationale=word))
    assert len(reader(pdf).pages) >= 3
    assert squash(text(pdf)).count("x" * 10_000) == 1


@pytest.mark.parametrize("lines", [50, 400])
def test_a_field_of_many_short_lines_flows(lines):
    field = "\n".join(f"step {i}" for i in range(lines))
    pdf = _record(_assignment(rationale=field, goal=field))
    got = squash(text(pdf))
    assert all(squash(f"step {i}") in got for i in (0, lines // 2, lines - 1))
    assert len(reader(pdf).pages) >= (2 if lines == 50 else 10)


def test_a_long_title_and_long_plans_flow_too():
    a = _assignment(
        title="t" * 3_000,
        obstacles=[{"if": "it rains " * 300, "then": "walk indoors " * 300}] * 3,
    )
    assert len(reader(_record(a)).pages) >= 3


def test_a_sheet_with_many_wide_columns_at_the_largest_size_fits_in_several_tables():
    d = full_assignment_dict()
    d["monitoring"]["columns"] = [
        {"label": f"{'W' * 50} {i}", "scale": "0" * limits.MAX_SCALE}
        for i in range(limits.MAX_COLUMNS)
    ]
    d["monitoring"]["days"] = 31
    a = Assignment.model_validate(d)
    pdf = render_sheet(a, PrintNeeds(size="extra_large"), Settings())
    got = squash(text(pdf))
    assert all(f"{i}(" in got for i in range(limits.MAX_COLUMNS))


# ---- characters that do not print as typed ------------------------------------------------


def test_private_use_characters_are_listed_not_dropped():
    a = _assignment(rationale=f"My sign {PUA} helps")
    result = render_handout(a, PrintNeeds(), Settings())
    assert result.unprintable == [PUA]
    assert "U+E000 a private-use character" in " ".join(result.warnings)
    assert "\ufffd" in text(result.pdf)  # drawn as the replacement box, not left out


def test_a_letter_with_several_marks_is_named_whole():
    assert fonts.unprintable(f"a {MARKS} b") == [MARKS]
    described = fonts.describe_unprintable([MARKS])
    assert "U+007A" in described and "U+0350" in described and "U+035C" in described


def test_control_and_format_characters_are_listed_as_left_out_without_being_shown():
    missing = fonts.unprintable("ring\x07 the \u202ebell")
    assert missing == ["\x07", "\u202e"]
    described = fonts.describe_unprintable(missing)
    assert "U+0007 a control character (left out)" in described
    assert "\x07" not in described and "\u202e" not in described
    # A tab, a form feed, a zero-width joiner: spacing, nothing is lost.
    assert fonts.unprintable("a\tb\x0cc\u200dd") == []


def test_the_record_and_the_sheet_list_what_they_cannot_draw():
    a = _assignment(
        title=f"Plan {PUA}",
        rationale=f"Because {MARKS}",
        monitoring={
            "what_to_record": "Mood \x07",
            "columns": [{"label": "Mood", "scale": "0-10"}],
            "days": 7,
        },
    )
    assert record_unprintable(a, 1, coach.check(a), Settings()) == [PUA, MARKS, "\x07"]
    assert sheet_unprintable(a) == [PUA, "\x07"]


def test_the_record_command_warns_about_what_it_cannot_draw(tmp_path, capsys):
    d = full_assignment_dict()
    d["rationale"] = f"Because {PUA} and {MARKS}"
    src = tmp_path / "in.json"
    src.write_text(json.dumps(d), encoding="utf-8")
    for extra in ([], ["--text"]):
        assert main(["record", str(src), "-o", str(tmp_path / "r.out"), *extra]) == 0
        err = capsys.readouterr().err
        assert "U+E000" in err and "U+0350" in err and "U+035C" in err
        assert "Because" not in err


@pytest.mark.parametrize("size", ["standard", "large", "extra_large"])
def test_one_long_heading_among_short_ones_gets_a_wider_column(size):
    # Found by the import fuzzer: the long heading shared a table of narrow columns and its
    # row grew taller than a page.
    d = full_assignment_dict()
    d["monitoring"]["columns"] = [{"label": "Mood"}] * 19 + [
        {"label": "W" * 60, "scale": "0" * limits.MAX_SCALE}
    ]
    d["monitoring"]["days"] = 1
    pdf = render_sheet(Assignment.model_validate(d), PrintNeeds(size=size), Settings())
    assert squash("W" * 60) in squash(text(pdf))
