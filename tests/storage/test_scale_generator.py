"""The scale benchmark's store generator makes a valid store that the app opens (small size)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from homework_planner import paths
from homework_planner.domain.models import ClientFile
from homework_planner.storage import Store

GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "generate_store.py"


@pytest.fixture(scope="module")
def gen():
    spec = importlib.util.spec_from_file_location("generate_store", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_store"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("generate_store", None)


@pytest.fixture
def small_store(gen, tmp_path):
    folder = tmp_path / "scale"
    stats = gen.generate(folder, clients=50, assignments=500, seed=3, history_share=0.2)
    return folder, stats


def test_generated_store_opens_and_holds_what_was_asked(small_store):
    folder, stats = small_store
    assert (stats.clients, stats.assignments) == (50, 500)
    assert 0 < stats.reviews < 500 and stats.history_versions > 0
    with Store.open(paths.database_path(folder)) as store:
        clients = store.list_clients(include_archived=True)
        assert len(clients) == 50
        assert store.client_codes() == {c.code for c in clients}
        assert 0 < store.count_clients() < 50  # some clients are archived, as in real use
        per_client = {c.code: store.list_assignments(c.code) for c in clients}
        assert sum(len(v) for v in per_client.values()) == 500
        assert len(store.list_reviews()) == stats.reviews
        largest = max(per_client, key=lambda code: len(per_client[code]))
        assert largest == stats.largest_client
        # Every assignment and review reads back through the real models.
        exported = store.export_client(largest)
        assert isinstance(exported, ClientFile)
        assert len(exported.assignments) == stats.largest_client_assignments
        assert all(a.task.what and a.obstacles for a in exported.assignments)
        edited = [s for summaries in per_client.values() for s in summaries if s.version > 1]
        assert len(edited) == stats.history_versions
        assert len(store.assignment_history(edited[0].id)) == 2


def test_same_seed_same_store(gen, tmp_path):
    def content(folder: Path) -> list[str]:
        with Store.open(paths.database_path(folder)) as store:
            return [
                a.model_dump_json()
                for c in store.list_clients(include_archived=True)
                for a in store.load_assignments(c.code)
            ]

    gen.generate(tmp_path / "a", clients=5, assignments=40, seed=11)
    gen.generate(tmp_path / "b", clients=5, assignments=40, seed=11)
    gen.generate(tmp_path / "c", clients=5, assignments=40, seed=12)
    assert content(tmp_path / "a") == content(tmp_path / "b")
    assert content(tmp_path / "a") != content(tmp_path / "c")


def test_refuses_a_folder_that_already_has_a_store(gen, small_store):
    folder, _ = small_store
    with pytest.raises(FileExistsError, match="choose an empty folder"):
        gen.generate(folder, clients=1, assignments=1)


def test_command_line_prints_a_summary(gen, tmp_path, capsys):
    assert gen.main(["--out", str(tmp_path / "cli"), "--clients", "3", "--assignments", "9"]) == 0
    out = capsys.readouterr().out
    assert "3 clients, 9 assignments" in out
    assert gen.main(["--out", str(tmp_path / "cli"), "--clients", "3"]) == 1
    assert "already exists" in capsys.readouterr().err


def test_main_window_opens_the_generated_store(qtbot, small_store):
    from homework_planner.gui.main_window import MainWindow

    folder, stats = small_store
    store = Store.open(paths.database_path(folder))
    window = MainWindow(store, folder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.client_model.rowCount() == store.count_clients()
    listed = [window.client_model.client_at(r).code for r in range(window.client_model.rowCount())]
    code = max(listed, key=lambda c: len(store.list_assignments(c)))
    qtbot.keyClicks(window.search_edit, code)
    assert window.current_client().code == code
    assert window.assignment_model.rowCount() == len(store.list_assignments(code))
    window.close()
    store.close()
