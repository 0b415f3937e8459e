"""The fixed words of client-facing output in the client's language: gettext catalogues through Babel.

The catalogues are read as .po files with babel.messages.pofile, not compiled to .mo: they are
small (a few dozen phrases), reading them takes milliseconds, nothing can drift between a .po and
a stale .mo, and a service's own override file is read by the very same code. Dates, day and
month names come from Babel's CLDR locale data, never from strings here.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from ..domain.models import DEFAULT_LANGUAGE, EntryKey, normalise_language, shipped_languages

log = logging.getLogger(__name__)

DOMAIN = "handout"
OVERRIDES_FOLDER = "locale-overrides"
# Babel drops unknown header fields, so these two are read from the header's text.
_CHECKED_RE = re.compile(r'^"?X-Clinician-Checked:\s*(\w+)', re.MULTILINE | re.IGNORECASE)
_STATUS_RE = re.compile(
    r'^"?X-Translation-Status:\s*(.+?)\s*(?:\\n)?"?$', re.MULTILINE | re.IGNORECASE
)
_FIELD_RE = re.compile(r"\{(\w+)\}")

# Every phrase the layout code asks for; the catalogue check (tests) holds each .po to this list.
MESSAGES: tuple[str, ...] = (
    "What I will do",
    "Why I am doing this",
    "If something gets in the way",
    "How I will keep track",
    "When we will talk about it",
    "When:",
    "Where:",
    "How long:",
    "How often:",
    "Who with:",
    "My first step:",
    "My goal:",
    "What I will write down:",
    "When I will write it:",
    "If {if}, then I will {then}.",
    "We will talk about how it went with {therapist} on {date}.",
    "We will talk about how it went on {date}.",
    "We will talk about how it went with {therapist} at our next session.",
    "We will talk about how it went at our next session.",
    "My plan for this week",
    "Need help?",
    "Contact",
    "Call {who} on {number}.",
    "Call us on {number}.",
    "Page {n} of {total}",
    "Page {n} of {total} – please turn over",
    "My record: {title}",
    "My record",
    "Day",
    "Entry {n}",
    "Bring this sheet on {date}, when we talk about how it went.",
    "{low} to {high}",
    "{weekday} {day_month}",
    "My homework",
    "Homework handout",
    "Monitoring sheet",
)


def placeholders(text: str) -> set[str]:
    return set(_FIELD_RE.findall(text))


@dataclass(frozen=True)
class Language:
    """One client language: its phrases, its CLDR locale, which way it is written, its check status."""

    code: str
    messages: dict[str, str]
    translator: str
    checked: bool
    status: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def babel_locale(self) -> str:
        return self.code.replace("-", "_")

    @cached_property
    def rtl(self) -> bool:
        from babel import Locale

        return bool(Locale.parse(self.babel_locale).character_order == "right-to-left")

    @property
    def name(self) -> str:
        """The language's name in English and in itself: "Welsh (Cymraeg)"."""
        from babel import Locale

        loc = Locale.parse(self.babel_locale)
        english = loc.get_display_name("en") or self.code
        own = loc.get_display_name(loc) or ""
        return english if own == english or not own else f"{english} ({own})"

    @property
    def is_english(self) -> bool:
        return self.code.split("-")[0] == "en"

    def __call__(self, msgid: str, **fields: object) -> str:
        """The phrase in this language, its {fields} filled in; English if it is missing."""
        text = self.messages.get(msgid) or msgid
        if placeholders(text) != placeholders(msgid):
            text = msgid  # a broken translation must never print "{date}" to a client
        return text.format(**fields) if fields else text

    def template(self, msgid: str) -> str:
        """The phrase with its {fields} unfilled (for layouts that set the fixed words in bold)."""
        text = self.messages.get(msgid) or msgid
        return text if placeholders(text) == placeholders(msgid) else msgid

    def unchecked_warning(self) -> str | None:
        if self.checked or self.is_english:
            return None
        return (
            f"The {self.name} wording of the fixed phrases is a {self.status}. Ask a clinician "
            "who is a native speaker to check the printed handout before the client takes it home."
        )

    # Dates from CLDR (Babel), so that "Wednesday 2 December" is "dydd Mercher 2 Rhagfyr" in Welsh.
    def weekday(self, d: date) -> str:
        from babel.dates import format_date

        return str(format_date(d, "EEEE", locale=self.babel_locale))

    def short_weekday(self, d: date) -> str:
        from babel.dates import format_date

        return str(format_date(d, "EEE", locale=self.babel_locale))

    def long_date(self, d: date) -> str:
        from babel.dates import format_skeleton

        day_month = str(format_skeleton("MMMMd", d, locale=self.babel_locale))
        return self("{weekday} {day_month}", weekday=self.weekday(d), day_month=day_month)

    def short_date(self, d: date) -> str:
        from babel.dates import format_skeleton

        day_month = str(format_skeleton("MMMd", d, locale=self.babel_locale))
        return self("{weekday} {day_month}", weekday=self.short_weekday(d), day_month=day_month)

    def row_label(self, key: EntryKey) -> str:
        """A sheet row as printed: "Mon 30 Nov", "Mon 30 Nov 18:30" or "Entry 3", in this language."""
        if self.is_english:
            return key.label  # the review grid matches rows by this very label
        if key.date is None:
            return self("Entry {n}", n=key.occurrence)
        text = self.short_date(key.date)
        return f"{text} {key.time}" if key.time else text


