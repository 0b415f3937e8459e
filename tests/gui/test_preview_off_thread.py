"""The live preview renders on a background thread: keys are taken while it works, the newest
words win, and typing does not keep memory per key."""

from __future__ import annotations

import gc
import io
import threading
import tracemalloc
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer

from homework_planner.domain.models import Assignment, Client
from homework_planner.gui import handout_panel as hp
from homework_planner.gui.handout_panel import HandoutPanel, default_renderer
from tests.conftest import full_assignment_dict
from tests.gui.test_editor import field, open_example, type_into
from tests.gui.test_handout_panel import SETTINGS


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class Gate:
    """A renderer that holds every render until released, recording what it was asked for."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.started = threading.Event()
        self.titles: list[str] = []

    def __call__(self, a: Assignment, needs: Any, settings: Any) -> Any:
        self.titles.append(a.title)
        self.started.set()
        if not self.open.wait(20):
            raise TimeoutError("the test never released the renderer")
        return default_renderer(a, needs, settings)


def test_keys_are_taken_while_a_render_is_held_and_the_newest_words_win(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir)
    panel = window.output_features.panel
    qtbot.waitUntil(lambda: panel.result is not None, timeout=10000)
    gate = Gate()
    panel.renderer = gate
    try:
        title = field(window, "title")
        title.selectAll()
        type_into(qtbot, title, "Walk one")
        qtbot.waitUntil(gate.started.is_set, timeout=5000)  # the render thread is now stuck
        assert panel.rendering
        # The GUI thread is free: these keys reach the field and the editor's form at once.
        type_into(qtbot, title, " and two")
        assert title.value() == "Walk one and two"
        assert window.editor.form_data()["title"] == "Walk one and two"
        # The coach and the next preview request still run (event loop turning, not blocked).
        qtbot.waitUntil(lambda: window.editor.to_assignment().title == "Walk one and two")
        qtbot.waitUntil(lambda: panel.assignment.title == "Walk one and two", timeout=5000)
        assert gate.titles == ["Walk one"]  # still held
    finally:
        gate.open.set()
    # The held render ("Walk one") finishes first; it must never be what stays shown.
    qtbot.waitUntil(
        lambda: panel.settled and hp.render_thread().idle(),
        timeout=20000,
    )
    assert "Walk one and two" in pdf_text(panel.result.pdf)
    assert gate.titles[0] == "Walk one"
    assert gate.titles[-1] == "Walk one and two"
    window.editor.close_action.trigger()


def test_a_late_result_of_older_words_is_dropped(qtbot):
    panel = HandoutPanel()
    qtbot.addWidget(panel)
    gate = Gate()
    panel.renderer = gate
    client = Client(code="HP-0042")
    base = Assignment.model_validate(full_assignment_dict())
    panel.set_assignment(base.model_copy(update={"title": "Old words"}), client, SETTINGS)
    qtbot.waitUntil(gate.started.is_set, timeout=5000)
    panel.renderer = default_renderer
    with qtbot.waitSignal(panel.rendered, timeout=10000):
        panel.set_assignment(base.model_copy(update={"title": "New words"}), client, SETTINGS)
        # the new request waits behind the held one; release the old render meanwhile
        QTimer.singleShot(hp.DEBOUNCE_MS + 50, gate.open.set)
    qtbot.waitUntil(hp.render_thread().idle, timeout=10000)
    qtbot.wait(50)  # any queued result of the old render has been delivered by now
    shown = pdf_text(panel.result.pdf)
    assert "New words" in shown and "Old words" not in shown


def test_a_failing_render_says_so_and_keeps_the_panel(qtbot, caplog):
    panel = HandoutPanel()
    qtbot.addWidget(panel)

    def broken(a: Assignment, needs: Any, settings: Any) -> Any:
        raise ValueError("a bug")

    panel.renderer = broken
    panel.set_assignment(
        Assignment.model_validate(full_assignment_dict()), Client(code="HP-0042"), SETTINGS
    )
    qtbot.waitUntil(lambda: "could not be made" in panel.status.text(), timeout=5000)
    assert not panel.save_button.isEnabled()
    assert not panel.rendering
    assert "a bug" not in panel.status.text()


def test_the_warm_up_loads_reportlab_on_the_render_thread(qtbot):
    seen: list[str] = []
    real = hp.default_renderer

    def spy(a: Assignment, needs: Any, settings: Any) -> Any:
        seen.append(threading.current_thread().name)
        return real(a, needs, settings)

    hp.default_renderer = spy  # type: ignore[assignment]
    try:
        hp.warm_in_background()
        qtbot.waitUntil(lambda: bool(seen) and hp.render_thread().idle(), timeout=20000)
    finally:
        hp.default_renderer = real  # type: ignore[assignment]
    assert seen == ["handout-render"]


@pytest.mark.slow
def test_typing_does_not_keep_memory_per_key(qtbot, data_dir):
    long = "Small steps help me feel better on the days I walk. " * 200

    def longer(data: dict[str, Any]) -> None:
        data["rationale"] = long

    window, store, a = open_example(qtbot, data_dir, longer)
    panel = window.output_features.panel
    qtbot.waitUntil(lambda: window.warm_up.done, timeout=20000)
    rationale = field(window, "rationale")
    rationale.setFocus()

    def typing(n: int) -> None:
        for i in range(n):
            qtbot.keyClicks(rationale, "walk "[i % 5])
        qtbot.wait(10)

    typing(300)  # caches, the coach's first runs
    qtbot.waitUntil(lambda: hp.render_thread().idle() and panel.settled, timeout=20000)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        typing(1500)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # Each key used to keep two snapshots of the whole form (~11 KB of words here, so >25 MB),
    # and then a released command object (~0.5 KB a key, so ~0.7 MB).
    assert grown < 600_000, f"{grown / 1500:.0f} bytes kept per key"
    assert window.editor.undo_stack.count() <= 3
    window.editor.close_action.trigger()
