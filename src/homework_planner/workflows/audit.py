"""The homework audit of this store: was homework agreed, specified, explained, troubleshot and
reviewed, per client and overall (Beck, Rush, Shaw & Emery 1979, criteria a-d). Read-only.

How each number is counted (the --help of `homework-planner audit` says the same):
- An assignment belongs to the period by the local date it was *created* (set in session).
- Withdrawn assignments are counted (`withdrawn`) and left out of every other number.
- "Agreed" means the app froze the agreed words (an `Agreement`); an assignment marked agreed by
  an earlier version of the app that kept no words is "agreed, words not kept" (`legacy`): it
  counts as agreed and in the review numbers, never in Beck's a-c, which need the findings
  frozen at agreement.
- Beck a-c use the coach's findings frozen in the agreement in force at the first review (the
  latest agreement made on or before it; with no review, the latest): a = task.specific ok,
  b = rationale.given ok, c = obstacles.planned ok and reaction.elicited ok ("could be clearer"
  does not meet a criterion). Today's coach is never asked.
- Beck d: the first review of the assignment has a progress summary; out of every agreed one.
- Reviewed: a review exists. At the next session: the first review is dated on or before the
  review date + 7 days (with no review date planned: within 14 days of the first agreement).
- Completion (0-4) and days from agreement to review come from each assignment's first review;
  the days count from the first agreement (when the client took the homework home).
- Outcomes beside homework (PHQ-9, GAD-7, optional at each review): per client, over the
  reviews of the period's assignments that are not withdrawn, the first and the last total of
  each measure taken at two or more reviews. The client's completion level is the mean of
  their first-review completions, rounded half up to 0-4. Thresholds: NHS Talking Therapies
  (domain/progress.THRESHOLDS_CITATION) - caseness PHQ-9 >= 10 or GAD-7 >= 8; reliable
  improvement a fall of >= 6 (PHQ-9) / >= 4 (GAD-7); recovery: both measures paired, at
  caseness at the first and below both thresholds at the last.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..domain.models import Agreement, Assignment, Review
from ..domain.progress import OutcomeChange, outcome_change
from ..storage import Store, StoreError
from .errors import WorkflowError

GRACE = timedelta(days=7)  # a review this late still counts as "at the next session"
NO_DATE_WINDOW = timedelta(days=14)  # with no review date planned: a week's homework + grace
BECK_CRITERIA: dict[str, tuple[str, ...]] = {
    "a": ("task.specific",),
    "b": ("rationale.given",),
    "c": ("obstacles.planned", "reaction.elicited"),
    "d": ("review.summarised",),
}


@dataclass(frozen=True)
class Period:
    """Inclusive dates; None means open at that end."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise WorkflowError(
                "The period starts after it ends. Give a --from date on or before the --to date."
            )

    def contains(self, d: date) -> bool:
        return (self.start is None or d >= self.start) and (self.end is None or d <= self.end)


