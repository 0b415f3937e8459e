"""Fuzzing JSON import: whatever the file holds, a clear error or a correct import, never a crash.

Arbitrary Unicode (lone surrogates included), 100,000-character fields, deep nesting, duplicate
keys and wrong types, through read_import_file and Store.import_client_file. Error messages
must never repeat a value from the file (it could be a client's words).

HP_FUZZ_EXAMPLES sets the number of examples per test (default 60).
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homework_planner.domain import limits
from homework_planner.domain.models import Assignment, ClientFile, to_json_dict
from homework_planner.storage import Store, StoreError
from homework_planner.storage.interchange import InterchangeError, read_import_file
from tests.conftest import full_assignment_dict

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("HP_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
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


OUTCOMES = {"refused when read": 0, "refused by the store": 0, "imported": 0}


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
    # A correct import: what is stored is exactly what the file said.
    for a in assignments:
        assert to_json_dict(store.get_assignment(a.id)) == to_json_dict(a)
    assert result.client_code == (
        parsed.client.code if isinstance(parsed, ClientFile) else parsed.client_code
    )


_counter = iter(range(10**9))


@FUZZ
@given(text=mutated_documents())
def test_fuzzed_documents_import_or_explain(store_dir, text):
    with Store.open(store_dir / "hp.sqlite3", backups=False) as store:
        _import(store, store_dir, text.encode("utf-8", "surrogatepass"), next(_counter))


@FUZZ
@given(raw=st.binary(max_size=300))
def test_arbitrary_bytes_are_refused_plainly(store_dir, raw):
    with Store.open(store_dir / "hp.sqlite3", backups=False) as store:
        _import(store, store_dir, raw, next(_counter))


@FUZZ
@given(value=json_values)
def test_any_json_value_at_the_top(store_dir, value):
    with Store.open(store_dir / "hp.sqlite3", backups=False) as store:
        _import(store, store_dir, json.dumps(value).encode(), next(_counter))


text_fields = st.text(st.characters(codec="utf-8"), max_size=200)


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


@pytest.mark.parametrize("depth", [10, 1_000, 100_000])
def test_deep_nesting_is_refused(store_dir, depth):
    path = store_dir / f"deep{depth}.json"
    path.write_text("[" * depth + "]" * depth)
    with pytest.raises(InterchangeError):
        read_import_file(path)


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
