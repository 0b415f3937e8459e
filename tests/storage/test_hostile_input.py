"""Limits at import and value-free messages: what is accepted can be stored and printed.

Each refusal names the position in the file ("assignments[2].obstacles"), never a key or a
value from it; a file just inside every limit imports whole.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from homework_planner.domain import limits
from homework_planner.fileio import SpecialFile, TooLarge, read_limited
from homework_planner.storage import Store
from homework_planner.storage.interchange import InterchangeError, read_import_file
from tests.conftest import full_assignment_dict

SECRET = "Jane-Smith-07700900123"


def _client_file(n: int = 2) -> dict[str, Any]:
    assignments = []
    for i in range(n):
        a = full_assignment_dict("HP-7")
        a["id"] = f"hostile-{i}"
        assignments.append(a)
    return {
        "schema_version": 1,
        "client": {"code": "HP-7"},
        "assignments": assignments,
        "reviews": [],
    }


def _refusal(tmp_path: Path, doc: Any | str) -> str:
    path = tmp_path / "in.json"
    text = doc if isinstance(doc, str) else json.dumps(doc)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InterchangeError) as caught:
        read_import_file(path)
    message = str(caught.value)
    assert SECRET not in message
    return message


# ---- reading: special files and the byte cap ---------------------------------------------


def test_read_limited_reads_a_regular_file_and_counts_bytes_itself(tmp_path):
    path = tmp_path / "f.json"
    path.write_bytes(b"x" * 1000)
    assert read_limited(path, 1000) == b"x" * 1000
    with pytest.raises(TooLarge):
        read_limited(path, 999)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_before_reading(device):
    with pytest.raises(SpecialFile, match="a device"):
        read_limited(device, 1 << 20)


def test_a_pipe_with_no_writer_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "p"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_limited(fifo, 100)
        except OSError as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading a pipe with no writer hung"
    assert isinstance(outcome[0], SpecialFile) and "a pipe" in outcome[0].strerror


def test_a_folder_and_a_symlink_to_a_device_are_refused(tmp_path):
    link = tmp_path / "in.json"
    link.symlink_to("/dev/zero")
    assert "a device, not a file" in str(_read_error(link))
    assert "a folder, not a file" in str(_read_error(tmp_path))


def _read_error(path: Path) -> InterchangeError:
    with pytest.raises(InterchangeError) as caught:
        read_import_file(path)
    return caught.value


def test_a_file_over_the_size_limit_is_refused_by_counting(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as fh:
        fh.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    assert "larger than 20 MB" in str(_read_error(path))


# ---- numbers, nesting, characters ------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "said"),
    [
        ('"x": ' + "9" * 5000, "more than 30 digits"),
        ('"x": -' + "1" * 31, "more than 30 digits"),
        ('"x": 1e999999', "more than 30 digits"),
        ('"x": NaN', "NaN or Infinity"),
        ('"x": -Infinity', "NaN or Infinity"),
    ],
)
def test_numbers_json_cannot_hold_sensibly_are_refused(tmp_path, tail, said):
    text = json.dumps(full_assignment_dict())[:-1] + ", " + tail + "}"
    assert said in _refusal(tmp_path, text)


def test_nesting_deeper_than_the_format_is_refused_by_position(tmp_path):
    d = full_assignment_dict()
    nested: Any = SECRET
    for _ in range(50):
        nested = [nested]
    d["task"]["what"] = nested
    message = _refusal(tmp_path, d)
    assert "task.what" in message and "nested too deeply" in message


def test_a_lone_surrogate_is_refused_by_field(tmp_path):
    d = _client_file()
    d["assignments"][1]["rationale"] = SECRET + "\ud800"
    message = _refusal(tmp_path, d)  # json.dumps writes the half pair as \ud800
    assert "assignments[2].rationale: the text holds a broken character" in message


# ---- keys: duplicated and unknown, named by position --------------------------------------


def test_a_duplicated_key_is_named_by_the_object_it_is_in(tmp_path):
    d = _client_file()
    text = json.dumps(d)
    needle = '"what": '
    first = text.index(needle)
    text = text[:first] + f'"{SECRET}": 1, "{SECRET}": 2, ' + text[first:]
    message = _refusal(tmp_path, text)
    assert "assignments[1].task: a key appears twice in the same object" in message


def test_a_duplicated_top_level_key_is_refused(tmp_path):
    text = '{"title": "a", "title": "b", ' + json.dumps(full_assignment_dict())[1:]
    assert "a key appears twice" in _refusal(tmp_path, text)


def test_an_unknown_field_is_named_by_its_place_not_its_name(tmp_path):
    d = _client_file()
    d["assignments"][0]["task"][SECRET] = "x"
    message = _refusal(tmp_path, d)
    assert "assignments[1].task: has an unknown field" in message


def test_a_long_text_under_an_unknown_key_is_named_without_the_key(tmp_path):
    d = full_assignment_dict()
    d[SECRET] = {"inner": "y" * (limits.MAX_TEXT + 1)}
    message = _refusal(tmp_path, d)
    assert "longer than 10,000 characters" in message


def test_monitoring_entry_keys_are_the_clients_words_and_never_shown(tmp_path):
    d = _client_file(1)
    d["reviews"] = [
        {
            "id": "rv-1",
            "assignment_id": "hostile-0",
            "date": "2026-11-27",
            "completion": 2,
            "monitoring_entries": [{SECRET: "z" * (limits.MAX_TEXT + 1)}],
        }
    ]
    message = _refusal(tmp_path, d)
    assert "reviews[1].monitoring_entries[1]" in message


# ---- sizes and counts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "build", "said"),
    [
        (
            "assignments[2].obstacles",
            lambda a: a.update(obstacles=[{"if": "a", "then": "b"}] * 10_000),
            "more than 50 plans",
        ),
        (
            "assignments[2].monitoring.columns",
            lambda a: a["monitoring"].update(columns=[{"label": "Mood"}] * 100_000),
            "more than 20 columns",
        ),
        (
            "assignments[2].rationale",
            lambda a: a.update(rationale=SECRET * (2_000_000 // len(SECRET))),
            "longer than 10,000 characters",
        ),
        (
            "assignments[2].monitoring.columns[1].scale",
            lambda a: a["monitoring"]["columns"][0].update(scale="0" * 41),
            "longer than 40 characters",
        ),
        (
            "assignments[2].task.when",
            lambda a: a["task"].update(when="\n".join(["ab"] * 600)),
            "more than 500 lines",
        ),
        (
            "assignments[2]",
            lambda a: a.update(
                goal="g" * 9_000, rationale="r" * 9_000, title="t" * 9_000, concerns="c" * 4_000
            ),
            "more than 30,000 characters of text in all",
        ),
    ],
)
def test_giant_values_are_refused_by_position(tmp_path, where, build, said):
    d = _client_file()
    build(d["assignments"][1])
    message = _refusal(tmp_path, d)
    assert f"{where}: " in message and said in message
    assert "nothing was imported" in message


def test_too_many_assignments_are_refused(tmp_path):
    d = _client_file(1)
    d["assignments"] = d["assignments"] * (limits.MAX_ASSIGNMENTS + 1)
    assert "assignments: more than 2000 assignments" in _refusal(tmp_path, d)


def test_a_file_at_every_limit_imports_whole(tmp_path):
    d = full_assignment_dict("HP-8")
    d["id"] = "at-the-limits"
    d["obstacles"] = [{"if": f"plan {i}", "then": "walk"} for i in range(limits.MAX_PLANS)]
    d["monitoring"]["columns"] = [
        {"label": f"Column {i}", "scale": "0" * limits.MAX_SCALE} for i in range(limits.MAX_COLUMNS)
    ]
    d["rationale"] = "w" * limits.MAX_TEXT
    d["goal"] = "\n".join(["a"] * (limits.MAX_LINES - 1))
    d["created"] = "1990-01-01T00:00:00Z"
    d["review_date"] = "2100-12-31"
    path = tmp_path / "limits.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    parsed = read_import_file(path)
    with Store.open(tmp_path / "hp.sqlite3", backups=False) as store:
        store.import_assignment(parsed)
    with Store.open(tmp_path / "hp.sqlite3", backups=False) as store:
        got = store.get_assignment("at-the-limits")
    assert got is not None and got.rationale == d["rationale"]
    assert (
        len(got.obstacles) == limits.MAX_PLANS and len(got.monitoring.columns) == limits.MAX_COLUMNS
    )


def test_a_duplicate_inside_an_unknown_key_is_named_without_that_key(tmp_path):
    text = json.dumps(full_assignment_dict())[:-1] + f', "{SECRET}": {{"a": 1, "a": 2}}}}'
    message = _refusal(tmp_path, text)
    assert "a key appears twice" in message
