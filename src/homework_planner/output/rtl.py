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
_CLOSING = set(")]")


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
    glued: bool = False  # after a no-break space: never starts a line

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
        cur: list[tuple[str, str, bool]] = []
        glue = [False]

        def flush() -> None:
            if not cur:
                return
            rtl, ltr = _direction("".join(ch for _f, ch, _b in cur))
            if ltr and not rtl and len(cur) > 1 and cur[-1][1] in _CLOSING:
                # "10)" in a right-to-left sentence: the ")" belongs to the sentence, drawn
                # mirrored to the left of the number, as the bidi algorithm places it.
                tail = cur.pop()
                flush()
                glue[0] = True
                cur.append(tail)
                rtl, ltr = False, False
            pieces: list[_Piece] = []
            for face, ch, bold in cur:
                if not rtl:
                    # No right-to-left letters ("10)", "NHS"): the face that draws it best, so
                    # that the Arabic face's shaping never turns "10" into "01".
                    face = self.fonts.face_for(ch, bold) or face
                if pieces and pieces[-1].face == face:
                    pieces[-1].text += ch
                else:
                    pieces.append(_Piece(face, ch, 0.0, ch))
            shaped = []
            for p in pieces:
                # Brackets inside a right-to-left word (or standing alone) are drawn mirrored.
                t = p.text.translate(_MIRROR) if not ltr else p.text
                shaped.append(_shape(p.face, t, size))
            words.append(_Word(shaped, rtl, ltr, glue[0]))
            glue[0] = False
            cur.clear()

        for text, bold in self.runs:
            for face, cluster in face_runs(text, bold=bold, fonts=self.fonts):
                if cluster == "\n":
                    flush()
                    words.append(None)
                elif cluster == "\u00a0":
                    # A word boundary for the bidi order, but no line break: "0300 123 4567".
                    flush()
                    glue[0] = True
                elif cluster.isspace():
                    flush()
                else:
                    cur.append((face, cluster, bold))
        flush()
        return words

    def _indent(self) -> float:
        return float(self.style.leftIndent) if self.bullet else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        space = stringWidth(" ", self.fonts.body, self.style.fontSize)
        width = availWidth - self._indent()
        lines: list[list[_Word]] = [[]]
        used = 0.0
        # Words joined by no-break spaces move to the next line together.
        chains: list[list[_Word] | None] = []
        for w in self._words:
            if w is not None and w.glued and chains and chains[-1] is not None:
                chains[-1].append(w)
            else:
                chains.append(None if w is None else [w])
        for chain in chains:
            if chain is None:
                lines.append([])
                used = 0.0
                continue
            chain_w = sum(w.width for w in chain) + space * (len(chain) - 1)
            need = chain_w + (space if lines[-1] else 0.0)
            if lines[-1] and used + need > width:
                lines.append(list(chain))
                used = chain_w
            else:
                lines[-1].extend(chain)
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
