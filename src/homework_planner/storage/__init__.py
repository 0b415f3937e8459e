"""The local store: one SQLite file, migrations, history and backups. No Qt."""

from .store import (
    AssignmentSummary,
    ClientSummary,
    DamagedDatabase,
    ImportResult,
    NewerDatabase,
    NotOurDatabase,
    OutboxItem,
    OutboxRow,
    PassphraseRequired,
    SharedTemplate,
    StorageFault,
    Store,
    StoreError,
    WrongPassphrase,
)

__all__ = [
    "AssignmentSummary",
    "ClientSummary",
    "DamagedDatabase",
    "ImportResult",
    "NewerDatabase",
    "NotOurDatabase",
    "OutboxItem",
    "OutboxRow",
    "PassphraseRequired",
    "SharedTemplate",
    "StorageFault",
    "Store",
    "StoreError",
    "WrongPassphrase",
]
