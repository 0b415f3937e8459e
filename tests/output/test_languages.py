"""The handout, sheet and reminder in the client's language: catalogues, scripts, right to left."""

from __future__ import annotations

import ast
import html
import re
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from homework_planner.domain.models import Assignment, PrintNeeds, shipped_languages
from homework_planner.domain.settings import DEFAULT_UNSAFE_LINE, Settings
from homework_planner.output import content, fonts, i18n
from homework_planner.output.handout import handout_text, render_handout
from homework_planner.output.ics import render_ics
from homework_planner.output.sheet import render_sheet
from tests.conftest import full_assignment_dict
from tests.output.pdfread import flat, reader, text

OUTPUT = Path(i18n.__file__).parent
LATIN = ["en-GB", "cy", "pl", "ro", "pt"]
SETTINGS = Settings(
    service_name="Riverside Talking Therapies", service_phone="0300 123 4567", therapist_name="Sam"
)


def assignment(**changes: object) -> Assignment:
    data = full_assignment_dict()
    data.update(changes)
    return Assignment.model_validate(data)


def page_lang(pdf: bytes) -> str:
    return str(reader(pdf).trailer["/Root"]["/Lang"])


def test_at_least_the_ten_languages_of_the_issue_are_shipped() -> None:
    assert set(shipped_languages()) >= {
        "en-GB",
        "cy",
        "pl",
        "ro",
        "pa",
        "ur",
        "bn",
        "ar",
        "pt",
        "gu",
    }
    assert shipped_languages()[0] == "en-GB"


@pytest.mark.parametrize("code", shipped_languages())
def test_each_catalogue_has_every_phrase_with_the_same_fields_and_says_who_checked_it(
    code: str,
) -> None:
    raw = i18n.catalogue_path(code).read_text(encoding="utf-8")
    lang = i18n.language(code)
    wanted = set(i18n.MESSAGES) | {DEFAULT_UNSAFE_LINE}
    assert set(lang.messages) == wanted, "a phrase is missing or unknown"
    for msgid, msgstr in lang.messages.items():
        assert i18n.placeholders(msgid) == i18n.placeholders(msgstr), msgid
    assert "Last-Translator:" in raw and "X-Clinician-Checked:" in raw
    assert lang.translator
    if code != "en-GB":
        assert not lang.checked
        assert "not yet checked by a native-speaking clinician" in lang.status
        # Translated, not copied: no phrase except the {field}-only ones stays English.
        same = [m for m, t in lang.messages.items() if m == t and re.sub(r"\{\w+\}", "", m).strip()]
        assert same == [] or code == "ro" and same == ["Contact"]


