"""Shipped fonts: small, licensed, chosen per character, and markup that prints text literally."""

from __future__ import annotations

from importlib import resources

from homework_planner.output import fonts


def _folder():
    return resources.files("homework_planner").joinpath("resources", "fonts")


def test_shipped_fonts_are_small_and_licensed():
    names = {p.name for p in _folder().iterdir()}
    for _, filename in (fonts.PRIMARY, fonts.PRIMARY_BOLD, fonts.FALLBACK, fonts.FALLBACK_BOLD):
        assert filename in names
        assert len(_folder().joinpath(filename).read_bytes()) < 2 * 1024 * 1024
    assert "OFL-AtkinsonHyperlegible.txt" in names and "LICENSE-DejaVu.txt" in names
    assert "SIL Open Font License" in _folder().joinpath("OFL-AtkinsonHyperlegible.txt").read_text()


def test_fallback_is_chosen_per_character():
    fs = fonts.font_set()
    out = fonts.markup("Bore da ŵyn")
    # Only the ŵ goes to the fallback face; the rest stays in Atkinson Hyperlegible.
    assert out == f'Bore da <font name="{fs.regular[1].name}">ŵ</font>yn'
    bold = fonts.markup("ŵ", bold=True, base=fs.body)
    assert bold == f'<font name="{fs.bold[1].name}">ŵ</font>'


def test_markup_escapes_and_keeps_line_breaks():
    assert fonts.markup("a < b & c > d\nnext") == "a &lt; b &amp; c &gt; d<br/>next"


def test_decomposed_letters_are_composed_and_controls_dropped():
    assert fonts.clean("w\u0302\u200b\x07\tx") == "ŵ x"
    assert fonts.unprintable("w\u0302") == []


def test_unprintable_lists_each_character_once_in_order():
    assert fonts.unprintable("漢 a 字 漢") == ["漢", "字"]
    assert "U+5B57" in fonts.describe_unprintable(["字"])
