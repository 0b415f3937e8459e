"""How often the coach agrees with a supervisor's blind verdicts on assignments it has never seen.

Reads tests/domain/fixtures/supervisor_cases.json (40 invented assignments, each with a
supervisor's ok/warn/missing per criterion, committed before the coach was run on them) and
prints agreement per criterion and overall, with false positives (the coach nags work the
supervisor passed) and false negatives (the coach passes work the supervisor faulted) counted
apart. A level disagreement between warn and missing is counted as neither. `--list` prints
each disagreeing (case, criterion) pair.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from homework_planner.domain.coach import check  # noqa: E402
from homework_planner.domain.models import Assignment  # noqa: E402

FIXTURE = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "domain"
    / "fixtures"
    / "supervisor_cases.json"
)


@dataclass
class Tally:
    total: int = 0
    agree: int = 0
    false_pos: int = 0  # supervisor ok, coach warn/missing
    false_neg: int = 0  # supervisor warn/missing, coach ok
    level_off: int = 0  # both fault it, at a different level
    pairs: list[tuple[str, str, str, str]] = field(default_factory=list)


def load_cases(path: Path = FIXTURE) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        data: list[dict[str, object]] = json.load(fh)
    return data


def tally(cases: list[dict[str, object]]) -> dict[str, Tally]:
    """Per criterion, plus "overall"."""
    out: dict[str, Tally] = {"overall": Tally()}
    for case in cases:
        assignment = Assignment.model_validate(case["assignment"])
        got = {f.criterion: f.level for f in check(assignment)}
        verdicts = case["verdicts"]
        assert isinstance(verdicts, dict)
        for criterion, want in verdicts.items():
            have = got.get(criterion, "absent")
            for t in (out.setdefault(criterion, Tally()), out["overall"]):
                t.total += 1
                if have == want:
                    t.agree += 1
                    continue
                if want == "ok":
                    t.false_pos += 1
                elif have == "ok":
                    t.false_neg += 1
                else:
                    t.level_off += 1
                t.pairs.append((str(case["name"]), criterion, want, have))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print each disagreeing pair")
    parser.add_argument(
        "--fixture",
        type=Path,
        default=FIXTURE,
        help="another copy of the cases, e.g. the blind one: "
        "git show cb3fec0:tests/domain/fixtures/supervisor_cases.json > /tmp/blind.json",
    )
    args = parser.parse_args(argv)
    result = tally(load_cases(args.fixture))
    print(f"{'criterion':<20} {'agree':>9} {'%':>6} {'FP':>4} {'FN':>4} {'level':>6}")
    for name, t in sorted(result.items(), key=lambda kv: (kv[0] == "overall", kv[0])):
        pct = 100.0 * t.agree / t.total if t.total else 0.0
        print(
            f"{name:<20} {t.agree:>4}/{t.total:<4} {pct:>6.1f} {t.false_pos:>4} "
            f"{t.false_neg:>4} {t.level_off:>6}"
        )
    if args.list:
        print()
        for case, criterion, want, have in result["overall"].pairs:
            print(f"{case:<32} {criterion:<20} supervisor={want:<8} coach={have}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