def _phrases_asked_for() -> set[str]:
    """Every string literal passed to a Language (`_`, `lang`, `.lang(`, `.language(`, template)."""
    found: set[str] = set()
    for path in OUTPUT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            f = node.func
            name = (
                f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            )
            if (
                name in ("_", "lang", "language", "template")
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_the_layout_code_asks_only_for_phrases_the_catalogues_have() -> None:
    asked = _phrases_asked_for()
    assert "Need help?" in asked and "Day" in asked  # the scan does find the calls
    assert asked <= set(i18n.MESSAGES) | {"en-GB"}


@pytest.mark.parametrize("code", shipped_languages())
def test_every_language_prints_handout_sheet_and_reminder_without_a_box(code: str) -> None:
    a = assignment()
    result = render_handout(a, PrintNeeds(language=code), SETTINGS, with_sheet=True)
    sheet = render_sheet(a, PrintNeeds(), SETTINGS, language=code)
    assert page_lang(result.pdf) == code and page_lang(sheet) == code
    assert result.language == code
    lang = i18n.language(code)
    every_word = " ".join(lang.messages.values()) + lang.long_date(date(2026, 12, 2))
    assert fonts.unprintable(every_word) == []
    assert "\ufffd" not in text(result.pdf) + text(sheet)
    ics = render_ics(a, stamp=None, language=code).decode("utf-8")
    assert f"LANGUAGE={code}" in ics


@pytest.mark.parametrize("code", LATIN)
def test_latin_script_headings_and_dates_extract_back(code: str) -> None:
    lang = i18n.language(code)
    a = assignment()
    pdf = render_handout(a, PrintNeeds(language=code), SETTINGS).pdf
    page = flat(text(pdf))
    for heading in ("What I will do", "Why I am doing this", "If something gets in the way"):
        assert lang(heading) in page
    assert lang("Need help?") in page
    assert lang.long_date(a.review_date) in page  # type: ignore[arg-type]
    assert lang.row_label(content.sheet_rows(a)[0]) in flat(
        text(render_sheet(a, PrintNeeds(language=code), SETTINGS))
    )


# The client's own words, typed in Welsh (invented): everything else on the page is the app's.
WELSH = {
    "title": "Taith fer ar ôl cinio",
    "rationale": "Mae cerdded yn codi fy hwyliau",
    "goal": "Teimlo'n well",
}


@pytest.mark.parametrize("code", ["cy", "pl"])
def test_no_fixed_english_word_is_left_on_a_translated_handout(code: str) -> None:
    data = full_assignment_dict()
    data.update(WELSH)
    task = data["task"]
    for key in ("what", "when", "where", "how_long", "how_often", "with_whom", "first_step"):
        task[key] = "gwneud rhywbeth"
    task["schedule"] = None
    data["obstacles"] = [{"if_": "mae hi'n bwrw glaw", "then": "cerdded yn y coridor"}]
    data["monitoring"].update(what_to_record="hwyliau", when_to_record="wedyn")
    for col in data["monitoring"]["columns"]:
        col["label"] = "Hwyliau"
    a = Assignment.model_validate(data)
    settings = Settings(service_name="Canolfan", service_phone="0300 123 4567")
    pdf = render_handout(a, PrintNeeds(language=code), settings, with_sheet=True).pdf
    english = {
        w.lower()
        for m in i18n.MESSAGES + (DEFAULT_UNSAFE_LINE,)
        for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", m))
    } - {"nhs", "samaritans"}
    printed = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text(pdf))}
    assert printed & english == set()


def test_shaping_joins_arabic_and_builds_bengali_conjuncts() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from homework_planner.output.rtl import _shape

    fonts.font_set()
    # "ক্ষ" (ka + virama + ssa) is one conjunct glyph: narrower than three separate letters.
    bengali = _shape("HP-NotoSansBengali", "ক্ষতি", 20)
    assert bengali.width < stringWidth("ক্ষতি", "HP-NotoSansBengali", 20) * 0.9
    arabic = _shape("HP-NotoNaskhArabic", "مجھے", 20)
    assert str(arabic.glyphs) != "مجھے"  # joined forms, in visual order
    # Read back from a real page: joined Urdu comes out as presentation forms.
    ur = text(render_handout(assignment(), PrintNeeds(language="ur"), SETTINGS).pdf)
    assert any(0xFB50 <= ord(ch) <= 0xFEFF for ch in ur)
    # Text extractors differ in which way round they give right-to-left words: accept either.
    forms = [unicodedata.normalize("NFKC", w) for w in ur.split()]
    assert "مدد" in {f for w in forms for f in (w, w[::-1])}


