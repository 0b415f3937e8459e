"""Hostile files against the real command line: tracebacks, hangs, and imports that then fail to print.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_safety_hostile.py [--timeout 20]

Generates, in a temporary folder, files a hostile or clumsy world hands the app: devices and
pipes (with and without a writer), folders, sockets and symlinks where a file belongs, giant
values and counts, deep nesting, bad encodings, huge numbers, NaN, duplicate and unknown keys,
dates at the edges, and the same as `settings.json`. Each is given to `homework-planner` as a
subprocess with a timeout per try: `import` (and, when the import is accepted, `handout` with
the sheet, `handout --text`, `record`, `record --text` and `ics`), or, for settings files,
`handout`, `handout --text` and `record` of a good assignment.

Counted: hostile files tried; tracebacks (any run whose stderr holds a Python traceback);
hangs (runs killed at the timeout); accepted-then-unprintable imports (an accepted import for
which a handout, its text or the record fails, or the sheet or reminders fail other than with
a plain exit-1 message). Target: all zero but the count of tries.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import full_assignment_dict  # noqa: E402

TRACEBACK = "Traceback (most recent call last)"


@dataclass
class Case:
    """One hostile file: `make(folder)` creates it and returns its path; `kind` is "import"
    (the file to import) or "settings" (the file becomes the data folder's settings.json)."""

    name: str
    make: Callable[[Path], Path]
    kind: str = "import"
    writer: bool = False  # a pipe that a writer keeps filling for as long as it is read


@dataclass
class Tally:
    tried: int = 0
    tracebacks: int = 0
    hangs: int = 0
    unprintable: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "hostile files tried": self.tried,
            "tracebacks": self.tracebacks,
            "hangs": self.hangs,
            "accepted-then-unprintable imports": self.unprintable,
        }


# ---- the hostile files ---------------------------------------------------------------------


def _json(name: str, doc: Any) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / f"{name}.json"
        path.write_text(
            json.dumps(doc, ensure_ascii=False), encoding="utf-8", errors="surrogatepass"
        )
        return path

    return make


