"""Walking a window as a user sees it: its visible widgets, their Alt+letters, its menus."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The Alt+letter of a text ("Hand&out" -> "o"); "&&" is a literal ampersand."""
    m = _MNEMONIC.search(text.replace("&&", ""))
    return m.group(1).lower() if m else None


def shown(widget: QWidget, top: QWidget) -> bool:
    # isVisible, not isVisibleTo: a tabbed dock behind another is hidden without being hidden
    # explicitly, and its Alt+letters do not fire.
    return widget.isVisible() and widget.window() is top


def visible_widgets(top: QWidget) -> list[QWidget]:
    return [w for w in top.findChildren(QWidget) if shown(w, top)]


def widget_mnemonics(top: QWidget) -> list[tuple[str, str]]:
    """(letter, what) for every Alt+letter a user can press in `top` as it is shown now:
    the menu bar's titles, buttons, labels with a buddy, group boxes and tabs."""
    out: list[tuple[str, str]] = []
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            if action.isVisible() and (m := mnemonic(action.text())):
                out.append((m, f"menu {action.text()!r}"))
    for w in visible_widgets(top):
        texts: list[str] = []
        if (
            isinstance(w, QAbstractButton)
            and not isinstance(w.parent(), QTabBar)
            or isinstance(w, QLabel)
            and w.buddy() is not None
            and "<" not in w.text()
        ):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count()) if w.isTabVisible(i)]
        for text in texts:
            if m := mnemonic(text):
                out.append((m, f"{type(w).__name__} {text!r}"))
    return out


def repeated(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = defaultdict(list)
    for letter, what in pairs:
        by_letter[letter].append(what)
    return {k: v for k, v in by_letter.items() if len(v) > 1}


def menu_repeats(menu: QMenu, path: str = "") -> dict[str, dict[str, list[str]]]:
    """For each menu (and sub-menu) under `menu`: its items that share a letter."""
    here = f"{path} ▸ {menu.title()}" if path else menu.title()
    items = [
        (m, f"item {a.text()!r}")
        for a in menu.actions()
        if a.isVisible() and not a.isSeparator() and (m := mnemonic(a.text()))
    ]
    out = {here: r} if (r := repeated(items)) else {}
    for a in menu.actions():
        if a.menu() is not None:
            out.update(menu_repeats(a.menu(), here))
    return out
