"""`homework-planner audit` on a real data folder, as a script or an inspector's clerk would."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from homework_planner import paths
from homework_planner.output.audit import COUNT_KEYS, JSON_HELP
from tests.helpers.audit_caseload import build_caseload


def run(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOMEWORK_PLANNER_DATA=str(data))
    return subprocess.run(
        [sys.executable, "-m", "homework_planner", "audit", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def caseload(data: Path) -> Path:
    data.mkdir(mode=0o700, parents=True, exist_ok=True)  # private, as the app makes it
    db = paths.database_path(data)
    build_caseload(db)
    return db


def test_json_text_and_pdf_from_the_store_which_is_left_unchanged(tmp_path, data_dir):
    db = caseload(data_dir)
    before = db.read_bytes()
    r = run(data_dir, "--from", "2026-10-01", "--to", "2026-10-31", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert list(data) == ["schema", "period", "made_on", *COUNT_KEYS, "clients", "outcomes"]
    assert (data["sessions"], data["agreed"], data["withdrawn"]) == (3, 4, 1)
    assert data["beck"] == {"a": 2, "b": 2, "c": 2, "d": 2}
    assert data["reviewed_next_session"] == 2
    r = run(data_dir, "--client", "HP-0003")
    assert r.returncode == 0, r.stderr
    assert "HP-0003" in r.stdout and "HP-0001" not in r.stdout
    pdf = tmp_path / "audit.pdf"
    r = run(data_dir, "--from", "2026-10-01", "--pdf", str(pdf))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"Wrote the audit to {pdf}."
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) <= 2
    assert "HP-0002" in "\n".join(p.extract_text() for p in reader.pages)
    assert db.read_bytes() == before  # read-only


def test_bad_input_gets_one_line_and_exit_1(data_dir):
    caseload(data_dir)
    for args, words in (
        (("--from", "2026-02-30"), "--from needs a date written as YYYY-MM-DD"),
        (("--to", "next week"), "--to needs a date written as YYYY-MM-DD"),
        (("--from", "2026-10-02", "--to", "2026-10-01"), "starts after it ends"),
        (("--client", "HP-4242"), "no client with that code"),
    ):
        r = run(data_dir, *args)
        assert r.returncode == 1, args
        assert words in r.stderr and r.stderr.count("\n") == 1, r.stderr
        assert "Traceback" not in r.stderr and r.stdout == ""


def test_an_empty_folder_is_reported_not_created(tmp_path):
    folder = tmp_path / "nothing-here"
    r = run(folder)
    assert r.returncode == 1 and "nothing to audit" in r.stderr
    assert not paths.database_path(folder).exists()


def test_help_documents_the_json_schema(data_dir):
    r = run(data_dir, "--help")
    assert r.returncode == 0
    for line in JSON_HELP.splitlines():
        assert line.rstrip() in r.stdout
    r = run(data_dir, "--json", "--pdf", "x.pdf")
    assert r.returncode == 2  # usage: one or the other


def test_runs_while_the_window_holds_the_folder(data_dir):
    """The window holds the folder lock and an open store; the audit reads beside it."""
    from homework_planner.storage import Store
    from homework_planner.storage.lock import acquire_folder_lock

    db = caseload(data_dir)
    lock = acquire_folder_lock(data_dir)
    try:
        with Store.open(db) as window_store:
            log = len(window_store.audit_log("HP-0001"))
            r = run(data_dir, "--from", "2026-10-01", "--json")
            assert r.returncode == 0, r.stderr
            assert json.loads(r.stdout)["assignments"] == 5
            assert len(window_store.audit_log("HP-0001")) == log
    finally:
        lock.release()
