"""The client's one-page handout as a PDF (reportlab platypus), following DESIGN.md "The handout"."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..domain.models import Assignment, PrintNeeds
from ..domain.settings import Settings
from . import content as c
from . import fonts, i18n
from .style import Look, look_for

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HandoutResult:
    pdf: bytes
    pages: int  # all pages, including an appended monitoring sheet
    overflowed: bool  # the handout itself needed more than one page at the client's size
    unprintable: list[str] = field(default_factory=list)
    handout_pages: int = 1
    # About the client's language: not yet checked, a broken override file, an English line.
    language_notes: list[str] = field(default_factory=list)
    language: str = "en-GB"

    @property
    def warnings(self) -> list[str]:
        """Messages for the therapist, before printing."""
        out = []
        if self.overflowed:
            out.append(
                f"The handout does not fit one page at this print size: it takes "
                f"{self.handout_pages} pages. Shorten the longest parts, or print both sides."
            )
        if self.unprintable:
            out.append(
                "These characters cannot be printed and show as \ufffd or are left out: "
                f"{fonts.describe_unprintable(self.unprintable)}. Replace them with words."
            )
        out.extend(self.language_notes)
        return out


def language_notes(lang: i18n.Language, data: c.HandoutContent | None = None) -> list[str]:
    """What the therapist should know about the client's language before printing."""
    notes = [w for w in (lang.unchecked_warning(),) if w]
    notes += list(lang.warnings)
    if data is not None:
        notes += data.notes
    return notes


def handout_text(
    a: Assignment, settings: Settings | None = None, language: str | None = None
) -> str:
    """The same content as the PDF, as plain text (reportlab cannot tag PDFs for screen readers)."""
    return c.to_text(c.build(a, settings or Settings(), i18n.language(language)))


def render_handout(
    a: Assignment,
    needs: PrintNeeds,
    settings: Settings,
    *,
    with_sheet: bool = False,
    language: str | None = None,
) -> HandoutResult:
    """The handout at the client's print size, in the client's language (`language` overrides
    the recorded one); flows onto a second page rather than shrink."""
    from . import pdfdoc

    look = look_for(needs)
    lang = i18n.language(language or needs.language)
    data = c.build(a, settings, lang)
    missing = fonts.unprintable(c.to_text(data))
    if missing:
        # The character, not the text around it: no client text in logs.
        log.info("handout has %d unprintable character(s)", len(missing))

    def story(doc_look: Look) -> list[Flowable]:
        flow = pdfdoc.handout_story(data, doc_look)
        if with_sheet:
            from reportlab.platypus import PageBreak

            from . import sheet

            flow += [PageBreak(), pdfdoc.SectionStart("sheet")]
            flow += sheet.sheet_story(a, doc_look, lang)
        return flow

    meta = pdfdoc.Meta(
        title=data.title, author=settings.author, subject=lang("Homework handout"), keywords=""
    )
    pdf, pages, marks = pdfdoc.build(story, look, meta, lang=lang)
    handout_pages = marks.get("sheet", pages + 1) - 1 if with_sheet else pages
    return HandoutResult(
        pdf=pdf,
        pages=pages,
        overflowed=handout_pages > 1,
        unprintable=missing,
        handout_pages=handout_pages,
        language_notes=language_notes(lang, data),
        language=lang.code,
    )
