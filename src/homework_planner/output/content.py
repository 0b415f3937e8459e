"""What the handout says, as plain data: the PDF and the plain-text version are both drawn from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..domain.models import Assignment, MonitoringColumn
from ..domain.settings import Settings

# The sheet's days and columns live in the domain so that the review grid is built from the
# very same rows the sheet printed; re-exported here under their old names.
# Re-exported (explicitly, for the type check): the sheet's days and columns live in the domain,
# because the review grid and the migrations need them too.
from ..domain.sheet import grid_columns as grid_columns
from ..domain.sheet import is_tick as is_tick
from ..domain.sheet import monitoring_days as monitoring_days
from ..domain.sheet import sheet_rows as sheet_rows
from ..domain.sheet import start_date as start_date
from . import i18n
from .i18n import Language

# Words that may start an "if" clause in lower case without turning a name into a typo
# ("If Sam cancels" must keep its capital; "If It is raining" must not).
_LOWER_OK = {
    "a",
    "all",
    "an",
    "any",
    "another",
    "anyone",
    "anything",
    "every",
    "everyone",
    "he",
    "her",
    "his",
    "it",
    "it's",
    "its",
    "my",
    "no",
    "nobody",
    "nothing",
    "one",
    "our",
    "people",
    "she",
    "some",
    "somebody",
    "someone",
    "something",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "we",
    "when",
    "you",
    "your",
}
_RANGE_RE = re.compile(r"^\s*(\d+)\s*[-–—]\s*(\d+)\s*$")
_I_WORDS = re.compile(r"^(I|I'm|I’m|I'll|I’ll|I've|I’ve|I'd|I’d)\b")


@dataclass(frozen=True)
class Para:
    """A paragraph; its `label` (printed bold) comes first, e.g. "When:"."""

    text: str
    label: str = ""
    # A phone number to call: `text` is the number, `label` who answers ("" for "us").
    call: bool = False


IF_THEN = "If {if}, then I will {then}."


@dataclass(frozen=True)
class IfThen:
    if_: str
    then: str
    # The sentence around the client's two clauses, in the client's language.
    template: str = IF_THEN

    @property
    def sentence(self) -> str:
        return self.template.replace("{if}", self.if_).replace("{then}", self.then)


@dataclass(frozen=True)
class Grid:
    days: tuple[date, ...]
    columns: tuple[MonitoringColumn, ...]


Block = Para | IfThen | Grid


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class HandoutContent:
    title: str
    sections: list[Section]
    contact: list[Para]
    lang: Language = field(default_factory=lambda: i18n.language())
    # For the therapist: the service's own safety line has no wording in the client's language.
    notes: list[str] = field(default_factory=list)


def sentence(text: str) -> str:
    """Trimmed text that ends like a sentence (adds a full stop only after a letter or digit)."""
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if text and (text[-1].isalnum() or text[-1] in ")\"'’”"):
        text += "."
    return text


def _clause(text: str) -> str:
    return " ".join(text.split()).rstrip(" .!;:,")


def if_part(text: str) -> str:
    text = _clause(text)
    text = re.sub(r"^if\s+", "", text, flags=re.IGNORECASE)
    first = text.split(" ", 1)[0] if text else ""
    if first.lower() in _LOWER_OK and first[:1].isupper() and not first.isupper():
        text = text[0].lower() + text[1:]
    return text


def then_part(text: str) -> str:
    text = _clause(text)
    text = re.sub(r"^(then\s*,?\s*)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(I\s+will|I’ll|I'll)\s+", "", text, flags=re.IGNORECASE)
    first = text.split(" ", 1)[0] if text else ""
    # A verb is expected after "then I will"; lower-case it unless it is "I" or an acronym.
    if first and first[:1].isupper() and not first.isupper() and not _I_WORDS.match(text):
        text = text[0].lower() + text[1:]
    return text


def scale_words(column: MonitoringColumn, lang: Language | None = None) -> str:
    """The scale as a child would read it: "0-10" -> "0 to 10"; tick scales need no words."""
    scale = (column.scale or "").strip()
    if not scale or is_tick(column) or scale.lower() in column.label.lower():
        return ""  # "Time (time)" says nothing twice
    m = _RANGE_RE.match(scale)
    if not m:
        return scale
    return (lang or i18n.language())("{low} to {high}", low=m.group(1), high=m.group(2))


def long_date(d: date, lang: Language | None = None) -> str:
    """ "Wednesday 2 December", in the client's language (CLDR through Babel)."""
    return (lang or i18n.language()).long_date(d)


