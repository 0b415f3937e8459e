"""Coach levels shown as symbol + word + colour, so a level never depends on colour alone."""

from __future__ import annotations

import html

from ...domain.coach import CRITERION_LABELS, LEVEL_STYLE, Finding


def badge(level: str) -> str:
    symbol, word, fg, bg = LEVEL_STYLE.get(level, LEVEL_STYLE["missing"])
    return (
        f'<span style="color:{fg}; background-color:{bg}; font-weight:bold;">'
        f"&nbsp;{symbol}&nbsp;{word}&nbsp;</span>"
    )


def finding_html(f: Finding, *, details: bool = True) -> str:
    name = html.escape(CRITERION_LABELS.get(f.criterion, f.criterion))
    text = f"{badge(f.level)} <b>{name}</b>"
    if details and f.level != "ok":
        text += f"<br>{html.escape(f.message)}"
        if f.suggestion:
            text += f"<br>Try: {html.escape(f.suggestion)}"
    return text
