"""Benchmark: how many keys a therapist presses to write, and then to review, one assignment.

The real main window (offscreen, 1366x768), driven by keyboard only, as a therapist would in a
phone session with a client who says "I just want to feel better, maybe walk more":

- first session: find the client, start from the behavioural-activation template, say the
  goal, fill the template's [ ] blanks (F3 goes blank to blank), the when / where / how often /
  how long (the schedule follows the words), the client's own summary and ratings, the review
  date, and agree;
- next week's review: open the review, say how much was done, what happened and was learned,
  type the numbers of the sheet's rows, draft the summary from the numbers, choose the next step
  and save it with next week's plan.

Each non-text key (Tab, Enter, F3, arrows, shortcuts) counts as a key, each typed character as a
character; the mouse is never used (every step asserts where the focus landed, so a key that
does not do what the script expects stops the run instead of being counted wrongly). The bare
reference in the same run: the characters of the words alone (what the therapist would type
into an empty text file), with one key per field to move on.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_session.py

Targets: first session <= 40 keys, <= 400 characters, 0 clicks; review <= 20 keys.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Hand:
    """Presses keys in the focused widget and counts them."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.keys = self.chars = self.clicks = 0
        self.fields = 0
        self.words = 0  # characters of the words alone, for the reference

    def settle(self, seconds: float = 0.02) -> None:
        from PySide6.QtCore import QEventLoop

        end = time.perf_counter() + seconds
        while True:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            if time.perf_counter() >= end:
                return
            time.sleep(0.002)

    def focus(self) -> Any:
        from PySide6.QtWidgets import QApplication

        w = QApplication.focusWidget() or QApplication.activeWindow()
        if w is None:
            raise RuntimeError("no window is active")
        return w

    def key(self, key: Any, mods: Any = None, times: int = 1) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        for _ in range(times):
            QTest.keyClick(self.focus(), key, mods or Qt.KeyboardModifier.NoModifier)
            self.keys += 1
            self.settle()

    def type(self, text: str) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClicks(self.focus(), text)
        self.chars += len(text)
        self.words += len(text)
        self.fields += 1
        self.settle()

    def tab_to(self, widget: Any, limit: int = 12) -> None:
        from PySide6.QtCore import Qt

        for _ in range(limit):
            if self.focus() is widget:
                return
            self.key(Qt.Key.Key_Tab)
        if self.focus() is not widget:
            raise RuntimeError(f"Tab did not reach {widget.accessibleName()!r}")

    def expect(self, widget: Any) -> None:
        if self.focus() is not widget:
            name = getattr(self.focus(), "accessibleName", lambda: "?")()
            raise RuntimeError(f"focus is on {name!r}, not on {widget.accessibleName()!r}")

    def line(self, label: str) -> str:
        return f"{label}: {self.keys} keys, {self.chars} characters, {self.clicks} clicks"