def _raw(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / f"{name}.json"
        path.write_bytes(data)
        return path

    return make


def _assignment(**changes: Any) -> dict[str, Any]:
    d = full_assignment_dict("HB-1")
    for key, value in changes.items():
        node = d
        *parents, last = key.split(".")
        for p in parents:
            node = node[p]
        node[last] = value
    return d


def _good_text() -> str:
    return json.dumps(full_assignment_dict("HB-1"))


def _fifo(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        os.mkfifo(path)
        return path

    return make


def _symlink(name: str, target: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.symlink_to(target)
        return path

    return make


def _folder(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.mkdir()
        return path

    return make


def _socket(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(str(path))
        sock.close()  # the socket file stays
        return path

    return make


def _sparse(name: str, size: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / f"{name}.json"
        with open(path, "wb") as fh:
            fh.write(b'{"client_code": "HB-1", "title": "')
            fh.truncate(size)
        return path

    return make


def _client_file(n_assignments: int, n_reviews: int = 0) -> dict[str, Any]:
    a = full_assignment_dict("HB-2")
    assignments = [dict(a, id=f"hb-{i}") for i in range(n_assignments)]
    review = {"assignment_id": "hb-0", "date": "2026-11-27", "completion": 2}
    return {
        "schema_version": 1,
        "client": {"code": "HB-2"},
        "assignments": assignments,
        "reviews": [dict(review, id=f"hr-{i}") for i in range(n_reviews)],
    }


def cases() -> list[Case]:
    deep = "[" * 100_000 + "]" * 100_000
    good = _good_text()
    out = [
        # Special files where a file belongs.
        Case("dev-zero", lambda f: Path("/dev/zero")),
        Case("dev-urandom", lambda f: Path("/dev/urandom")),
        Case("dev-null", lambda f: Path("/dev/null")),
        Case("fifo-no-writer", _fifo("pipe.json")),
        Case("fifo-endless", _fifo("endless.json"), writer=True),
        Case("folder", _folder("folder.json")),
        Case("socket", _socket("sock.json")),
        Case("symlink-to-zero", _symlink("zero.json", "/dev/zero")),
        Case("symlink-dangling", _symlink("gone.json", "/nonexistent/x.json")),
        Case("sparse-30MB", _sparse("sparse", 30 * 1024 * 1024)),
        # Giant values and counts.
        Case("field-2MB", _json("field", _assignment(rationale="ordinary words " * 140_000))),
        Case(
            "columns-100000",
            _json("columns", _assignment(**{"monitoring.columns": [{"label": "M"}] * 100_000})),
        ),
        Case(
            "plans-10000",
            _json("plans", _assignment(obstacles=[{"if": "a", "then": "b"}] * 10_000)),
        ),
        Case("assignments-3000", _json("many", _client_file(3_000))),
        Case("reviews-10000", _json("reviews", _client_file(1, 10_000))),
        Case("deep-100000", _raw("deep", deep.encode())),
        Case("deep-in-field", _raw("deepfield", (good[:-1] + ', "x": ' + deep + "}").encode())),
        Case("digits-5000", _raw("digits", (good[:-1] + ', "x": ' + "9" * 5000 + "}").encode())),
        Case("float-1e999", _raw("float", (good[:-1] + ', "x": 1e999}').encode())),
        Case("nan", _raw("nan", (good[:-1] + ', "x": NaN}').encode())),
        Case("days-huge", _json("days", _assignment(**{"monitoring.days": 10**12}))),
        Case("key-2MB", _raw("key", (good[:-1] + ', "' + "k" * 2_000_000 + '": 1}').encode())),
        # Encodings.
        Case("utf16", _raw("utf16", good.encode("utf-16"))),
        Case("latin1", _raw("latin1", good.replace("lunch", "d\u00e9jeuner").encode("latin-1"))),
        Case("bom", _raw("bom", b"\xef\xbb\xbf" + good.encode())),
        Case("nul-bytes", _raw("nul", good.encode().replace(b"lunch", b"lu\x00nch"))),
        Case("overlong-utf8", _raw("overlong", good.encode().replace(b"lunch", b"l\xc0\xafnch"))),
        Case("lone-surrogate", _json("surrogate", _assignment(title="broken \ud800 title"))),
        Case("surrogate-key", _raw("surkey", (good[:-1] + ', "\\udc00": 1}').encode())),
        Case("binary", _raw("binary", bytes(range(256)) * 40)),
        # Keys.
        Case("duplicate-key", _raw("dup", ('{"title": "a", ' + good[1:]).encode())),
        Case("unknown-key", _json("unknown", _assignment(**{"task.Jane Smith": 1}))),
        # Dates at the edges.
        Case(
            "date-9999",
            _json(
                "late", _assignment(created="9999-12-31T23:59:59-23:59", review_date="9999-12-31")
            ),
        ),
        Case("date-0001", _json("early", _assignment(created="0001-01-01T00:00:00+23:59"))),
        Case(
            "date-2100-edge",
            _json(
                "edge", _assignment(created="2100-12-31T23:59:59-23:59", review_date="2100-12-31")
            ),
        ),
        Case(
            "date-1990-edge",
            _json(
                "edge2", _assignment(created="1990-01-01T00:00:00+14:00", review_date="1990-01-01")
            ),
        ),
        Case("review-before-created", _json("before", _assignment(review_date="1990-01-02"))),
        # Accepted content that used to break the outputs.
        Case("reason-3600", _json("reason", _assignment(rationale=" ".join(["ordinary"] * 400)))),
        Case("word-10000", _json("word", _assignment(rationale="x" * 10_000))),
        Case("lines-400", _json("lines", _assignment(goal="\n".join(["a line"] * 400)))),
        Case(
            "characters",
            _json(
                "chars",
                _assignment(title="\ue000 \x07 \u202e z\u0350\u035c", rationale="\U0010fffd <b>&"),
            ),
        ),
        Case(
            "wide-columns",
            _json(
                "wide",
                _assignment(
                    **{
                        "monitoring.columns": [{"label": "W" * 60, "scale": "0" * 40}] * 20,
                        "monitoring.days": 31,
                    }
                ),
            ),
        ),
    ]
    settings = [
        Case("settings-fifo", _fifo("settings.json"), kind="settings"),
        Case("settings-zero", _symlink("settings.json", "/dev/zero"), kind="settings"),
        Case("settings-folder", _folder("settings.json"), kind="settings"),
        Case("settings-deep", _raw("settings", deep.encode()), kind="settings"),
        Case(
            "settings-huge",
            _raw("settings", b'{"service_name": "' + b"x" * 10**6 + b'"}'),
            kind="settings",
        ),
        Case(
            "settings-surrogate",
            _raw("settings", b'{"service_name": "Riverside \\ud800", "therapist_name": "\\u0007"}'),
            kind="settings",
        ),
        Case(
            "settings-nan",
            _raw("settings", b'{"autosave_seconds": NaN, "auto_lock_minutes": 1e999}'),
            kind="settings",
        ),
        Case("settings-binary", _raw("settings", bytes(range(256))), kind="settings"),
        Case("settings-list", _raw("settings", b"[1, 2, 3]"), kind="settings"),
    ]
    return out + settings


# ---- running the CLI -----------------------------------------------------------------------


def _cli(data: Path, args: list[str], timeout: float, tally: Tally, label: str) -> int | None:
    """The exit code, or None for a hang; counts tracebacks and hangs."""
    env = dict(os.environ, HOMEWORK_PLANNER_DATA=str(data), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    try:
        r = subprocess.run(
            [sys.executable, "-m", "homework_planner", *args],
            capture_output=True,
            text=True,
            errors="replace",
            env=env,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        tally.hangs += 1
        tally.notes.append(f"{label}: {args[0]} hung")
        return None
    if TRACEBACK in r.stderr:
        tally.tracebacks += 1
        last = r.stderr.strip().splitlines()[-1][:120]
        tally.notes.append(f"{label}: {args[0]} traceback: {last}")
    return r.returncode


@contextmanager
def _endless_writer(path: Path) -> Iterator[None]:
    stop = threading.Event()

    def write() -> None:
        try:
            with open(path, "wb") as fh:
                while not stop.is_set():
                    fh.write(b"[" * 65536)
        except OSError:
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        with suppress(OSError):  # a writer still waiting for a reader is let go
            os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
        thread.join(5)


def _outputs(data: Path, doc: Path, out: Path, timeout: float, tally: Tally, label: str) -> bool:
    """True when every output of an accepted import was made (or plainly refused where an
    assignment may lack what that output needs)."""
    ok = True
    must = [
        ["handout", str(doc), "-o", str(out / "h.pdf")],
        ["handout", str(doc), "-o", str(out / "h.txt"), "--text"],
        ["record", str(doc), "-o", str(out / "r.pdf")],
        ["record", str(doc), "-o", str(out / "r.txt"), "--text"],
    ]
    may_refuse = [
        ["handout", str(doc), "-o", str(out / "hs.pdf"), "--with-sheet"],
        ["ics", str(doc), "-o", str(out / "r.ics")],
    ]
    tracebacks = tally.tracebacks
    for args in must:
        if _cli(data, args, timeout, tally, label) != 0:
            ok = False
    for args in may_refuse:
        if _cli(data, args, timeout, tally, label) not in (0, 1):
            ok = False
    return ok and tally.tracebacks == tracebacks


def _single(path: Path) -> Path:
    """An accepted file as one assignment: the outputs take one (a client file with several
    is printed one by one from the window); its first assignment stands for the rest."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if isinstance(data, dict) and "client" in data and len(data.get("assignments", [])) > 1:
        single = path.with_name(path.stem + "-first.json")
        single.write_text(json.dumps(data["assignments"][0], ensure_ascii=False), encoding="utf-8")
        return single
    return path


def run(timeout: float = 20.0, only: set[str] | None = None) -> dict[str, int]:
    """Try every hostile case (or those named in `only`) and return the counts."""
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="hp-hostile-") as tmp:
        root = Path(tmp)
        good = root / "good.json"
        good.write_text(_good_text(), encoding="utf-8")
        for n, case in enumerate(c for c in cases() if only is None or c.name in only):
            work = root / f"case{n}"
            work.mkdir()
            data = work / "data"
            out = work / "out"
            out.mkdir()
            tally.tried += 1
            if case.kind == "settings":
                data.mkdir()
                made = case.make(work)
                made.rename(data / "settings.json")
                for args in (
                    ["handout", str(good), "-o", str(out / "h.pdf")],
                    ["handout", str(good), "-o", str(out / "h.txt"), "--text"],
                    ["record", str(good), "-o", str(out / "r.pdf")],
                ):
                    _cli(data, args, timeout, tally, case.name)
                continue
            path = case.make(work)
            if case.writer:
                with _endless_writer(path):
                    code = _cli(data, ["import", str(path)], timeout, tally, case.name)
            else:
                code = _cli(data, ["import", str(path)], timeout, tally, case.name)
            if code == 0 and not _outputs(data, _single(path), out, timeout, tally, case.name):
                tally.unprintable += 1
                tally.notes.append(f"{case.name}: accepted, then an output failed")
    result = tally.as_dict()
    run.notes = tally.notes  # type: ignore[attr-defined]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per command")
    parser.add_argument("--only", nargs="*", help="run only these cases (by name)")
    args = parser.parse_args()
    result = run(args.timeout, set(args.only) if args.only else None)
    for name, value in result.items():
        print(f"{name:36} {value:6d}")
    for note in getattr(run, "notes", []):
        print(f"  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
