"""Marks the words the coach finds vague, in place, inside a text field."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

log = logging.getLogger(__name__)


def vague_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    # Background and a wavy underline: visible to people who cannot tell the colours apart.
    fmt.setBackground(QColor("#ffe7a3"))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(QColor("#b45309"))
    return fmt


class VagueHighlighter(QSyntaxHighlighter):
    """Spans are character offsets into the field's whole text (Issue.span)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.spans: tuple[tuple[int, int], ...] = ()
        self._format = vague_format()

    def set_spans(self, spans: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> None:
        spans = tuple(sorted(set(spans)))
        if spans != self.spans:
            self.spans = spans
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        if not self.spans:
            return
        start_of_block = self.currentBlock().position()
        end_of_block = start_of_block + len(text)
        for start, end in self.spans:
            lo, hi = max(start, start_of_block), min(end, end_of_block)
            if lo < hi:
                self.setFormat(lo - start_of_block, hi - lo, self._format)
