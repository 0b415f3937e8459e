"""`service init`, `service add-member` and `sync` as a script runs them, on a real server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from homework_planner import paths

from .conftest import _free_port
from .work import day_of_work


def run(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "homework_planner", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, HOMEWORK_PLANNER_DATA=str(data), **env),
        timeout=90,
    )


def _open(data: Path):
    from homework_planner.storage import Store

    data.mkdir(mode=0o700, parents=True, exist_ok=True)  # private, as the app makes it
    return Store.open(paths.database_path(data), backups=False)


def test_service_init_add_member_and_sync_from_the_command_line(pg_server, tmp_path):
    db = pg_server.new_database()
    admin = pg_server.admin_url(db)
    r = run(tmp_path / "d", "service", "init", "--url", admin)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Hub postgres@local socket") and "applied 001_records" in r.stdout
    r = run(tmp_path / "d", "service", "init", "--url", admin)
    assert r.returncode == 0 and "up to date" in r.stdout
    r = run(
        tmp_path / "d", "service", "add-member", "--url", admin, "--login", "ivy",
        "--role", "practitioner", HOMEWORK_PLANNER_MEMBER_PASSWORD="pw-ivy",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    data = tmp_path / "data"
    store = _open(data)
    day_of_work(store, 3)
    store.close()
    url = pg_server.url("ivy", "pw-ivy", db)
    r = run(data, "sync", "--service", url)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Synced: sent 6; templates: 0 new, 0 updated; 0 waiting")
    assert "pw-ivy" not in r.stdout + r.stderr
    r = run(data, "sync", "--service", url)
    assert r.stdout.startswith("Synced: sent 0;")


def test_bad_address_refused_login_and_no_server_each_say_one_line_and_keep_the_outbox(
    hub, tmp_path
):
    data = tmp_path / "data"
    store = _open(data)
    day_of_work(store, 2)
    store.close()
    hub.add("joy")
    wrong_pw = hub.server.url("joy", "not-her-password", hub.dbname)
    nobody_home = f"postgresql://joy:pw-joy@127.0.0.1:{_free_port()}/{hub.dbname}"
    cases = {
        "postgresql://joy:pw-joy@[bad/x?": "not a PostgreSQL connection string",
        "postgresql://joy:pw-joy@hub.example.org/svc?sslmode=disable": "must be encrypted",
        wrong_pw: "refused the login",
        nobody_home: "Cannot reach the service",
    }
    for url, said in cases.items():
        r = run(data, "sync", "--service", url, "--retries", "0")
        assert r.returncode == 1, r.stdout
        assert r.stdout == ""
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and said in lines[0] and "Traceback" not in r.stderr
        assert "pw-joy" not in r.stderr and "not-her-password" not in r.stderr
    store = _open(data)
    assert store.outbox_counts() == (4, 0)
    store.close()
    assert hub.count("agreements") == 0


@pytest.mark.slow
def test_sigkill_of_the_syncing_process_loses_nothing_and_doubles_nothing(hub, tmp_path):
    url = hub.add("kit")
    data = tmp_path / "data"
    store = _open(data)
    day_of_work(store, 60)
    store.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "homework_planner", "sync", "--service", url, "--batch", "1"],
        env=dict(os.environ, HOMEWORK_PLANNER_DATA=str(data)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    on_hub = 0
    with psycopg.connect(hub.admin_url, autocommit=True) as conn:
        while time.monotonic() < deadline and proc.poll() is None:
            on_hub = conn.execute(
                "SELECT (SELECT count(*) FROM hub.agreements) + (SELECT count(*) FROM hub.reviews)"
            ).fetchone()[0]
            if on_hub >= 10:
                break
            time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL  # killed mid-sync, not finished
    assert 10 <= on_hub < 120
    store = _open(data)
    waiting, done = store.outbox_counts()
    assert waiting + done == 120 and waiting > 0
    store.close()
    r = run(data, "sync", "--service", url)
    assert r.returncode == 0, r.stderr
    assert hub.count("agreements") == 60 and hub.count("reviews") == 60
    store = _open(data)
    assert store.outbox_counts() == (0, 120)
    store.close()
