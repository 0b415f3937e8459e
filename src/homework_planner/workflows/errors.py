"""What a use case says when it cannot go ahead: a message for the user, nothing changed."""

from __future__ import annotations


class WorkflowError(Exception):
    """A clear message that names no client detail; the store is unchanged. `reason` keeps a
    storage fault's kind (disk_full, read_only, ...) so each front end can word it its way."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason

    @classmethod
    def of(cls, exc: Exception, prefix: str = "") -> WorkflowError:
        """A store's error as a workflow's, keeping its fault kind."""
        reason = getattr(exc, "reason", None)
        return cls(prefix + str(exc), reason if isinstance(reason, str) else None)


class NeedsConfirmation(WorkflowError):
    """Agreeing with criteria still missing: ask the therapist first, naming them."""

    def __init__(self, missing: list[str], labels: list[str]) -> None:
        self.missing = missing
        self.labels = labels
        n = len(missing)
        super().__init__(
            f"{n} item{'s' * (n != 1)} still missing: {', '.join(labels)}. "
            "Fill them in with the client, or agree all the same and the record will say "
            f"'agreed with {n} item{'s' * (n != 1)} missing'."
        )
