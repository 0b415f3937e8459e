"""The one way dialogs show a problem: under the form, in words, keeping what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

# Dark red on the default light background: above 7:1 contrast, and bold so it is not colour alone.
PROBLEM_STYLE = "color: #9b1c1c; font-weight: bold;"


def problem_label() -> QLabel:
    """A hidden, word-wrapped label named "Problem" for screen readers; show it with text."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.setAccessibleName("Problem")
    label.hide()
    return label
