"""`agree`, `withdraw` and `record --id/--client` on a real data folder, as a script would."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from homework_planner import paths
from homework_planner.storage import Store
from tests.conftest import full_assignment_dict


def run(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOMEWORK_PLANNER_DATA=str(data))
    return subprocess.run(
        [sys.executable, "-m", "homework_planner", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def imported(tmp_path: Path, data: Path, **changes) -> str:
    a = full_assignment_dict()
    a.update(status="draft", **changes)
    f = tmp_path / f"{a['id']}.json"
    f.write_text(json.dumps(a), encoding="utf-8")
    r = run(data, "import", str(f))
    assert r.returncode == 0, r.stderr
    return a["id"]


def stored(data: Path, assignment_id: str):
    with Store.open(paths.database_path(data)) as store:
        return store.get_assignment(assignment_id), store.assignment_version(assignment_id)


def test_agree_then_record_from_the_store(tmp_path, data_dir):
    aid = imported(tmp_path, data_dir)
    r = run(data_dir, "agree", "--id", aid)
    assert r.returncode == 0, r.stderr
    a, version = stored(data_dir, aid)
    assert r.stdout.strip() == f"Agreed: version {version}."
    assert [g.version for g in a.agreements] == [version]
    again = run(data_dir, "agree", "--id", aid)
    assert again.returncode == 1 and "Nothing has changed" in again.stderr
    assert stored(data_dir, aid)[1] == version  # nothing changed
    note = run(data_dir, "record", "--id", aid, "--text")
    assert note.returncode == 0
    assert f"What was agreed (version {version})" in note.stdout
    pdf = tmp_path / "record.pdf"
    r = run(data_dir, "record", "--id", aid, "-o", str(pdf))
    assert r.returncode == 0, r.stderr
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert f"What was agreed (version {version})" in text


def test_agreeing_with_missing_items_needs_with_missing(tmp_path, data_dir):
    aid = imported(tmp_path, data_dir, id="blank0001", title="", task={}, rationale="")
    r = run(data_dir, "agree", "--id", aid)
    assert r.returncode == 1 and "still missing" in r.stderr and "--with-missing" in r.stderr
    assert stored(data_dir, aid)[0].agreements == []
    r = run(data_dir, "agree", "--id", aid, "--with-missing")
    assert r.returncode == 0 and "missing" in r.stdout
    note = run(data_dir, "record", "--id", aid, "--text").stdout
    assert "items missing" in note


def test_withdraw_and_the_clients_whole_record(tmp_path, data_dir):
    keep = imported(tmp_path, data_dir)
    wrong = imported(tmp_path, data_dir, id="wrong0001", title="Typed for the wrong client")
    assert run(data_dir, "agree", "--id", keep).returncode == 0
    r = run(data_dir, "withdraw", "--id", wrong, "--reason", "Typed for the wrong client file")
    assert r.returncode == 0, r.stderr
    again = run(data_dir, "withdraw", "--id", wrong, "--reason", "again")
    assert again.returncode == 1 and "already withdrawn" in again.stderr
    whole = run(data_dir, "record", "--client", "HP-0042", "--text")
    assert whole.returncode == 0, whole.stderr
    assert "2 assignments; 1 agreed; 0 reviewed; 1 withdrawn." in whole.stdout
    assert "Reason: Typed for the wrong client file" in whole.stdout
    assert "Beck's criteria at agreement: a clear and specific: ok" in whole.stdout


def test_bad_ids_and_codes_exit_1_with_a_message(tmp_path, data_dir):
    imported(tmp_path, data_dir)
    for args in (
        ("agree", "--id", "nope"),
        ("withdraw", "--id", "nope", "--reason", "x"),
        ("record", "--id", "nope", "--text"),
        ("record", "--client", "HP-9999", "--text"),
    ):
        r = run(data_dir, *args)
        assert r.returncode == 1, args
        assert "Traceback" not in r.stderr and r.stderr.strip(), args
    r = run(data_dir, "record", "--id", "x")
    assert r.returncode == 1 and "-o OUT.pdf" in r.stderr


def test_handout_of_a_stored_assignment_at_the_clients_print_size(tmp_path, data_dir):
    from homework_planner.domain.models import PrintNeeds

    aid = imported(tmp_path, data_dir)
    with Store.open(paths.database_path(data_dir)) as store:
        client = store.get_client("HP-0042")
        store.update_client(client.model_copy(update={"print_needs": PrintNeeds(size="large")}))
    pdf = tmp_path / "h.pdf"
    r = run(data_dir, "handout", "--id", aid, "-o", str(pdf))
    assert r.returncode == 0, r.stderr
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert "Walk to the postbox" in reader.pages[0].extract_text()
    sizes: list[int] = []
    reader.pages[0].extract_text(
        visitor_text=lambda t, cm, tm, font, size: (
            sizes.append(round(size * tm[0])) if t.strip() else None
        )
    )
    assert max(set(sizes), key=sizes.count) == 18  # most text at large print: 18 pt body
    bad = run(data_dir, "handout", "--id", "nope", "-o", str(pdf))
    assert bad.returncode == 1 and "no assignment with that id" in bad.stderr
