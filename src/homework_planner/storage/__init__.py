"""The local store: one SQLite file, migrations, history and backups. No Qt."""

from .store import (
    AssignmentSummary,
    DamagedDatabase,
    ImportResult,
    NewerDatabase,
    NotOurDatabase,
    Store,
    StoreError,
)

__all__ = [
    "AssignmentSummary",
    "DamagedDatabase",
    "ImportResult",
    "NewerDatabase",
    "NotOurDatabase",
    "Store",
    "StoreError",
]