def parse_date(text: str, option: str) -> date:
    """A date typed as YYYY-MM-DD; a clear message (that does not echo the text) otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise WorkflowError(
            f"{option} needs a date written as YYYY-MM-DD, for example 2026-09-01."
        ) from None


def local_date(t: datetime) -> date:
    return (t.astimezone() if t.tzinfo is not None else t).date()


@dataclass(frozen=True)
class AssignmentFacts:
    """What the audit needs from one assignment and its reviews (plain data)."""

    id: str
    client_code: str
    created: date
    withdrawn: bool
    agreed: bool  # the agreed words were kept
    legacy: bool  # marked agreed by an earlier version, words not kept
    agreed_with_missing: bool
    beck: dict[str, bool]  # a, b, c (only when agreed); d (when agreed or legacy)
    reviewed: bool
    reviewed_next_session: bool
    completion: int | None
    days_to_review: int | None


def _in_force(agreements: Sequence[Agreement], first_review: Review | None) -> Agreement:
    if first_review is not None:
        before = [g for g in agreements if local_date(g.agreed_at) <= first_review.date]
        if before:
            return before[-1]
    return agreements[-1]


def _meets(g: Agreement, criteria: Iterable[str]) -> bool:
    levels = {f.criterion: f.level for f in g.findings}
    return all(levels.get(c) == "ok" for c in criteria)


def facts_of(a: Assignment, reviews: Sequence[Review]) -> AssignmentFacts:
    """The audit's facts about one assignment; `reviews` may hold other assignments' too."""
    own = sorted((r for r in reviews if r.assignment_id == a.id), key=lambda r: (r.date, r.id))
    first = own[0] if own else None
    agreed = bool(a.agreements)
    legacy = not agreed and a.status != "draft"
    beck: dict[str, bool] = {}
    missing = False
    start: date | None = None
    if agreed:
        g = _in_force(a.agreements, first)
        missing = bool(g.missing)
        for letter in ("a", "b", "c"):
            beck[letter] = _meets(g, BECK_CRITERIA[letter])
        start = local_date(a.agreements[0].agreed_at)
    elif legacy:
        start = a.agreed_on
    if agreed or legacy:
        beck["d"] = first is not None and bool(first.progress_summary.strip())
    on_time = False
    if first is not None:
        if a.review_date is not None:
            on_time = first.date <= a.review_date + GRACE
        elif start is not None:
            on_time = first.date <= start + NO_DATE_WINDOW
    return AssignmentFacts(
        id=a.id,
        client_code=a.client_code,
        created=local_date(a.created),
        withdrawn=a.withdrawal is not None,
        agreed=agreed,
        legacy=legacy,
        agreed_with_missing=missing,
        beck=beck,
        reviewed=first is not None,
        reviewed_next_session=on_time,
        completion=None if first is None else first.completion,
        days_to_review=None if first is None or start is None else (first.date - start).days,
    )


@dataclass(frozen=True)
class AuditNumbers:
    """The numbers for one client, or for the whole store (client_code None)."""

    client_code: str | None
    assignments: int  # set in the period, not withdrawn
    sessions: int  # distinct (client, day) on which homework was set, not withdrawn
    agreed: int  # agreed, including legacy
    agreed_words_kept: int  # the base of Beck's a-c
    legacy: int  # agreed, words not kept
    agreed_with_missing: int
    drafts: int  # never agreed
    withdrawn: int
    beck: dict[str, int]  # a-c out of agreed_words_kept; d out of agreed
    reviewed: int  # out of agreed
    reviewed_next_session: int  # out of agreed
    completion: dict[int, int]  # 0-4 -> how many first reviews
    completion_mean: float | None
    median_days_to_review: float | None

    def share(self, key: str) -> float | None:
        """A fraction 0-1 of its base (a-c: agreed words kept; d and reviews: agreed)."""
        if key in ("a", "b", "c"):
            n, base = self.beck[key], self.agreed_words_kept
        elif key == "d":
            n, base = self.beck["d"], self.agreed
        elif key == "reviewed":
            n, base = self.reviewed, self.agreed
        elif key == "reviewed_next_session":
            n, base = self.reviewed_next_session, self.agreed
        else:
            raise KeyError(key)
        return None if base == 0 else n / base


def summarise(client_code: str | None, facts: Sequence[AssignmentFacts]) -> AuditNumbers:
    live = [f for f in facts if not f.withdrawn]
    agreed = [f for f in live if f.agreed or f.legacy]
    kept = [f for f in live if f.agreed]
    reviewed = [f for f in agreed if f.reviewed]
    completions = [f.completion for f in reviewed if f.completion is not None]
    days = [f.days_to_review for f in reviewed if f.days_to_review is not None]
    beck = {letter: sum(1 for f in kept if f.beck.get(letter)) for letter in ("a", "b", "c")}
    beck["d"] = sum(1 for f in agreed if f.beck.get("d"))
    return AuditNumbers(
        client_code=client_code,
        assignments=len(live),
        sessions=len({(f.client_code, f.created) for f in live}),
        agreed=len(agreed),
        agreed_words_kept=len(kept),
        legacy=sum(1 for f in live if f.legacy),
        agreed_with_missing=sum(1 for f in kept if f.agreed_with_missing),
        drafts=len(live) - len(agreed),
        withdrawn=sum(1 for f in facts if f.withdrawn),
        beck=beck,
        reviewed=len(reviewed),
        reviewed_next_session=sum(1 for f in agreed if f.reviewed_next_session),
        completion={level: completions.count(level) for level in range(5)},
        completion_mean=statistics.fmean(completions) if completions else None,
        median_days_to_review=float(statistics.median(days)) if days else None,
    )


def completion_level(facts: Sequence[AssignmentFacts]) -> int | None:
    """A client's completion level: the mean first-review completion of their live agreed
    assignments, rounded half up (1.5 -> 2); None when none was reviewed."""
    done = [
        f.completion
        for f in facts
        if not f.withdrawn and (f.agreed or f.legacy) and f.completion is not None
    ]
    if not done:
        return None
    return int(statistics.fmean(done) + 0.5)


@dataclass(frozen=True)
class ClientOutcome:
    client_code: str
    level: int | None
    change: OutcomeChange


@dataclass(frozen=True)
class OutcomeRow:
    """Change in PHQ-9 and GAD-7 among clients at one completion level (None: all clients)."""

    level: int | None
    clients: int  # clients with either measure taken at two or more reviews
    phq9_paired: int
    phq9_mean_change: float | None  # last - first: negative is better
    phq9_reliable_improvement: int
    gad7_paired: int
    gad7_mean_change: float | None
    gad7_reliable_improvement: int
    both_paired: int
    case_at_start: int  # out of both_paired
    recovered: int  # out of case_at_start


def outcome_row(level: int | None, outcomes: Sequence[ClientOutcome]) -> OutcomeRow:
    ch = [o.change for o in outcomes]
    phq = [c.phq9_change for c in ch if c.phq9_change is not None]
    gad = [c.gad7_change for c in ch if c.gad7_change is not None]
    return OutcomeRow(
        level=level,
        clients=sum(1 for c in ch if c.phq9_change is not None or c.gad7_change is not None),
        phq9_paired=len(phq),
        phq9_mean_change=statistics.fmean(phq) if phq else None,
        phq9_reliable_improvement=sum(1 for c in ch if c.phq9_reliable_improvement),
        gad7_paired=len(gad),
        gad7_mean_change=statistics.fmean(gad) if gad else None,
        gad7_reliable_improvement=sum(1 for c in ch if c.gad7_reliable_improvement),
        both_paired=sum(1 for c in ch if c.paired_both),
        case_at_start=sum(1 for c in ch if c.case_at_start),
        recovered=sum(1 for c in ch if c.recovered),
    )


def outcome_rows(outcomes: Sequence[ClientOutcome]) -> list[OutcomeRow]:
    """One row per completion level 0-4 that has a client, then clients never reviewed (level
    None has no row of its own: they are in the total), then the total (level None)."""
    rows = [
        outcome_row(level, [o for o in outcomes if o.level == level])
        for level in range(5)
        if any(o.level == level for o in outcomes)
    ]
    return [*rows, outcome_row(None, outcomes)]


@dataclass(frozen=True)
class Audit:
    """The whole audit: the period, one row per client with homework in it, and the total."""

    period: Period
    made_on: date
    clients: list[AuditNumbers]
    overall: AuditNumbers
    facts: list[AssignmentFacts] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)
    client_outcomes: list[ClientOutcome] = field(default_factory=list)


def run_audit(
    store: Store,
    period: Period | None = None,
    *,
    client_code: str | None = None,
    today: date | None = None,
) -> Audit:
    """The audit of this store over `period` (by created date), of one client or of all of them
    (archived clients too: their homework is part of the record). Reads only."""
    period = period or Period()
    try:
        if client_code is not None:
            chosen = store.get_client_summary(client_code)
            if chosen is None:
                raise WorkflowError(
                    "There is no client with that code in this data folder. "
                    "List the clients with `homework-planner summary`, or leave out --client."
                )
            codes = [chosen.code]
        else:
            codes = [c.code for c in store.list_client_summaries(include_archived=True)]
        rows: list[AuditNumbers] = []
        every: list[AssignmentFacts] = []
        measured: list[ClientOutcome] = []
        for code in codes:
            ids = [
                s.id
                for s in store.list_assignments(code, include_withdrawn=True)
                if period.contains(local_date(s.created))
            ]
            if not ids:
                continue
            reviews = store.list_reviews(client_code=code)
            facts = []
            for assignment_id in ids:
                a = store.get_assignment(assignment_id)
                if a is not None:
                    facts.append(facts_of(a, reviews))
            facts.sort(key=lambda f: (f.created, f.id))
            rows.append(summarise(code, facts))
            every += facts
            live = {f.id for f in facts if not f.withdrawn}
            change = outcome_change([r for r in reviews if r.assignment_id in live])
            if change.phq9_change is not None or change.gad7_change is not None:
                measured.append(ClientOutcome(code, completion_level(facts), change))
    except StoreError as exc:
        raise WorkflowError.of(exc) from None
    return Audit(
        period=period,
        made_on=today or date.today(),
        clients=rows,
        overall=summarise(None, every),
        facts=every,
        outcomes=outcome_rows(measured),
        client_outcomes=measured,
    )
