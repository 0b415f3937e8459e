"""Data safety in the window: opening the folder safely, backups, restore, passphrase, auto-lock.

For the integrator:
    opened = open_data_folder(folder)            # lock, passphrase, damaged file -> backup
    if opened is None: return 1
    window = MainWindow(opened.store, folder)
    features = install_safety_features(window, opened.store, folder, settings)
    for aid in offer_unfinished_drafts(window, opened.store): ...open aid in the editor...
    ... app.exec() ...; opened.close()
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from .. import APP_NAME, paths
from ..domain.settings import Settings
from ..storage import DamagedDatabase, Store, StoreError, protection
from ..storage import backup as backups
from ..storage.crypto import Connector
from ..storage.lock import FolderInUse, FolderLock, acquire_folder_lock, folder_problem
from ..storage.store import PassphraseRequired, WrongPassphrase
from .lock_screen import AutoLock

# The dialogs (passphrase, restore, history) load when first opened, not at every start.

log = logging.getLogger(__name__)


# ---- message boxes (module functions, so that tests can answer them) ------------------------
def ask(parent: QWidget | None, title: str, text: str, yes: str, no: str = "Cancel") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def tell(parent: QWidget | None, title: str, text: str, *, problem: bool = False) -> None:
    if problem:
        QMessageBox.warning(parent, title, text)
    else:
        QMessageBox.information(parent, title, text)


# ---- opening the data folder -------------------------------------------------------------
@dataclass
class OpenedData:
    store: Store
    lock: FolderLock
    notices: list[str] = field(default_factory=list)  # for the status bar after start

    def close(self) -> None:
        self.store.close()
        self.lock.release()


def open_data_folder(
    folder: Path, parent: QWidget | None = None, *, ask_passphrase=None
) -> OpenedData | None:
    """Everything between "the app starts" and "the window opens", with a plain message at
    each step that can go wrong. None: nothing was opened (the user was told why)."""
    try:
        paths.ensure_private_dir(folder)  # an existing folder keeps its mode
        lock = acquire_folder_lock(folder)
    except FolderInUse as exc:
        tell(parent, f"{APP_NAME} is already open", str(exc), problem=True)
        return None
    except OSError as exc:
        tell(
            parent,
            f"{APP_NAME}: cannot open the data folder",
            folder_problem(folder, exc),
            problem=True,
        )
        return None
    notices = []
    shared = paths.shared_folder_warning(folder)
    if shared:
        notices.append(shared)
    if lock.recovered_stale is not None:
        notices.append("The app did not close properly last time; its lock was cleared.")
    synced = backups.looks_synced(folder)
    if synced:
        tell(
            parent,
            "The data folder is in a synced folder",
            f"The data folder {folder} seems to be inside a cloud-synced folder ({synced}). "
            "Sync services can copy the file while it is being written and let two computers "
            "overwrite each other's changes, and they put clinical records on someone else's "
            "servers. Move the data to a local folder (start with --data-dir) if you can.",
            problem=True,
        )
    db = paths.database_path(folder)
    passphrase: str | None = None
    problem = ""
    recovery_shown = False
    while True:
        try:
            store = Store.open(db, passphrase=passphrase)
            break
        except (PassphraseRequired, WrongPassphrase) as exc:
            problem = "" if isinstance(exc, PassphraseRequired) else str(exc)
            # An interrupted change of passphrase was finished or undone just now: say which
            # passphrase opens the data, in the prompt that asks for it.
            recovered = protection.pending_message(db)
            if recovered:
                problem = f"{recovered} {problem}".strip()
                recovery_shown = True
            if ask_passphrase is None:
                from .dialogs.passphrase_dialog import PassphraseDialog

                ask_passphrase = PassphraseDialog.ask_to_open
            passphrase = ask_passphrase(parent, problem)
            if passphrase is None:
                lock.release()
                return None
        except DamagedDatabase as exc:
            if not _offer_backup_for_damage(parent, db, exc, Connector(passphrase)):
                lock.release()
                return None
            notices.append("The newest good backup was restored; the damaged file was kept.")
        except StoreError as exc:
            tell(parent, f"{APP_NAME}: cannot open the data", str(exc), problem=True)
            lock.release()
            return None
    if store.protection_recovered and not recovery_shown:
        tell(parent, "Passphrase protection", store.protection_recovered)
    if store.audit_problem:
        tell(parent, "The history of changes was altered", store.audit_problem, problem=True)
    if store.last_backup_problem:
        notices.append(store.last_backup_problem)
    return OpenedData(store, lock, notices)


def _offer_backup_for_damage(
    parent: QWidget | None, db: Path, exc: DamagedDatabase, connector: Connector
) -> bool:
    from .dialogs.restore_dialog import when

    folder = paths.backups_dir(db.parent)
    offer = backups.newest_good_backup(folder, connector)
    if offer is None:
        tell(
            parent,
            "The data file is damaged",
            f"{exc}\n\nThere is no usable backup in {folder}. Keep the file as it is and ask "
            "your IT support for help; do not delete it.",
            problem=True,
        )
        return False
    text = (
        f"{exc}\n\nThe newest good backup was made on {when(offer)} and holds "
        f"{offer.clients} clients and {offer.assignments} assignments. Changes made after "
        "that are not in it.\n\nRestore it? The damaged file is kept, unchanged, in "
        f"{folder / backups.DAMAGED_DIR}."
    )
    if not ask(parent, "The data file is damaged", text, "&Restore the backup", "&Quit"):
        return False
    try:
        backups.restore_damaged(db, offer, folder, connector)
    except (StoreError, OSError) as err:
        tell(parent, "The backup could not be restored", str(err), problem=True)
        return False
    return True


def offer_unfinished_drafts(parent: QWidget | None, store: Store) -> list[str]:
    """After a crash: name the assignments that were being edited (their autosaved text is in
    the store) and return the ids to open again; they are not offered twice."""
    drafts = store.unfinished_drafts()
    if not drafts:
        return []
    lines = [
        f"  • {d.client_code}: {d.title or 'Untitled'} (saved {d.updated.astimezone():%d %b %H:%M})"
        for d in drafts[:8]
    ]
    more = f"\n  … and {len(drafts) - 8} more" if len(drafts) > 8 else ""
    reopen = ask(
        parent,
        "Work from last time",
        f"{APP_NAME} stopped without closing properly while these were being written. "
        "Everything up to the last autosave was kept:\n\n" + "\n".join(lines) + more,
        "&Open them again",
        "&Not now",
    )
    store.forget_unfinished_drafts([d.id for d in drafts])
    return [d.id for d in drafts] if reopen else []


# ---- actions in the window ---------------------------------------------------------------
def back_up_now(parent: QWidget | None, store: Store) -> Path | None:
    try:
        made = store.backup_now()
    except StoreError as exc:
        tell(parent, "No backup was made", str(exc), problem=True)
        return None
    tell(parent, "Backup made", f"A backup was saved in {made.parent}.")
    return made


def restore_from_backup(parent: QWidget | None, store: Store) -> bool:
    """The "Restore from backup" window; True once the store holds the chosen backup."""
    from .dialogs.restore_dialog import RestoreDialog, when

    choice = RestoreDialog.choose(parent, store.list_backups())
    if choice is None:
        return False
    if not ask(
        parent,
        "Restore from backup",
        f"Replace all the data with the backup made on {when(choice)} "
        f"({choice.clients} clients, {choice.assignments} assignments)? The data as it is now "
        "is backed up first, so you can go back to it.",
        "&Restore",
    ):
        return False
    try:
        store.restore_backup(choice.path)
    except StoreError as exc:
        tell(parent, "Nothing was restored", str(exc), problem=True)
        return False
    tell(parent, "Restored", f"The data is now as it was on {when(choice)}.")
    return True


def manage_protection(parent: QWidget | None, store: Store) -> bool:
    """Set up, change or remove the passphrase (for the menu or the preferences)."""
    from .dialogs.passphrase_dialog import PassphraseDialog

    if not store.is_protected:
        new = PassphraseDialog.ask_new(parent)
        if new is None:
            return False
        return _protect(parent, lambda: store.set_passphrase(new), "The data is now protected.")
    change = ask(
        parent,
        "Passphrase protection",
        "The data is protected with a passphrase. Change the passphrase, or remove the protection?",
        "&Change passphrase",
        "&Remove protection",
    )
    if change:
        answer = PassphraseDialog.ask_change(parent)
        if answer is None:
            return False
        return _protect(parent, lambda: store.change_passphrase(*answer), "Passphrase changed.")
    current = PassphraseDialog.ask_remove(parent)
    if current is None:
        return False
    return _protect(
        parent, lambda: store.remove_passphrase(current), "The data is no longer encrypted."
    )


def _protect(parent: QWidget | None, action: Callable[[], None], done: str) -> bool:
    try:
        action()
    except StoreError as exc:
        tell(parent, "Nothing was changed", str(exc), problem=True)
        return False
    tell(parent, "Passphrase protection", done + " The backups were updated too.")
    return True


@dataclass
class SafetyFeatures:
    auto_lock: AutoLock
    actions: dict[str, QAction]

    def apply_settings(self, settings: Settings) -> None:
        self.auto_lock.set_minutes(settings.auto_lock_minutes)


def install_safety_features(
    window: QMainWindow,
    store: Store,
    data_folder: Path,
    settings: Settings | None = None,
    *,
    current_client: Callable[[], str | None] | None = None,
) -> SafetyFeatures:
    """Add the safety actions to an existing main window and start the idle auto-lock.

    Menus: File ▸ Back up now / Restore from backup… / Passphrase protection… / Lock now
    (Ctrl+L); Client ▸ History of changes…. The lock saves the editor first (its flush()).
    """
    settings = settings or Settings()

    def refresh_after_restore() -> None:
        for name in ("refresh_clients",):
            method = getattr(window, name, None)
            if callable(method):
                method()

    def client_code() -> str | None:
        if current_client is not None:
            return current_client()
        code_of = getattr(window, "current_client_code", None)
        if callable(code_of):
            return code_of()
        getter = getattr(window, "current_client", None)
        client = getter() if callable(getter) else None
        return getattr(client, "code", None)

    def show_history() -> None:
        code = client_code()
        if code is None:
            tell(window, "History of changes", "Choose a client first.")
            return
        from .dialogs.audit_dialog import AuditDialog

        AuditDialog.show_for(window, store, code)

    def save_editor() -> None:
        built = getattr(window, "built_editor", None)  # MainWindow: None until first used
        editor = built() if callable(built) else getattr(window, "editor", None)
        flush = getattr(editor, "flush", None)
        if callable(flush):
            flush()

    _track_editing(window, store)
    lock = AutoLock(
        window,
        minutes=settings.auto_lock_minutes,
        check_passphrase=store.check_passphrase if store.is_protected else None,
        save_hooks=[save_editor],
    )

    def protection() -> None:
        if manage_protection(window, store):
            lock.check_passphrase = store.check_passphrase if store.is_protected else None

    def restore() -> None:
        save_editor()
        if restore_from_backup(window, store):
            refresh_after_restore()

    def make(text: str, slot: Callable[[], object], shortcut: str | None = None) -> QAction:
        action = QAction(text, window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda *_: slot())
        return action

    actions = {
        "backup": make("&Back up now", lambda: back_up_now(window, store)),
        "restore": make("&Restore from backup…", restore),
        "protection": make("&Passphrase protection…", protection),
        "lock": make("&Lock now", lock.lock_now, "Ctrl+L"),
        "history": make("History of &changes…", show_history),
    }
    file_menu = _menu(window, "File")
    quit_action = next(
        (a for a in file_menu.actions() if a.text().replace("&", "").startswith("Quit")), None
    )
    group = [actions[k] for k in ("backup", "restore", "protection", "lock")]
    if quit_action is not None:  # above Quit, in a group of their own
        file_menu.insertActions(quit_action, group)
        file_menu.insertSeparator(quit_action)
    else:
        file_menu.addSeparator()
        file_menu.addActions(group)
    _menu(window, "Client").addAction(actions["history"])
    return SafetyFeatures(lock, actions)


def _track_editing(window: QMainWindow, store: Store) -> None:
    """When the editor leaves an assignment (flushed first by the editor), it is no longer
    "being edited": a crash later in the session does not offer it back."""
    # MainWindow builds its editor on first use and forwards its `loaded` as editor_loaded:
    # listen there, so that the start does not build the editor just to connect to it.
    loaded = getattr(window, "editor_loaded", None)
    if loaded is None:
        loaded = getattr(getattr(window, "editor", None), "loaded", None)
    if loaded is None:
        return
    current: list[str] = []

    def on_loaded(assignment_id: str) -> None:
        if current and current[0] != assignment_id:
            try:
                store.finish_editing(current[0])
            except StoreError as exc:  # the next clean close clears it anyway
                log.warning("could not clear a finished draft: %s", type(exc).__name__)
        current[:] = [assignment_id] if assignment_id else []

    loaded.connect(on_loaded)


def _menu(window: QMainWindow, title: str):
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and action.text().replace("&", "") == title:
            return menu
    return window.menuBar().addMenu(f"&{title}")