def build(a: Assignment, settings: Settings, lang: Language | None = None) -> HandoutContent:
    """The handout's content; every fixed phrase in `lang` (default: English)."""
    _ = lang = lang or i18n.language()
    t = a.task
    sections: list[Section] = []

    what = Section(_("What I will do"))
    if t.what.strip():
        what.blocks.append(Para(sentence(t.what)))
    for label, value in (
        ("When:", t.when),
        ("Where:", t.where),
        ("How long:", t.how_long),
        ("How often:", t.how_often),
        ("Who with:", t.with_whom or ""),
        ("My first step:", t.first_step or ""),
    ):
        if value.strip():
            what.blocks.append(Para(value.strip(), label=_(label)))
    sections.append(what)

    why = Section(_("Why I am doing this"))
    if a.rationale.strip():
        why.blocks.append(Para(sentence(a.rationale)))
    if a.goal.strip():
        why.blocks.append(Para(sentence(a.goal), label=_("My goal:")))
    sections.append(why)

    plans = Section(_("If something gets in the way"))
    english = lang.is_english
    for ob in a.obstacles:
        if ob.if_.strip() and ob.then.strip():
            # The English clean-ups ("if", "I will", capitals) only make sense in English.
            if_, then = (
                (if_part(ob.if_), then_part(ob.then))
                if english
                else (
                    _clause(ob.if_),
                    _clause(ob.then),
                )
            )
            plans.blocks.append(IfThen(if_, then, lang.template(IF_THEN)))
        elif ob.if_.strip() or ob.then.strip():
            # Half a plan still prints, so nothing typed is lost; the coach flags the gap.
            plans.blocks.append(Para(sentence((ob.if_ or ob.then).strip())))
    sections.append(plans)

    track = Section(_("How I will keep track"))
    m = a.monitoring
    if m.what_to_record.strip():
        track.blocks.append(Para(m.what_to_record.strip(), label=_("What I will write down:")))
    if m.when_to_record.strip():
        track.blocks.append(Para(m.when_to_record.strip(), label=_("When I will write it:")))
    columns = grid_columns(a)
    days = monitoring_days(a)
    if columns and days:
        track.blocks.append(Grid(tuple(days), tuple(columns)))
    sections.append(track)

    talk = Section(_("When we will talk about it"))
    therapist = settings.therapist_name.strip()
    if a.review_date and therapist:
        said = _(
            "We will talk about how it went with {therapist} on {date}.",
            therapist=therapist,
            date=long_date(a.review_date, lang),
        )
    elif a.review_date:
        said = _("We will talk about how it went on {date}.", date=long_date(a.review_date, lang))
    elif therapist:
        said = _(
            "We will talk about how it went with {therapist} at our next session.",
            therapist=therapist,
        )
    else:
        said = _("We will talk about how it went at our next session.")
    talk.blocks.append(Para(said))
    sections.append(talk)

    contact: list[Para] = []
    service, phone = settings.service_name.strip(), settings.service_phone.strip()
    if phone:
        # label = who to call, text = the number (printed bold): "Call <label> on <text>."
        contact.append(Para(phone, label=service, call=True))
    elif service:
        contact.append(Para(service))
    notes: list[str] = []
    unsafe = settings.unsafe_line.strip()
    if unsafe:
        # The shipped safety line is in every catalogue; a service's own line is printed as
        # the service wrote it unless its override file gives it in this language.
        worded = lang.messages.get(unsafe, unsafe)
        if worded == unsafe and not lang.is_english:
            notes.append(
                "Your service's own safety line has no wording in this language, so it prints "
                "in English. Add its translation to the service's phrase override file."
            )
        contact.append(Para(worded))
    title = a.title.strip() or _("My plan for this week")
    return HandoutContent(title, [s for s in sections if s.blocks], contact, lang, notes)


def grid_header(d: date, lang: Language | None = None) -> tuple[str, str]:
    return (lang or i18n.language()).short_weekday(d), f"{d.day}"


def column_heading(
    c: MonitoringColumn, keep_scale_together: bool = False, lang: Language | None = None
) -> str:
    words = scale_words(c, lang)
    if keep_scale_together:
        # No line break inside "(0 to 10)": a split scale is hard to read.
        words = words.replace(" ", "\u00a0")
    return f"{c.label} ({words})" if words else c.label


def to_text(content: HandoutContent) -> str:
    """The handout as plain text, for screen readers and for pasting into a message."""
    _ = content.lang
    lines = [content.title, "=" * min(len(content.title), 60), ""]
    for section in content.sections:
        lines += [section.heading, "-" * len(section.heading)]
        for block in section.blocks:
            if isinstance(block, Para):
                lines.append(f"{block.label} {block.text}".strip())
            elif isinstance(block, IfThen):
                lines.append(block.sentence)
            else:
                for d in block.days:
                    cells = [
                        f"{c.label}: [ ]" if is_tick(c) else f"{column_heading(c, lang=_)}: ____"
                        for c in block.columns
                    ]
                    lines.append(f"{long_date(d, _)}: " + "; ".join(cells))
        lines.append("")
    if content.contact:
        head = _("Contact")
        lines += [head, "-" * len(head)]
        lines += [contact_line(p, _) for p in content.contact]
    return "\n".join(lines).rstrip() + "\n"


def contact_line(p: Para, lang: Language | None = None) -> str:
    _ = lang or i18n.language()
    if not p.call:
        return p.text
    if p.label:
        return _("Call {who} on {number}.", who=p.label, number=p.text)
    return _("Call us on {number}.", number=p.text)
