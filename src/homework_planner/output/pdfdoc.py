"""Shared PDF building blocks for client-facing pages: styles, drawn tick boxes, grids, page build."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Indenter,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..domain.models import MonitoringColumn
from . import content as c
from . import i18n
from .fonts import font_set, markup, needs_shaping
from .i18n import Language
from .rtl import RtlPara
from .style import HEADING, INK, MIN_SIDE_MARGIN, PAGE_HEIGHT, PAGE_WIDTH, RULE, SEPARATOR, Look


@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    keywords: str = ""


_DIGIT_GAP = re.compile(r"(?<=\d) (?=\d)")


class SectionStart(Flowable):
    """An invisible marker: the document notes the page on which a named part begins."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class TickBox(Flowable):
    """A square drawn with lines (not a glyph, which a font might lack or draw too small)."""

    def __init__(self, side: float, fill: str) -> None:
        super().__init__()
        self.side = side
        self.fill = fill

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.side, self.side

    def draw(self) -> None:
        canv = self.canv
        canv.setStrokeColor(colors.HexColor(INK))
        canv.setFillColor(colors.HexColor(self.fill))
        canv.setLineWidth(1.6)
        canv.rect(0, 0, self.side, self.side, stroke=1, fill=1)


class Styles:
    """Paragraph styles at one client's print size, in one client's language."""

    def __init__(self, look: Look, lang: Language | None = None) -> None:
        fs = font_set()
        self.look = look
        self.lang = lang or i18n.language()
        self.rtl = self.lang.rtl
        size, lead = look.size, look.leading
        ink = colors.HexColor(INK)
        blue = colors.HexColor(HEADING)
        self.body = ParagraphStyle(
            "body",
            fontName=fs.body,
            fontSize=size,
            leading=lead,
            textColor=ink,
            alignment=TA_RIGHT if self.rtl else TA_LEFT,
            spaceAfter=look.gap,
            splitLongWords=True,
            allowWidows=0,
            allowOrphans=0,
        )
        self.bullet = ParagraphStyle(
            "bullet",
            parent=self.body,
            leftIndent=size * 1.3,
            bulletIndent=size * 0.2,
            bulletFontName=fs.body,
            bulletFontSize=size,
        )
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName=fs.heading,
            fontSize=look.title_size,
            leading=look.title_size * 1.25,
            textColor=blue,
            spaceAfter=size * 0.1,
            keepWithNext=1,
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=self.body,
            fontName=fs.heading,
            fontSize=look.heading_size,
            leading=look.heading_size * 1.25,
            textColor=blue,
            spaceBefore=size * 0.55,
            spaceAfter=size * 0.1,
            keepWithNext=1,
        )
        self.fact = ParagraphStyle("fact", parent=self.body, spaceAfter=0)
        self.side_heading = ParagraphStyle(
            "side_heading",
            parent=self.heading,
            fontSize=round(size * 1.1, 1),
            leading=round(size * 1.1, 1) * 1.25,
            spaceBefore=0,
            spaceAfter=0,
            keepWithNext=0,
        )
        self.cell = ParagraphStyle("cell", parent=self.body, spaceAfter=0, leading=size * 1.25)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=fs.heading)
        self.day = ParagraphStyle("day", parent=self.cell_bold, alignment=TA_CENTER)

    def shaped(self, style: ParagraphStyle, text: str) -> ParagraphStyle:
        """The style, shaping its text through uharfbuzz when the text needs it (Indic scripts)."""
        if not needs_shaping(text):
            return style
        return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)

    def runs(self, runs: list[tuple[str, bool]], style: ParagraphStyle) -> Flowable:
        """A paragraph of (text, bold) runs: a Paragraph, or for right-to-left a RtlPara."""
        if self.rtl:
            return RtlPara(runs, self._rtl_style(style))
        parts = [markup(t, bold=b, base=style.fontName) for t, b in runs]
        return Paragraph("".join(parts), self.shaped(style, "".join(t for t, _ in runs)))

    def _rtl_style(self, style: ParagraphStyle) -> ParagraphStyle:
        if style.alignment == TA_CENTER:
            return style
        return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Flowable:
        style = style or self.body
        return self.runs([(text, style.fontName == font_set().heading)], style)

    def labelled(self, label: str, text: str, style: ParagraphStyle | None = None) -> Flowable:
        """ "When: after lunch" with the label in bold (emphasis only) and the rest regular."""
        style = style or self.body
        if label and style is self.body:
            # Lines that start with a bold label are told apart by it; no extra gap needed.
            style = self.fact
        runs = [(label + " ", True)] if label else []
        return self.runs([*runs, (text, False)], style)

    def template(
        self, template: str, fields: dict[str, tuple[str, bool]], bold_fixed: bool = True
    ) -> list[tuple[str, bool]]:
        """A catalogue phrase as (text, bold) runs: each {field} as given, the fixed words bold
        (their surrounding spaces and punctuation regular), so word order follows the language."""
        out: list[tuple[str, bool]] = []
        for piece in re.split(r"(\{\w+\})", template):
            name = piece[1:-1]
            if piece.startswith("{") and name in fields:
                out.append(fields[name])
                continue
            core = piece.strip(_PLAIN)
            if not core or not bold_fixed:
                out.append((piece, False))
                continue
            lead = piece[: len(piece) - len(piece.lstrip(_PLAIN))]
            tail = piece[len(piece.rstrip(_PLAIN)) :]
            out += [(lead, False), (core, True), (tail, False)]
        return [(t, b) for t, b in out if t]

    def if_then(self, plan: c.IfThen) -> Flowable:
        runs = self.template(plan.template, {"if": (plan.if_, False), "then": (plan.then, False)})
        if self.rtl:
            return RtlPara(runs, self._rtl_style(self.bullet), bullet="•")
        b = self.body.fontName
        text = "".join(markup(t, bold=bold, base=b) for t, bold in runs)
        return Paragraph(text, self.shaped(self.bullet, plan.sentence), bulletText="•")