def _locale_dir() -> Path:
    with resources.as_file(resources.files("homework_planner") / "resources" / "locale") as p:
        return Path(p)


def catalogue_path(code: str) -> Path:
    return _locale_dir() / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def _read(data: bytes) -> tuple[dict[str, str], str, bool, str]:
    from babel.messages.pofile import read_po

    cat = read_po(io.BytesIO(data))
    text = data.decode("utf-8", errors="replace")
    checked = _CHECKED_RE.search(text)
    status = _STATUS_RE.search(text)
    messages = {
        str(m.id): unicodedata.normalize("NFC", str(m.string))
        for m in cat
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }
    return (
        messages,
        str(cat.last_translator or ""),
        bool(checked and checked.group(1).lower() in ("yes", "true")),
        status.group(1) if status else "draft, not yet checked by a native-speaking clinician",
    )


@lru_cache(maxsize=32)
def _shipped(code: str) -> tuple[tuple[tuple[str, str], ...], str, bool, str]:
    messages, translator, checked, status = _read(catalogue_path(code).read_bytes())
    return tuple(messages.items()), translator, checked, status


def overrides_path(code: str, data_dir: Path | None = None) -> Path:
    from .. import paths

    return (data_dir or paths.data_dir()) / OVERRIDES_FOLDER / f"{code}.po"


def language(code: str | None = None, *, data_dir: Path | None = None) -> Language:
    """The shipped catalogue for `code` (a BCP 47 tag), with the service's own corrections.

    A service corrects a phrase without a new release by putting <data folder>/locale-overrides/
    <code>.po next to its database; a phrase there wins over the shipped one. Raises ValueError
    (a message naming the shipped languages) for a language that is not shipped."""
    tag = normalise_language(code or DEFAULT_LANGUAGE)
    items, translator, checked, status = _shipped(tag)
    messages = dict(items)
    warnings: list[str] = []
    path = overrides_path(tag, data_dir)
    if path.is_file():
        try:
            extra, _who, _checked, _status = _read(path.read_bytes())
        except Exception:  # noqa: BLE001 - any broken file: say so, print the shipped words
            log.warning("the phrase override file for %s could not be read", tag)
            warnings.append(
                f"The service's phrase corrections for {tag} ({path.name} in the "
                f"'{OVERRIDES_FOLDER}' folder) could not be read, so the shipped wording is "
                "used. Fix or remove that file."
            )
        else:
            bad = [k for k, v in extra.items() if placeholders(k) != placeholders(v)]
            if bad:
                warnings.append(
                    f"{len(bad)} of the service's phrase corrections for {tag} leave out or add "
                    "a {field} and are not used. Keep every {field} of the English phrase."
                )
            messages.update({k: v for k, v in extra.items() if k not in bad})
    return Language(tag, messages, translator, checked, status, tuple(warnings))


def available() -> list[Language]:
    """Every shipped language, English first."""
    return [language(code) for code in shipped_languages()]
