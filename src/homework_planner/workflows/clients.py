"""Client use cases: add, change, archive (pseudonymous codes only)."""

from __future__ import annotations

from ..domain.models import Client
from ..storage import Store, StoreError
from .errors import WorkflowError


def add_client(store: Store, client: Client) -> None:
    try:
        store.add_client(client)
    except StoreError as exc:
        raise WorkflowError.of(exc) from None


def update_client(store: Store, client: Client) -> None:
    try:
        store.update_client(client)
    except StoreError as exc:
        raise WorkflowError.of(exc) from None


def set_archived(store: Store, code: str, archived: bool) -> None:
    try:
        store.archive_client(code, archived)
    except StoreError as exc:
        raise WorkflowError.of(exc) from None