# Spaces and sentence punctuation around a phrase's fixed words: never bold.
_PLAIN = " ,.:;!?\u060c\u06d4\u0964\u00a0"


def grid_tables(
    st: Styles,
    days: list[date] | tuple[date, ...],
    columns: list[MonitoringColumn] | tuple[MonitoringColumn, ...],
    width: float,
) -> list[Table]:
    """Days across, things to record down; split into week-sized blocks that fit the width."""
    look = st.look
    fs = font_set()
    pad = look.size * 0.3
    lang = st.lang

    def heading(col: MonitoringColumn) -> Flowable:
        return st.runs([(c.column_heading(col, True, lang), True)], st.cell_bold)

    labels = [heading(col) for col in columns]
    natural = (
        max(stringWidth(c.column_heading(col, lang=lang), fs.heading, look.size) for col in columns)
        + 2 * pad
    )
    min_label = width * 0.25
    widest_day = max(stringWidth(lang.short_weekday(d), fs.heading, look.size) for d in days)
    min_day = max(widest_day + 2 * pad, look.size * 2.2)
    # As few blocks as the width allows (a week on one row), and blocks of even size:
    # 7 days as 4 + 3 reads better than 6 + 1.
    fit = max(1, min(7, int((width - min_label) // min_day)))
    blocks = math.ceil(len(days) / fit)
    per_block = math.ceil(len(days) / blocks)
    day_w = max(min_day, min((width - natural) / per_block, look.size * 4))
    label_w = max(min_label, min(natural, width - per_block * day_w))
    box = look.size * 1.3
    min_row = look.size * 1.65  # a number written by hand needs about a centimetre
    tables = []
    for start in range(0, len(days), per_block):
        block = days[start : start + per_block]
        one_line = widest_day + stringWidth(" 30", fs.heading, look.size) + 2 * pad <= day_w
        sep = " " if one_line else "\n"
        header: list[Any] = [Paragraph("", st.cell)] + [
            st.runs([(lang.short_weekday(d) + sep + f"{d.day}", True)], st.day) for d in block
        ]
        rows: list[list[Any]] = [header]
        heights: list[float | None] = [None]
        for col, label in zip(columns, labels, strict=True):
            cells = [TickBox(box, look.paper) if c.is_tick(col) else "" for _ in block]
            rows.append([label, *cells])
            _, h = label.wrap(label_w - 2 * pad, PAGE_HEIGHT)
            heights.append(max(min_row, h + 2 * pad))
        # Fresh Paragraph objects per table: a flowable must not be drawn in two places.
        labels = [heading(col) for col in columns]
        widths = [label_w] + [day_w] * len(block)
        if st.rtl:
            # Right to left: the labels on the right, the first day next to them.
            rows = [list(reversed(r)) for r in rows]
            widths.reverse()
        t = Table(
            rows,
            colWidths=widths,
            rowHeights=heights,
            hAlign="RIGHT" if st.rtl else "LEFT",
        )
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 1.2, colors.HexColor(RULE)),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(look.header_fill)),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("ALIGN", (0, 0) if st.rtl else (1, 0), (-2 if st.rtl else -1, -1), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
                ]
            )
        )
        t.spaceAfter = look.gap * 2
        t.spaceBefore = look.gap
        tables.append(t)
    return tables


