"""Embedded fonts with a per-character fallback, and safe Paragraph markup built from plain text."""

from __future__ import annotations

import logging
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:  # Python 3.10
        from importlib.abc import Traversable

log = logging.getLogger(__name__)

# Atkinson Hyperlegible was designed for low-vision readers (Braille Institute, OFL). It covers
# Latin including Polish but not Welsh ŵ/ŷ, Greek or Cyrillic, so DejaVu Sans (Bitstream Vera
# licence) draws whatever Atkinson lacks. The choice is made per character, never per paragraph,
# so one Greek name does not turn a whole sentence into the fallback face.
PRIMARY = ("HP-Atkinson", "AtkinsonHyperlegible-Regular.ttf")
PRIMARY_BOLD = ("HP-Atkinson-Bold", "AtkinsonHyperlegible-Bold.ttf")
FALLBACK = ("HP-DejaVu", "DejaVuSans.ttf")
FALLBACK_BOLD = ("HP-DejaVu-Bold", "DejaVuSans-Bold.ttf")
# One Noto face per script the shipped languages need (OFL, resources/fonts/OFL-Noto.txt), after
# Atkinson and DejaVu; the Arabic block prefers Noto Naskh (DejaVu's Arabic is a fallback design).
# Naskh, not Nastaliq, for Urdu too: it shapes reliably and stays legible at large print sizes.
SCRIPT_FACES = (
    ("HP-NotoNaskhArabic", "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    ("HP-NotoSansBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    ("HP-NotoSansGurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf"),
    ("HP-NotoSansGujarati", "NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf"),
)
_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
# Scripts whose letters change shape with their neighbours: reportlab must shape them (uharfbuzz).
_COMPLEX_RANGES = (*_ARABIC_RANGES, (0x0980, 0x09FF), (0x0A00, 0x0A7F), (0x0A80, 0x0AFF))


def _in(ranges: tuple[tuple[int, int], ...], ch: str) -> bool:
    o = ord(ch)
    if o < 0x0600:  # Latin, Greek, Cyrillic: the common case, decided at once
        return False
    return any(lo <= o <= hi for lo, hi in ranges)


_SCRIPT_FACE_NAMES = frozenset(
    [s[0] for s in SCRIPT_FACES] + [f"{s[0]}-Bold" for s in SCRIPT_FACES]
)


def needs_shaping(text: str) -> bool:
    """True when `text` has letters of a script that must be shaped (Arabic, Bengali, Indic)."""
    return any(_in(_COMPLEX_RANGES, ch) for ch in text)


def is_rtl_char(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


# Drawn for a character no shipped font has, so nothing silently vanishes; the therapist is told.
REPLACEMENT = "\ufffd"
# Characters that take no space and have no glyph of their own: dropped before layout.
_IGNORABLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ufe0e", "\ufe0f"}

_lock = threading.Lock()


@dataclass(frozen=True)
class Face:
    name: str
    cmap: frozenset[int]


@dataclass(frozen=True)
class FontSet:
    """The registered faces, regular and bold, in fallback order."""

    regular: tuple[Face, ...]
    bold: tuple[Face, ...]

    @property
    def body(self) -> str:
        return self.regular[0].name

    @property
    def heading(self) -> str:
        return self.bold[0].name

    def faces(self, bold: bool) -> tuple[Face, ...]:
        return self.bold if bold else self.regular

    def face_for(self, cluster: str, bold: bool = False) -> str | None:
        """The first face that can draw every character of a grapheme cluster, or None."""
        faces = self.faces(bold)
        if cluster and _in(_ARABIC_RANGES, cluster[0]):
            faces = tuple(sorted(faces, key=lambda f: "Arabic" not in f.name))
        for face in faces:
            if all(ord(c) in face.cmap for c in cluster):
                return face.name
        return None

    def is_script_face(self, name: str) -> bool:
        return name in _SCRIPT_FACE_NAMES

    def covers(self, name: str, cluster: str) -> bool:
        for face in (*self.regular, *self.bold):
            if face.name == name:
                return all(ord(c) in face.cmap for c in cluster)
        return False

    def can_draw(self, ch: str) -> bool:
        return any(ord(ch) in f.cmap for f in self.regular) and any(
            ord(ch) in f.cmap for f in self.bold
        )


def _font_path(filename: str) -> Traversable:
    # One name at a time: Python 3.10's joinpath() takes only one.
    return resources.files("homework_planner") / "resources" / "fonts" / filename


def _shape_by_font(w: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - reportlab's lists
    """reportlab's shapeFragWord, one font run at a time.

    reportlab shapes a whole word with the glyph table of its first fragment's font, so in
    "Sam-এর" or "(0 থেকে 10)" the Bengali letters would come out as .notdef boxes. A word
    whose fragments use several fonts is shaped run by run and put back together."""
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfbase.pdfmetrics import stringWidth

    original = _ORIGINAL_SHAPER[0]
    items = list(w[1:])
    fonts = {getattr(f, "fontName", None) for f, _s in items if not hasattr(f, "cbDefn")}
    if isinstance(w, ttfonts.ShapedFragWord) or len(fonts) <= 1:
        return original(w, *args, **kwargs)
    groups: list[list[Any]] = []
    for item in items:
        name = getattr(item[0], "fontName", None)
        if groups and (hasattr(item[0], "cbDefn") or groups[-1][0] == name):
            groups[-1][1].append(item)
        else:
            groups.append([name, [item]])
    out = ttfonts.makeShapedFragWord(w)([])
    total = 0.0
    changed = False
    for _name, part in groups:
        width = sum(
            stringWidth(str(t), f.fontName, f.fontSize) for f, t in part if not hasattr(f, "cbDefn")
        )
        sub = w.__class__([width, *part])
        shaped = original(sub, *args, **kwargs)
        changed = changed or shaped is not sub
        total += float(shaped[0])
        out.extend(shaped[1:])
    if not changed:
        return w
    out.insert(0, total)
    return out


_ORIGINAL_SHAPER: list[Any] = []


def _install_run_shaping() -> None:
    from reportlab.platypus import paragraph

    # types-reportlab does not know reportlab 4's shaping names; the module attribute is there.
    if not _ORIGINAL_SHAPER:
        _ORIGINAL_SHAPER.append(paragraph.shapeFragWord)  # type: ignore[attr-defined]
        paragraph.shapeFragWord = _shape_by_font  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def font_set() -> FontSet:
    """Register the shipped TTFs with reportlab once per process and read their character maps."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        _install_run_shaping()
        faces: dict[str, Face] = {}
        files = [PRIMARY, PRIMARY_BOLD, FALLBACK, FALLBACK_BOLD]
        for name, regular, bold in SCRIPT_FACES:
            files += [(name, regular), (f"{name}-Bold", bold)]
        for name, filename in files:
            with resources.as_file(_font_path(filename)) as path:
                font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
            faces[name] = Face(name, frozenset(font.face.charToGlyph))
        for name, _regular, _bold in SCRIPT_FACES:
            pdfmetrics.registerFontFamily(
                name, normal=name, bold=f"{name}-Bold", italic=name, boldItalic=f"{name}-Bold"
            )
        # <b> inside a paragraph of the regular face must switch to the bold file, not fake it.
        pdfmetrics.registerFontFamily(
            PRIMARY[0],
            normal=PRIMARY[0],
            bold=PRIMARY_BOLD[0],
            italic=PRIMARY[0],
            boldItalic=PRIMARY_BOLD[0],
        )
        pdfmetrics.registerFontFamily(
            FALLBACK[0],
            normal=FALLBACK[0],
            bold=FALLBACK_BOLD[0],
            italic=FALLBACK[0],
            boldItalic=FALLBACK_BOLD[0],
        )
    return FontSet(
        regular=(
            faces[PRIMARY[0]],
            faces[FALLBACK[0]],
            *(faces[s[0]] for s in SCRIPT_FACES),
        ),
        bold=(
            faces[PRIMARY_BOLD[0]],
            faces[FALLBACK_BOLD[0]],
            *(faces[f"{s[0]}-Bold"] for s in SCRIPT_FACES),
        ),
    )


def _normalized(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def _left_out(ch: str) -> bool:
    """Controls and invisible format characters: they take no space and are not drawn."""
    return unicodedata.category(ch) in ("Cc", "Cf") and not ch.isspace()


def clean(text: str) -> str:
    """NFC (so w + combining circumflex becomes the one glyph ŵ), tabs to spaces, no controls.

    Private-use and unassigned characters stay (no font has them: they print as the
    replacement box and are listed by unprintable()); half a surrogate pair becomes the box
    at once, since a PDF cannot hold it."""
    out = []
    for ch in _normalized(text):
        if ch in _IGNORABLE or _left_out(ch):
            continue
        if ch != "\n" and ch.isspace() and unicodedata.category(ch) == "Cc":
            out.append(" ")  # a tab, a form feed: space between words, as str.split sees it
        elif unicodedata.category(ch) == "Cs":
            out.append(REPLACEMENT)
        else:
            out.append(ch)
    return "".join(out)


def clusters(text: str) -> list[str]:
    """Split into base character + following combining marks (enough for NFC Latin/Greek/Cyrillic)."""
    out: list[str] = []
    for ch in text:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def unprintable(text: str, fonts: FontSet | None = None) -> list[str]:
    """What of `text` does not print as typed, in order of first appearance: each character or
    letter-with-marks that no shipped face draws whole (it prints as one replacement box, so
    the whole cluster is listed, every mark included), and each control or format character
    that is left out. Zero-width joiners, soft hyphens and variation selectors are not listed:
    leaving them out changes nothing on paper."""
    fonts = fonts or font_set()
    seen: list[str] = []
    visible = "".join(
        " " if ch != "\n" and ch.isspace() and unicodedata.category(ch) == "Cc" else ch
        for ch in _normalized(text)
        if ch not in _IGNORABLE
    )
    for cluster in clusters(visible):
        if cluster in (" ", "\n") or cluster in seen:
            continue
        broken = len(cluster) == 1 and unicodedata.category(cluster) in ("Cc", "Cf", "Cs")
        if broken or fonts.face_for(cluster) is None or fonts.face_for(cluster, bold=True) is None:
            seen.append(cluster)
    return seen


def markup(
    text: str, *, bold: bool = False, base: str | None = None, fonts: FontSet | None = None
) -> str:
    """Paragraph markup for plain text: escaped (<, >, & print literally) and split into
    <font name=...> runs so each character is drawn by the first face that has it.

    `base` is the font of the paragraph's style (default: the first face of the wanted weight);
    runs in any other face, including bold ones inside a regular paragraph, get a font tag."""
    fonts = fonts or font_set()
    primary = fonts.faces(bold)[0].name
    base = base or primary
    runs: list[tuple[str, list[str]]] = []
    for face, cluster in face_runs(text, bold=bold, fonts=fonts):
        if cluster == "\n":
            runs.append(("\n", []))
            continue
        if runs and runs[-1][0] == face:
            runs[-1][1].append(cluster)
        else:
            runs.append((face, [cluster]))
    parts: list[str] = []
    for face, chars in runs:
        if face == "\n":
            parts.append("<br/>")
            continue
        body = escape("".join(chars))
        parts.append(body if face == base else f'<font name="{face}">{body}</font>')
    return "".join(parts)


def _neutral(cluster: str) -> bool:
    return all(unicodedata.category(ch)[0] in "PNZS" for ch in cluster)


def face_runs(
    text: str, *, bold: bool = False, fonts: FontSet | None = None
) -> list[tuple[str, str]]:
    """(face, cluster) for each cluster of the cleaned text; "\n" clusters have face "\n".

    Spaces, digits and punctuation after a script face's letters stay in that face when it
    has them: reportlab shapes a word with its first font, so "কখন:" must be one face."""
    fonts = fonts or font_set()
    primary = fonts.faces(bold)[0].name
    out: list[tuple[str, str]] = []
    for cluster in clusters(clean(text)):
        if cluster == "\n":
            out.append(("\n", "\n"))
            continue
        prev = out[-1][0] if out else ""
        if (
            prev
            and fonts.is_script_face(prev)
            and _neutral(cluster)
            and fonts.covers(prev, cluster)
        ):
            out.append((prev, cluster))
            continue
        face = primary if cluster == " " else fonts.face_for(cluster, bold)
        if face is None:
            face, cluster = fonts.faces(bold)[1].name, REPLACEMENT
        out.append((face, cluster))
    return out


_KINDS = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Co": "a private-use character",
    "Cn": "an unassigned character",
    "Cs": "half of a surrogate pair",
}


def _char_name(ch: str) -> str:
    return unicodedata.name(ch, "") or _KINDS.get(unicodedata.category(ch), "unnamed character")


def describe_unprintable(chars: list[str]) -> str:
    """'☃ (U+2603 SNOWMAN)' style list, for messages to the therapist. A letter with marks
    names every code point; a character that cannot be shown (a control, half a surrogate
    pair, a private-use one) is named by its code only, and one left out says so."""
    parts = []
    for entry in chars:
        codes = " + ".join(f"U+{ord(ch):04X} {_char_name(ch)}" for ch in entry)
        if len(entry) == 1 and _left_out(entry):
            parts.append(f"{codes} (left out)")
        elif all(unicodedata.category(ch)[0] != "C" for ch in entry):
            parts.append(f"{entry} ({codes})")
        else:
            parts.append(codes)
    return ", ".join(parts)
