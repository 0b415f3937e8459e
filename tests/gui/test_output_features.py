"""The handout preview, Handout menu, clinical record and Preferences inside the main window."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from homework_planner import paths
from homework_planner.domain.models import Review
from homework_planner.domain.sheet import entries_from_rows
from homework_planner.gui.dialogs.preferences_dialog import PreferencesDialog
from homework_planner.storage.settings_file import load_settings
from tests.gui.test_editor import field, open_example, open_window, type_into


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def open_full(qtbot, data_dir):
    """The example assignment open, with its first handout preview rendered."""
    window, store, a = open_example(qtbot, data_dir)
    qtbot.waitUntil(lambda: window.output_features.panel.result is not None, timeout=5000)
    return window, store, a


def test_preview_follows_the_editor(qtbot, data_dir):
    window, store, a = open_full(qtbot, data_dir)
    panel = window.output_features.panel
    assert "Walk to the postbox" in pdf_text(panel.result.pdf)
    where = field(window, "task.where")
    where.selectAll()
    with qtbot.waitSignal(panel.rendered, timeout=5000):
        type_into(qtbot, where, "Round the park by the library")
    assert "Round the park by the library" in pdf_text(panel.result.pdf)
    assert panel.status.text().startswith("1 page at standard print")
    window.editor.close_action.trigger()
    assert panel.result is None and "No assignment" in panel.status.text()
    window.close()
    store.close()


def test_save_clinical_record_with_progress(qtbot, data_dir, tmp_path, monkeypatch):
    window, store, a = open_full(qtbot, data_dir)
    store.save_review(
        Review(
            assignment_id=a.id,
            date=date(2026, 11, 27),
            completion=3,
            what_learned="Mood lifted after walks",
            progress_summary="Walked twice; mood 3 to 5.",
            monitoring_entries=entries_from_rows(a, [{"Mood before": "3", "Mood after": "5"}]),
        )
    )
    target = tmp_path / "record"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (str(target), ""))
    window.output_features.save_record_action.trigger()
    written = tmp_path / "record.pdf"
    assert written.exists(), window.statusBar().currentMessage()
    text = pdf_text(written.read_bytes())
    for words in ("Walk to the postbox", "Progress", "task.specific"):
        assert words in text
    assert "Saved the clinical record" in window.statusBar().currentMessage()
    window.close()
    store.close()


def test_preferences_reach_the_handout_and_the_settings_file(qtbot, data_dir, monkeypatch):
    window, store, a = open_full(qtbot, data_dir)
    panel = window.output_features.panel

    def edit(parent, settings, **callbacks):
        return settings.with_changes(
            service_name="Elmtown Talking Therapies", service_phone="0100 000 0000"
        )

    monkeypatch.setattr(PreferencesDialog, "edit", staticmethod(edit))
    with qtbot.waitSignal(panel.rendered, timeout=5000):
        window.output_features.preferences_action.trigger()
    assert "Elmtown Talking Therapies" in pdf_text(panel.result.pdf)
    assert load_settings(paths.settings_path(data_dir)).service_phone == "0100 000 0000"
    window.close()
    store.close()


def test_handout_actions_need_an_open_assignment(qtbot, data_dir, monkeypatch):
    window, store = open_window(qtbot, data_dir)
    called = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: called.append(1) or ("", "")
    )
    window.output_features.save_pdf_action.trigger()
    window.output_features.save_record_action.trigger()
    assert called == []
    assert "Open an assignment first" in window.statusBar().currentMessage()
    window.close()
    store.close()