def handout_story(data: c.HandoutContent, look: Look) -> list[Flowable]:
    st = Styles(look, data.lang)
    story: list[Flowable] = [st.para(data.title, st.title)]
    for section in data.sections:
        part: list[Flowable] = []
        grids: list[Flowable] = []
        for block in section.blocks:
            if isinstance(block, c.Para):
                part.append(st.labelled(block.label, block.text))
            elif isinstance(block, c.IfThen):
                part.append(st.if_then(block))
            else:
                # The grid takes the whole width (under the side heading too): wider day
                # columns and one-line labels keep a week's grid short.
                grids.extend(grid_tables(st, block.days, block.columns, look.frame_width))
        story.extend(_section(st, section.heading, part, grids))
    if data.contact:
        story.append(Spacer(1, look.size * 0.3))
        story.append(contact_box(st, data.contact))
    return story


def _height(flowables: list[Flowable], width: float) -> float:
    total = 0.0
    for f in flowables:
        total += f.wrap(width, PAGE_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _section(
    st: Styles, heading: str, part: list[Flowable], grids: list[Flowable]
) -> list[Flowable]:
    """One section, kept whole on a page; with a side heading when the page has room."""
    look = st.look
    head_w = look.side_head_width
    too_tall = _height(part, look.text_width) > PAGE_HEIGHT * 0.6
    if not head_w or too_tall or not part:
        # Stacked: the heading stays with its first lines (keepWithNext); long text may split.
        # With side headings elsewhere, the text keeps to the same column (and measure).
        if head_w:
            part = [Indenter(left=head_w), *part, Indenter(left=-head_w)]
        # Big print: a section may continue overleaf (the heading never ends a page, a grid
        # is never split), rather than leave half a page empty.
        return [st.para(heading, st.heading), *part, *(KeepTogether([g]) for g in grids)]
    head = st.para(heading, st.side_heading)
    if st.rtl:
        # Mirrored: the side heading on the right, the text to its left.
        t = Table([[part, head]], colWidths=[look.text_width, head_w], hAlign="RIGHT")
        gap = ("LEFTPADDING", (1, 0), (1, 0), look.size * 0.6)
    else:
        t = Table([[head, part]], colWidths=[head_w, look.text_width], hAlign="LEFT")
        gap = ("RIGHTPADDING", (0, 0), (0, 0), look.size * 0.6)
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.HexColor(SEPARATOR)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                gap,
                ("TOPPADDING", (0, 0), (-1, -1), look.size * 0.25),
                ("BOTTOMPADDING", (0, 0), (-1, -1), look.size * 0.1),
            ]
        )
    )
    return [KeepTogether([t, *grids]) if grids else t]


def contact_box(st: Styles, lines: list[c.Para]) -> Flowable:
    look = st.look
    pad = look.size * 0.5
    font_set()
    style = ParagraphStyle("contact", parent=st.body, spaceAfter=look.size * 0.15)
    cells: list[Flowable] = []
    for p in lines:
        # A phone number must not break across lines: "0300 123" / "4567" gets misdialled.
        p = c.Para(_DIGIT_GAP.sub("\u00a0", p.text), _DIGIT_GAP.sub("\u00a0", p.label), p.call)
        if p.call:
            # The number in bold; the words around it regular, in the client's word order.
            who = {"who": (p.label, False), "number": (p.text, True)}
            msgid = "Call {who} on {number}." if p.label else "Call us on {number}."
            cells.append(st.runs(st.template(st.lang.template(msgid), who, False), style))
        else:
            cells.append(st.runs([(p.text, False)], style))
    head_w = look.side_head_width
    need_help = st.lang("Need help?")
    if head_w:
        row = [[st.para(need_help, st.side_heading), cells]]
        widths = [head_w, look.text_width]
        if st.rtl:
            row, widths = [[cells, row[0][0]]], [look.text_width, head_w]
    else:
        row = [[[st.para(need_help, st.cell_bold), *cells]]]
        widths = [look.text_width]
    t = Table(row, colWidths=widths, hAlign="RIGHT" if st.rtl else "LEFT")
    t.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.5, colors.HexColor(RULE)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (0, 0), 0)
                if st.rtl and head_w
                else ("LEFTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.4),
            ]
        )
    )
    return KeepTogether([t])


