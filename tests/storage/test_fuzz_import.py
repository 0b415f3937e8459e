"""Fuzzing JSON import: whatever the file holds, a clear error or a correct import, never a crash.

Arbitrary Unicode (lone surrogates included), 100,000-character fields, deep nesting, duplicate
keys and wrong types, through read_import_file and Store.import_client_file. Error messages
must never repeat a value from the file (it could be a client's words). Every import that is
accepted must also print: handout (PDF and text), record (PDF and text), monitoring sheet and
.ics, or say plainly (OutputError) what the assignment lacks for that output.

HP_FUZZ_EXAMPLES sets the number of examples per slow test (default 60); HP_FUZZ_FAST the
number for the quick output check that runs by default (default 4).
"""

from __future__ import annotations

import copy
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from homework_planner.domain import coach, limits
from homework_planner.domain.models import Assignment, ClientFile, PrintNeeds, to_json_dict
from homework_planner.domain.settings import Settings
from homework_planner.output.errors import OutputError
from homework_planner.output.handout import handout_text, render_handout
from homework_planner.output.ics import render_ics
from homework_planner.output.record import record_text, record_unprintable, render_record_pdf
from homework_planner.output.sheet import render_sheet
from homework_planner.storage import Store, StoreError
from homework_planner.storage.interchange import InterchangeError, read_import_file
from tests.conftest import full_assignment_dict

slow = pytest.mark.slow

