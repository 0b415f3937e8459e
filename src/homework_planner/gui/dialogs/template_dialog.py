"""TemplateDialog: pick how a new assignment starts (blank, built-in, the service's or one's own)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.models import Assignment, ClientReaction, new_id, now_utc, to_json_dict
from ...domain.templates import TemplateError, load_templates
from ...storage import Store
from .problem_label import problem_label

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TemplateChoice:
    label: str
    search_text: str
    make: Callable[[str], Assignment]  # client code -> a new draft
    is_blank: bool = False
    detail: str = ""


def from_user_template(template_id: str, source: Assignment, client_code: str) -> Assignment:
    """A fresh draft from the therapist's own template: nothing of the earlier client carries over."""
    data = to_json_dict(source)
    data.update(
        id=new_id(),
        client_code=client_code,
        status="draft",
        created=now_utc().isoformat(),
        review_date=None,
        agreed_on=None,
        follows=None,
        template_id=template_id,
        client_reaction=ClientReaction().model_dump(),
    )
    return Assignment.model_validate(data)


def available_choices(store: Store, include_blank: bool = True) -> tuple[list[TemplateChoice], str]:
    """All choices, and a message if the built-in templates could not be read."""
    choices: list[TemplateChoice] = []
    if include_blank:
        choices.append(
            TemplateChoice(
                "Blank assignment — start with an empty form",
                "blank empty",
                lambda code: Assignment(client_code=code),
                is_blank=True,
            )
        )
    problem = ""
    try:
        templates = load_templates()
    except TemplateError as exc:
        log.warning("built-in templates could not be loaded")
        templates, problem = [], f"{exc} The other choices still work."
    for t in templates:
        label = f"{t.name} — {t.intervention.label}"
        choices.append(
            TemplateChoice(
                label,
                f"{label} {t.client_title} {t.description}".lower(),
                t.new_assignment,
                detail=t.description,
            )
        )
    for shared in store.list_shared_templates():  # the service's, pulled by sync; read-only
        label = (
            f"Service: {shared.name} — {shared.assignment.intervention.label} "
            f"(version {shared.version}, {shared.author}, {shared.published_at[:10]})"
        )
        choices.append(
            TemplateChoice(
                label,
                f"{label} {shared.assignment.title}".lower(),
                partial(
                    from_user_template, f"service:{shared.id}@{shared.version}", shared.assignment
                ),
            )
        )
    for tid, name, source in store.list_user_templates():
        label = f"My template: {name} — {source.intervention.label}"
        choices.append(
            TemplateChoice(
                label,
                f"{label} {source.title}".lower(),
                partial(from_user_template, tid, source),
            )
        )
    return choices, problem


class TemplateDialog(QDialog):
    """Type to filter, Up/Down to move, Enter to pick."""

    def __init__(
        self,
        parent: QWidget | None,
        choices: list[TemplateChoice],
        problem: str = "",
        title: str = "New assignment",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choices = choices
        self.chosen: TemplateChoice | None = None
        intro = QLabel("Start from a template: type to filter, then press Enter.")
        intro.setWordWrap(True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setAccessibleName("Filter templates")
        self.filter_edit.setPlaceholderText("e.g. sleep, exposure, walk")
        self.filter_edit.setClearButtonEnabled(True)
        intro.setBuddy(self.filter_edit)
        self.list = QListWidget()
        self.list.setAccessibleName("Templates")
        for i, c in enumerate(choices):
            item = QListWidgetItem(c.label)
            item.setData(Qt.ItemDataRole.UserRole, i)
            if c.detail:
                item.setToolTip(c.detail)
            self.list.addItem(item)
        self.problem_label = problem_label()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        self.none_label = QLabel("Nothing matches. Clear the filter, or choose Blank.")
        self.none_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (intro, self.filter_edit, self.list, self.none_label, self.problem_label, buttons):
            layout.addWidget(w)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.filter_edit.installEventFilter(self)
        self.list.itemActivated.connect(lambda *_: self.accept())
        self.list.setCurrentRow(0)
        self.filter_edit.setFocus()
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 70, fm.lineSpacing() * 22)

    def apply_filter(self, text: str) -> None:
        words = text.lower().split()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            choice = self.choices[item.data(Qt.ItemDataRole.UserRole)]
            hay = f"{choice.label.lower()} {choice.search_text}"
            hidden = not all(w in hay for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = row
        self.none_label.setVisible(first is None)
        if first is not None:
            self.list.setCurrentRow(first)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        # Up/Down in the filter box move through the list, so the hands stay on the keys.
        if obj is self.filter_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (
                Qt.Key.Key_Down,
                Qt.Key.Key_Up,
                Qt.Key.Key_PageDown,
                Qt.Key.Key_PageUp,
            ):
                self.list.keyPressEvent(event)
                return True
        return super().eventFilter(obj, event)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            self.none_label.setVisible(True)
            return
        self.chosen = self.choices[item.data(Qt.ItemDataRole.UserRole)]
        super().accept()

    @classmethod
    def choose(
        cls,
        parent: QWidget | None,
        store: Store,
        *,
        include_blank: bool = True,
        title: str = "New assignment",
    ) -> TemplateChoice | None:
        choices, problem = available_choices(store, include_blank)
        dialog = cls(parent, choices, problem, title)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if parent is not None:
            # Give the keyboard back to the main window straight away (the new form).
            parent.window().activateWindow()
        return dialog.chosen if accepted else None