def later(fn: Any) -> None:
    """Run `fn` once a modal dialog is up (the key that opens it blocks until it closes)."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, fn)


def first_session(hand: Hand, window: Any) -> str:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    ctrl = Qt.KeyboardModifier.ControlModifier
    hand.key(Qt.Key.Key_F, ctrl)  # find the client
    hand.expect(window.search_edit)
    hand.type("0042")
    hand.key(Qt.Key.Key_Return)

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "the template chooser did not open"
        dialog.windowHandle().requestActivate()  # offscreen, a new window is not made active
        for _ in range(50):
            if dialog.isActiveWindow():
                break
            hand.settle(0.02)
        hand.expect(dialog.filter_edit)
        hand.type("activation")
        hand.key(Qt.Key.Key_Return)

    later(choose)
    hand.key(Qt.Key.Key_N, ctrl)  # new assignment: the chooser
    hand.settle(0.3)
    editor = window.editor
    rows = editor.rows

    def w(path: str) -> Any:
        return rows[path].widget

    assert w("title").value() == "Doing things that matter to me", w("title").value()
    hand.expect(w("goal"))
    hand.type("Feel better and get out more")
    hand.key(Qt.Key.Key_F3)  # the task's blank: [name it, e.g. walk to the park and back]
    hand.expect(w("task.what"))
    hand.type("walk to the park and back")
    hand.key(Qt.Key.Key_Tab)
    hand.expect(w("task.when"))
    hand.type("Mon, Wed, Fri at 1pm")
    hand.key(Qt.Key.Key_Tab)
    hand.type("From my front door to the park")
    hand.key(Qt.Key.Key_Tab)
    hand.expect(w("task.how_often"))
    if not w("task.how_often").value().strip():
        hand.type("Mon, Wed and Fri")
    hand.key(Qt.Key.Key_Tab)
    hand.expect(w("task.how_long"))
    hand.type("15 minutes")
    hand.key(Qt.Key.Key_F3)  # the reason's blank: [my goal, in my words]
    hand.expect(w("rationale"))
    hand.type("feel better")
    hand.key(Qt.Key.Key_F3)  # the plan's blanks: [what might stop me, e.g. rain] ... [name it]
    hand.type("rain")
    hand.key(Qt.Key.Key_F3)
    hand.type("walk round the covered market")
    summary = w("client_reaction.summary_in_own_words")
    hand.tab_to(summary, limit=30)
    hand.type("Walk to the park after lunch Mon, Wed, Fri and rate it")
    hand.key(Qt.Key.Key_Tab)
    hand.expect(w("client_reaction.importance"))
    hand.type("8")
    hand.key(Qt.Key.Key_Tab)
    hand.type("7")
    hand.key(Qt.Key.Key_Tab)
    hand.type("Rain")
    review = w("review_date")
    hand.tab_to(review.quick_buttons[0])
    hand.key(Qt.Key.Key_Space)  # +1 week
    a = editor.to_assignment()
    assert a.review_date == date.today() + timedelta(days=7), a.review_date
    assert a.task.schedule is not None and a.task.schedule.days == ["mon", "wed", "fri"]
    hand.key(Qt.Key.Key_G, ctrl | Qt.KeyboardModifier.ShiftModifier)  # agree
    hand.settle(0.2)
    agreed = window.store.get_assignment(editor.current_id)
    assert agreed is not None and agreed.agreements, "the assignment was not agreed"
    missing = agreed.agreements[-1].missing
    return f"agreed version {len(agreed.agreements)}, missing: {', '.join(missing) or 'none'}"


def review(hand: Hand, window: Any) -> str:
    from PySide6.QtCore import Qt

    form = window.review_features.review_form
    ctrl = Qt.KeyboardModifier.ControlModifier
    alt = Qt.KeyboardModifier.AltModifier
    hand.key(Qt.Key.Key_R, ctrl)
    hand.settle(0.2)
    assert form.assignment is not None, "no homework to review"
    reviewed = form.assignment.id
    hand.key(Qt.Key.Key_3)  # completion: mostly
    hand.key(Qt.Key.Key_T, alt)
    hand.expect(form.happened_edit)
    hand.type("Walked twice; rain on the other day")
    hand.key(Qt.Key.Key_L, alt)
    hand.type("Mood is better after a walk")
    hand.key(Qt.Key.Key_Y, alt)
    hand.type("Rain on Wednesday")
    # The sheet: one row per day printed (Mon, Wed, Fri), columns Activity, Pleasure,
    # Achievement. Tab moves cell to cell in the table.
    sheet = form.sheet
    hand.tab_to(sheet)
    assert (sheet.currentRow(), sheet.currentColumn()) in ((0, 0), (-1, -1))
    sheet.setCurrentCell(0, 0)  # where Qt puts the cell cursor when the table takes focus
    for row in (("walk", "6", "7"), ("", "", ""), ("walk", "7", "7")):
        for cell in row:
            if cell:
                hand.type(cell)
            hand.key(Qt.Key.Key_Tab)
    hand.key(Qt.Key.Key_N, alt)  # Draft from the numbers
    hand.key(Qt.Key.Key_X, alt)  # next step
    hand.key(Qt.Key.Key_Down)
    hand.key(Qt.Key.Key_V, alt)  # save and plan next week
    hand.settle(0.3)
    reviews = window.store.list_reviews(assignment_id=reviewed)
    assert reviews, "the review was not saved"
    drafts = [s for s in window.store.list_assignments("HP-0042") if s.status == "draft"]
    assert drafts, "next week's draft was not made"
    return f"review saved, next week's draft made; summary: {reviews[-1].progress_summary[:70]!r}"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from homework_planner import paths
    from homework_planner.domain.models import Client
    from homework_planner.gui.main_window import MainWindow
    from homework_planner.storage import Store

    folder = Path(tempfile.mkdtemp(prefix="bench-session-"))
    os.environ[paths.DATA_ENV] = str(folder)
    os.environ[paths.CONFIG_ENV] = str(folder / "config")
    store = Store.open(paths.database_path(paths.ensure_private_dir(folder)))
    store.add_client(Client(code="HP-0042"))
    window = MainWindow(store, folder)
    window.resize(1366, 768)
    window.show()
    hand = Hand(app)
    hand.settle(0.3)
    window.windowHandle().requestActivate()
    while not window.isActiveWindow():
        hand.settle(0.05)
    hand.settle(0.3)
    first = first_session(hand, window)
    print(f"  ({first})")
    print(hand.line("first session"))
    print(
        f"  bare reference: the words alone {hand.words} characters, "
        f"{hand.fields} fields (one key each to move on)"
    )
    hand2 = Hand(app)
    second = review(hand2, window)
    print(f"  ({second})")
    print(hand2.line("review"))
    print(f"  bare reference: the words alone {hand2.words} characters, {hand2.fields} fields")
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
