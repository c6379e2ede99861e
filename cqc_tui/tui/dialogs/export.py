"""Export the Word report: choose the path and options; the export runs in a thread with progress.

Before an export without redaction, the worker looks for the personal data the readiness check calls
an error (NHS numbers, dates of birth); if there is any, PersonalDataDialog asks: export with
redaction, export anyway, or cancel. Every failure is one line in the dialog and a notification."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from cqc_tui.core.errors import CqcError, display_path, os_error_line
from cqc_tui.core.workspace import ReviewSession
from cqc_tui.report import ExportOptions, export_review
from cqc_tui.report.final_gate import FINAL_STATUSES
from cqc_tui.report.gate import personal_data_to_confirm
from cqc_tui.tui.dialogs.personal_data import REDACT, PersonalDataDialog
from cqc_tui.tui.messages import ExportFinished, ExportNeedsConfirmation, ExportProgress


def exports_folder(session: ReviewSession) -> Path:
    """Reports go to the workspace's exports/ folder unless the user names another place."""
    return session.workspace.home / "exports"


def file_slug(text: str, limit: int, fallback: str) -> str:
    """`text` as the stem of a file name the app proposes: ASCII letters and digits in lower case,
    joined by '-', at most `limit` characters; `fallback` when nothing is left."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:limit] or fallback


def default_export_path(session: ReviewSession) -> Path:
    return exports_folder(session) / f"{file_slug(session.review.title, 60, 'review')}.docx"


DRAFT, FINAL = "draft", "final"
VERSIONS = {
    DRAFT: "Draft: what the team has not agreed yet is marked as draft",
    FINAL: "Final: refused, with the reasons, until everything it prints is agreed",
}


class ExportDialog(ModalScreen[Path | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", id="export.run"),
        Binding("escape", "close", "Close", id="export.close"),
    ]

    def __init__(self, session: ReviewSession, path: Path | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session
        self.path = path or default_export_path(session)
        self.running = False
        self.result: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(
                Content(f"Export the report: {self.session.review.title}"), classes="dialog-title"
            )
            yield Label("Save the Word document as")
            yield Input(display_path(self.path), id="export-path")
            yield Checkbox("Evidence log appendix (every note cited)", True, id="export-appendix")
            yield Checkbox(
                "Redact NHS numbers, birth dates, contacts, addresses, names",
                False,
                id="export-redact",
            )
            yield Label("Version")
            yield Select(
                [(Content(label), value) for value, label in VERSIONS.items()],
                value=FINAL if self.session.review.status in FINAL_STATUSES else DRAFT,
                allow_blank=False,
                id="export-version",
            )
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
            with VerticalScroll(id="export-status-box"):
                yield Static("", id="export-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (ctrl+s)", id="export", variant="primary")
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        inp = self.query_one("#export-path", Input)
        inp.focus()
        inp.cursor_position = len(inp.value)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(Content(text))
        status.set_class(error, "form-error")
        # On a short terminal the dialog scrolls: bring what it says into view.
        self.call_after_refresh(status.scroll_visible, animate=False)

    def action_export(self) -> None:
        if self.running:
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._status("Give a file name for the report.", error=True)
            return
        path = Path(raw).expanduser()
        if path.suffix.lower() != ".docx":
            path = (
                path.with_suffix(path.suffix + ".docx")
                if path.suffix
                else path.with_suffix(".docx")
            )
            self.query_one("#export-path", Input).value = str(path)
        if path.parent.resolve() == exports_folder(self.session).resolve():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                self._status(os_error_line(exc, path.parent, "create"), error=True)
                return
        options = ExportOptions(
            evidence_appendix=self.query_one("#export-appendix", Checkbox).value,
            redact=self.query_one("#export-redact", Checkbox).value,
            draft=self.query_one("#export-version", Select).value == DRAFT,
            final=self.query_one("#export-version", Select).value == FINAL,
        )
        self.running = True
        self.query_one("#export", Button).disabled = True
        self.query_one(ProgressBar).update(progress=0)
        self._status("Exporting ..." if options.redact else "Looking for personal data ...")
        self.run_export(path, options, check_personal_data=not options.redact)

    @work(thread=True, exclusive=True, group="export")
    def run_export(
        self, path: Path, options: ExportOptions, check_personal_data: bool = True
    ) -> None:
        """Export in this thread; first, unless told not to, stop and ask if there is personal data."""

        def progress(fraction: float, stage: str) -> None:
            self.post_message(ExportProgress(fraction, stage))

        try:
            if check_personal_data:
                found = personal_data_to_confirm(self.session)
                if found:
                    self.post_message(ExportNeedsConfirmation(path, options, found))
                    return
            out = export_review(self.session, path, options, progress=progress)
        except CqcError as exc:
            self.post_message(ExportFinished("", str(exc)))
            return
        except OSError as exc:
            self.post_message(ExportFinished("", os_error_line(exc, path, "write")))
            return
        except Exception as exc:  # noqa: BLE001 - a bug in the exporter must not take the app down
            self.post_message(ExportFinished("", f"export failed: {type(exc).__name__}: {exc}"))
            return
        self.post_message(ExportFinished(str(out)))

    def on_export_needs_confirmation(self, message: ExportNeedsConfirmation) -> None:
        """Show what was found; go on with redaction, go on as it is, or stop."""
        self._status("Personal data found: choose what to do.")

        def chosen(choice: str | None) -> None:
            if choice is None:
                self.running = False
                self.query_one("#export", Button).disabled = False
                kinds = "; ".join(kind.line() for kind in message.found)
                self._status(
                    f"Not exported: the report would print personal data ({kinds}).", error=True
                )
                return
            options = message.options
            if choice == REDACT:
                options = dataclasses.replace(options, redact=True)
                self.query_one("#export-redact", Checkbox).value = True
            self._status("Exporting ...")
            self.run_export(message.path, options, check_personal_data=False)

        self.app.push_screen(PersonalDataDialog(message.found), chosen)

    def on_export_progress(self, message: ExportProgress) -> None:
        self.query_one(ProgressBar).update(progress=max(0.0, min(1.0, message.fraction)) * 100)
        self._status(
            message.stage[:1].upper() + message.stage[1:] if message.stage else "Exporting ..."
        )

    def on_export_finished(self, message: ExportFinished) -> None:
        self.running = False
        self.query_one("#export", Button).disabled = False
        if message.error:
            self._status(f"Not exported: {message.error}", error=True)
            self.notify(
                f"Export failed: {message.error}", severity="error", markup=False, timeout=10
            )
            return
        self.result = Path(message.path).resolve()
        self.query_one(ProgressBar).update(progress=100)
        self._status(f"Saved the report to {self.result}")
        self.notify(f"Report saved: {self.result}", markup=False, timeout=8)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_close()

    def action_close(self) -> None:
        if self.running:
            self.notify("The export is still running; it finishes in a moment.", markup=False)
            return
        self.dismiss(self.result)
