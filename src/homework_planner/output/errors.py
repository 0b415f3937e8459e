"""The one error output raises: a message for the therapist that says what to add or change."""

from __future__ import annotations


class OutputError(ValueError):
    """Something the assignment lacks for this output; the text names the field, never its value."""
