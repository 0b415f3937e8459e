"""HandoutPanel: a live preview of the client's handout with Print, Save and Copy note actions.

The preview never renders on the GUI thread while the therapist types: a pause in typing hands
the newest assignment to one background thread (`RenderThread`), which keeps only the newest
request per panel; the GUI thread only loads the finished PDF into the view. A result that comes
back after a newer edit is dropped, so the preview always ends on the last words typed. Print and
Save still render on the spot when the preview is behind (they wait for the words they print).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.settings import Settings

if TYPE_CHECKING:  # QtPdf, QtPrintSupport and reportlab load on first use: the app starts fast
    from PySide6.QtCore import QSettings
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
    from PySide6.QtPrintSupport import QPrinter

    from ..domain.models import Assignment, Client, PrintNeeds

log = logging.getLogger(__name__)

Renderer = Callable[["Assignment", "PrintNeeds", Settings], Any]

DEBOUNCE_MS = 300
PRINT_DPI_CAP = 300  # enough for 14 pt text; higher only makes the print job huge
SIZE_WORDS = {
    "standard": "standard print",
    "large": "large print",
    "extra_large": "extra large print",
}


# ---- save folders and questions (shared by the window's other save dialogs) -----------------
_FOLDER_KEY = "output/last_folder"


def _gui_settings() -> QSettings:
    from PySide6.QtCore import QSettings

    from .. import paths

    return QSettings(str(paths.gui_state_path()), QSettings.Format.IniFormat)


def last_folder() -> Path:
    """Where the last file was saved (the home folder the first time, or if it is gone)."""
    value = _gui_settings().value(_FOLDER_KEY)
    if isinstance(value, str) and value:
        folder = Path(value)
        if folder.is_dir():
            return folder
    return Path.home()


def remember_folder(saved: Path) -> None:
    settings = _gui_settings()
    settings.setValue(_FOLDER_KEY, str(Path(saved).parent))
    settings.sync()


def ask_to_continue(parent: QWidget | None, title: str, text: str, go: str, stop: str) -> bool:
    """A question whose buttons say what they do ("Continue anyway" / "Change the text first");
    the safe answer is the default and Escape."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    go_button = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    stop_button = box.addButton(stop, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stop_button)
    box.setEscapeButton(stop_button)
    box.exec()
    return box.clickedButton() is go_button


# ---- rendering off the GUI thread -------------------------------------------------------------
# reportlab keeps module-level state (registered fonts, caches): one render at a time, whichever
# thread it runs on.
RENDER_LOCK = threading.Lock()


def default_renderer(a: Assignment, needs: PrintNeeds, settings: Settings) -> Any:
    from ..output.handout import render_handout

    return render_handout(a, needs, settings)


