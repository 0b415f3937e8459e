"""The homework audit as a text table, a stable JSON structure and a short PDF report."""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING, Any

from ..domain.settings import Settings

if TYPE_CHECKING:  # the numbers are computed in workflows/audit.py; output only draws them
    from ..workflows.audit import Audit, AuditNumbers, OutcomeRow, Period

JSON_SCHEMA = "homework-planner.audit/1"
WRAP = 96  # the text's notes wrap here; the table is as wide as its columns
BECK_LETTERS = ("a", "b", "c", "d")
BECK_LABELS = {
    "a": "clear and specific",
    "b": "a reason given",
    "c": "obstacles and reaction",
    "d": "progress summarised",
}

# The schema, as `audit --help` prints it; tests/workflows/test_audit.py checks it against the
# output, key for key, so the two cannot drift apart.
JSON_HELP = """\
--json prints one object (schema "homework-planner.audit/1"); keys are never renamed:
  schema            "homework-planner.audit/1"
  period            {"from": DATE|null, "to": DATE|null}  (dates as YYYY-MM-DD; null = open)
  made_on           DATE
  ...COUNTS         the whole store's numbers, at the top level (below)
  clients           [ {"client_code": CODE, ...COUNTS}, ... ]  one per client with homework
  outcomes          [ {...OUTCOMES}, ... ]  PHQ-9 / GAD-7 change per completion level, then all
COUNTS:
  sessions                  days (per client) on which homework was set
  assignments               assignments set in the period, not withdrawn
  agreed                    of those, agreed (including "agreed, words not kept")
  agreed_words_kept         agreed with the words frozen: the base of Beck's a-c
  legacy_agreed             agreed by an earlier version that kept no words
  agreed_with_missing       agreed with items the coach called missing
  drafts                    never agreed
  withdrawn                 withdrawn (left out of every other number)
  beck                      {"a": N, "b": N, "c": N, "d": N}  meeting Beck's a-d
  beck_base                 {"a": N, "b": N, "c": N, "d": N}  what each is out of
  beck_share                {"a": F, ...}  fraction 0-1 (4 decimals), null when the base is 0
  reviewed                  agreed ones with a review
  reviewed_share            fraction of agreed, or null
  reviewed_next_session     first review on or before the review date + 7 days
  reviewed_next_session_share  fraction of agreed, or null
  completion                {"0": N, "1": N, "2": N, "3": N, "4": N}  at the first review
  completion_mean           0-4 (2 decimals), or null
  median_days_to_review     days from the first agreement to the first review, or null
OUTCOMES (clients with a measure taken at two or more reviews; NHS Talking Therapies thresholds):
  completion_level          0-4: the client's mean first-review completion, rounded; null = all
  clients                   clients with PHQ-9 or GAD-7 taken at two or more reviews
  phq9_paired               of those, with PHQ-9 at two or more reviews
  phq9_mean_change          mean last - first PHQ-9 total (negative is better), or null
  phq9_reliable_improvement a fall of 6 or more
  gad7_paired               of those, with GAD-7 at two or more reviews
  gad7_mean_change          mean last - first GAD-7 total, or null
  gad7_reliable_improvement a fall of 4 or more
  both_paired               both measures at two or more reviews: the base of caseness
  case_at_start             PHQ-9 >= 10 or GAD-7 >= 8 at the first measure
  recovered                 of those at caseness, below both thresholds at the last
"""

OUTCOME_KEYS = (
    "completion_level",
    "clients",
    "phq9_paired",
    "phq9_mean_change",
    "phq9_reliable_improvement",
    "gad7_paired",
    "gad7_mean_change",
    "gad7_reliable_improvement",
    "both_paired",
    "case_at_start",
    "recovered",
)
OUTCOME_HEADINGS = (
    "Completion",
    "Clients",
    "PHQ-9 n",
    "PHQ-9 change",
    "PHQ-9 reliable",
    "GAD-7 n",
    "GAD-7 change",
    "GAD-7 reliable",
    "Cases",
    "Recovered",
)
OUTCOME_NOTE = (
    "Outcomes beside homework: PHQ-9 (Kroenke, Spitzer & Williams 2001) and GAD-7 (Spitzer et "
    "al. 2006), optional at each review, first against last for clients who gave a measure "
    "at two or more reviews, grouped by the client's mean completion at the first review "
    "(rounded). Thresholds from the NHS Talking Therapies Manual (NHS England 2024): caseness "
    "PHQ-9 10 or more or GAD-7 8 or more; reliable improvement a fall of 6 or more (PHQ-9) or "
    "4 or more (GAD-7); recovered: at caseness at the first measure and below both thresholds "
    "at the last, out of the clients at caseness with both measures paired. Change: mean of "
    "last minus first (negative is better)."
)

