"""Plain-language check of client-facing text: long sentences, reading age and jargon."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

from .models import Assignment

log = logging.getLogger(__name__)

MAX_SENTENCE_WORDS = 20
# NHS guidance: write for a reading age of 9-11.
READING_AGE_AIM = (9, 11)
# Below this many words a Flesch-Kincaid estimate is noise, so no reading age is given.
MIN_WORDS_FOR_READING_AGE = 8

# Therapist words that a client may not know, with the plain words to use instead.
# Keys are lower case; plurals and "-or" spellings are matched too (see _term_pattern).
JARGON: dict[str, str] = {
    "exposure hierarchy": "ladder of steps",
    "fear hierarchy": "ladder of steps",
    "hierarchy": "list of steps, easiest first",
    "graded exposure": "facing fears one step at a time",
    "interoceptive exposure": "bringing on body feelings on purpose",
    "exposure": "facing what you fear, one step at a time",
    "cognitions": "thoughts",
    "cognitive distortion": "thinking trap",
    "cognitive restructuring": "finding a fairer way to see things",
    "negative automatic thoughts": "upsetting thoughts that pop into your head",
    "automatic thoughts": "thoughts that pop into your head",
    "nats": "upsetting thoughts that pop into your head",
    "core beliefs": "deep beliefs about yourself",
    "dysfunctional assumptions": "unhelpful rules",
    "behavioural activation": "doing more of what matters",
    "activity scheduling": "planning activities",
    "behavioural experiment": "a test to see what really happens",
    "suds": "how anxious, 0 to 100",
    "safety behaviours": "things you do to feel safe",
    "rumination": "going over and over things",
    "ruminating": "going over and over things",
    "catastrophising": "expecting the worst",
    "catastrophizing": "expecting the worst",
    "avoidance": "staying away from things",
    "hypervigilance": "being on the lookout for danger",
    "habituation": "the fear fading by itself over time",
    "homework compliance": "doing the plan",
    "compliance": "sticking to the plan",
    "adherence": "sticking to the plan",
    "psychoeducation": "learning how this works",
    "intervention": "plan",
    "formulation": "our map of what keeps things going",
    "maintenance cycle": "the circle that keeps things going",
    "anhedonia": "not enjoying things",
    "sleep hygiene": "habits that help you sleep",
    "sleep efficiency": "time asleep out of time in bed",
    "stimulus control": "using your bed only for sleep",
    "hyperventilation": "breathing too fast",
    "diaphragmatic breathing": "slow breathing from your belly",
    "progressive muscle relaxation": "tensing and letting go of muscles",
    "worry postponement": "saving worries for worry time",
    "cue-controlled relaxation": "letting go of tension when you say a calm word",
    "applied relaxation": "letting go of tension in everyday moments",
    "somatic": "in the body",
    "self-monitoring": "keeping track",
    "reinforcement": "reward",
    "baseline": "where you are starting from",
}


@dataclass(frozen=True)
class Sentence:
    span: tuple[int, int]  # characters in the analysed text
    words: int


@dataclass(frozen=True)
class JargonHit:
    term: str  # the JARGON key
    plain: str  # what to say instead
    span: tuple[int, int]


@dataclass(frozen=True)
class PlainReport:
    sentences: tuple[Sentence, ...]
    long_sentences: tuple[Sentence, ...]  # more than MAX_SENTENCE_WORDS words
    words: int
    syllables: int
    grade: float | None  # Flesch-Kincaid grade (US school year)
    reading_age: float | None  # years: grade + 5; None for too little text to judge
    jargon: tuple[JargonHit, ...]

    @property
    def too_hard(self) -> bool:
        return self.reading_age is not None and round(self.reading_age) > READING_AGE_AIM[1]


# ---- words and syllables -------------------------------------------------------------------
# Times and decimals ("6.30", "13:00") and abbreviations ("e.g.") are one word each.
_WORD_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.:,]\d+)*|[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=1)
def _pyphen() -> pyphen.Pyphen:
    # Loaded on first use, not at import: reading the dictionary takes ~0.1 s, which the
    # window's start would otherwise pay. left/right=1 so that pyphen offers every break, not
    # only those a printer would hyphenate.
    return pyphen.Pyphen(lang="en_GB", left=1, right=1)


def load_dictionary() -> None:
    """Read the hyphenation dictionary now (the window does it in idle time after start)."""
    _pyphen()


def _heuristic_syllables(word: str) -> int:
    # pyphen's patterns are for hyphenation and miss breaks ("min-utes", "peo-ple"); vowel groups
    # with the usual silent-e corrections catch most of those.
    w = word.lower()
    n = len(_VOWEL_GROUP_RE.findall(w))
    silent_e = w.endswith("e") and not w.endswith(("le", "ee", "ye"))
    silent_es = w.endswith("es") and len(w) > 3 and w[-3] not in "sxzcgh"
    silent_ed = w.endswith("ed") and len(w) > 3 and w[-3] not in "td"
    if n > 1 and (silent_e or silent_es or silent_ed):
        n -= 1
    return max(1, n)


@lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Syllables in one word: pyphen's breaks, corrected upwards by a vowel-group count."""
    if word[:1].isdigit():
        return 2  # spoken numbers ("fifteen", "six thirty") are mostly two syllables
    if "." in word:  # "e.g." is read as two letters
        return word.count(".")
    parts = re.split(r"[-'’]", word)
    total = 0
    for part in parts:
        if not part:
            continue
        by_pyphen = len(_pyphen().positions(part)) + 1
        total += max(by_pyphen, _heuristic_syllables(part))
    return max(1, total)


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


