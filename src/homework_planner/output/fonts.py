"""Embedded fonts with a per-character fallback, and safe Paragraph markup built from plain text."""

from __future__ import annotations

import logging
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING
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
        for face in self.faces(bold):
            if all(ord(c) in face.cmap for c in cluster):
                return face.name
        return None

    def can_draw(self, ch: str) -> bool:
        return any(ord(ch) in f.cmap for f in self.regular) and any(
            ord(ch) in f.cmap for f in self.bold
        )


def _font_path(filename: str) -> Traversable:
    # One name at a time: Python 3.10's joinpath() takes only one.
    return resources.files("homework_planner") / "resources" / "fonts" / filename


@lru_cache(maxsize=1)
def font_set() -> FontSet:
    """Register the shipped TTFs with reportlab once per process and read their character maps."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        faces: dict[str, Face] = {}
        for name, filename in (PRIMARY, PRIMARY_BOLD, FALLBACK, FALLBACK_BOLD):
            with resources.as_file(_font_path(filename)) as path:
                font = TTFont(name, str(path))
            pdfmetrics.registerFont(font)
            faces[name] = Face(name, frozenset(font.face.charToGlyph))
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
        regular=(faces[PRIMARY[0]], faces[FALLBACK[0]]),
        bold=(faces[PRIMARY_BOLD[0]], faces[FALLBACK_BOLD[0]]),
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
    for cluster in clusters(clean(text)):
        if cluster == "\n":
            runs.append(("\n", []))
            continue
        face = primary if cluster == " " else fonts.face_for(cluster, bold)
        if face is None:
            face, cluster = fonts.faces(bold)[-1].name, REPLACEMENT
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