class RenderThread:
    """One background thread running render jobs; a new job from the same owner replaces the
    one still waiting (only the newest edit is worth rendering)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._jobs: dict[int, Callable[[], None]] = {}
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.busy = False  # a job is running now (tests and benchmarks read it)

    def submit(self, owner: int, job: Callable[[], None]) -> None:
        with self._cond:
            self._jobs.pop(owner, None)
            self._jobs[owner] = job  # newest last
            if self._thread is None or not self._thread.is_alive():
                self._stopping = False
                self._thread = threading.Thread(
                    target=self._run, name="handout-render", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def drop(self, owner: int) -> None:
        with self._cond:
            self._jobs.pop(owner, None)

    def idle(self) -> bool:
        with self._cond:
            return not self._jobs and not self.busy

    def stop(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._stopping = True
            self._jobs.clear()
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                owner = next(iter(self._jobs))
                job = self._jobs.pop(owner)
                self.busy = True
            try:
                job()
            except Exception:  # noqa: BLE001 - a job reports its own failures; this is a bug
                log.exception("a background render failed")
            finally:
                with self._cond:
                    self.busy = False


_THREAD = RenderThread()
atexit.register(_THREAD.stop)


def render_thread() -> RenderThread:
    return _THREAD


def warm_in_background() -> None:
    """Load reportlab and register the fonts on the render thread, by drawing one small invented
    handout: the first real preview of the session then costs what any other does."""

    def job() -> None:
        from ..domain.models import Assignment, PrintNeeds

        a = Assignment(client_code="HP-0000", title="Walk", goal="Feel a little better")
        with RENDER_LOCK:
            default_renderer(a, PrintNeeds(), Settings())

    _THREAD.submit(id(warm_in_background), job)


def _emit(signal: Any, *args: Any) -> None:
    """Emit from the render thread; the panel may have been closed meanwhile."""
    with contextlib.suppress(RuntimeError):  # its C++ object is gone: nobody is left to see it
        signal.emit(*args)


class _Results(QObject):
    """Carries a finished render from the render thread to the GUI thread (queued signals)."""

    done = Signal(int, object)  # generation, HandoutResult
    failed = Signal(int)


class HandoutPanel(QWidget):
    """Set an assignment (with its client and the service settings); the preview follows."""

    message = Signal(str)  # for the status bar
    rendered = Signal(int)  # page count of the handout now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._assignment: Assignment | None = None
        self._client: Client | None = None
        self._settings = Settings()
        self.note_source: Callable[[], str] | None = None  # the window's: from the store
        self._version: int | None = None
        self._result: Any = None  # output.handout.HandoutResult of what is shown
        self._buffer: QBuffer | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        # Every change of what to show bumps the generation; a result of an older one is dropped.
        self._generation = 0
        self._pending: int | None = None  # generation being rendered in the background
        self.renderer: Renderer = default_renderer  # tests put a slow or blocking one here
        self._results = _Results(self)
        self._results.done.connect(self._on_rendered)
        self._results.failed.connect(self._on_failed)
        self._build_ui()
        self._connect_signals()
        self._set_enabled(False)

    # ---- construction --------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.document: QPdfDocument | None = None
        self.view: QPdfView | None = None
        self._placeholder = QLabel("The handout appears here when an assignment is open.")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self.status = QLabel("No assignment chosen.")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Handout status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton("Print…")
        self.save_button = QPushButton("Save PDF…")
        self.sheet_button = QPushButton("Save monitoring sheet…")
        self.note_button = QPushButton("Copy note")
        self.note_button.setToolTip("Copy the record of what was agreed, for the clinical notes")
        self.ics_button = QPushButton("Save reminder (.ics)…")
        self.ics_button.setToolTip("Calendar reminders at the scheduled practice times")
        # Two columns, so the panel stays narrow enough to sit beside the editor.
        buttons = QGridLayout()
        for i, b in enumerate(
            (
                self.print_button,
                self.save_button,
                self.note_button,
                self.sheet_button,
                self.ics_button,
            )
        ):
            buttons.addWidget(b, i // 2, i % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._placeholder, 1)
        self._layout = layout
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self.render_in_background)
        self.print_button.clicked.connect(self.print_handout)
        self.save_button.clicked.connect(self.save_pdf)
        self.sheet_button.clicked.connect(self.save_sheet)
        self.note_button.clicked.connect(self.copy_note)
        self.ics_button.clicked.connect(self.save_reminder)

    def _ensure_view(self) -> QPdfDocument:
        """Create the QtPdf document and view on first use (importing QtPdf costs start time)."""
        if self.document is None:
            from PySide6.QtPdf import QPdfDocument
            from PySide6.QtPdfWidgets import QPdfView

            self.document = QPdfDocument(self)
            self.view = QPdfView(self)
            self.view.setDocument(self.document)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.view.setAccessibleName("Handout preview")
            self._layout.replaceWidget(self._placeholder, self.view)
            self._placeholder.hide()
        return self.document

    def _set_enabled(self, on: bool) -> None:
        for b in (
            self.print_button,
            self.save_button,
            self.sheet_button,
            self.note_button,
            self.ics_button,
        ):
            b.setEnabled(on)

    # ---- state ---------------------------------------------------------------------------
    def set_assignment(
        self,
        a: Assignment,
        client: Client,
        settings: Settings,
        version: int | None = None,
    ) -> None:
        """Show this assignment; typing bursts re-render once, DEBOUNCE_MS after the last change."""
        self._assignment, self._client, self._settings = a, client, settings
        self._version = version
        self._generation += 1
        self._timer.start()

    def clear(self) -> None:
        self._timer.stop()
        self._generation += 1
        self._pending = None
        _THREAD.drop(id(self))
        self._assignment = self._client = self._result = None
        if self.document is not None:
            self.document.close()
        self.status.setText("No assignment chosen.")
        self._set_enabled(False)

    @property
    def result(self) -> Any:
        return self._result

    @property
    def rendering(self) -> bool:
        """A background render of what is shown is still on its way."""
        return self._pending is not None

    @property
    def settled(self) -> bool:
        """What is shown is the newest assignment given (no pause pending, nothing rendering)."""
        return not self._timer.isActive() and self._pending is None

    @property
    def assignment(self) -> Assignment | None:
        return self._assignment

    def render_in_background(self) -> None:
        """Hand the newest assignment to the render thread; the GUI thread stays free."""
        self._timer.stop()
        a, client = self._assignment, self._client
        if a is None or client is None:
            return
        generation, needs, settings = self._generation, client.print_needs, self._settings
        renderer, results = self.renderer, self._results

        def job() -> None:
            try:
                with RENDER_LOCK:
                    result = renderer(a, needs, settings)
            except Exception:  # noqa: BLE001 - told to the therapist on the GUI thread
                log.exception("the handout could not be made")
                _emit(results.failed, generation)
                return
            _emit(results.done, generation, result)

        self._pending = generation
        _THREAD.submit(id(self), job)

    def render_now(self) -> None:
        """Render on the spot (Print and Save, when the preview is behind the words)."""
        self._timer.stop()
        a, client = self._assignment, self._client
        if a is None or client is None:
            return
        self._generation += 1  # anything still rendering in the background is now old
        self._pending = None
        _THREAD.drop(id(self))
        try:
            with RENDER_LOCK:
                result = self.renderer(a, client.print_needs, self._settings)
        except Exception:  # a bug must not take the editor down; the text stays in the form
            log.exception("the handout could not be made")
            self._on_failed(self._generation)
            return
        self._show(result)

    def _on_rendered(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return  # a newer edit is on its way; never show older words over newer ones
        self._pending = None
        self._show(result)

    def _on_failed(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._pending = None
        self.status.setText("The handout could not be made. Your text is safe; try again.")
        self._set_enabled(False)

    def _show(self, result: Any) -> None:
        client = self._client
        if client is None:
            return
        self._result = result
        document = self._ensure_view()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(result.pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer  # the document reads from it; keep it alive
        self.status.setText(self.describe(result, client))
        self._set_enabled(True)
        self.rendered.emit(document.pageCount())

    @staticmethod
    def describe(result: Any, client: Client) -> str:
        from ..output.fonts import describe_unprintable

        size = SIZE_WORDS[client.print_needs.size]
        if result.overflowed:
            parts = [f"Does not fit one page at {size}: {result.handout_pages} pages."]
        else:
            parts = [f"1 page at {size}."]
        if result.unprintable:
            parts.append(f"Cannot print: {describe_unprintable(result.unprintable)}.")
        return " ".join(parts)

    # ---- actions -------------------------------------------------------------------------
    def _default_name(self, what: str, suffix: str) -> str:
        a = self._assignment
        code = a.client_code if a else "client"
        day = a.created.date().isoformat() if a else ""
        return str(last_folder() / f"{what}-{code}-{day}{suffix}")

    def _ask_path(self, title: str, what: str, suffix: str, filt: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, self._default_name(what, suffix), filt)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)

    def _write(self, path: Path, data: bytes | str, done: str) -> bool:
        from ..fileio import write_atomic

        try:
            write_atomic(path, data)
        except OSError as exc:
            self._tell(f"Could not save {path.name}: {exc.strerror}. Choose another folder.")
            return False
        remember_folder(path)
        self._tell(done)
        return True

    def _tell(self, text: str) -> None:
        self.message.emit(text)

    def _ready(self) -> bool:
        if self._timer.isActive() or self._pending is not None or self._result is None:
            self.render_now()
        return self._result is not None

    def _printable_or_confirmed(self) -> bool:
        """Text no font can draw is named to the therapist before it goes on paper."""
        from ..output.fonts import describe_unprintable

        if not self._result.unprintable:
            return True
        return ask_to_continue(
            self,
            "Some characters cannot print",
            f"These characters cannot be printed and would show as \ufffd: "
            f"{describe_unprintable(self._result.unprintable)}.\n\n"
            "Change the text first, or continue anyway?",
            "Continue anyway",
            "Change the text first",
        )

    def save_pdf(self) -> None:
        if not self._ready() or not self._printable_or_confirmed():
            return
        path = self._ask_path("Save handout", "handout", ".pdf", "PDF files (*.pdf)")
        if path:
            self._write(path, self._result.pdf, f"Saved the handout to {path}.")

    def _sheet_pdf(self) -> bytes | None:
        from ..output.errors import OutputError
        from ..output.sheet import render_sheet

        if not self._ready() or self._assignment is None or self._client is None:
            return None
        from ..output.fonts import describe_unprintable
        from ..output.sheet import sheet_unprintable

        try:
            pdf = render_sheet(self._assignment, self._client.print_needs, self._settings)
        except OutputError as exc:
            self._tell(str(exc))
            return None
        missing = sheet_unprintable(self._assignment)
        if missing:
            self._tell(
                "These characters cannot be printed on the sheet and show as \ufffd or are left "
                f"out: {describe_unprintable(missing)}. Replace them with words."
            )
        return pdf

    def save_sheet(self) -> None:
        pdf = self._sheet_pdf()
        if pdf is None:
            return
        # "monitoring-sheet", not "record-sheet": the record is the clinical record.
        path = self._ask_path(
            "Save monitoring sheet", "monitoring-sheet", ".pdf", "PDF files (*.pdf)"
        )
        if path:
            self._write(path, pdf, f"Saved the monitoring sheet to {path}.")

    def print_sheet(self) -> None:
        """Print the monitoring sheet straight away (no file to save and find first)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        pdf = self._sheet_pdf()
        if pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("Monitoring sheet")
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_pdf_to(pdf, printer)

    def print_sheet_to(self, printer: QPrinter) -> int:
        pdf = self._sheet_pdf()
        return 0 if pdf is None else self.print_pdf_to(pdf, printer)

    def print_pdf_to(self, pdf: bytes, printer: QPrinter) -> int:
        """Print PDF bytes (the monitoring sheet) as the handout is printed."""
        from PySide6.QtPdf import QPdfDocument

        document = QPdfDocument(self)
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        try:
            document.load(buffer)
            if document.status() != QPdfDocument.Status.Ready:
                self._tell("The sheet could not be prepared for printing; try Save instead.")
                return 0
            return self._draw_pages(document, printer)
        finally:
            document.close()
            document.deleteLater()
            buffer.close()
            buffer.deleteLater()

    def save_reminder(self) -> None:
        from ..output.errors import OutputError
        from ..output.ics import render_ics

        if self._assignment is None:
            return
        try:
            language = self._client.print_needs.language if self._client is not None else None
            data = render_ics(self._assignment, language=language)
        except OutputError as exc:
            self.status.setText(str(exc))
            self._tell(str(exc))
            return
        path = self._ask_path("Save reminders", "reminders", ".ics", "Calendar files (*.ics)")
        if path:
            self._write(path, data, f"Saved the reminders to {path}. Open it with your calendar.")

    def note_text(self) -> str:
        """The note for the records. In the window it comes from the store, through the same
        workflow as `homework-planner record --id ID --text` (note_source); a panel on its own
        builds it from the assignment it shows."""
        if self.note_source is not None:
            return self.note_source()
        from ..output.record import record_text

        assert self._assignment is not None  # copy_note checks first
        findings = None
        try:
            from ..domain import coach
        except ImportError:  # pragma: no cover - the coach ships with the app
            coach = None  # type: ignore[assignment]  # no module: the note then has no findings
        if coach is not None:
            findings = coach.check(self._assignment)
        return record_text(self._assignment, self._version, findings)

    def copy_note(self) -> None:
        if self._assignment is None:
            return
        QGuiApplication.clipboard().setText(self.note_text())
        self._tell("Copied the note. Paste it into the clinical record.")

    def print_handout(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if not self._ready() or not self._printable_or_confirmed():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._result_title())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def _result_title(self) -> str:
        a = self._assignment
        return (a.title.strip() if a else "") or "Handout"

    def print_to(self, printer: QPrinter) -> int:
        """Draw every page of the shown PDF on `printer`; returns the number of pages sent."""
        from PySide6.QtPdf import QPdfDocument

        if self.document is None or self.document.status() != QPdfDocument.Status.Ready:
            self._tell("The preview is not ready yet; try again in a moment.")
            return 0
        return self._draw_pages(self.document, printer)

    def _draw_pages(self, document: QPdfDocument, printer: QPrinter) -> int:
        painter = QPainter()
        if not painter.begin(printer):
            self._tell("The printer could not be started. Check it is on and try again.")
            return 0
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        pages = document.pageCount()
        try:
            for i in range(pages):
                if i:
                    printer.newPage()
                target: QRect = painter.viewport()
                points = document.pagePointSize(i)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = document.render(i, size)
                # Keep the page's shape: fit the image into the printable area.
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
        finally:
            painter.end()
        self._tell(f"Sent {pages} page{'s' * (pages != 1)} to the printer.")
        return pages
