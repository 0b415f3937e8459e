"""The hostile-file benchmark: every case can be made, and a sample of them runs clean."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_safety_hostile.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_safety_hostile", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_hostile_case_can_be_made(tmp_path):
    bench = _bench()
    names = [c.name for c in bench.cases()]
    assert len(names) == len(set(names)) >= 40
    for n, case in enumerate(bench.cases()):
        folder = tmp_path / f"c{n}"
        folder.mkdir()
        assert case.make(folder).exists() or case.name == "symlink-dangling"


@pytest.mark.slow
def test_a_sample_of_hostile_files_gives_no_traceback_hang_or_unprintable_import():
    sample = {
        "dev-zero",
        "fifo-no-writer",
        "digits-5000",
        "date-9999",
        "word-10000",
        "settings-fifo",
    }
    result = _bench().run(timeout=30, only=sample)
    assert result == {
        "hostile files tried": len(sample),
        "tracebacks": 0,
        "hangs": 0,
        "accepted-then-unprintable imports": 0,
    }
