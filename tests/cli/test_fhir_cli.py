"""`homework-planner fhir --client CODE -o FILE.json` on a real data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fhir.resources.R4B.bundle import Bundle

from tests.cli.test_audit_cli import caseload


def run(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOMEWORK_PLANNER_DATA=str(data))
    return subprocess.run(
        [sys.executable, "-m", "homework_planner", "fhir", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_writes_a_bundle_that_parses_back_and_leaves_the_store_unchanged(tmp_path, data_dir):
    db = caseload(data_dir)
    before = db.read_bytes()
    target = tmp_path / "HP-0001.json"
    r = run(data_dir, "--client", "HP-0001", "-o", str(target))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"Wrote the FHIR bundle to {target}."
    bundle = Bundle.model_validate_json(target.read_text(encoding="utf-8"))
    kinds = [type(e.resource).__name__ for e in bundle.entry]
    assert kinds.count("Task") == 3 and "DocumentReference" in kinds
    assert json.loads(target.read_text())["entry"][0]["resource"]["resourceType"] == "Patient"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert db.read_bytes() == before


def test_unknown_client_and_missing_folder_one_line_exit_1(tmp_path, data_dir):
    target = tmp_path / "x.json"
    r = run(tmp_path / "empty", "--client", "HP-0001", "-o", str(target))
    assert r.returncode == 1 and "nothing to export" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    caseload(data_dir)
    r = run(data_dir, "--client", "NO'PE;1", "-o", str(target))
    assert r.returncode == 1, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "NO'PE" not in r.stderr
    assert not target.exists()
    r = run(data_dir, "--client", "HP-0001")
    assert r.returncode == 2  # -o is required
