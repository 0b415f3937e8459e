"""The guided homework editor: form, live coach, autosave and undo."""

from .editor_widget import AssignmentEditor

__all__ = ["AssignmentEditor"]
