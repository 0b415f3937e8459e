"""Fuzzing settings.json: whatever the file holds, the window gets usable settings, a command
gets them or one plain message, and what is kept prints on a handout and saves again.

HP_FUZZ_FAST sets the examples of the quick run (default 5), HP_FUZZ_EXAMPLES those of the
slow one (default 60).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homework_planner.domain.models import Assignment, PrintNeeds
from homework_planner.domain.settings import Settings
from homework_planner.output.handout import handout_text, render_handout
from homework_planner.storage.settings_file import (
    SettingsUnreadable,
    load_settings,
    read_settings,
    save_settings,
)
from tests.conftest import full_assignment_dict

FUZZ = settings(
    max_examples=int(os.environ.get("HP_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
FUZZ_FAST = settings(FUZZ, max_examples=int(os.environ.get("HP_FUZZ_FAST", "5")))
MARKER = "Qzv"

any_char = st.characters(codec=None, categories=None)  # lone surrogates included
values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(),  # NaN and infinities: json.dumps writes them as NaN / Infinity
        st.text(any_char, max_size=30).map(lambda t: MARKER + t),
        st.sampled_from([MARKER + "x" * 500, MARKER + "\u202e\x07\ue000", MARKER + "\ud800"]),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)
KEYS = list(Settings.field_names()) + ["unknown", ""]
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=len(KEYS))


def _write(path: Path, payload: bytes) -> None:
    path.write_bytes(payload)


def _check(path: Path) -> None:
    window = load_settings(path)  # never raises: defaults with a warning at worst
    assert isinstance(window, Settings)
    try:
        command = read_settings(path)
    except SettingsUnreadable as exc:
        assert MARKER not in str(exc) and str(exc).count("\n") == 0
        assert window == Settings()
        return
    assert command == window
    # What was kept prints and saves again, exactly.
    a = Assignment.model_validate(full_assignment_dict())
    handout_text(a, command).encode("utf-8")
    assert render_handout(a, PrintNeeds(), command).pdf.startswith(b"%PDF")
    save_settings(path, command)
    assert read_settings(path) == command


def _document(doc: dict[str, Any], deep: int) -> bytes:
    text = json.dumps(doc)
    if deep:
        text = text[:-1] + (", " if doc else "") + '"x": ' + "[" * deep + "]" * deep + "}"
    return text.encode("utf-8", "surrogatepass")


@FUZZ_FAST
@given(doc=documents, deep=st.sampled_from([0, 0, 10, 5_000, 100_000]))
def test_any_settings_document_quick(tmp_path, doc, deep):
    path = tmp_path / "settings.json"
    _write(path, _document(doc, deep))
    _check(path)


@pytest.mark.slow
@FUZZ
@given(doc=documents, deep=st.sampled_from([0, 0, 10, 5_000, 100_000]))
def test_any_settings_document(tmp_path, doc, deep):
    path = tmp_path / "settings.json"
    _write(path, _document(doc, deep))
    _check(path)


@pytest.mark.slow
@FUZZ
@given(raw=st.binary(max_size=400))
def test_any_bytes_as_settings(tmp_path, raw):
    path = tmp_path / "settings.json"
    _write(path, raw)
    _check(path)
