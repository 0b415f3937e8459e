"""The monitoring sheet: one row per day (or scheduled occurrence) with room to write by hand."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, NextPageTemplate, Spacer, Table, TableStyle

from ..domain.models import Assignment, EntryKey, MonitoringColumn, PrintNeeds
from ..domain.settings import Settings
from . import content as c
from . import i18n, pdfdoc
from .errors import OutputError
from .fonts import font_set, unprintable
from .i18n import Language
from .style import PAGE_HEIGHT, RULE, Look, look_for

# The narrowest a column may be, in multiples of the type size.
MIN_COLUMN_EMS = 4
# The most of a page a column heading may take.
MAX_HEADING_SHARE = 0.25


def sheet_story(a: Assignment, look: Look, lang: Language | None = None) -> list[Flowable]:
    """Flowables for the sheet, on the wide page template (the grid needs the whole page width)."""
    _ = lang = lang or i18n.language()
    # The same rows the review grid is built from, labelled the same way ("Mon 30 Nov").
    days = c.sheet_rows(a)
    columns = c.grid_columns(a)
    if not days:
        raise OutputError(
            "The monitoring sheet has no days. Set how many days to record under Monitoring "
            "(monitoring.days), for example 7."
        )
    if not columns:
        raise OutputError(
            "The monitoring sheet has nothing to record. Add a column under Monitoring "
            "(monitoring.columns), for example 'Done' with a tick, or 'Mood' from 0 to 10."
        )
    st = pdfdoc.Styles(look, lang)
    fs = font_set()
    width = pdfdoc.wide_width(look)
    title = sheet_title(a, lang)
    story: list[Flowable] = [NextPageTemplate("wide"), st.para(title, st.title)]
    m = a.monitoring
    if m.what_to_record.strip():
        story.append(st.labelled(_("What I will write down:"), m.what_to_record.strip()))
    if m.when_to_record.strip():
        story.append(st.labelled(_("When I will write it:"), m.when_to_record.strip()))
    pad = look.size * 0.35
    day_w = (
        max(
            *(pdfdoc.text_width(lang.row_label(d), fs.heading, look.size) for d in days[:7]),
            look.size * 4,
        )
        + 2 * pad
    )
    day_w = min(day_w, width * 0.3)
    # Each column needs room for a number written by hand and a few letters of its heading
    # a line; when they do not all fit across the page, the sheet goes on in further
    # tables, each with its own Day column.
    per_table = max(1, min(len(columns), int((width - day_w) // (look.size * MIN_COLUMN_EMS))))
    # Long headings need wider columns: fewer a table until every heading is short enough
    # for its row to stay well within a page (a taller row cannot be placed at all).
    while per_table > 1 and any(
        _heading(st, col, lang).wrap((width - day_w) / per_table - 2 * pad, PAGE_HEIGHT)[1]
        > PAGE_HEIGHT * MAX_HEADING_SHARE
        for col in columns
    ):
        per_table -= 1
    groups = [columns[i : i + per_table] for i in range(0, len(columns), per_table)]
    for n, group in enumerate(groups):
        story.append(_table(st, look, days, group, day_w, (width - day_w) / len(group), pad, lang))
        if n < len(groups) - 1:
            story.append(Spacer(1, look.gap * 2))
    if a.review_date:
        story.append(
            st.para(
                _(
                    "Bring this sheet on {date}, when we talk about how it went.",
                    date=c.long_date(a.review_date, lang),
                )
            )
        )
    return story


def sheet_title(a: Assignment, lang: Language | None = None) -> str:
    _ = lang or i18n.language()
    return _("My record: {title}", title=a.title.strip()) if a.title.strip() else _("My record")


def _heading(st: pdfdoc.Styles, col: MonitoringColumn, lang: Language) -> Flowable:
    return st.runs([(c.column_heading(col, True, lang), True)], st.day)


def _table(
    st: pdfdoc.Styles,
    look: Look,
    days: list[EntryKey],
    columns: list[MonitoringColumn],
    day_w: float,
    col_w: float,
    pad: float,
    lang: Language,
) -> Table:
    header: list[Any] = [st.runs([(lang("Day"), True)], st.cell_bold)] + [
        _heading(st, col, lang) for col in columns
    ]
    rows: list[list[Any]] = [header]
    row_h = look.size * 3.2  # large writing spaces
    heights: list[float | None] = [None]
    box = look.size * 1.4
    for d in days:
        label = st.runs([(lang.row_label(d), True)], st.cell_bold)
        _, h = label.wrap(day_w - 2 * pad, PAGE_HEIGHT)
        cells = [pdfdoc.TickBox(box, look.paper) if c.is_tick(col) else "" for col in columns]
        rows.append([label, *cells])
        heights.append(max(row_h, h + 2 * pad))
    widths = [day_w] + [col_w] * len(columns)
    if st.rtl:
        # Right to left: the Day column on the right, the grid mirrored.
        rows = [list(reversed(r)) for r in rows]
        widths.reverse()
    t = Table(
        rows,
        colWidths=widths,
        rowHeights=heights,
        repeatRows=1,
        hAlign="RIGHT" if st.rtl else "CENTER",
    )
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 1.2, colors.HexColor(RULE)),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(look.header_fill)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 1) if st.rtl else (1, 1), (-2 if st.rtl else -1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    return t


def sheet_unprintable(a: Assignment, lang: Language | None = None) -> list[str]:
    """What the sheet cannot draw as typed (fonts.unprintable), to name to the therapist."""
    parts = [a.title, a.monitoring.what_to_record, a.monitoring.when_to_record]
    parts += [c.column_heading(col, lang=lang) for col in c.grid_columns(a)]
    return unprintable("\n".join(parts))


def render_sheet(
    a: Assignment, needs: PrintNeeds, settings: Settings, language: str | None = None
) -> bytes:
    """The sheet as its own PDF at the client's print size, in the client's language."""
    look = look_for(needs)
    lang = i18n.language(language or needs.language)
    meta = pdfdoc.Meta(
        title=sheet_title(a, lang), author=settings.author, subject=lang("Monitoring sheet")
    )
    pdf, _pages, _marks = pdfdoc.build(
        lambda lk: sheet_story(a, lk, lang), look, meta, first_template="wide", lang=lang
    )
    return pdf
