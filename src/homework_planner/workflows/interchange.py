"""Import and export: files in the interchange format in, a client's file out."""

from __future__ import annotations

from pathlib import Path

from ..domain.models import Assignment, ClientFile
from ..storage import ImportResult, Store, StoreError
from ..storage.interchange import InterchangeError, read_import_file, write_json
from .errors import WorkflowError


def read_file(path: str | Path) -> ClientFile | Assignment:
    """Read and check a file before anything is opened or changed."""
    try:
        return read_import_file(path)
    except InterchangeError as exc:
        raise WorkflowError.of(exc) from None


def import_parsed(store: Store, parsed: ClientFile | Assignment) -> ImportResult:
    """All or nothing: a client file or a single assignment; the store is backed up first."""
    try:
        if isinstance(parsed, ClientFile):
            return store.import_client_file(parsed)
        return store.import_assignment(parsed)
    except StoreError as exc:
        raise WorkflowError.of(exc, "Nothing was imported. ") from None


def import_file(store: Store, path: str | Path) -> ImportResult:
    return import_parsed(store, read_file(path))


def export_client(store: Store, code: str, path: str | Path) -> ClientFile:
    """Everything of one client, withdrawn assignments and every review included. A file that
    import would refuse (past its limits) is not written: the message says what to shorten."""
    from ..domain import limits
    from ..domain.errors import InvalidData
    from ..domain.models import to_json_dict

    try:
        cf = store.export_client(code)
        try:
            limits.check_structure(to_json_dict(cf))
        except InvalidData as exc:
            raise WorkflowError(
                "Not exported: the file could not be imported again.\n" + exc.summary()
            ) from None
        write_json(path, cf)
    except (InterchangeError, StoreError) as exc:
        raise WorkflowError.of(exc) from None
    return cf
