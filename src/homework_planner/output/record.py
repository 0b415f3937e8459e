"""The clinical record: which words were agreed and when, what changed later, how it went.

One builder (`assignment_record`) makes the record's content; the text note, the PDF and the
client's whole homework record are drawn from it, so the window and the command line can only
ever say the same thing. Text that was never agreed is never shown under "What was agreed".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..domain.agreement import (
    AgreementState,
    HistoryEvent,
    agreement_state,
    content_of,
    describe_fields,
    history_events,
)
from ..domain.coach import LEVEL_WORDS
from ..domain.models import (
    COMPLETION_LABELS,
    DAY_NAMES,
    AgreedContent,
    Assignment,
    Review,
)
from ..domain.review import plans_text
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
# Beck, Rush, Shaw & Emery (1979): the criteria (a)-(d) a supervisor looks for.
BECK = (
    ("a", "task.specific", "clear and specific"),
    ("b", "rationale.given", "a reason"),
    ("c", "obstacles.planned", "obstacles planned for"),
    ("c", "reaction.elicited", "the client's reaction"),
)

Rows = list[tuple[str, str]]


def _get(f: Any, name: str) -> str:
    return str(f.get(name, "") if isinstance(f, dict) else getattr(f, name, ""))


def _d(d: date | None) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}" if d else "not set"


def _dt(t: datetime | None) -> str:
    """Local date and time, to the minute ('Wednesday 2 December 2026 at 14:05')."""
    if t is None:
        return "time not recorded"
    local = t.astimezone() if t.tzinfo is not None else t
    return f"{_d(local.date())} at {local:%H:%M}"


def _schedule(c: AgreedContent) -> str:
    s = c.task.schedule
    if not s or not s.days:
        return ""
    days = ", ".join(DAY_NAMES[d] for d in s.days)
    at = f" at {s.time}" if s.time else ""
    mins = f" for {s.duration_minutes} minutes" if s.duration_minutes else ""
    return f"{days}{at}{mins}"


def _rating(v: int | None) -> str:
    return f"{v}/10" if v is not None else "not asked"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


@dataclass(frozen=True)
class AssignmentRecord:
    """Everything the record says about one assignment, as plain data."""

    assignment: Assignment  # the current stored version (or the file's)
    version: int | None
    state: AgreementState
    events: list[HistoryEvent]
    findings_now: list[Any] | None
    reviews: list[Review] = field(default_factory=list)

    @property
    def withdrawn(self) -> bool:
        return self.assignment.withdrawal is not None


def assignment_record(
    a: Assignment,
    *,
    version: int | None,
    findings_now: Sequence[Any] | None,
    history: Sequence[tuple[int, Assignment]] = (),
    reviews: Sequence[Review] = (),
) -> AssignmentRecord:
    """The record of `a` (history: every stored version, oldest first, when it is stored)."""
    events = history_events(history) if history else _events_from(a, version)
    return AssignmentRecord(
        assignment=a,
        version=version,
        state=agreement_state(a),
        events=events,
        findings_now=None if findings_now is None else list(findings_now),
        reviews=[r for r in reviews if r.assignment_id == a.id],
    )


def _events_from(a: Assignment, version: int | None) -> list[HistoryEvent]:
    """Without the store's history (a file): the agreements it carries, and the present change."""
    events = [
        HistoryEvent("agreed", g.version, g.agreed_at, detail=_missing_words(g.missing))
        for g in a.agreements
    ]
    state = agreement_state(a)
    if state.amended:
        events.append(HistoryEvent("amended", version, a.updated, state.changed))
    if a.withdrawal is not None:
        events.append(
            HistoryEvent("withdrawn", version, a.withdrawal.at, detail=a.withdrawal.reason)
        )
    return events


def _missing_words(missing: Sequence[str]) -> str:
    return "" if not missing else f"agreed with {_plural(len(missing), 'item')} missing"