def _words(pdf: bytes) -> list[tuple[str, float, float]]:
    """(word, left x, top y) of every word, as poppler's pdftotext -bbox places them."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is needed to read word positions")
    out = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)
    return [(html.unescape(w), float(x), float(y)) for x, y, w in found]


def test_right_to_left_pages_put_labels_right_of_the_text_and_keep_numbers_in_order() -> None:
    a = assignment()
    ur = _words(render_handout(a, PrintNeeds(language="ur"), SETTINGS).pdf)
    en = _words(render_handout(a, PrintNeeds(), SETTINGS).pdf)

    def at(words: list[tuple[str, float, float]], wanted: str) -> tuple[float, float]:
        return next((x, y) for w, x, y in words if unicodedata.normalize("NFKC", w) == wanted)

    when_en, after_en = at(en, "When:"), at(en, "After")
    assert when_en[0] < after_en[0]
    # Urdu: the label "کب:" (drawn right to left: ":بک") sits to the right of the text.
    label, after = at(ur, ":بک"), at(ur, "After")
    assert abs(label[1] - after[1]) < 5 and label[0] > after[0]
    # Right-aligned: the text's lines end at the right edge of the text column.
    right_edge = max(x for _w, x, _y in ur)
    assert right_edge > 400
    # The phone number inside an Urdu sentence still reads 0300 123 4567, left to right.
    line = next(y for w, _x, y in ur if w == "0300")
    number = [(w, x) for w, x, y in ur if w in ("0300", "123", "4567") and abs(y - line) < 5]
    assert [w for w, _x in sorted(number, key=lambda n: n[1])][:3] == ["0300", "123", "4567"]


def test_the_service_can_correct_a_phrase_without_a_release(tmp_path: Path) -> None:
    folder = tmp_path / "data" / i18n.OVERRIDES_FOLDER
    folder.mkdir(parents=True)
    (folder / "cy.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Need help?"\nmsgstr "Oes angen help arnoch chi?"\n\n'
        'msgid "Day"\nmsgstr "Dydd heb faes {oops}"\n',
        encoding="utf-8",
    )
    result = render_handout(assignment(), PrintNeeds(language="cy"), SETTINGS)
    assert "Oes angen help arnoch chi?" in flat(text(result.pdf))
    assert any("leave out or add a {field}" in w for w in result.warnings)
    (folder / "cy.po").write_bytes(b'msgid "x"\nmsgstr \x00\xff"broken')
    broken = render_handout(assignment(), PrintNeeds(language="cy"), SETTINGS)
    assert "Angen cymorth?" in flat(text(broken.pdf))
    assert any("could not be read" in w for w in broken.warnings)


def test_an_unchecked_language_is_named_to_the_therapist_and_english_is_not() -> None:
    cy = render_handout(assignment(), PrintNeeds(language="cy"), SETTINGS)
    assert any("Welsh" in w and "not yet checked" in w for w in cy.warnings)
    en = render_handout(assignment(), PrintNeeds(), SETTINGS)
    assert not any("checked" in w for w in en.warnings)


def test_a_services_own_safety_line_is_flagged_when_it_has_no_translation() -> None:
    own = Settings(unsafe_line="Ring the duty team on 0300 000 0000.")
    result = render_handout(assignment(), PrintNeeds(language="pl"), own)
    assert any("safety line" in w for w in result.warnings)
    assert "Ring the duty team" in flat(text(result.pdf))  # printed as written, not lost


def test_the_language_print_need_accepts_bcp47_spellings_and_names_the_shipped_ones() -> None:
    assert PrintNeeds(language="CY").language == "cy"
    assert PrintNeeds(language="pa-Guru").language == "pa"
    assert PrintNeeds(language="en").language == "en-GB"
    assert PrintNeeds().language == "en-GB"
    with pytest.raises(ValueError, match="shipped languages: en-GB"):
        PrintNeeds(language="xx")


def test_plain_text_copy_is_in_the_language_too() -> None:
    out = handout_text(assignment(), SETTINGS, language="cy")
    assert "Beth fydda i'n ei wneud" in out and "Cysylltu" in out
    assert "What I will do" not in out


def test_the_command_line_prints_in_the_language_asked_for_and_refuses_an_unknown_one(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import full_assignment_dict

    f = tmp_path / "a.json"
    f.write_text(json.dumps(full_assignment_dict()), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "homework_planner", *args],
            capture_output=True,
            text=True,
            env=dict(os.environ),
            timeout=60,
        )

    r = run("handout", str(f), "-o", str(tmp_path / "h.txt"), "--text", "--language", "cy")
    assert r.returncode == 0, r.stderr
    assert "Beth fydda i'n ei wneud" in (tmp_path / "h.txt").read_text(encoding="utf-8")
    bad = run("handout", str(f), "-o", str(tmp_path / "x.pdf"), "--language", "xx")
    assert (
        bad.returncode == 1 and "shipped languages" in bad.stderr and "Traceback" not in bad.stderr
    )
