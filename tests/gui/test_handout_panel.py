"""HandoutPanel: the live preview follows edits; Save, Copy note, reminders and printing work."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from homework_planner.domain.models import Assignment, Client, PrintNeeds
from homework_planner.domain.settings import Settings
from homework_planner.gui.handout_panel import HandoutPanel
from tests.conftest import full_assignment_dict
from tests.output.pdfread import reader, text

SETTINGS = Settings(service_name="Riverside Talking Therapies", service_phone="0300 123 4567")


@pytest.fixture
def panel(qtbot):
    w = HandoutPanel()
    qtbot.addWidget(w)
    w.resize(700, 900)
    return w


def shown(qtbot, panel, a: Assignment, client: Client) -> None:
    with qtbot.waitSignal(panel.rendered, timeout=5000):
        panel.set_assignment(a, client, SETTINGS, version=2)
    qtbot.waitUntil(lambda: panel.document.status() == QPdfDocument.Status.Ready, timeout=5000)


def test_preview_follows_edits_and_print_size(qtbot, panel):
    a = Assignment.model_validate(full_assignment_dict())
    client = Client(code="HP-0042")
    shown(qtbot, panel, a, client)
    assert panel.document.pageCount() == 1
    assert panel.status.text().startswith("1 page at standard print")
    assert panel.save_button.isEnabled()

    longer = a.model_copy(update={"rationale": "Small steps help me feel better. " * 120})
    big = Client(code="HP-0042", print_needs=PrintNeeds(size="large"))
    shown(qtbot, panel, longer, big)
    qtbot.waitUntil(lambda: panel.document.pageCount() > 1, timeout=5000)
    assert "Does not fit one page at large print" in panel.status.text()

    odd = a.model_copy(update={"goal": "Feel calm 漢"})
    shown(qtbot, panel, odd, client)
    assert "Cannot print: 漢" in panel.status.text()


def test_typing_bursts_render_once(qtbot, panel):
    a = Assignment.model_validate(full_assignment_dict())
    client = Client(code="HP-0042")
    renders = []
    panel.rendered.connect(renders.append)
    for i in range(5):
        panel.set_assignment(a.model_copy(update={"title": f"Walk {i}"}), client, SETTINGS)
    qtbot.waitUntil(lambda: len(renders) == 1, timeout=5000)
    assert "Walk 4" in text(panel.result.pdf)


def test_save_pdf_sheet_and_reminder(qtbot, panel, tmp_path, monkeypatch):
    a = Assignment.model_validate(full_assignment_dict())
    shown(qtbot, panel, a, Client(code="HP-0042"))
    messages = []
    panel.message.connect(messages.append)
    target = tmp_path / "out" / "handout"  # no suffix: .pdf is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    panel.save_button.click()
    saved = Path(str(target) + ".pdf")
    assert saved.exists() and len(reader(saved.read_bytes()).pages) == 1
    assert messages[-1].startswith("Saved the handout")

    sheet = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(sheet), ""))
    panel.sheet_button.click()
    assert "My record" in text(sheet.read_bytes())

    ics = tmp_path / "walk.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(ics), ""))
    panel.ics_button.click()
    assert b"BEGIN:VALARM" in ics.read_bytes()

    before = len(messages)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    panel.save_button.click()  # cancelled: nothing written, nothing said
    assert len(messages) == before


def test_reminder_without_schedule_says_what_to_add(qtbot, panel, monkeypatch):
    data = full_assignment_dict()
    data["task"].pop("schedule")
    shown(qtbot, panel, Assignment.model_validate(data), Client(code="HP-0042"))
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(1))
    panel.ics_button.click()
    assert asked == []
    assert "add the days and a time" in panel.status.text()


def test_copy_note_fills_the_clipboard(qtbot, panel):
    a = Assignment.model_validate(full_assignment_dict())
    shown(qtbot, panel, a, Client(code="HP-0042"))
    panel.note_button.click()
    note = QGuiApplication.clipboard().text()
    assert "Version: 2" in note and "If-then plans" in note and "Quality check" in note


def test_print_to_a_pdf_printer(qtbot, panel, tmp_path):
    a = Assignment.model_validate(full_assignment_dict())
    shown(qtbot, panel, a, Client(code="HP-0042"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(100)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert panel.print_to(printer) == 1
    assert len(reader(out.read_bytes()).pages) == 1


def test_creating_the_panel_loads_no_pdf_modules():
    """The main window builds the panel at start; QtPdf and reportlab wait for the first render."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from homework_planner.gui.handout_panel import HandoutPanel\n"
        "panel = HandoutPanel()\n"
        "heavy = ('reportlab', 'PySide6.QtPdf', 'PySide6.QtPrintSupport', 'icalendar')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_unprintable_text_is_named_before_saving(qtbot, panel, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    data = full_assignment_dict()
    data["task"]["what"] = "Walk to the 公園 and back"  # no shipped font draws these
    shown(qtbot, panel, Assignment.model_validate(data), Client(code="HP-0042"))
    asked = []
    answers = iter(["Change the text first", "Continue anyway"])

    def answer(box):
        # The buttons say what they do, as the question's words do.
        asked.append(box.text())
        assert sorted(b.text() for b in box.buttons()) == [
            "Change the text first",
            "Continue anyway",
        ]
        assert box.defaultButton().text() == "Change the text first"
        wanted = next(answers)
        next(b for b in box.buttons() if b.text() == wanted).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    target = tmp_path / "h.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    panel.save_button.click()
    assert not target.exists()  # cancelled to change the text first
    assert "公" in asked[0] and "cannot be printed" in asked[0]
    panel.save_button.click()
    assert target.exists()  # the therapist chose to go on


def test_monitoring_sheet_prints_and_saves_under_a_clear_name_in_the_last_folder(
    qtbot, panel, tmp_path, monkeypatch
):
    a = Assignment.model_validate(full_assignment_dict())
    shown(qtbot, panel, a, Client(code="HP-0042"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(100)
    out = tmp_path / "sheet-printed.pdf"
    printer.setOutputFileName(str(out))
    assert panel.print_sheet_to(printer) >= 1
    assert len(reader(out.read_bytes()).pages) >= 1

    folder = tmp_path / "handouts"
    folder.mkdir()
    suggested = []

    def save_as(parent, title, default, filt):
        suggested.append(default)
        return (str(folder / Path(default).name), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    panel.sheet_button.click()
    assert Path(suggested[0]).name.startswith("monitoring-sheet-HP-0042-")
    assert Path(suggested[0]).parent == Path.home()  # nothing saved yet: the home folder
    assert len(reader((folder / Path(suggested[0]).name).read_bytes()).pages) >= 1
    panel.save_button.click()
    assert Path(suggested[1]).parent == folder  # the folder saved into last time
    assert Path(suggested[1]).name.startswith("handout-HP-0042-")