def status_line(rec: AssignmentRecord) -> str:
    """One honest sentence: never calls text agreed that was not."""
    a, st = rec.assignment, rec.state
    parts: list[str] = []
    if st.agreement is not None:
        g = st.agreement
        text = f"agreed, version {g.version}, on {_dt(g.agreed_at)}"
        if g.missing:
            text += f" ({_missing_words(g.missing)})"
        parts.append(text)
        if st.changed:
            parts.append(
                f"changed since agreed ({describe_fields(st.changed)}): "
                "the changes are not yet agreed"
            )
    elif st.legacy_agreed:
        when = _d(a.agreed_on) if a.agreed_on else "an unknown date"
        parts.append(
            f"marked as agreed on {when} by an earlier version of the app that did not keep "
            "the agreed words: the words below are the current version's"
        )
    else:
        parts.append("draft, not yet agreed")
    if a.status == "reviewed":
        parts.append("reviewed")
    if a.withdrawal is not None:
        parts.append(f"withdrawn on {_dt(a.withdrawal.at)}: {a.withdrawal.reason}")
    return "; ".join(parts)


# The record's sections of the agreed words: (heading, [(field path, label)]).
_LAYOUT: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "",
        (
            ("task.what", "What"),
            ("task.when", "When"),
            ("task.where", "Where"),
            ("task.how_often", "How often"),
            ("task.how_long", "How long"),
            ("task.with_whom", "With whom"),
            ("task.first_step", "First step"),
            ("task.schedule", "Schedule"),
        ),
    ),
    ("Why", (("rationale", "Rationale"),)),
    ("If-then plans", ()),
    (
        "Monitoring",
        (
            ("monitoring.what_to_record", "What to record"),
            ("monitoring.when_to_record", "When to record"),
            ("monitoring.columns", "Columns"),
            ("monitoring.days", "Days"),
        ),
    ),
    (
        "Client's reaction",
        (
            ("client_reaction.summary_in_own_words", "In their own words"),
            ("client_reaction.importance", "Importance"),
            ("client_reaction.confidence", "Confidence"),
            ("client_reaction.concerns", "Concerns"),
        ),
    ),
)


def _content_sections(c: AgreedContent, first: str) -> list[tuple[str, Rows]]:
    out: list[tuple[str, Rows]] = []
    for heading, fields in _LAYOUT:
        if heading == "If-then plans":
            plans: Rows = [
                (
                    f"Plan {i}",
                    content.IfThen(content.if_part(o.if_), content.then_part(o.then)).sentence,
                )
                for i, o in enumerate(c.obstacles, start=1)
            ]
            out.append((heading, plans or [("Plans", "none recorded")]))
            continue
        out.append((heading or first, [(label, _value_of(c, path)) for path, label in fields]))
    return out


def _value_of(c: AgreedContent, path: str) -> str:
    """The words of one field path (domain.agreement.FIELD_LABELS) as the record prints them."""
    t, m, r = c.task, c.monitoring, c.client_reaction
    values: dict[str, str] = {
        "title": c.title,
        "intervention": c.intervention.label,
        "goal": c.goal,
        "review_date": _d(c.review_date),
        "task.what": t.what,
        "task.when": t.when,
        "task.where": t.where,
        "task.how_often": t.how_often,
        "task.how_long": t.how_long,
        "task.with_whom": t.with_whom or "",
        "task.first_step": t.first_step or "",
        "task.schedule": _schedule(c),
        "rationale": c.rationale,
        "obstacles": " ".join(
            content.IfThen(content.if_part(o.if_), content.then_part(o.then)).sentence
            for o in c.obstacles
        ),
        "monitoring.what_to_record": m.what_to_record,
        "monitoring.when_to_record": m.when_to_record,
        "monitoring.columns": "; ".join(
            f"{col.label} ({col.scale})" if col.scale else col.label for col in m.columns
        ),
        "monitoring.days": str(m.days),
        "client_reaction.summary_in_own_words": r.summary_in_own_words,
        "client_reaction.importance": _rating(r.importance),
        "client_reaction.confidence": _rating(r.confidence),
        "client_reaction.concerns": r.concerns,
    }
    return values.get(path, "")


def _changed_rows(rec: AssignmentRecord) -> Rows:
    """The present words of every field changed since agreement (not agreed)."""
    from ..domain.agreement import FIELD_LABELS

    now = content_of(rec.assignment)
    return [(f"{FIELD_LABELS[path]} now", _value_of(now, path)) for path in rec.state.changed]