COUNT_KEYS = (
    "sessions",
    "assignments",
    "agreed",
    "agreed_words_kept",
    "legacy_agreed",
    "agreed_with_missing",
    "drafts",
    "withdrawn",
    "beck",
    "beck_base",
    "beck_share",
    "reviewed",
    "reviewed_share",
    "reviewed_next_session",
    "reviewed_next_session_share",
    "completion",
    "completion_mean",
    "median_days_to_review",
)

LEGACY_NOTE = (
    "Assignments marked agreed by an earlier version of the app, which kept no agreed words, "
    "count as agreed (words not kept) and are left out of Beck's a-c."
)
LEGEND = (
    "a clear and specific; b a reason given; c obstacles planned for and the client's "
    "reaction asked for; d progress summarised at the review (Beck, Rush, Shaw & Emery 1979). "
    "On time: reviewed at the next session. Mean 0-4: completion at the first review. Days: "
    "median days from agreement to review."
)
METHOD_NOTE = (
    "Beck's a-c are read from the quality check frozen when each assignment was agreed "
    "(a: clear and specific; b: a reason given; c: obstacles planned for and the client's "
    "reaction asked for), out of the assignments agreed with their words kept. d: the first "
    "review summarised progress, out of all agreed. At the next session: reviewed on or "
    "before the review date plus 7 days. Withdrawn assignments are counted and left out of "
    "the rest."
)


def _round(v: float | None, places: int) -> float | None:
    return None if v is None else round(v, places)


def numbers_dict(n: AuditNumbers) -> dict[str, Any]:
    base = {"a": n.agreed_words_kept, "b": n.agreed_words_kept, "c": n.agreed_words_kept}
    base["d"] = n.agreed
    data: dict[str, Any] = {
        "sessions": n.sessions,
        "assignments": n.assignments,
        "agreed": n.agreed,
        "agreed_words_kept": n.agreed_words_kept,
        "legacy_agreed": n.legacy,
        "agreed_with_missing": n.agreed_with_missing,
        "drafts": n.drafts,
        "withdrawn": n.withdrawn,
        "beck": {k: n.beck[k] for k in BECK_LETTERS},
        "beck_base": base,
        "beck_share": {k: _round(n.share(k), 4) for k in BECK_LETTERS},
        "reviewed": n.reviewed,
        "reviewed_share": _round(n.share("reviewed"), 4),
        "reviewed_next_session": n.reviewed_next_session,
        "reviewed_next_session_share": _round(n.share("reviewed_next_session"), 4),
        "completion": {str(k): n.completion[k] for k in range(5)},
        "completion_mean": _round(n.completion_mean, 2),
        "median_days_to_review": n.median_days_to_review,
    }
    return data


def outcome_dict(row: OutcomeRow) -> dict[str, Any]:
    values = (
        row.level,
        row.clients,
        row.phq9_paired,
        _round(row.phq9_mean_change, 2),
        row.phq9_reliable_improvement,
        row.gad7_paired,
        _round(row.gad7_mean_change, 2),
        row.gad7_reliable_improvement,
        row.both_paired,
        row.case_at_start,
        row.recovered,
    )
    return dict(zip(OUTCOME_KEYS, values, strict=True))


def _signed(v: float | None) -> str:
    if v is None:
        return "-"
    text = f"{v:+.1f}"
    return text[:-2] if text.endswith(".0") else text


def outcome_cells(row: OutcomeRow) -> list[str]:
    level = "All clients" if row.level is None else f"{row.level} of 4"
    return [
        level,
        str(row.clients),
        str(row.phq9_paired),
        _signed(row.phq9_mean_change),
        str(row.phq9_reliable_improvement),
        str(row.gad7_paired),
        _signed(row.gad7_mean_change),
        str(row.gad7_reliable_improvement),
        str(row.case_at_start),
        f"{row.recovered} of {row.case_at_start}",
    ]