# ---- sentences ------------------------------------------------------------------------------
_ABBREVIATIONS = frozenset(
    (
        "e.g",
        "i.e",
        "etc",
        "eg",
        "ie",
        "vs",
        "approx",
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "st",
        "no",
        "a.m",
        "p.m",
        "am",
        "pm",
        "min",
        "mins",
        "hr",
        "hrs",
        "tel",
    )
)
_BULLET_RE = re.compile(r"^\s*(?:[-*•‣◦]|\d{1,2}[.)]|[a-z][.)])\s+")
_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
_TOKEN_BEFORE_RE = re.compile(r"([\w.]+)[.!?]+[\"'”’)\]]*$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans. Each line of a list is its own sentence; "e.g.", "6.30" do not split."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        bullet = _BULLET_RE.match(line)
        start = bullet.end() if bullet else 0
        for m in _END_RE.finditer(line, start):
            # Only the word just before the full stop matters ("e.g.", "6.30"): looking at the
            # last few characters, not the whole sentence, keeps a long text cheap to split.
            before = _TOKEN_BEFORE_RE.search(line, max(start, m.start() - 24), m.end())
            token = before.group(1).lower().rstrip(".") if before else ""
            at_line_end = not line[m.end() :].strip()
            if not at_line_end and (token in _ABBREVIATIONS or len(token) == 1):
                continue
            _add_span(spans, line, line_start, start, m.end())
            start = m.end()
        _add_span(spans, line, line_start, start, len(line))
    return spans


def _add_span(spans: list[tuple[int, int]], line: str, offset: int, a: int, b: int) -> None:
    chunk = line[a:b]
    stripped = chunk.strip()
    if stripped and _WORD_RE.search(stripped):
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((offset + a + lead, offset + a + lead + len(stripped)))


# ---- jargon ---------------------------------------------------------------------------------
def _term_pattern(term: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s-]+", term)]
    last = parts[-1]
    if len(last) > 5 and last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    parts[-1] = last + r"(?:s|es)?"
    pattern = r"[\s-]+".join(parts)
    # British and American spellings: behaviour/behavior, -ise/-ize.
    pattern = pattern.replace("behaviour", "behaviou?r").replace("ising", "i[sz]ing")
    return pattern + r"\b"


_JARGON_TERMS = sorted(JARGON, key=len, reverse=True)
# One leading \b outside the alternation: the engine then tries the terms only at word starts.
_JARGON_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<j{i}>{_term_pattern(t)})" for i, t in enumerate(_JARGON_TERMS)) + ")",
    re.IGNORECASE,
)


# Therapists' acronyms, matched in capitals only ("BA as discussed", "TR x3"): in lower case
# most of them are everyday words or parts of words.
ACRONYMS: dict[str, str] = {
    "BA": "doing more of what matters",
    "GE": "facing fears one step at a time",
    "TR": "thought record: writing down the thought",
    "ERP": "facing the fear without the ritual",
    "PMR": "tensing and letting go of muscles",
    "CBT-I": "the sleep plan",
    "BE": "a test to see what really happens",
    "PS": "working through the problem step by step",
    "WT": "worry time",
    "HW": "the plan for this week",
}
_ACRONYM_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(k) for k in sorted(ACRONYMS, key=len, reverse=True))
    + r")(?![\w-])"
)


def find_jargon(text: str) -> tuple[JargonHit, ...]:
    hits = []
    for m in _JARGON_RE.finditer(text):
        assert m.lastgroup is not None  # every match is one of the named groups j0, j1, ...
        term = _JARGON_TERMS[int(m.lastgroup[1:])]
        hits.append(JargonHit(term, JARGON[term], m.span()))
    # "BE" and "PS" are capitals in ordinary writing too ("PS: ring Mum", "BE THERE"): only a
    # text that is not itself shouted counts them.
    shouted = sum(c.isupper() for c in text) > len(text) / 2
    for m in _ACRONYM_RE.finditer(text):
        if m.group(0) in ("BE", "PS") and (shouted or text[m.end() : m.end() + 1] == ":"):
            continue
        if not shouted:
            hits.append(JargonHit(m.group(0), ACRONYMS[m.group(0)], m.span()))
    hits.sort(key=lambda h: h.span)
    return tuple(hits)


@lru_cache(maxsize=2048)
def _sentence(text: str) -> tuple[int, int, tuple[JargonHit, ...]]:
    """(words, syllables, jargon with spans in `text`) of one sentence: typing one more
    character into a long text re-reads only the sentence it changed."""
    ws = words(text)
    return len(ws), sum(syllables(w) for w in ws), find_jargon(text)


