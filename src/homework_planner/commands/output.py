"""`handout`, `record` and `ics`: the client's handout, the clinical record and reminders from a file."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .common import EXIT_OK, CommandError, out

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "handout",
        help="print an assignment as the client's one-page handout (PDF or text)",
        description="Make the client's handout from an assignment JSON file. Warnings (a second "
        "page, characters that cannot print) go to stderr.",
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("file", metavar="FILE.json", nargs="?", help="an assignment file")
    source.add_argument(
        "--id", metavar="ID", help="a stored assignment, at its client's recorded print needs"
    )
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument("--size", choices=("standard", "large", "extra_large"), default="standard")
    p.add_argument("--cream", action="store_true", help="cream background")
    p.add_argument("--with-sheet", action="store_true", help="add the monitoring sheet")
    p.add_argument("--text", action="store_true", help="write plain text instead of a PDF")
    p.add_argument(
        "--language",
        metavar="CODE",
        help="the client's language for the fixed words (e.g. cy, pl, ur); --id uses the client's",
    )
    p.set_defaults(func=cmd_handout)

    p = sub.add_parser(
        "record",
        help="the clinical record of an assignment or a client (PDF or text note)",
        description="What was agreed (word for word), when, what changed later and how it went, "
        "for the clinical notes: of a stored assignment (--id), of every assignment of a client "
        "(--client), or of an assignment file. The text goes to standard output without -o.",
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("file", metavar="FILE.json", nargs="?", help="an assignment file")
    source.add_argument("--id", metavar="ID", help="a stored assignment's id")
    source.add_argument("--client", metavar="CODE", help="a client's code: the whole record")
    p.add_argument("-o", "--output", metavar="OUT.pdf")
    p.add_argument("--text", action="store_true", help="write the plain-text note instead")
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_record)

    p = sub.add_parser(
        "ics",
        help="calendar reminders (.ics) for the scheduled practice times",
        description="One weekly event on the schedule's days with a reminder 15 minutes before, "
        "until the review date (Europe/London time).",
    )
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("-o", "--output", required=True, metavar="OUT.ics")
    p.add_argument("--language", metavar="CODE", help="the client's language (e.g. cy, pl, ur)")
    p.set_defaults(func=cmd_ics)


def _read(args: argparse.Namespace):
    from ..storage.interchange import InterchangeError, read_assignment_file

    try:
        return read_assignment_file(args.file)
    except InterchangeError as exc:
        raise CommandError(str(exc)) from None


def _settings(args: argparse.Namespace):
    from .. import paths
    from ..storage.settings_file import SettingsUnreadable, load_settings

    path = paths.settings_path(paths.data_dir(getattr(args, "data_dir", None)))
    try:
        # Strict: a handout without the service's phone number, printed because its settings
        # file was damaged, would mislead the client; say so instead.
        return load_settings(path, strict=True)
    except SettingsUnreadable as exc:
        raise CommandError(str(exc)) from None


def _write(path: str, data: bytes | str) -> None:
    from ..fileio import write_atomic

    try:
        write_atomic(path, data, mode=0o600)
    except OSError as exc:
        raise CommandError(f"Cannot write {path}: {exc.strerror}. Choose another place.") from None


def _language(args: argparse.Namespace) -> str:
    """--language, checked against the shipped catalogues (default en-GB)."""
    from pydantic import ValidationError

    from ..domain.models import PrintNeeds

    code = getattr(args, "language", None)
    if not code:
        return "en-GB"
    try:
        return PrintNeeds(language=code).language
    except ValidationError as exc:
        first = exc.errors()[0].get("msg", "is not a shipped language")
        raise CommandError(f"--language: {first}".replace("Value error, ", "")) from None


def _warn(text: str) -> None:
    sys.stderr.write(f"Warning: {text}\n")


def cmd_handout(args: argparse.Namespace) -> int:
    from ..domain.models import PrintNeeds
    from ..output.errors import OutputError
    from ..output.fonts import describe_unprintable, unprintable
    from ..output.handout import handout_text, render_handout

    if args.file is None:
        return _handout_from_store(args)
    a = _read(args)
    settings = _settings(args)
    language = _language(args)
    if args.text:
        text = handout_text(a, settings, language=language)
        missing = unprintable(text)
        _write(args.output, text)
        if missing:
            _warn(f"these characters may not show in every font: {describe_unprintable(missing)}.")
        out(f"Wrote the handout as text to {args.output}.")
        return EXIT_OK
    needs = PrintNeeds(
        size=args.size, background="cream" if args.cream else "white", language=language
    )
    try:
        result = render_handout(a, needs, settings, with_sheet=args.with_sheet)
    except OutputError as exc:
        raise CommandError(str(exc)) from None
    _write(args.output, result.pdf)
    for w in result.warnings:
        _warn(w)
    out(f"Wrote the handout to {args.output} ({result.pages} page{'s' * (result.pages != 1)}).")
    return EXIT_OK


def _handout_from_store(args: argparse.Namespace) -> int:
    from ..output.errors import OutputError
    from ..workflows.errors import WorkflowError
    from ..workflows.handout import handout_pdf, handout_plain_text
    from .common import open_store

    settings = _settings(args)
    store = open_store(args)
    try:
        if args.text:
            text = handout_plain_text(store, args.id, settings)
        else:
            result = handout_pdf(store, args.id, settings, with_sheet=args.with_sheet)
    except (WorkflowError, OutputError) as exc:
        raise CommandError(str(exc)) from None
    finally:
        store.close()
    if args.text:
        _write(args.output, text)
        out(f"Wrote the handout as text to {args.output}.")
        return EXIT_OK
    _write(args.output, result.pdf)
    for w in result.warnings:
        _warn(w)
    out(f"Wrote the handout to {args.output} ({result.pages} page{'s' * (result.pages != 1)}).")
    return EXIT_OK


def _findings(a):
    try:
        from ..domain import coach
    except ImportError:  # the coach ships with the app; a trimmed build may lack it
        return None
    return coach.check(a)


def _version(args: argparse.Namespace, assignment_id: str) -> int | None:
    """The stored version, if this assignment is in the data folder's store (never creates one)."""
    from .. import paths
    from ..storage import Store, StoreError

    db = paths.database_path(paths.data_dir(getattr(args, "data_dir", None)))
    if not db.exists():
        return None
    try:
        with Store.open(db) as store:
            return store.assignment_version(assignment_id)
    except (StoreError, OSError):
        log.warning("the store could not be opened; the record shows no version")
        return None


