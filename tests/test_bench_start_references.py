"""The start benchmark's reference windows run, so that its table stays a fair comparison.

bench_start.py times these scripts beside the app; if one of them broke (say, after a change to
the store's API) the benchmark would stop with an error instead of printing the table.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_start.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_start", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["BARE", "FLOOR", "WIDGETS_ALONE", "WIDGETS_AND_STORE"])
def test_reference_window_starts_shows_and_quits(bench, name, tmp_path):
    script = tmp_path / "reference.py"
    script.write_text(getattr(bench, name), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_store_reference_lists_the_clients_of_the_store_the_app_opens(bench, tmp_path):
    """It opens the data folder the app would (HOMEWORK_PLANNER_DATA) and lists its clients."""
    from homework_planner import paths
    from homework_planner.domain.models import Client
    from homework_planner.storage import Store

    folder = Path(os.environ["HOMEWORK_PLANNER_DATA"])
    paths.ensure_private_dir(folder)
    with Store.open(paths.database_path(folder)) as store:
        store.add_client(Client(code="HP-0101"))
    script = tmp_path / "reference.py"
    listing = bench.WIDGETS_AND_STORE.replace(
        "window.show()", "print(clients.model().stringList())\nwindow.show()"
    )
    assert listing != bench.WIDGETS_AND_STORE
    script.write_text(listing, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "HP-0101" in done.stdout