def audit_dict(audit: Audit) -> dict[str, Any]:
    """The --json structure (JSON_HELP); the same keys in the same order every time."""
    p = audit.period
    data: dict[str, Any] = {
        "schema": JSON_SCHEMA,
        "period": {
            "from": None if p.start is None else p.start.isoformat(),
            "to": None if p.end is None else p.end.isoformat(),
        },
        "made_on": audit.made_on.isoformat(),
    }
    data.update(numbers_dict(audit.overall))
    data["clients"] = [
        {"client_code": row.client_code, **numbers_dict(row)} for row in audit.clients
    ]
    data["outcomes"] = [outcome_dict(row) for row in audit.outcomes]
    return data


def percent(v: float | None) -> str:
    return "-" if v is None else f"{round(v * 100)}%"


def period_words(p: Period) -> str:
    if p.start is None and p.end is None:
        return "all assignments in this data folder"
    if p.start is None:
        return f"assignments set up to {p.end:%d %b %Y}"
    if p.end is None:
        return f"assignments set from {p.start:%d %b %Y}"
    return f"assignments set from {p.start:%d %b %Y} to {p.end:%d %b %Y}"


TABLE_HEADINGS = (
    "Client",
    "Set",
    "Agreed",
    "Missing",
    "a",
    "b",
    "c",
    "d",
    "Reviewed",
    "On time",
    "Mean 0-4",
    "Days",
    "Withdrawn",
)


def table_cells(n: AuditNumbers) -> list[str]:
    """One row of the table (text, PDF and window alike)."""
    mean = "-" if n.completion_mean is None else f"{n.completion_mean:.1f}"
    days = "-" if n.median_days_to_review is None else f"{n.median_days_to_review:g}"
    agreed = str(n.agreed) + (f" ({n.legacy} no words)" if n.legacy else "")
    return [
        n.client_code or "All clients",
        str(n.assignments),
        agreed,
        str(n.agreed_with_missing),
        *(percent(n.share(k)) for k in BECK_LETTERS),
        percent(n.share("reviewed")),
        percent(n.share("reviewed_next_session")),
        mean,
        days,
        str(n.withdrawn),
    ]


def _completion_line(n: AuditNumbers) -> str:
    parts = ", ".join(f"{k}: {n.completion[k]}" for k in range(5))
    mean = "-" if n.completion_mean is None else f"{n.completion_mean:.2f}"
    return f"Completion at the first review (0 not tried - 4 fully): {parts}; mean {mean}."


def summary_lines(audit: Audit) -> list[str]:
    o = audit.overall
    lines = [
        f"{o.assignments} assignment{'s' * (o.assignments != 1)} in {o.sessions} "
        f"session{'s' * (o.sessions != 1)}; {o.agreed} agreed "
        f"({o.agreed_with_missing} with items missing, {o.legacy} with words not kept), "
        f"{o.drafts} never agreed, {o.withdrawn} withdrawn.",
        "Beck's criteria met at agreement: "
        + "; ".join(f"{k} {BECK_LABELS[k]} {percent(o.share(k))}" for k in BECK_LETTERS)
        + ".",
        f"Reviewed: {percent(o.share('reviewed'))}; at the next session: "
        f"{percent(o.share('reviewed_next_session'))}.",
        _completion_line(o),
    ]
    if o.median_days_to_review is not None:
        lines.append(f"Median days from agreement to review: {o.median_days_to_review:g}.")
    return lines