# ---- the report -----------------------------------------------------------------------------
def _grade(n_words: int, n_sentences: int, n_syllables: int) -> float:
    return 0.39 * (n_words / n_sentences) + 11.8 * (n_syllables / n_words) - 15.59


@lru_cache(maxsize=1024)
def analyse(text: str) -> PlainReport:
    """Sentences over 20 words, Flesch-Kincaid reading age (grade + 5) and jargon in `text`."""
    sentences = []
    jargon: list[JargonHit] = []
    total_words = total_syll = 0
    for a, b in split_sentences(text):
        n_words, n_syll, hits = _sentence(text[a:b])
        total_words += n_words
        total_syll += n_syll
        sentences.append(Sentence((a, b), n_words))
        jargon += [JargonHit(h.term, h.plain, (h.span[0] + a, h.span[1] + a)) for h in hits]
    grade = reading_age = None
    if total_words >= MIN_WORDS_FOR_READING_AGE:
        grade = round(_grade(total_words, len(sentences), total_syll), 1)
        # Below about 6 the formula's scale has no meaning; report "6" rather than "2".
        reading_age = max(6.0, round(grade + 5, 1))
    return PlainReport(
        sentences=tuple(sentences),
        long_sentences=tuple(s for s in sentences if s.words > MAX_SENTENCE_WORDS),
        words=total_words,
        syllables=total_syll,
        grade=grade,
        reading_age=reading_age,
        jargon=tuple(jargon),
    )


def reading_age_of(texts: list[str]) -> float | None:
    """One reading age for several texts read together (a whole handout)."""
    n_words = n_sent = n_syll = 0
    for text in texts:
        report = analyse(text)
        n_words += report.words
        n_sent += len(report.sentences)
        n_syll += report.syllables
    if n_words < MIN_WORDS_FOR_READING_AGE:
        return None
    return max(6.0, round(_grade(n_words, n_sent, n_syll) + 5, 1))


# ---- content words (is a reason linked to a goal?) ------------------------------------
_STOPWORDS = frozenset(
    (
        "a",
        "about",
        "after",
        "again",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "for",
        "from",
        "get",
        "go",
        "going",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "feel",
        "feeling",
        "want",
        "back",
        "able",
        "lot",
        "bit",
        "really",
        "things",
        "thing",
        "much",
        "make",
        "day",
        "days",
        "week",
        "also",
        "like",
        "well",
        "still",
    )
)
_CONTENT_WORD_RE = re.compile(r"[a-z]+")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly", "er"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """Words that carry meaning, lower case and lightly stemmed ("walking" -> "walk")."""
    return {
        _stem(w)
        for w in _CONTENT_WORD_RE.findall(text.lower())
        if len(w) > 2 and w not in _STOPWORDS
    }


# ---- what prints on the handout -------------------------------------------------------------
_LEAD_IF_RE = re.compile(r"^\s*if\s+", re.IGNORECASE)
_LEAD_THEN_RE = re.compile(r"^\s*(?:then\s+)?(?:I\s+will\s+|I'll\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class IfThen:
    """An if-then sentence and where each half of it came from (for marking the right field)."""

    text: str
    if_span: tuple[int, int]  # in text
    if_offset: int  # text[if_span[0]] is field_if[if_offset]
    then_span: tuple[int, int]
    then_offset: int


@lru_cache(maxsize=4096)
def if_then(if_text: str, then_text: str) -> IfThen:
    """Render "If <if>, then I will <then>." without doubling words the therapist typed."""
    m_if = _LEAD_IF_RE.match(if_text)
    if_offset = m_if.end() if m_if else len(if_text) - len(if_text.lstrip())
    if_core = if_text[if_offset:].rstrip().rstrip(",.;")
    m_then = _LEAD_THEN_RE.match(then_text)
    then_offset = m_then.end() if m_then else 0
    then_core = then_text[then_offset:].rstrip().rstrip(".;!")
    head = "If "
    mid = ", then I will "
    text = f"{head}{if_core}{mid}{then_core}."
    if_span = (len(head), len(head) + len(if_core))
    then_start = if_span[1] + len(mid)
    return IfThen(text, if_span, if_offset, (then_start, then_start + len(then_core)), then_offset)


def if_then_sentence(if_text: str, then_text: str) -> str:
    return if_then(if_text, then_text).text


def client_facing_texts(a: Assignment) -> dict[str, str]:
    """Field path -> the text that prints on the handout (empty fields left out)."""
    out: dict[str, str] = {}

    def put(path: str, text: str | None) -> None:
        if text and text.strip():
            out[path] = text

    put("title", a.title)
    for name in ("what", "when", "where", "how_often", "how_long", "with_whom", "first_step"):
        put(f"task.{name}", getattr(a.task, name))
    put("rationale", a.rationale)
    for i, ob in enumerate(a.obstacles, start=1):
        if ob.if_.strip() or ob.then.strip():
            out[f"obstacles[{i}]"] = if_then_sentence(ob.if_, ob.then)
    put("monitoring.what_to_record", a.monitoring.what_to_record)
    put("monitoring.when_to_record", a.monitoring.when_to_record)
    return out
