"""Reading one if-then plan: is the *then* an action for that moment, and is it safe for the work?

Safety behaviours, escape, distraction and reassurance keep a fear going: the client never finds
out that what they fear does not happen (Clark 1986; Salkovskis 1991). In exposure and panic
work a plan that relies on them is flagged, with why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..vague import VAGUE_IF_RE, VAGUE_THEN_RE, find_vague
from . import language
from .behaviour import _REFERENCE_RE, _THERAPY_RE


@dataclass(frozen=True)
class PlanHit:
    half: str  # "if" | "then"
    span: tuple[int, int] | None
    words: str
    message: str
    suggestion: str
    vague: bool = False  # counted in the "vague" summary


_LEAD_THEN_RE = re.compile(
    r"^\s*(?:(?:then|I\s+will|I['’]ll|I\s+am\s+going\s+to|I\s+can|I\s+should|try\s+to|just|and)\s+)*",
    re.IGNORECASE,
)
# What a person cannot do at a given moment: a state, a result, or a pointer to a method.
_NOT_AN_ACTION_RE = re.compile(
    r"(?:deal\s+with|cope|handle|manage|get\s+through|overcome|sort\s+(?:it|this|something|things)"
    r"|work\s+it\s+out"
    r"|use\s+(?:what\s+(?:I|we)\s+\w+|my\s+(?:\w+\s+)?(?:skills?|techniques?|strategies|tools?|training)"
    r"|the\s+(?:\w+\s+)?(?:skills?|techniques?|strategies|tools?))"
    r"|remember\b|think\s+(?:about\s+it|positive\w*|differently)|be\s+(?:ok|okay|fine|calm|strong|brave"
    r"|positive|kind|alright)|feel\s+\w+|stay\s+(?:calm|positive|strong)|keep\s+calm|calm\s+down"
    r"|relax\b(?!\s+(?:my|each|the|your))|not\s+\w+|don['’]t\s+\w+|stop\s+worrying|try\s+not\s+to"
    r"|postpone\s+(?:it|the\s+worry|them|my\s+worr\w*)|challenge\s+(?:it|the\s+thought|them|my\s+thoughts?)"
    r"|carry\s+on(?!\s+(?:\w+ing|and|with|to\s+the|for|until|till))|make\s+myself\s*(?:do\s+it|go)?\s*[.!]?$"
    r"|take\s+it\s+easy|rest\s+up|look\s+after\s+myself|(?:be\s+gentle|go\s+easy)\s+(?:with|on)\s+myself|do\s+(?:the|my)\s+(?:\w+\s+)?(?:exercises?|techniques?|homework|thing|stuff|routine)\b"
    # "do my seated exercise video", "do the stretches sheet": a named thing, not a pointer.
    r"(?!\s+(?:video|dvd|sheet|class|app|recording|tape|book|bike|cd|programme|program)\b)"
    r"|use\s+(?:my|the)\s+(?:breathing|grounding|relaxation|mindfulness|coping|thing|stuff|method"
    r"|exercises?|plan|training)\b|get\s+over\s+it"
    r"|apply\s+\w+|practi[sc]e\s+(?:my|the)\s+(?:skills?|techniques?))",
    re.IGNORECASE,
)
_KEEP_ON_RE = re.compile(r"keep\s+going|push\s+(?:through|on)|carry\s+on", re.IGNORECASE)
_NEGATIVE_HEAD_RE = re.compile(r"(?:not|don['’]t)\s", re.IGNORECASE)
_AND_ACTION_RE = re.compile(
    r"\b(?:and|but|instead|then|so)\s+(?:I\s+will\s+|I['’]ll\s+)?[a-z]+", re.I
)
# Giving the task up is no plan for an obstacle.
_DROPS_TASK_RE = re.compile(
    r"\bgive\s+it\s+a\s+miss\b|\bskip\s+(?:it|the\s+\w+|today|this\s+one)\b|\bnot\s+bother\b"
    r"|\bgive\s+up\b|\bleave\s+it\s+(?:for\s+)?(?:today|this\s+week|for\s+now)\b"
    r"|\bcancel\s+it\b|\btry\s+(?:again\s+)?(?:another|some\s+other)\s+(?:day|time|week)\b",
    re.IGNORECASE,
)
# The action comes before the moment it is meant for: once the "if" has happened it is too late.
_BEFORE_RE = re.compile(
    r"\b(?:an?|\d+|one|two|three|half\s+an)\s+(?:\w+\s+)?(?:hours?|minutes?|mins?|days?)\s+before\b"
    r"|\bbeforehand\b|\bin\s+advance\b|\bthe\s+(?:night|day|evening|morning)\s+before\b"
    r"|\bahead\s+of\s+time\b|\bearlier\s+(?:in\s+the\s+(?:day|evening)|that\s+day|on)\b"
    r"|\bbefore\s+(?:bed|bedtime|I\s+go\s+to\s+bed|going\s+to\s+bed)\b",
    re.IGNORECASE,
)
_FORGET_RE = re.compile(r"\bforg[eo]t\w*\b|\bslips?\s+my\s+mind\b", re.IGNORECASE)
_REMINDER_RE = re.compile(
    r"\b(?:set|put|write|leave|stick|make|add|use|turn\s+on|switch\s+on)\s+(?:up\s+)?(?:an?\s+|my\s+|the\s+)?(?:phone\s+)?"
    r"(?:alarm|reminder|note|post-it|sticky\s+note|calendar)\b",
    re.IGNORECASE,
)
BACKUP_RE = re.compile(
    r"\b(?:my|the|a|our)\s+(?:back-?\s?up|backup|fall-?back|alternative|spare|other|second)\s+"
    r"(?:activity|plan|task|option|exercise|thing|walk|choice)\b|\bplan\s+b\b",
    re.IGNORECASE,
)
# A back-up is named where it is mentioned ("my back-up activity: the exercise bike") or in a
# statement elsewhere ("my back-up is the exercise bike").
_NAMED_AFTER_RE = re.compile(
    r"\s*(?:[:(=\-–—]|,\s*(?:which\s+is|i\.e\.|namely|the)|\s*(?:of|which\s+is|is|,\s*that\s+is))\s*[A-Za-z0-9]",
)
_BACKUP_NAMED_RE = re.compile(
    r"\b(?:back-?\s?up|backup|fall-?back|plan\s+b)(?:\s+(?:activity|plan|task|option|exercise))?"
    r"\s*(?:is|will\s+be|:|=|-|–|—|\()\s*[A-Za-z0-9]",
    re.IGNORECASE,
)

_NEGATED_RE = re.compile(
    r"(?:\bnot|n['’]t|\bnever|\bwithout|\binstead\s+of|\brather\s+than|\bno|\bresist\w*|\burge\s+to"
    r"|\bwant(?:ing)?\s+to|\bfeel\s+like|\bstop\s+myself(?:\s+from)?|\bdrop\w*|\blet\s+go\s+of"
    r"|\bput\s+off|\bless|\bfewer|\bcut\s+(?:down|out)(?:\s+on)?)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_SAFETY: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "escape or avoidance",
        "leaving or side-stepping cuts the practice short",
        re.compile(
            r"\b(?:leave|leaving|go\s+home|going\s+home|head\s+home|get\s+off|getting\s+off"
            r"|walk\s+out|step\s+out(?:side)?|go\s+outside|get\s+out|escape|run\s+out"
            r"|walk\s+(?:away|round\s+the\s+block|around\s+the\s+block)|come\s+back\s+(?:later"
            r"|another\s+day|tomorrow)|turn\s+back|go\s+back\s+(?:home|to\s+the\s+car)|skip\s+it"
            r"|stop\s+the\s+(?:step|practice|exposure)|put\s+(?:it|the\s+step)\s+off"
            r"|(?:take|use)\s+the\s+stairs|go\s+(?:a\s+)?different\s+way|avoid\w*"
            r"|(?:go|do\s+it)\s+(?:on\s+)?(?:another|a\s+different)\s+(?:day|time)"
            r"|(?:wait|go)\s+(?:until|till|when)\s+it['’]?s\s+quiet\w*|order\s+(?:it\s+)?online"
            r"|get\s+a\s+taxi)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "distraction",
        "distraction keeps the mind away from what is being learned",
        re.compile(
            r"\b(?:distract\w*|think\s+(?:about|of)\s+something\s+else|focus\s+on\s+something\s+else"
            r"|count\s+(?:backwards|things|the\s+\w+|tiles|cars|to\s+\w+|in\s+my\s+head)|read\s+(?:the\s+)?(?:labels?|signs?)"
            r"|listen\s+to\s+(?:music|a\s+podcast|the\s+radio)|(?:play|look)\s+(?:on|at)\s+my\s+phone"
            r"|scroll\w*|sing\s+to\s+myself|do\s+a\s+puzzle|keep\s+(?:my\s+)?mind\s+busy)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "reassurance",
        "reassurance makes the fear pass for now, so the client never tests it",
        re.compile(
            r"\b(?:ask\s+(?:\w+\s+){0,3}(?:if|whether)\b|reassur\w*|(?:ring|call|phone|text|message)"
            r"\s+(?:my\s+)?(?:mum|dad|partner|wife|husband|friend|sister|brother|someone|somebody"
            r"|the\s+doctor|my\s+gp)|google\w*|look\s+(?:it\s+)?up\s+online|check\s+with\s+\w+"
            r"|tell\s+myself\s+(?:that\s+)?(?:it|I|this)\s*(?:will|['’]ll|am|['’]m|is|['’]s)?\s*"
            r"(?:pass|be\s+fine|be\s+ok|ok|okay|safe|fine|alright|nothing|only|just))",
            re.IGNORECASE,
        ),
    ),
    (
        "a safety behaviour",
        "it gets the credit for nothing bad happening",
        re.compile(
            r"\b(?:sit\s+down|hold\s+(?:on\s+to|onto)\s+\w+|lean\s+on\s+\w+|carry\s+(?:water|my\s+tablets"
            r"|a\s+bottle|a\s+paper\s+bag)|take\s+(?:a|my)\s+(?:tablet|pill|diazepam|propranolol"
            r"|beta[\s-]?blocker)|(?:slow|control)\s+(?:down\s+)?my\s+breathing|breathe\s+(?:out\s+)?slowly"
            r"|slow\s+breath\w*|(?:a\s+)?paper\s+bag|check\s+my\s+(?:pulse|heart\w*|breathing)"
            r"|(?:stand|sit|stay)\s+(?:near|by|next\s+to)\s+the\s+(?:door|exit|aisle)"
            r"|keep\s+my\s+head\s+down|avoid\s+eye\s+contact|bring\s+(?:someone|a\s+friend|my\s+\w+)"
            r"\s+with\s+me|have\s+(?:my\s+)?(?:water|tablets|phone)\s+(?:with\s+me|ready)"
            r"|grip\s+\w+|tense\s+my\s+legs|wear\s+(?:my\s+)?(?:sunglasses|headphones)"
            r"|hide\s+(?:them|it|my\s+\w+)|cover\s+(?:my\s+)?(?:face|hands|mouth|neck)"
            r"|let\s+(?:my\s+)?\w+\s+(?:do\s+the\s+talking|speak\s+for\s+me|take\s+over)"
            r"|get\s+(?:someone|my\s+\w+)\s+to\s+(?:do|speak|talk|pay|order))",
            re.IGNORECASE,
        ),
    ),
)


@lru_cache(maxsize=4096)
def read_plan(if_text: str, then_text: str, fear_work: bool, work_name: str) -> tuple[PlanHit, ...]:
    hits: list[PlanHit] = []
    for m in VAGUE_IF_RE.finditer(if_text):
        hits.append(
            PlanHit(
                "if",
                m.span(),
                m.group(0),
                f"'{m.group(0)}' does not name the obstacle.",
                "Name one likely obstacle, e.g. 'my friend cancels' or 'it is raining'.",
                vague=True,
            )
        )
    lead = _LEAD_THEN_RE.match(then_text)
    start = lead.end() if lead else 0
    taken: list[tuple[int, int]] = []
    head = _NOT_AN_ACTION_RE.match(then_text, start)
    if (
        head
        and _NEGATIVE_HEAD_RE.match(head.group(0))
        and _AND_ACTION_RE.search(then_text, head.end())
    ):
        head = None  # "not nap, and go outside for 10 minutes": the action follows the 'not'
    not_action = [head] if head else []
    not_action += [r for r in _REFERENCE_RE.finditer(then_text)]
    t = _THERAPY_RE.match(then_text, start)
    if t:
        not_action.append(t)
    for m in not_action:
        if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
            continue
        taken.append(m.span())
        hits.append(
            PlanHit(
                "then",
                m.span(),
                m.group(0),
                f"'{m.group(0)}' is not something the client can do at that moment.",
                "Name one action for that moment, e.g. 'write the worry on my list and go back "
                "to what I was doing' or 'walk for just 5 minutes'.",
                vague=True,
            )
        )
    for m in VAGUE_THEN_RE.finditer(then_text):
        if any(not (m.end() <= a or m.start() >= b) for a, b in taken):
            continue
        if _KEEP_ON_RE.match(m.group(0)) and language.has_quantity(then_text):
            continue  # "keep going for the full 2 minutes" says for how long
        taken.append(m.span())
        hits.append(
            PlanHit(
                "then",
                m.span(),
                m.group(0),
                f"'{m.group(0)}' is vague: what exactly will they do?",
                f"'{m.group(0)}' — say exactly what they will do instead, "
                "e.g. 'walk for just 5 minutes' or 'text my sister to come with me'",
                vague=True,
            )
        )
    for h in find_vague(then_text):
        if all(h.span[1] <= a or h.span[0] >= b for a, b in taken):
            taken.append(h.span)
            hits.append(
                PlanHit(
                    "then",
                    h.span,
                    h.words,
                    f"'{h.words}' is vague: {h.question}",
                    h.suggestion,
                    True,
                )
            )
    drop = _DROPS_TASK_RE.search(then_text)
    if drop and not any(not (drop.end() <= a or drop.start() >= b) for a, b in taken):
        hits.append(
            PlanHit(
                "then",
                drop.span(),
                drop.group(0),
                f"'{drop.group(0)}' drops the task instead of getting round the obstacle.",
                "Plan a smaller version for that moment, e.g. 'do just the first 5 minutes'.",
            )
        )
    before = _BEFORE_RE.search(then_text)
    if before or (_FORGET_RE.search(if_text) and _REMINDER_RE.search(then_text)):
        span = before.span() if before else None
        hits.append(
            PlanHit(
                "then",
                span,
                before.group(0) if before else "",
                "The action comes before the moment in the 'if': once that has happened, it is "
                "too late to do it.",
                "Put the earlier step in the task itself, and make the 'then' something to do "
                "right when the 'if' happens, e.g. 'If I forget, then I will do it as soon as I "
                "remember'.",
            )
        )
    if fear_work:
        hits += _safety_hits(then_text, work_name)
    return tuple(sorted(hits, key=lambda h: (h.half != "if", h.span or (10**9, 0))))


# In CBT for insomnia (stimulus control, sleep restriction) these undo the work: the bed is for
# sleep, a nap spends the sleep drive, and watching the clock feeds the worry about sleep.
_SLEEP_AGAINST: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "a nap spends the sleep drive the night needs",
        re.compile(
            r"\b(?:have|take|grab)\s+(?:a\s+|an\s+)?(?:short\s+|quick\s+|little\s+|power\s+|\w+-minute\s+){0,3}"
            r"(?:nap|snooze|doze|kip|lie[\s-]down)\b|\bnap(?:ping)?\s+(?:for|in|after|on)\b"
            r"|\bsleep\s+in\b|\b(?:have|take)\s+a\s+lie[\s-]in\b|\blie\s+in\b",
            re.IGNORECASE,
        ),
    ),
    (
        "watching the clock feeds the worry about not sleeping",
        re.compile(
            r"\b(?:check|look\s+at|watch)\s+(?:the\s+|my\s+)?(?:clock|time|phone\s+for\s+the\s+time)\b"
            r"|\bwork\s+out\s+how\s+(?:long|many\s+hours)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "lying awake in bed teaches the body that bed is for being awake",
        re.compile(
            r"\b(?:lie|lay|stay|rest)\s+(?:still\s+|quietly\s+|there\s+)?(?:in\s+bed|and\s+rest"
            r"|with\s+my\s+eyes\s+(?:closed|shut)|until\s+I\s+(?:drop|nod|fall)\s+off)\b"
            r"|\brest\s+my\s+eyes\b|\blie\s+still\b",
            re.IGNORECASE,
        ),
    ),
)


def sleep_hits(then_text: str) -> list[PlanHit]:
    """Plans that work against CBT for insomnia: naps, lie-ins, clock-watching, lying awake."""
    out: list[PlanHit] = []
    for why, pattern in _SLEEP_AGAINST:
        m = pattern.search(then_text)
        if m is None or _NEGATED_RE.search(then_text[max(0, m.start() - 40) : m.start()]):
            continue
        out.append(
            PlanHit(
                "then",
                m.span(),
                m.group(0),
                f"In sleep work, '{m.group(0)}' works against the plan: {why} "
                "(stimulus control, Bootzin 1972; sleep restriction, Spielman 1987).",
                "Plan something to do out of bed instead, e.g. 'get up, sit in the living room "
                "with a dull book and go back to bed when sleepy'.",
            )
        )
    return out


def _safety_hits(then_text: str, work_name: str) -> list[PlanHit]:
    out: list[PlanHit] = []
    seen: list[tuple[int, int]] = []
    for kind, why, pattern in _SAFETY:
        for m in pattern.finditer(then_text):
            if _NEGATED_RE.search(then_text[max(0, m.start() - 40) : m.start()]):
                continue
            if any(not (m.end() <= a or m.start() >= b) for a, b in seen):
                continue
            seen.append(m.span())
            out.append(
                PlanHit(
                    "then",
                    m.span(),
                    m.group(0),
                    f"In {work_name}, '{m.group(0)}' is {kind}: {why}, so the client does not "
                    "learn that the feared thing does not happen (Clark 1986; Salkovskis 1991).",
                    "Plan to stay and notice what happens instead, e.g. 'stay in the queue until "
                    "my turn and notice what my body does'.",
                )
            )
    return out


def backup_unnamed(then_text: str, other_texts: tuple[str, ...]) -> tuple[int, int] | None:
    """The span of "my back-up activity" when no back-up is named anywhere, else None."""
    m = BACKUP_RE.search(then_text)
    if m is None:
        return None
    if _NAMED_AFTER_RE.match(then_text, m.end()):
        return None
    if any(_BACKUP_NAMED_RE.search(t) for t in other_texts if t):
        return None
    return m.span()
