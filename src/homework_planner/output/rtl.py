"""Right-to-left paragraphs (Arabic, Urdu): shaped words, laid out right to left, a word-level bidi.

reportlab's own right-to-left support needs the rlbidi package, which is not on PyPI for current
Pythons; so this flowable breaks lines itself, shapes each run with uharfbuzz (through reportlab's
shapeFragWord) and places words from the right. Latin and number runs inside an Urdu sentence
("NHS 111", "0300 123 4567") keep their left-to-right order, as the Unicode bidi algorithm does.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from reportlab.lib.abag import ABag
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.platypus import Flowable

from .fonts import FontSet, face_runs, font_set

_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")


@dataclass
class _Piece:
    face: str
    text: str
    width: float
    glyphs: str  # a ShapedStr (a str subclass), or the plain text when shaping changed nothing


@dataclass
class _Word:
    pieces: list[_Piece]
    rtl: bool  # has right-to-left letters: its pieces run right to left
    ltr: bool  # has Latin (or other left-to-right) letters or digits

    @property
    def width(self) -> float:
        return sum(p.width for p in self.pieces)


def _shape(face: str, text: str, size: float) -> _Piece:
    plain = stringWidth(text, face, size)
    word = shapeFragWord([plain, (ABag(fontName=face, fontSize=size), text)])
    return _Piece(
        face,
        text,
        float(word[0]),
        str(word[1][1]) if not isinstance(word[1][1], str) else word[1][1],
    )


def _direction(text: str) -> tuple[bool, bool]:
    classes = {unicodedata.bidirectional(ch) for ch in text}
    return bool(classes & {"R", "AL"}), bool(classes & {"L", "EN", "AN"})


class RtlPara(Flowable):
    """A paragraph written right to left: right-aligned (or centred), bold runs where asked."""

    def __init__(
        self,
        runs: list[tuple[str, bool]],
        style: ParagraphStyle,
        *,
        bullet: str | None = None,
        fonts: FontSet | None = None,
    ) -> None:
        super().__init__()
        self.runs = runs
        self.style = style
        self.bullet = bullet
        self.fonts = fonts or font_set()
        self.lines: list[list[_Word]] = []
        self.width = 0.0
        self.height = 0.0
        self._words = self._build_words()

    @property
    def text(self) -> str:
        return "".join(t for t, _b in self.runs)

    def _build_words(self) -> list[_Word | None]:
        """Words in logical order; None marks a forced line break."""
        size = self.style.fontSize
        words: list[_Word | None] = []
        cur: list[tuple[str, str]] = []

        def flush() -> None:
            if not cur:
                return
            pieces: list[_Piece] = []
            for face, ch in cur:
                if pieces and pieces[-1].face == face:
                    pieces[-1].text += ch
                else:
                    pieces.append(_Piece(face, ch, 0.0, ch))
            text = "".join(p.text for p in pieces)
            rtl, ltr = _direction(text)
            shaped = []
            for p in pieces:
                # Brackets inside a right-to-left word are drawn mirrored.
                t = p.text.translate(_MIRROR) if rtl and not ltr else p.text
                shaped.append(_shape(p.face, t, size))
            words.append(_Word(shaped, rtl, ltr))
            cur.clear()

        for text, bold in self.runs:
            for face, cluster in face_runs(text, bold=bold, fonts=self.fonts):
                if cluster == "\n":
                    flush()
                    words.append(None)
                elif cluster.isspace() and cluster != "\u00a0":  # no break in "0300 123"
                    flush()
                else:
                    cur.append((face, cluster))
        flush()
        return words

    def _indent(self) -> float:
        return float(self.style.leftIndent) if self.bullet else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        space = stringWidth(" ", self.fonts.body, self.style.fontSize)
        width = availWidth - self._indent()
        lines: list[list[_Word]] = [[]]
        used = 0.0
        for w in self._words:
            if w is None:
                lines.append([])
                used = 0.0
                continue
            need = w.width + (space if lines[-1] else 0.0)
            if lines[-1] and used + need > width:
                lines.append([w])
                used = w.width
            else:
                lines[-1].append(w)
                used += need
        self.lines = [ln for ln in lines if ln] or [[]]
        self.width = availWidth
        self.height = len(self.lines) * float(self.style.leading)
        return availWidth, self.height

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    @staticmethod
    def visual(line: list[_Word]) -> list[_Word]:
        """The words of one line from left to right: the line runs right to left, but a run of
        Latin words or numbers keeps its own order."""
        units: list[list[_Word]] = []
        run: list[_Word] = []
        for w in line:
            if w.ltr and not w.rtl:
                run.append(w)
                continue
            if run:
                units.append(run)
                run = []
            units.append([w])
        if run:
            units.append(run)
        out: list[_Word] = []
        for unit in reversed(units):
            out.extend(unit)
        return out

    def draw(self) -> None:
        canv = self.canv
        style = self.style
        size = float(style.fontSize)
        space = stringWidth(" ", self.fonts.body, size)
        right = self.width - self._indent()
        canv.saveState()
        canv.setFillColor(style.textColor)
        for i, line in enumerate(self.lines):
            # The baseline sits as Paragraph puts it: one font size below the line's top.
            y = self.height - i * float(style.leading) - size
            total = sum(w.width for w in line) + space * max(0, len(line) - 1)
            x = (right - total) / 2 if style.alignment == TA_CENTER else right - total
            if i == 0 and self.bullet:
                canv.setFont(self.fonts.body, size)
                canv.drawRightString(self.width - float(style.bulletIndent), y, self.bullet)
            for w in self.visual(line):
                pieces = list(reversed(w.pieces)) if w.rtl and not w.ltr else w.pieces
                for p in pieces:
                    canv.setFont(p.face, size)
                    canv.drawString(x, y, p.glyphs)
                    x += p.width
                x += space
        canv.restoreState()
