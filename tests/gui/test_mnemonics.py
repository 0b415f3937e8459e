"""One Alt+letter per window: no two menus, buttons or labels visible together share one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from homework_planner.gui.dialogs.agree_dialog import AgreeMissingDialog
from homework_planner.gui.dialogs.audit_dialog import AuditDialog
from homework_planner.gui.dialogs.client_dialog import ClientDialog
from homework_planner.gui.dialogs.passphrase_dialog import MODES, PassphraseDialog
from homework_planner.gui.dialogs.preferences_dialog import PreferencesDialog
from homework_planner.gui.dialogs.restore_dialog import RestoreDialog
from homework_planner.gui.dialogs.save_template_dialog import SaveTemplateDialog
from homework_planner.gui.dialogs.shortcuts_dialog import ShortcutsDialog, window_shortcuts
from homework_planner.gui.dialogs.template_dialog import TemplateDialog, available_choices
from homework_planner.gui.dialogs.withdraw_dialog import WithdrawDialog
from homework_planner.gui.trainer_window import TrainerWindow
from homework_planner.storage.backup import BackupInfo
from tests.gui.test_editor import open_example
from tests.gui.walk import menu_repeats, repeated, widget_mnemonics


def docks(window) -> list:
    from PySide6.QtWidgets import QDockWidget

    return [d for d in window.findChildren(QDockWidget) if d.toggleViewAction().isVisible()]


def check_window(qtbot, top: QWidget, state: str, problems: list[str]) -> None:
    qtbot.wait(1)
    for letter, whats in repeated(widget_mnemonics(top)).items():
        problems.append(f"{state}: Alt+{letter.upper()} is shared by {', '.join(whats)}")


def test_main_window_every_state_and_menu_has_one_letter_each(qtbot, data_dir):
    window, store, a = open_example(qtbot, data_dir)
    problems: list[str] = []
    for top in window.menuBar().actions():
        for where, rep in menu_repeats(top.menu()).items():
            for letter, whats in rep.items():
                problems.append(f"menu {where}: {letter!r} is shared by {', '.join(whats)}")
    # The editor open, then the list: with each of the docked panels in front in turn.
    for open_state in ("editor", "list"):
        if open_state == "list":
            window.editor.close_assignment()
        for dock in docks(window):
            dock.show()
            dock.raise_()
            check_window(qtbot, window, f"{open_state} with {dock.windowTitle()}", problems)
    assert problems == [], "\n".join(problems)


def test_trainer_window_has_one_letter_each(qtbot):
    w = TrainerWindow()
    qtbot.addWidget(w)
    w.show()
    problems: list[str] = []
    check_window(qtbot, w, "trainer", problems)
    for top in w.menuBar().actions():
        for where, rep in menu_repeats(top.menu()).items():
            problems += [f"menu {where}: {k!r} {v}" for k, v in rep.items()]
    assert problems == [], "\n".join(problems)


def test_every_dialog_has_one_letter_each(qtbot, data_dir, tmp_path: Path):
    window, store, a = open_example(qtbot, data_dir)
    choices, _problem = available_choices(store, True)
    backup = BackupInfo(path=tmp_path / "b.sqlite3", made=datetime.now(UTC), kind="daily")
    dialogs: list[QDialog] = [
        AgreeMissingDialog(None, ["A review date"]),
        AuditDialog(None, [], "HP-0042"),
        ClientDialog(None),
        ClientDialog(None, client=store.get_client("HP-0042")),
        PreferencesDialog(None),
        RestoreDialog(None, [backup]),
        SaveTemplateDialog(None, "My walk"),
        TemplateDialog(None, choices, "", "New assignment"),
        WithdrawDialog(None),
        ShortcutsDialog(None, window_shortcuts(window)),
        *(PassphraseDialog(None, mode) for mode in MODES),
    ]
    problems: list[str] = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        check_window(qtbot, dialog, type(dialog).__name__, problems)
        dialog.close()
    assert problems == [], "\n".join(problems)
