"""`check`: run the coach on one assignment file and print what to improve."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from .common import EXIT_BAD_INPUT, EXIT_OK, CommandError, out

if TYPE_CHECKING:  # the coach loads when a check runs, not at every start of the app
    from ..domain.coach import Finding


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="check one assignment against the homework criteria",
        description="Check one assignment (JSON) against the coach's criteria: a clear and "
        "specific task, a reason, if-then plans, the client's own words and confidence, "
        "monitoring, a review date, and plain words on the handout. Exit status 0 when nothing "
        "is missing, 1 when something is missing or the file cannot be read.",
    )
    p.add_argument("file", metavar="FILE.json", help="an assignment, or a client file with one")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.set_defaults(func=cmd_check)


def format_findings(findings: list[Finding]) -> str:
    from ..domain.coach import CRITERION_LABELS, LEVEL_MARKS

    lines = []
    for f in findings:
        lines.append(f"[{LEVEL_MARKS[f.level]}] {f.criterion} - {CRITERION_LABELS[f.criterion]}")
        lines.append(f"    {f.message}")
        if f.suggestion:
            where = f" ({f.field})" if f.level != "ok" else ""
            lines.append(f"    Suggestion{where}: {f.suggestion}")
        for issue in f.issues[1:]:
            lines.append(f"    - {issue.field}: {issue.message} {issue.suggestion}")
    missing = sum(f.level == "missing" for f in findings)
    warn = sum(f.level == "warn" for f in findings)
    lines.append("")
    lines.append(f"{missing} missing, {warn} to improve, {len(findings) - missing - warn} ok.")
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> int:
    from ..domain.coach import check, findings_json
    from ..storage.interchange import InterchangeError, read_assignment_file

    try:
        assignment = read_assignment_file(args.file)
    except InterchangeError as exc:
        # read_assignment_file speaks of importing; nothing is imported here, only checked.
        text = str(exc).replace("nothing was imported", "it cannot be checked")
        raise CommandError(text) from None
    findings = check(assignment)
    if args.json:
        out(json.dumps(findings_json(findings), ensure_ascii=False, indent=2))
    else:
        out(format_findings(findings))
    return EXIT_BAD_INPUT if any(f.level == "missing" for f in findings) else EXIT_OK