def record_sections_for(rec: AssignmentRecord) -> list[tuple[str, Rows]]:
    """(heading, [(label, value)]) for every section but the quality check."""
    a, st = rec.assignment, rec.state
    agreed = st.agreement
    shown = agreed.content if agreed is not None else content_of(a)
    head: Rows = [
        ("Client code", a.client_code),
        ("Title", shown.title),
        ("Intervention", shown.intervention.label),
        ("Status", status_line(rec)),
        ("Version", str(rec.version) if rec.version is not None else "not saved yet"),
        ("Created", _d(a.created.date())),
        ("Agreed", _agreed_when(rec)),
        ("Review date", _d(shown.review_date)),
        ("Goal", shown.goal),
    ]
    if a.withdrawal is not None:
        head.append(("Withdrawn", f"{_dt(a.withdrawal.at)}. Reason: {a.withdrawal.reason}"))
    if agreed is not None:
        first = f"What was agreed (version {agreed.version})"
    elif st.legacy_agreed:
        first = "What was agreed (words of the current version)"
    else:
        first = "What is planned (not yet agreed)"
    out: list[tuple[str, Rows]] = [("Assignment", head), *_content_sections(shown, first)]
    if st.amended:
        out.append(("Changed since agreement (not agreed)", _changed_rows(rec)))
    history = [_event_row(e) for e in rec.events]
    if history:
        out.append(("History", history))
    if rec.reviews:
        out.append(("Reviews", [_review_row(r) for r in rec.reviews]))
    return [(h, [(k, v if v.strip() else "not recorded") for k, v in rows]) for h, rows in out]


def _agreed_when(rec: AssignmentRecord) -> str:
    a, g = rec.assignment, rec.state.agreement
    if g is not None:
        return _dt(g.agreed_at)
    if rec.state.legacy_agreed:
        return f"{_d(a.agreed_on or a.created.date())} (the agreed words were not kept)"
    return "not yet agreed"


def _event_row(e: HistoryEvent) -> tuple[str, str]:
    label = f"Version {e.version}" if e.version is not None else "Now"
    when = _dt(e.at)
    if e.kind == "agreed":
        text = f"{when}: agreed" + (f" ({e.detail})" if e.detail else "")
    elif e.kind == "amended":
        text = f"{when}: changed after agreement ({describe_fields(e.fields)}); not agreed"
    else:
        text = f"{when}: withdrawn. Reason: {e.detail}"
    return label, text


def _review_row(r: Review) -> tuple[str, str]:
    done = f"completion {r.completion} of 4 ({COMPLETION_LABELS[r.completion].lower()})"
    summary = r.progress_summary.strip() or "no progress summary"
    plans = plans_text(r)
    return _d(r.date), f"{done}. {summary}" + (f" {plans}" if plans else "")


def _findings_rows(findings: Sequence[Any]) -> list[tuple[str, str, str]]:
    return [
        (
            _get(f, "criterion"),
            LEVEL_WORDS.get(_get(f, "level"), _get(f, "level")),
            _get(f, "message"),
        )
        for f in findings
    ]


def _quality_blocks(rec: AssignmentRecord) -> list[tuple[str, list[tuple[str, str, str]] | None]]:
    """(heading, rows or None for 'not run'): at agreement, and now when it differs."""
    g = rec.state.agreement
    blocks: list[tuple[str, list[tuple[str, str, str]] | None]] = []
    if g is not None:
        blocks.append(
            (f"Quality check at agreement (version {g.version})", _findings_rows(g.findings))
        )
        if rec.state.amended:
            now = None if rec.findings_now is None else _findings_rows(rec.findings_now)
            blocks.append(("Quality check of the changed version (not agreed)", now))
    else:
        now = None if rec.findings_now is None else _findings_rows(rec.findings_now)
        blocks.append(("Quality check", now))
    return blocks


def record_text_for(rec: AssignmentRecord) -> str:
    """A plain-text note to paste into the service's clinical records."""
    lines = ["Homework record (Homework Planner)", ""]
    lines += _record_lines(rec)
    return "\n".join(lines).rstrip() + "\n"