def text_width(text: str, font: str, size: float) -> float:
    return stringWidth(text, font, size)


def wide_width(look: Look) -> float:
    """The frame width of the "wide" page template (sheets and grids need the page, not 66 chars)."""
    return PAGE_WIDTH - 2 * MIN_SIDE_MARGIN


class _Doc(BaseDocTemplate):
    def __init__(
        self,
        buf: io.BytesIO,
        look: Look,
        meta: Meta,
        total: int | None,
        first_template: str = "page",
        lang: Language | None = None,
    ) -> None:
        self.language = lang or i18n.language()
        super().__init__(
            buf,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=look.side_margin,
            rightMargin=look.side_margin,
            topMargin=look.top_margin,
            bottomMargin=look.bottom_margin(bool(total and total > 1)),
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            creator="Homework Planner",
            producer="Homework Planner (ReportLab)",
            # reportlab takes a string or a list (setKeywords joins a list); types-reportlab: list.
            keywords=meta.keywords,  # type: ignore[arg-type]
            lang=self.language.code,
            invariant=1,  # same input, same bytes: repeatable output and tests
            displayDocTitle=1,
            # Otherwise every page names Helvetica, a font that is not embedded.
            initialFontName=font_set().body,
            initialFontSize=look.size,
            initialLeading=look.leading,
        )
        self.look = look
        self.total = total
        self.marks: dict[str, int] = {}
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        wide = Frame(
            MIN_SIDE_MARGIN,
            self.bottomMargin,
            wide_width(look),
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="wide",
        )
        templates = [
            PageTemplate("page", [frame], onPage=self._decorate),
            PageTemplate("wide", [wide], onPage=self._decorate),
        ]
        if first_template == "wide":
            templates.reverse()
        self.addPageTemplates(templates)

    def _footer_style(self, look: Look) -> ParagraphStyle:
        fs = font_set()
        return ParagraphStyle(
            "footer",
            fontName=fs.heading,
            fontSize=look.size,
            leading=look.size * 1.2,
            textColor=colors.HexColor(INK),
            alignment=TA_RIGHT if self.language.rtl else TA_LEFT,
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionStart):
            self.marks.setdefault(flowable.name, self.page)

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        look = self.look
        if look.background != "white":
            canv.saveState()
            canv.setFillColor(colors.HexColor(look.paper))
            canv.rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT, stroke=0, fill=1)
            canv.restoreState()
        if self.total and self.total > 1:
            n = canv.getPageNumber()
            msgid = (
                "Page {n} of {total} – please turn over"
                if n < self.total
                else "Page {n} of {total}"
            )
            text = self.language(msgid, n=n, total=self.total)
            wide = doc.pageTemplate.id == "wide"
            width = wide_width(look) if wide else self.width
            line = Styles(look, self.language).para(text, self._footer_style(look))
            _, h = line.wrap(width, PAGE_HEIGHT)
            # The footer's first baseline where drawString put it; mirrored for right to left.
            y = max(14.0, self.bottomMargin - look.leading) - h + look.size
            line.drawOn(canv, MIN_SIDE_MARGIN if wide else self.leftMargin, y)


def build(
    story: Callable[[Look], list[Flowable]],
    look: Look,
    meta: Meta,
    first_template: str = "page",
    lang: Language | None = None,
) -> tuple[bytes, int, dict[str, int]]:
    """Build the PDF; when it runs past one page, build again so each page says "Page n of N"."""
    buf = io.BytesIO()
    doc = _Doc(buf, look, meta, None, first_template, lang)
    doc.build(story(look))
    pages = doc.page
    if pages > 1:
        buf = io.BytesIO()
        doc = _Doc(buf, look, meta, pages, first_template, lang)
        doc.build(story(look))
        pages = doc.page
    return buf.getvalue(), pages, dict(doc.marks)
