"""`fhir`: one client's homework as a FHIR Bundle (JSON) for the service's patient record."""

from __future__ import annotations

import argparse
import textwrap

from .common import EXIT_OK, CommandError, out

DESCRIPTION = (
    "Write one client's homework as a FHIR Bundle (JSON, FHIR 4.3.0 R4B, the R4 family) for "
    "the service's patient record: a Patient identified only by the pseudonymous client code, "
    "a CarePlan, a Task per assignment with the words agreed (a draft or a withdrawn "
    "assignment says so, with the reason), an Observation per review (completion 0-4), a "
    "QuestionnaireResponse per PHQ-9 (LOINC 44249-1) or GAD-7 (LOINC 69737-5) taken, and the "
    "homework record PDF as a DocumentReference. Reads only: it never changes the data, and "
    "it may run while the window is open."
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "fhir",
        help="one client's homework as a FHIR R4 Bundle (JSON)",
        description=textwrap.fill(DESCRIPTION, 78, break_on_hyphens=False),
    )
    p.add_argument("--client", metavar="CODE", required=True, help="the client's code")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the .json file")
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_fhir)


def cmd_fhir(args: argparse.Namespace) -> int:
    from .. import paths
    from ..workflows.errors import WorkflowError
    from ..workflows.fhir import bundle_json
    from .common import open_store, store_message
    from .output import _settings, _write

    # Read-only: a folder with no data yet is reported, never created.
    db = paths.database_path(paths.data_dir(getattr(args, "data_dir", None)))
    if not db.exists():
        raise CommandError(
            "There is no data in this folder yet, so there is nothing to export. Check --data-dir."
        )
    settings = _settings(args)
    store = open_store(args)
    try:
        text = bundle_json(store, args.client, settings)
    except WorkflowError as exc:
        raise CommandError(store_message(exc)) from None
    finally:
        store.close()
    _write(args.output, text)
    out(f"Wrote the FHIR bundle to {args.output}.")
    return EXIT_OK
