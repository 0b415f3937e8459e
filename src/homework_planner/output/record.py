"""The clinical record: what was agreed, its version, and the coach's findings, as PDF and text."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..domain.models import DAY_NAMES, Assignment
from ..domain.settings import Settings
from . import content

SECTIONS = (
    "Assignment",
    "What was agreed",
    "Why",
    "If-then plans",
    "Monitoring",
    "Client's reaction",
    "Quality check",
)
LEVEL_WORDS = {"ok": "OK", "warn": "Could be clearer", "missing": "Missing"}


def _get(f: Any, name: str) -> str:
    return str(f.get(name, "") if isinstance(f, dict) else getattr(f, name, ""))


def _d(d: date | None) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}" if d else "not set"


def _schedule(a: Assignment) -> str:
    s = a.task.schedule
    if not s or not s.days:
        return ""
    days = ", ".join(DAY_NAMES[d] for d in s.days)
    at = f" at {s.time}" if s.time else ""
    mins = f" for {s.duration_minutes} minutes" if s.duration_minutes else ""
    return f"{days}{at}{mins}"


def _rating(v: int | None) -> str:
    return f"{v}/10" if v is not None else "not asked"


def record_sections(a: Assignment, version: int | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(label, value)]) for every section but the quality check."""
    t, m, r = a.task, a.monitoring, a.client_reaction
    agreed = a.agreed_on or (a.created.date() if a.status != "draft" else None)
    out: list[tuple[str, list[tuple[str, str]]]] = [
        (
            "Assignment",
            [
                ("Client code", a.client_code),
                ("Title", a.title),
                ("Intervention", a.intervention.label),
                ("Status", a.status),
                ("Version", str(version) if version is not None else "not saved yet"),
                ("Created", _d(a.created.date())),
                ("Agreed", _d(agreed) if agreed else "not yet agreed"),
                ("Review date", _d(a.review_date)),
                ("Goal", a.goal),
            ],
        ),
        (
            "What was agreed",
            [
                ("What", t.what),
                ("When", t.when),
                ("Where", t.where),
                ("How often", t.how_often),
                ("How long", t.how_long),
                ("With whom", t.with_whom or ""),
                ("First step", t.first_step or ""),
                ("Schedule", _schedule(a)),
            ],
        ),
        ("Why", [("Rationale", a.rationale)]),
        (
            "If-then plans",
            [
                (
                    f"Plan {i}",
                    content.IfThen(content.if_part(o.if_), content.then_part(o.then)).sentence,
                )
                for i, o in enumerate(a.obstacles, start=1)
            ]
            or [("Plans", "none recorded")],
        ),
        (
            "Monitoring",
            [
                ("What to record", m.what_to_record),
                ("When to record", m.when_to_record),
                (
                    "Columns",
                    "; ".join(
                        f"{col.label} ({col.scale})" if col.scale else col.label
                        for col in m.columns
                    ),
                ),
                ("Days", str(m.days)),
            ],
        ),
        (
            "Client's reaction",
            [
                ("In their own words", r.summary_in_own_words),
                ("Importance", _rating(r.importance)),
                ("Confidence", _rating(r.confidence)),
                ("Concerns", r.concerns),
            ],
        ),
    ]
    return [(h, [(k, v if v.strip() else "not recorded") for k, v in rows]) for h, rows in out]


def record_text(a: Assignment, version: int | None, findings: Sequence[Any] | None) -> str:
    """A plain-text note to paste into the service's clinical records."""
    lines = ["Homework record (Homework Planner)", ""]
    for heading, rows in record_sections(a, version):
        lines.append(heading)
        lines.append("-" * len(heading))
        lines += [f"{k}: {v}" for k, v in rows]
        lines.append("")
    lines += ["Quality check", "-------------"]
    if findings is None:
        lines.append("Not run.")
    else:
        for f in findings:
            level = LEVEL_WORDS.get(_get(f, "level"), _get(f, "level"))
            lines.append(f"{_get(f, 'criterion')}: {level}. {_get(f, 'message')}")
    return "\n".join(lines).rstrip() + "\n"


def record_unprintable(
    a: Assignment, version: int | None, findings: Sequence[Any] | None, settings: Settings
) -> list[str]:
    """What the record PDF cannot draw as typed (fonts.unprintable), to name to the therapist."""
    from .fonts import unprintable

    head = f"Homework record: {a.title}\nRecorded by {settings.author}.\n"
    return unprintable(head + record_text(a, version, findings))


def render_record_pdf(
    a: Assignment,
    version: int | None,
    findings: Sequence[Any] | None,
    settings: Settings,
    chart: Any = None,
) -> bytes:
    """The record as a PDF (11 pt, for clinicians). `chart` may be a reportlab Drawing or any
    Flowable (e.g. output.chart.progress_drawing) and is placed under "Progress"."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Table, TableStyle

    from .fonts import font_set, markup
    from .style import HEADING, INK, RULE

    fs = font_set()
    body = ParagraphStyle(
        "b", fontName=fs.body, fontSize=11, leading=15, textColor=colors.HexColor(INK)
    )
    bold = ParagraphStyle("bb", parent=body, fontName=fs.heading)
    h1 = ParagraphStyle(
        "h1", parent=bold, fontSize=16, leading=20, spaceAfter=6, textColor=colors.HexColor(HEADING)
    )
    h2 = ParagraphStyle(
        "h2",
        parent=bold,
        fontSize=13,
        leading=17,
        spaceBefore=10,
        spaceAfter=4,
        textColor=colors.HexColor(HEADING),
        keepWithNext=1,
    )

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(
            markup(text, bold=style.fontName == fs.heading, base=style.fontName), style
        )

    width = A4[0] - 40 * mm
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor(RULE)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    story: list[Any] = [p(f"Homework record: {a.title.strip() or 'untitled'}", h1)]
    if settings.therapist_name.strip() or settings.service_name.strip():
        story.append(p(f"Recorded by {settings.author}."))
    for heading, rows in record_sections(a, version):
        t = Table(
            [[p(k, bold), p(v)] for k, v in rows],
            colWidths=[42 * mm, width - 42 * mm],
            splitInRow=1,
        )
        t.setStyle(grid)
        story += [p(heading, h2), t]
    story.append(p("Quality check", h2))
    if findings is None:
        story.append(p("Not run."))
    else:
        rows = [[p("Criterion", bold), p("Level", bold), p("Message", bold)]]
        rows += [
            [
                p(_get(f, "criterion")),
                p(LEVEL_WORDS.get(_get(f, "level"), _get(f, "level"))),
                p(_get(f, "message")),
            ]
            for f in findings
        ]
        t = Table(rows, colWidths=[42 * mm, 30 * mm, width - 72 * mm], repeatRows=1, splitInRow=1)
        t.setStyle(grid)
        story.append(t)
    if chart is not None:
        story.append(KeepTogether([p("Progress", h2), chart]))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Homework record {a.client_code}",
        author=settings.author,
        subject="Clinical record of agreed homework",
        creator="Homework Planner",
        lang="en-GB",
        invariant=1,
        initialFontName=fs.body,
        initialFontSize=11,
        initialLeading=15,
    )
    doc.build(story)
    return buf.getvalue()