def audit_text(audit: Audit) -> str:
    """The readable table for the terminal."""
    rows = [list(TABLE_HEADINGS)] + [table_cells(n) for n in audit.clients]
    rows.append(table_cells(audit.overall))
    widths = [max(len(r[i]) for r in rows) for i in range(len(TABLE_HEADINGS))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    out = [
        f"Homework audit: {period_words(audit.period)} (made {audit.made_on:%d %b %Y})",
        "",
    ]
    if not audit.clients:
        out += ["No assignments were set in this period.", ""]
    else:
        out.append(line(rows[0]))
        out.append("  ".join("-" * w for w in widths))
        out += [line(r) for r in rows[1:-1]]
        out.append("  ".join("-" * w for w in widths))
        out.append(line(rows[-1]))
        out.append("")
    if audit.outcomes and audit.outcomes[-1].clients:
        out += ["Outcomes by completion level (PHQ-9, GAD-7):", ""]
        o_rows = [list(OUTCOME_HEADINGS)] + [outcome_cells(r) for r in audit.outcomes]
        o_widths = [max(len(r[i]) for r in o_rows) for i in range(len(OUTCOME_HEADINGS))]
        for i, cells in enumerate(o_rows):
            first = cells[0].ljust(o_widths[0])
            rest = [c.rjust(w) for c, w in zip(cells[1:], o_widths[1:], strict=True)]
            out.append("  ".join([first, *rest]).rstrip())
            if i == 0 or i == len(o_rows) - 2:
                out.append("  ".join("-" * w for w in o_widths))
        out.append("")
    notes = [LEGEND, METHOD_NOTE, LEGACY_NOTE, OUTCOME_NOTE]
    for paragraph in summary_lines(audit):
        out += textwrap.wrap(paragraph, WRAP, subsequent_indent="  ")
    for paragraph in notes:
        out += ["", *textwrap.wrap(paragraph, WRAP)]
    return "\n".join(out) + "\n"


def render_audit_pdf(audit: Audit, settings: Settings) -> bytes:
    """A short report for a supervisor or an inspector (A4 landscape, 8.5-10 pt): one page
    for about 25 clients, two for about 65."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from .fonts import font_set, markup
    from .style import HEADER_FILL_WHITE, HEADING, INK, RULE

    fs = font_set()
    body = ParagraphStyle(
        "b", fontName=fs.body, fontSize=10, leading=13, textColor=colors.HexColor(INK)
    )
    small = ParagraphStyle("s", parent=body, fontSize=8.5, leading=10)
    cell_bold = ParagraphStyle("sb", parent=small, fontName=fs.heading)
    h1 = ParagraphStyle(
        "h1",
        parent=body,
        fontName=fs.heading,
        fontSize=16,
        leading=20,
        spaceAfter=4,
        textColor=colors.HexColor(HEADING),
    )

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(
            markup(text, bold=style.fontName == fs.heading, base=style.fontName), style
        )

    page = landscape(A4)
    width = page[0] - 30 * mm
    story: list[Any] = [p("Homework audit", h1)]
    words = period_words(audit.period)
    made = f"{words[0].upper()}{words[1:]}. Made on {audit.made_on:%d %B %Y}"
    if settings.therapist_name.strip() or settings.service_name.strip():
        made += f" by {settings.author}"
    story += [p(made + "."), Spacer(1, 3 * mm)]
    story += [p(line) for line in summary_lines(audit)]
    # How it is counted comes before the table, so the table can run on to a second page
    # without leaving the method behind on a third.
    story.append(Spacer(1, 2 * mm))
    story.append(p(" ".join((LEGEND, METHOD_NOTE, LEGACY_NOTE)), small))
    story.append(Spacer(1, 3 * mm))
    if audit.clients:
        cells = [[p(h, cell_bold) for h in TABLE_HEADINGS]]
        cells += [[p(c, small) for c in table_cells(n)] for n in audit.clients]
        cells.append([p(c, cell_bold) for c in table_cells(audit.overall)])
        first = 34 * mm
        agreed = 28 * mm
        rest = (width - first - agreed) / (len(TABLE_HEADINGS) - 2)
        widths = [first, rest, agreed] + [rest] * (len(TABLE_HEADINGS) - 3)
        t = Table(cells, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(RULE)),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_FILL_WHITE)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ]
            )
        )
        story.append(t)
    else:
        story.append(p("No assignments were set in this period."))
    if audit.outcomes and audit.outcomes[-1].clients:
        story += [Spacer(1, 4 * mm), p("Outcomes by completion level (PHQ-9, GAD-7)", cell_bold)]
        story += [p(OUTCOME_NOTE, small), Spacer(1, 2 * mm)]
        o_cells = [[p(h, cell_bold) for h in OUTCOME_HEADINGS]]
        o_cells += [[p(c, small) for c in outcome_cells(r)] for r in audit.outcomes[:-1]]
        o_cells.append([p(c, cell_bold) for c in outcome_cells(audit.outcomes[-1])])
        o_first = 30 * mm
        o_rest = (width - o_first) / (len(OUTCOME_HEADINGS) - 1)
        ot = Table(o_cells, colWidths=[o_first] + [o_rest] * (len(OUTCOME_HEADINGS) - 1))
        ot.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(RULE)),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_FILL_WHITE)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(ot)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title="Homework audit",
        author=settings.author,
        subject="Homework audit: agreed, specified and reviewed (Beck's criteria a-d)",
        creator="Homework Planner",
        lang="en-GB",
        invariant=1,
        initialFontName=fs.body,
        initialFontSize=10,
        initialLeading=13,
    )
    doc.build(story)
    return buf.getvalue()
