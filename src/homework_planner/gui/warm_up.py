"""Idle-time warm-up: after the window shows, load what opening the first assignment needs.

The start shows the window without the validating models, the coach and the editor (together
about 300 ms). Loaded on the first click instead, opening the first assignment would take
about a third of a second; loaded here, in short steps a little after the window shows, it
takes about as long as opening any other. Each step runs from the event loop, so a click or
a key pressed meanwhile waits for one step at most (each is under 0.1 s here; the longest is
importing pydantic), never for all of them. A step that fails is logged and skipped: the same
module then loads, and reports its problem, when it is first really used.

The last step, the handout's reportlab and fonts (the first preview used to take 0.2-0.4 s),
only hands a small invented handout to the preview's render thread: the work happens there,
not between the therapist's keys.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

DELAY_MS = 300  # after the window is shown: it has painted and the user is finding a client


def pydantic() -> None:
    import pydantic

    pydantic.BaseModel  # noqa: B018 - pydantic loads its parts when first asked for


def models() -> None:
    from ..domain import models  # noqa: F401 - imported to load


def validators() -> None:
    from ..domain.models import Assignment, Client, Review

    for model in (Assignment, Review, Client):
        model.model_rebuild(force=True)  # built when first used otherwise


def coach() -> None:
    from ..domain import coach

    coach.load()  # the lemma table, so the first check as the therapist types pays nothing


def dictionary() -> None:
    from ..domain import plain

    plain.load_dictionary()


def editor() -> None:
    from . import editor  # noqa: F401 - imported to load


def handout() -> None:
    from .handout_panel import warm_in_background

    warm_in_background()


STEPS: tuple[Callable[[], None], ...] = (
    pydantic,
    models,
    validators,
    coach,
    dictionary,
    editor,
    handout,
)


class WarmUp(QObject):
    """Runs STEPS one per event-loop turn, starting `delay_ms` after start()."""

    def __init__(
        self,
        parent: QObject,
        steps: tuple[Callable[[], None], ...] | None = None,
        delay_ms: int = DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._steps = list(STEPS if steps is None else steps)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)
        self._delay_ms = delay_ms
        self.done = False
        self.timings: list[tuple[str, float]] = []  # (step, seconds), for the benchmarks

    def start(self) -> None:
        if not self._timer.isActive() and not self.done:
            self._timer.start(self._delay_ms)

    def _next(self) -> None:
        if not self._steps:
            self.done = True
            return
        step = self._steps.pop(0)
        name = getattr(step, "__name__", repr(step))
        began = time.perf_counter()
        try:
            step()
        except Exception:  # noqa: BLE001 - a warm-up must never break the window
            log.exception("warm-up step %s failed", name)
        self.timings.append((name, time.perf_counter() - began))
        self._timer.start(0)  # the next step after any waiting input
