"""GUI-test guard: a message box nobody expected fails the test instead of hanging the suite."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def unexpected_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Offscreen, a modal QMessageBox waits forever for a click. Tests that expect one patch
    it themselves (their monkeypatch wins); any other is answered "Cancel" (or "OK"), recorded,
    and reported as a failure once the test's widgets are closed."""
    seen: list[str] = []

    def answer(default: QMessageBox.StandardButton):
        def fake(parent, title, text, *args, **kwargs):
            seen.append(f"{title}: {text}")
            return default

        return staticmethod(fake)

    cancel = QMessageBox.StandardButton.Cancel
    ok = QMessageBox.StandardButton.Ok
    monkeypatch.setattr(QMessageBox, "question", answer(cancel))
    monkeypatch.setattr(QMessageBox, "warning", answer(ok))
    monkeypatch.setattr(QMessageBox, "critical", answer(ok))
    monkeypatch.setattr(QMessageBox, "information", answer(ok))

    def box_exec(self) -> int:  # a QMessageBox built with its own buttons: closed unanswered
        seen.append(f"{self.windowTitle()}: {self.text()}")
        return 0

    monkeypatch.setattr(QMessageBox, "exec", box_exec)
    yield seen
    if seen:
        pytest.fail("unexpected message box(es):\n" + "\n".join(seen), pytrace=False)