def _record_lines(rec: AssignmentRecord) -> list[str]:
    lines: list[str] = []
    for heading, rows in record_sections_for(rec):
        lines += [heading, "-" * len(heading)]
        lines += [f"{k}: {v}" for k, v in rows]
        lines.append("")
    for heading, qrows in _quality_blocks(rec):
        lines += [heading, "-" * len(heading)]
        if qrows is None:
            lines.append("Not run.")
        else:
            lines += [f"{c}: {lv}. {msg}" for c, lv, msg in qrows]
        lines.append("")
    return lines


def record_text(a: Assignment, version: int | None, findings: Sequence[Any] | None) -> str:
    """The note for an assignment read from a file (no stored history)."""
    return record_text_for(assignment_record(a, version=version, findings_now=findings))


def beck_status(rec: AssignmentRecord) -> str:
    """Beck's a-c at agreement, for the client's homework record ('a OK, b missing, ...')."""
    g = rec.state.agreement
    if g is None:
        return "not agreed"
    levels = {f.criterion: f.level for f in g.findings}
    return ", ".join(
        f"{letter} {label}: {LEVEL_WORDS.get(levels.get(crit, ''), 'not checked').lower()}"
        for letter, crit, label in BECK
    )


def client_record_text(client_code: str, records: Sequence[AssignmentRecord]) -> str:
    """Every assignment of one client in date order: agreed words, a-d, changes, reviews."""
    lines = [
        f"Homework record of client {client_code} (Homework Planner)",
        "",
        f"{_plural(len(records), 'assignment')}; "
        f"{sum(1 for r in records if r.state.agreed)} agreed; "
        f"{sum(1 for r in records if r.reviews)} reviewed; "
        f"{sum(1 for r in records if r.withdrawn)} withdrawn.",
        "",
    ]
    for i, rec in enumerate(records, start=1):
        title = rec.assignment.title.strip() or "untitled"
        heading = f"{i}. {title} (created {_d(rec.assignment.created.date())})"
        lines += ["=" * len(heading), heading, "=" * len(heading)]
        lines.append(f"Beck's criteria at agreement: {beck_status(rec)}")
        lines.append("")
        lines += _record_lines(rec)
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
    """The record of an assignment read from a file, as a PDF."""
    rec = assignment_record(a, version=version, findings_now=findings)
    return render_records_pdf([rec], settings, chart=chart)


def render_records_pdf(
    records: Sequence[AssignmentRecord],
    settings: Settings,
    *,
    chart: Any = None,
    client_code: str | None = None,
) -> bytes:
    """The record of one assignment, or (client_code given) a client's whole homework record,
    as a PDF (11 pt, for clinicians). `chart` may be any Flowable and is placed under
    "Progress"."""
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
    story: list[Any] = []
    if client_code is not None:
        story.append(p(f"Homework record of client {client_code}", h1))
    if settings.therapist_name.strip() or settings.service_name.strip():
        story.append(p(f"Recorded by {settings.author}."))
    for rec in records:
        title = rec.assignment.title.strip() or "untitled"
        if client_code is None:
            story.insert(0, p(f"Homework record: {title}", h1))
        else:
            story.append(p(f"{title} (created {_d(rec.assignment.created.date())})", h1))
            story.append(p(f"Beck's criteria at agreement: {beck_status(rec)}"))
        for heading, rows in record_sections_for(rec):
            t = Table(
                [[p(k, bold), p(v)] for k, v in rows],
                colWidths=[42 * mm, width - 42 * mm],
                splitInRow=1,
            )
            t.setStyle(grid)
            story += [p(heading, h2), t]
        for heading, qrows in _quality_blocks(rec):
            story.append(p(heading, h2))
            if qrows is None:
                story.append(p("Not run."))
                continue
            cells = [[p("Criterion", bold), p("Level", bold), p("Message", bold)]]
            cells += [[p(c), p(lv), p(msg)] for c, lv, msg in qrows]
            t = Table(
                cells, colWidths=[42 * mm, 30 * mm, width - 72 * mm], repeatRows=1, splitInRow=1
            )
            t.setStyle(grid)
            story.append(t)
    if chart is not None:
        story.append(KeepTogether([p("Progress", h2), chart]))
    buf = io.BytesIO()
    first = records[0].assignment if records else None
    code = client_code or (first.client_code if first is not None else "")
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"Homework record {code}",
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