def cmd_record(args: argparse.Namespace) -> int:
    if not args.text and not args.output:
        raise CommandError("Say where to write the PDF with -o OUT.pdf, or add --text.")
    if args.file is None:
        return _record_from_store(args)
    from ..output.fonts import describe_unprintable
    from ..output.record import record_text, record_unprintable, render_record_pdf

    a = _read(args)
    findings = _findings(a)
    version = _version(args, a.id)
    settings = _settings(args)
    missing = record_unprintable(a, version, findings, settings)
    if args.text:
        _emit(args, record_text(a, version, findings))
        if missing:
            _warn(f"these characters may not show in every font: {describe_unprintable(missing)}.")
    else:
        _write(args.output, render_record_pdf(a, version, findings, settings))
        if missing:
            _warn(
                "these characters cannot be printed and show as \ufffd or are left out: "
                f"{describe_unprintable(missing)}. Replace them with words."
            )
        out(f"Wrote the record to {args.output}.")
    return EXIT_OK


def _emit(args: argparse.Namespace, text: str) -> None:
    """A text record: to the file given with -o, or to standard output."""
    if args.output:
        _write(args.output, text)
        out(f"Wrote the record to {args.output}.")
    else:
        sys.stdout.write(text)


def _record_from_store(args: argparse.Namespace) -> int:
    from ..output.fonts import describe_unprintable, unprintable
    from ..workflows import records
    from ..workflows.errors import WorkflowError
    from .common import open_store, store_message

    store = open_store(args)
    try:
        if args.id is not None:
            text = records.note_text(store, args.id)
            if not args.text:
                pdf = records.record_pdf(store, args.id, _settings(args))
        else:
            text = records.client_record_note(store, args.client)
            if not args.text:
                pdf = records.client_record_pdf(store, args.client, _settings(args))
    except WorkflowError as exc:
        raise CommandError(store_message(exc)) from None
    finally:
        store.close()
    missing = unprintable(text)
    if args.text:
        _emit(args, text)
    else:
        _write(args.output, pdf)
        out(f"Wrote the record to {args.output}.")
    if missing:
        _warn(
            "these characters cannot be printed and show as \ufffd or are left out: "
            f"{describe_unprintable(missing)}. Replace them with words."
        )
    return EXIT_OK


def cmd_ics(args: argparse.Namespace) -> int:
    from ..output.errors import OutputError
    from ..output.ics import render_ics

    a = _read(args)
    try:
        data = render_ics(a, language=_language(args))
    except OutputError as exc:
        raise CommandError(f"{Path(args.file)}: {exc}") from None
    _write(args.output, data)
    out(f"Wrote the reminders to {args.output}.")
    return EXIT_OK