EXAMPLES = int(os.environ.get("HP_FUZZ_EXAMPLES", "60"))
FAST_EXAMPLES = int(os.environ.get("HP_FUZZ_FAST", "4"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
FUZZ_FAST = settings(FUZZ, max_examples=FAST_EXAMPLES)
MARKER = "Qzv"  # starts every fuzzed text value; an error message must never contain it

# Every character, including lone surrogates (which JSON can carry as \ud800 escapes).
any_char = st.characters(codec=None, categories=None)
texts = st.one_of(
    st.text(any_char, max_size=40),
    st.text(st.sampled_from("<>&;'\"\\/ \t\n\u202e\u0301\u200d😀"), max_size=30),
    st.builds(lambda c, n: c * n, any_char, st.sampled_from([1_000, 100_000])),
).map(lambda t: MARKER + t)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    texts,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, prefix + (i,))
    return out


def _set(doc: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


def _client_file() -> dict:
    a = full_assignment_dict("FZ-1")
    return {
        "schema_version": 1,
        "client": {"code": "FZ-1", "preferred_name": "Invented"},
        "assignments": [a],
        "reviews": [],
    }


@st.composite
def mutated_documents(draw) -> str:
    doc = copy.deepcopy(draw(st.sampled_from([_client_file(), full_assignment_dict("FZ-1")])))
    # A fresh id, so that each example is a new assignment, not an update of the last one.
    aid = f"fz{draw(st.integers(0, 10**12))}"
    (doc["assignments"][0] if "client" in doc else doc)["id"] = aid
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        kind = draw(st.sampled_from(["replace", "delete", "add", "deep"]))
        if kind == "replace":
            doc = _set(doc, path, draw(json_values))
        elif kind == "delete" and path:
            parent = doc
            for key in path[:-1]:
                parent = parent[key]
            del parent[path[-1]]
        elif kind == "add":
            target = doc
            for key in path:
                target = target[key]
            if isinstance(target, dict):
                target[draw(st.text(max_size=10))] = draw(json_values)
            elif isinstance(target, list):
                target.append(draw(json_values))
        else:
            depth = draw(st.sampled_from([5, 200, 5_000]))
            nested: Any = MARKER
            for _ in range(depth):
                nested = [nested]
            doc = _set(doc, path, nested) if depth < 900 else doc
            if depth >= 900:  # too deep for json.dumps: written as text below
                return json.dumps(doc)[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()) and text.startswith("{"):
        # A duplicate key: JSON allows the text, the import must refuse it.
        key = draw(st.sampled_from(["title", "client", "id", "goal"]))
        text = "{" + json.dumps(key) + ": " + json.dumps(MARKER + "dup") + ", " + text[1:]
    return text


@pytest.fixture(scope="module")
def store_dir():
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


OUTCOMES = {"refused when read": 0, "refused by the store": 0, "imported": 0, "printed": 0}


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    print(f"\nimport fuzz outcomes: {OUTCOMES} (total {sum(OUTCOMES.values())})")


def _import(store: Store, folder: Path, payload: bytes, n: int) -> None:
    path = folder / f"in{n}.json"
    path.write_bytes(payload)
    try:
        parsed = read_import_file(path)
    except InterchangeError as exc:
        assert MARKER not in str(exc), "an error message repeated a value from the file"
        assert str(exc).strip()
        OUTCOMES["refused when read"] += 1
        return
    assert isinstance(parsed, (ClientFile, Assignment))
    try:
        if isinstance(parsed, ClientFile):
            result = store.import_client_file(parsed)
            assignments = parsed.assignments
        else:
            result = store.import_assignment(parsed)
            assignments = [parsed]
    except StoreError as exc:
        assert MARKER not in str(exc)
        OUTCOMES["refused by the store"] += 1
        return
    OUTCOMES["imported"] += 1
    # A correct import: what is stored is exactly what the file said, and it prints.
    for a in assignments:
        assert to_json_dict(store.get_assignment(a.id)) == to_json_dict(a)
        renders_everything(a)
    assert result.client_code == (
        parsed.client.code if isinstance(parsed, ClientFile) else parsed.client_code
    )


_counter = iter(range(10**9))


@slow
@FUZZ
@given(text=mutated_documents())
def test_fuzzed_documents_import_or_explain(store_dir, text):
    with Store.open(store_dir / "hp.sqlite3", backups=False) as store:
        _import(store, store_dir, text.encode("utf-8", "surrogatepass"), next(_counter))


@slow
@FUZZ
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_are_refused_plainly(store_dir, raw):
    with Store.open(store_dir / "hp.sqlite3", backups=False) as store:
        _import(store, store_dir, raw, next(_counter))


@slow
@FUZZ
@given(value=json_values)
def test_any_json_value_at_the_top(store_dir, value):
    with Store.open(store_dir / "hp.sqlite3", backups=False) as store:
        _import(store, store_dir, json.dumps(value).encode(), next(_counter))


text_fields = st.text(st.characters(codec="utf-8"), max_size=200)


@slow
@FUZZ
@given(title=text_fields, what=text_fields, rationale=text_fields, then=text_fields)
def test_any_text_in_the_fields_imports_exactly(store_dir, title, what, rationale, then):
    doc = full_assignment_dict("FZ-4")
    doc["id"] = f"text-{next(_counter)}"
    doc.update(title=title, rationale=rationale)
    doc["task"]["what"] = what
    doc["obstacles"][0]["then"] = then
    path = store_dir / "text.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with Store.open(store_dir / "hp.sqlite3", backups=False) as store:
        store.import_assignment(read_import_file(path))
        got = to_json_dict(store.get_assignment(doc["id"]))
    assert (got["title"], got["task"]["what"], got["rationale"]) == (title, what, rationale)
    assert got["obstacles"][0]["then"] == then
    OUTCOMES["imported"] += 1


@slow
@pytest.mark.parametrize("depth", [10, 1_000, 100_000])
def test_deep_nesting_is_refused(store_dir, depth):
    path = store_dir / f"deep{depth}.json"
    path.write_text("[" * depth + "]" * depth)
    with pytest.raises(InterchangeError):
        read_import_file(path)


@slow
def test_long_fields_import_whole(store_dir):
    doc = full_assignment_dict("FZ-2")
    doc["id"] = "long-fields"
    doc["rationale"] = "ü" * limits.MAX_TEXT  # the longest text a field may hold
    doc["task"]["what"] = "😀" * limits.MAX_TEXT
    path = store_dir / "long.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with Store.open(store_dir / "hp.sqlite3", backups=False) as store:
        store.import_assignment(read_import_file(path))
        got = store.get_assignment("long-fields")
    assert got.rationale == doc["rationale"] and got.task.what == doc["task"]["what"]


@slow
def test_lone_surrogate_is_refused_not_crashed(store_dir):
    doc = full_assignment_dict("FZ-3")
    doc["id"] = "lone-surrogate"
    doc["title"] = "broken \ud800 text"
    path = store_dir / "surrogate.json"
    path.write_text(json.dumps(doc), encoding="utf-8")  # ensure_ascii: written as \ud800
    with Store.open(store_dir / "hp.sqlite3", backups=False) as store:
        try:
            parsed = read_import_file(path)
        except InterchangeError as exc:
            assert "title" in str(exc)
            return
        with pytest.raises(StoreError, match="broken character"):
            store.import_assignment(parsed)
        assert store.get_assignment("lone-surrogate") is None
        assert store.get_client("FZ-3") is None  # all or nothing


# ---- every accepted import prints --------------------------------------------------------

PRINT_NEEDS = [
    PrintNeeds(size=size, background=bg, easy_read=easy)
    for size in ("standard", "large", "extra_large")
    for bg in ("white", "cream")
    for easy in (False, True)
]


def renders_everything(a: Assignment, needs: PrintNeeds | None = None) -> None:
    """Handout (PDF with the sheet, and text), record (PDF and text), sheet and .ics: each is
    made, or refused with an OutputError that names what is missing. Anything else fails."""
    needs = needs or PrintNeeds()
    s = Settings(service_name="Riverside <b>&</b>", service_phone="0300 123 4567")
    findings = coach.check(a)
    result = render_handout(a, needs, s, with_sheet=bool(a.monitoring.days))
    assert PdfReader(io.BytesIO(result.pdf)).pages
    handout_text(a, s).encode("utf-8")  # a text file must be writable as UTF-8
    assert render_record_pdf(a, 1, findings, s).startswith(b"%PDF")
    record_text(a, 1, findings).encode("utf-8")
    record_unprintable(a, 1, findings, s)
    for make in (lambda: render_sheet(a, needs, s), lambda: render_ics(a)):
        try:
            make()
        except OutputError as exc:
            assert MARKER not in str(exc)
    OUTCOMES["printed"] += 1


# Text that has broken outputs before: long words, many short lines, markup, marks, controls,
# private-use and right-to-left characters; lengths up to and just past the limits.
HOSTILE_TEXT = [
    "<b>bold?</b> & <para>",
    "e\u0301\u0301\u0301 z\u0350\u035c",
    "\ue000\U000f0000 private",
    "\x07\x1b[31m\u202eoverride",
    "שלום مرحبا 漢字",
    "😀👩‍👩‍👧",
]
hostile_texts = st.one_of(
    st.sampled_from(HOSTILE_TEXT), st.text(st.characters(codec="utf-8"), max_size=60)
).map(lambda t: MARKER + t)
# One field of each example is long: a long word, prose, many short lines, up to the limits.
big_texts = st.builds(
    lambda unit, n: MARKER + unit * n,
    st.sampled_from(["x", "ordinary words ", "ab\n", "\n"]),
    st.sampled_from([50, 400, 499]),
) | st.just(MARKER + "w" * (limits.MAX_TEXT - len(MARKER)))
# Mostly inside the range; now and then just outside it (those must be refused).
edge_dates = st.sampled_from(
    ["1990-01-01", "2026-11-20", "2026-11-27", "2100-12-31"] * 3 + ["1989-12-31", "2101-01-01"]
)
offsets = st.sampled_from(["Z", "+14:00", "-23:59", "+23:59", ""])
TEXT_FIELDS = [
    ("title",),
    ("goal",),
    ("rationale",),
    *(("task", k) for k in ("what", "when", "where", "how_often", "how_long", "with_whom")),
    ("task", "first_step"),
    ("monitoring", "what_to_record"),
    ("monitoring", "when_to_record"),
    ("client_reaction", "concerns"),
]


@st.composite
def printable_candidates(draw) -> dict:
    """An assignment at and around every limit: most are accepted, some just refused."""
    d = full_assignment_dict("FZ-9")
    d["id"] = f"print-{draw(st.integers(0, 10**12))}"
    for key in ("title", "goal", "rationale"):
        d[key] = draw(hostile_texts)
    for key in ("what", "when", "where", "how_often", "how_long", "with_whom", "first_step"):
        d["task"][key] = draw(hostile_texts)
    d["task"]["schedule"] = draw(
        st.none()
        | st.fixed_dictionaries(
            {
                "days": st.lists(st.sampled_from(["mon", "tue", "wed", "sun"]), max_size=4),
                "time": st.sampled_from(["00:00", "23:59", "13:00"]),
                "duration_minutes": st.sampled_from([1, 720, None]),
            }
        )
    )
    plans = draw(st.sampled_from([0, 1, 3, 3, limits.MAX_PLANS, limits.MAX_PLANS + 1]))
    d["obstacles"] = [
        {"if": draw(hostile_texts), "then": draw(hostile_texts)} for _ in range(min(plans, 3))
    ] * (plans // 3 + 1)
    d["obstacles"] = d["obstacles"][:plans]
    columns = draw(st.sampled_from([0, 1, 3, 5, limits.MAX_COLUMNS, limits.MAX_COLUMNS + 1]))
    d["monitoring"] = {
        "what_to_record": draw(hostile_texts),
        "when_to_record": draw(hostile_texts),
        "columns": [
            {
                "label": draw(st.sampled_from(["Mood", "W" * 60, "e\u0301" * 20, "\ue000"])),
                "scale": draw(st.sampled_from([None, "tick", "0-10", "0" * limits.MAX_SCALE])),
            }
            for _ in range(columns)
        ],
        "days": draw(st.sampled_from([0, 1, 7, 31])),
    }
    d["created"] = f"{draw(edge_dates)}T{draw(st.sampled_from(['00:00:00', '23:59:59']))}"
    d["created"] += draw(offsets)
    d["review_date"] = draw(st.none() | edge_dates)
    d["agreed_on"] = draw(st.none() | edge_dates)
    where = draw(st.sampled_from(TEXT_FIELDS))
    node = d
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = draw(big_texts)
    return d


def _print_or_refuse(store_dir: Path, doc: dict, needs: PrintNeeds) -> None:
    path = store_dir / "print.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    try:
        parsed = read_import_file(path)
    except InterchangeError as exc:
        assert MARKER not in str(exc)
        OUTCOMES["refused when read"] += 1
        return
    assert isinstance(parsed, Assignment)
    renders_everything(parsed, needs)


@FUZZ_FAST
@given(doc=printable_candidates(), needs=st.sampled_from(PRINT_NEEDS))
def test_every_accepted_import_prints_quick(store_dir, doc, needs):
    _print_or_refuse(store_dir, doc, needs)


@slow
@FUZZ
@given(doc=printable_candidates(), needs=st.sampled_from(PRINT_NEEDS))
def test_every_accepted_import_prints(store_dir, doc, needs):
    _print_or_refuse(store_dir, doc, needs)
